package org.ipv8router.dpdk;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;

/**
 * What the forwarder's threads and its whole JVM allocated on the Java heap since the forwarding loop began, so a
 * no-GC claim rests on a measured allocation and not on the size of the eden. Read by the reporting thread
 * (worker 0, the EAL thread) in its once-per-period report code, never per packet.
 * <p>
 * Worker 0 forwards and also formats the report line; the bytes its report code allocates (the line, the MXBean
 * results) are counted apart ({@code report_alloc_bytes}) so {@code fwd_alloc_bytes} is what forwarding alone
 * allocated. The counters are HotSpot's per-thread allocated-bytes counters ({@link com.sun.management.ThreadMXBean},
 * TLAB-exact for the calling thread); the eden figures are the heap pool whose name contains "Eden" (Serial,
 * Parallel, G1), -1 where the collector has none or the JVM does not count per-thread allocation.
 * <p>
 * Usage in the report code: {@code mark = beginReport()}, {@code fields(mark, nowNanos)}, print, then
 * {@code endReport(mark)}.
 */
final class AllocationMeter
{
    private final com.sun.management.ThreadMXBean threads;
    private final MemoryPoolMXBean eden;
    private final long startNanos;
    private final long ownStart;
    private final long[] workerIds;
    private final long[] workerStart;
    private final long heapStart;
    private long reportBytes;
    private long heapAtMark;

    /**
     * Starts counting now, on the reporting thread.
     *
     * @param workerThreadIds ids of the further forwarding threads (their allocation counts as forwarding; they
     *                        must still be alive when {@link #fields} is called, a dead thread counts nothing).
     * @param startNanos      {@link System#nanoTime()} at the start of the forwarding loop ({@code t_ms} is from it).
     */
    AllocationMeter(final long[] workerThreadIds, final long startNanos)
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        threads = bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported() &&
            sun.isThreadAllocatedMemoryEnabled() ? sun : null;
        MemoryPoolMXBean found = null;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden"))
            {
                found = pool;
            }
        }
        eden = found;
        this.startNanos = startNanos;
        workerIds = workerThreadIds.clone();
        workerStart = new long[workerIds.length];
        for (int w = 0; w < workerIds.length; w++)
        {
            workerStart[w] = threads == null ? 0 : threads.getThreadAllocatedBytes(workerIds[w]);
        }
        heapStart = threads == null ? 0 : threads.getTotalThreadAllocatedBytes();
        ownStart = ownBytes(); // last: the set-up above is not forwarding
    }

    /**
     * Marks the start of the report code: the JVM's allocation is taken here too, so all of a line's figures
     * describe the same instant (none of this report's own allocation included).
     *
     * @return the calling (reporting) thread's allocated bytes now.
     */
    long beginReport()
    {
        final long own = ownBytes();
        heapAtMark = threads == null ? 0 : threads.getTotalThreadAllocatedBytes(); // native, allocates nothing
        return own;
    }

    /** Counts what the calling thread allocated since {@code mark} as report code, not forwarding. */
    void endReport(final long mark)
    {
        reportBytes += ownBytes() - mark;
    }

    private long ownBytes()
    {
        return threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
    }

    /** @return bytes the forwarding threads allocated from the loop start to {@code mark}, report code excluded. */
    long forwardingBytes(final long mark)
    {
        if (threads == null)
        {
            return -1;
        }
        long bytes = mark - ownStart - reportBytes;
        for (int w = 0; w < workerIds.length; w++)
        {
            final long now = threads.getThreadAllocatedBytes(workerIds[w]);
            if (now >= 0)
            {
                bytes += now - workerStart[w];
            }
        }
        return bytes;
    }

    /** @return bytes the reporting thread's report code allocated so far (before the current mark). */
    long reportBytes()
    {
        return threads == null ? -1 : reportBytes;
    }

    /**
     * The fields appended to the forwarder's sample and total lines, measured now (call right after
     * {@link #beginReport()}):
     * {@code " t_ms T fwd_alloc_bytes F report_alloc_bytes R heap_alloc_bytes H eden_used_bytes U
     * eden_capacity_bytes C"}
     * with T the milliseconds since the loop start, F and R as {@link #forwardingBytes} and {@link #reportBytes},
     * H what all threads of the JVM allocated from the loop start to the mark, U and C the eden's occupancy and
     * committed size (read now, a few hundred bytes of report code after the mark).
     */
    String fields(final long mark, final long nowNanos)
    {
        final long heap = threads == null ? -1 : heapAtMark - heapStart;
        long used = -1;
        long capacity = -1;
        if (eden != null)
        {
            final MemoryUsage usage = eden.getUsage();
            used = usage.getUsed();
            capacity = usage.getCommitted();
        }
        return String.format(Locale.ROOT,
            " t_ms %d fwd_alloc_bytes %d report_alloc_bytes %d heap_alloc_bytes %d eden_used_bytes %d " +
                "eden_capacity_bytes %d",
            (nowNanos - startNanos) / 1_000_000L, forwardingBytes(mark), reportBytes(), heap, used, capacity);
    }
}
