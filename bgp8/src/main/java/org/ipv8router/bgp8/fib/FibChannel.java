package org.ipv8router.bgp8.fib;

import java.util.ArrayDeque;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Lock-free hand-off of best-path changes from the single BGP8 control thread (producer) to the dataplane
 * (consumer). Batches go through a bounded Agrona queue and come back through a free-list queue, so the steady
 * state allocates nothing. The producer never blocks and never drops: if the consumer lags and the queue is
 * full, full batches wait in a producer-local backlog that {@link #flush} retries.
 * <p>
 * Producer methods ({@link #add}, {@link #withdraw}, {@link #flush}) must be called from one thread; {@link
 * #drain} from one (other) thread.
 */
public final class FibChannel
{
    private final ManyToOneConcurrentArrayQueue<FibBatch> published;
    private final ManyToOneConcurrentArrayQueue<FibBatch> free;
    private final ArrayDeque<FibBatch> backlog = new ArrayDeque<>();
    private final int batchSize;
    private FibBatch current;
    private long changesPublished;
    private long batchesAllocated;

    public FibChannel(final int queueCapacity, final int batchSize)
    {
        this.published = new ManyToOneConcurrentArrayQueue<>(queueCapacity);
        this.free = new ManyToOneConcurrentArrayQueue<>(queueCapacity + 1);
        this.batchSize = batchSize;
    }

    public FibChannel()
    {
        this(256, 1024);
    }

    /** Producer: install or replace a route. */
    public void add(
        final long prefix,
        final int length,
        final long nextHop,
        final long endpoint8to4,
        final long originAsn,
        final long costFactor,
        final int peer)
    {
        batch().add(FibBatch.ADD_OR_REPLACE, prefix, length, nextHop, endpoint8to4, originAsn, costFactor, peer);
        changesPublished++;
        if (current.isFull())
        {
            publish();
        }
    }

    /** Producer: remove a route. */
    public void withdraw(final long prefix, final int length, final int peer)
    {
        batch().add(FibBatch.WITHDRAW, prefix, length, 0, 0, 0, 0, peer);
        changesPublished++;
        if (current.isFull())
        {
            publish();
        }
    }

    /** Producer: publish the partly filled batch and retry the backlog. */
    public void flush()
    {
        if (current != null && current.size() > 0)
        {
            publish();
        }
        while (!backlog.isEmpty() && published.offer(backlog.peekFirst()))
        {
            backlog.pollFirst();
        }
    }

    /** Producer: number of batches waiting because the queue was full. */
    public int backlog()
    {
        return backlog.size();
    }

    public long changesPublished()
    {
        return changesPublished;
    }

    public long batchesAllocated()
    {
        return batchesAllocated;
    }

    /** Consumer: passes every published batch to the sink, in order; returns the number of batches. */
    public int drain(final RouteSink sink)
    {
        int n = 0;
        FibBatch b;
        while ((b = published.poll()) != null)
        {
            try
            {
                sink.onBatch(b);
            }
            finally
            {
                b.clear();
                free.offer(b);
                n++;
            }
        }
        return n;
    }

    private FibBatch batch()
    {
        if (current == null)
        {
            current = free.poll();
            if (current == null)
            {
                current = new FibBatch(batchSize);
                batchesAllocated++;
            }
        }
        return current;
    }

    private void publish()
    {
        final FibBatch b = current;
        current = null;
        if (!backlog.isEmpty() || !published.offer(b))
        {
            backlog.addLast(b);
        }
    }
}
