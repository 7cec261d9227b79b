package org.ipv8router.testbed.gwpair;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable failover check: sends a numbered flow at a fixed rate through a caller-supplied {@link Sender}, takes
 * what arrived from a caller-supplied {@link Receiver}, runs a failure action in the middle and measures the outage.
 * Transport-agnostic, so the same check runs over ring ports (pure Java), over namespaces with real daemons and
 * the userspace host stack, or across a whole fabric: the caller decides what a probe packet is (e.g. a UDP8 datagram
 * whose payload carries the sequence number) and what "failure" means (stop a router, cut a link).
 * <pre>
 *  FailoverProbe.Result r = new FailoverProbe(seq -> host.send(seq), sink -> server.poll(sink), 2)
 *      .run(1_000, () -> routerA.stop(), 5_000);
 *  assertTrue(r.recoveredAfterMs() <= 3_000 + slack, r.toString());
 * </pre>
 * Single thread: {@link #run} sends on the calling thread and polls the receiver between sends.
 */
public final class FailoverProbe
{
    /** Sends probe number {@code sequence} (0, 1, 2, ...). */
    @FunctionalInterface
    public interface Sender
    {
        void send(int sequence) throws Exception;
    }

    /** Hands every probe number that arrived since the last call to {@code sink}; returns how many. */
    @FunctionalInterface
    public interface Receiver
    {
        int poll(java.util.function.IntConsumer sink) throws Exception;
    }

    /**
     * What one run saw.
     *
     * @param sent             probes sent.
     * @param received         distinct probes that arrived.
     * @param lostBeforeFailure probes sent more than {@link #IN_FLIGHT_GRACE_MS} before the failure that never arrived
     *                         (should be 0).
     * @param lostAfterFailure probes lost from then on (in flight at the failure, or sent after it).
     * @param firstLostAfterMs when (ms after the failure, negative if just before) the first such lost probe was
     *                         sent; {@link Long#MIN_VALUE} if none was lost.
     * @param recoveredAfterMs when (ms after the failure) the first probe was sent that arrived and after which
     *                         no probe was lost until the end: the flow's recovery time; -1 if it never recovered.
     * @param intervalMs       gap between probes.
     */
    public record Result(int sent, int received, int lostBeforeFailure, int lostAfterFailure, long firstLostAfterMs,
        long recoveredAfterMs, long intervalMs)
    {
        /** @return true if the flow was whole before the failure and recovered after it. */
        public boolean recovered()
        {
            return lostBeforeFailure == 0 && recoveredAfterMs >= 0;
        }

        @Override
        public String toString()
        {
            return "sent " + sent + ", received " + received + ", lost before failure " + lostBeforeFailure +
                ", lost after failure " + lostAfterFailure + " (" + lostAfterFailure * intervalMs + " ms of flow)" +
                (firstLostAfterMs == Long.MIN_VALUE ? ", no loss" : ", first loss " + firstLostAfterMs +
                " ms after the failure, recovered " + (recoveredAfterMs < 0 ? "never" : recoveredAfterMs +
                " ms after the failure"));
        }
    }

    /** Probes sent less than this before the failure may still be in flight; their loss belongs to the failure. */
    public static final long IN_FLIGHT_GRACE_MS = 100;

    private final Sender sender;
    private final Receiver receiver;
    private final long intervalMs;

    /**
     * @param sender     sends one probe.
     * @param receiver   collects arrived probes.
     * @param intervalMs gap between probes (1 ms or more).
     */
    public FailoverProbe(final Sender sender, final Receiver receiver, final long intervalMs)
    {
        if (intervalMs < 1)
        {
            throw new IllegalArgumentException("probe interval must be at least 1 ms, got " + intervalMs);
        }
        this.sender = sender;
        this.receiver = receiver;
        this.intervalMs = intervalMs;
    }

    /**
     * Sends for {@code beforeMs}, runs {@code failure}, sends for {@code afterMs} more, then waits a little for
     * stragglers.
     *
     * @return the measurements.
     * @throws Exception what the sender, receiver or failure threw.
     */
    public Result run(final long beforeMs, final FailureAction failure, final long afterMs) throws Exception
    {
        final int beforeCount = (int)(beforeMs / intervalMs);
        final int total = beforeCount + (int)(afterMs / intervalMs);
        final long[] sentAt = new long[total];
        final BitSet arrived = new BitSet(total);
        final java.util.function.IntConsumer sink = seq ->
        {
            if (seq >= 0 && seq < total)
            {
                arrived.set(seq);
            }
        };
        final long start = System.nanoTime();
        long failedAt = 0;
        for (int seq = 0; seq < total; seq++)
        {
            if (seq == beforeCount)
            {
                failedAt = System.nanoTime();
                failure.fail();
            }
            final long due = seq < beforeCount ? start + TimeUnit.MILLISECONDS.toNanos(seq * intervalMs) :
                failedAt + TimeUnit.MILLISECONDS.toNanos((seq - beforeCount) * intervalMs);
            while (System.nanoTime() < due)
            {
                receiver.poll(sink);
                LockSupport.parkNanos(200_000);
            }
            sentAt[seq] = System.nanoTime();
            sender.send(seq);
            receiver.poll(sink);
        }
        final long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(200, 20 * intervalMs));
        while (System.nanoTime() < drainUntil)
        {
            receiver.poll(sink);
            LockSupport.parkNanos(1_000_000);
        }
        int lostBefore = 0;
        int lostAfter = 0;
        int firstLost = -1;
        int lastLost = -1;
        // Probes still in flight when the failure struck (sent within the grace before it) count with the failure.
        final long settled = failedAt - TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_GRACE_MS);
        for (int seq = 0; seq < total; seq++)
        {
            if (!arrived.get(seq))
            {
                if (sentAt[seq] - settled < 0)
                {
                    lostBefore++;
                }
                else
                {
                    lostAfter++;
                    firstLost = firstLost < 0 ? seq : firstLost;
                    lastLost = seq;
                }
            }
        }
        final long recovered;
        if (lastLost < 0)
        {
            recovered = 0;
        }
        else if (lastLost == total - 1)
        {
            recovered = -1;
        }
        else
        {
            recovered = TimeUnit.NANOSECONDS.toMillis(sentAt[lastLost + 1] - failedAt);
        }
        return new Result(total, arrived.cardinality(), lostBefore, lostAfter,
            firstLost < 0 ? Long.MIN_VALUE : TimeUnit.NANOSECONDS.toMillis(sentAt[firstLost] - failedAt), recovered, intervalMs);
    }

    /** The failure injected mid-flow. */
    @FunctionalInterface
    public interface FailureAction
    {
        void fail() throws Exception;
    }
}
