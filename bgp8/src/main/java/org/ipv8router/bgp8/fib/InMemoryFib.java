package org.ipv8router.bgp8.fib;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RouteSink} that keeps the programmed routes in a map: used by tests and the benchmark to check
 * what would reach the dataplane. Thread-safe (synchronized), which is fine off the hot path.
 */
public final class InMemoryFib implements RouteSink
{
    /** One installed route. */
    public record Entry(long prefix, int length, long nextHop, long endpoint8to4, long originAsn, long costFactor,
        int peer)
    {
    }

    private final Map<Long, Map<Integer, Entry>> byPrefix = new HashMap<>();
    private long adds;
    private long withdraws;
    private long batches;
    private int size;

    @Override
    public synchronized void onBatch(final FibBatch batch)
    {
        batches++;
        for (int i = 0; i < batch.size(); i++)
        {
            final long prefix = batch.prefix(i);
            final int length = batch.length(i);
            if (batch.op(i) == FibBatch.ADD_OR_REPLACE)
            {
                adds++;
                final Entry old = byPrefix.computeIfAbsent(prefix, k -> new HashMap<>(2)).put(length,
                    new Entry(prefix, length, batch.nextHop(i), batch.endpoint8to4(i), batch.originAsn(i),
                        batch.costFactor(i), batch.peer(i)));
                if (old == null)
                {
                    size++;
                }
            }
            else
            {
                withdraws++;
                final Map<Integer, Entry> m = byPrefix.get(prefix);
                if (m != null && m.remove(length) != null)
                {
                    size--;
                    if (m.isEmpty())
                    {
                        byPrefix.remove(prefix);
                    }
                }
            }
        }
        notifyAll();
    }

    public synchronized Entry get(final long prefix, final int length)
    {
        final Map<Integer, Entry> m = byPrefix.get(prefix);
        return m == null ? null : m.get(length);
    }

    public synchronized int size()
    {
        return size;
    }

    public synchronized long adds()
    {
        return adds;
    }

    public synchronized long withdraws()
    {
        return withdraws;
    }

    public synchronized long batches()
    {
        return batches;
    }
}
