package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder's allocation accounting on real HotSpot counters: bytes allocated between report marks count as
 * forwarding, bytes allocated inside one count as report code, a further worker's bytes count as forwarding.
 */
class AllocationMeterTest
{
    private static final int MB = 1 << 20;
    /** Keeps the arrays reachable so escape analysis cannot remove their allocation. */
    static volatile Object sink;

    @BeforeEach
    void needsAllocationCounters()
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun &&
            sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled(),
            "this JVM does not count allocated bytes per thread");
    }

    @Test
    void separatesForwardingFromReportAllocation()
    {
        final AllocationMeter meter = new AllocationMeter(new long[0], System.nanoTime());
        sink = new byte[MB]; // "forwarding"
        final long mark = meter.beginReport();
        sink = new byte[3 * MB]; // "report code"
        meter.endReport(mark);
        sink = new byte[2 * MB]; // "forwarding"

        final long forwarding = meter.forwardingBytes(meter.beginReport());

        assertTrue(forwarding >= 3L * MB && forwarding < 3L * MB + 256 * 1024, "forwarding bytes " + forwarding);
        assertTrue(meter.reportBytes() >= 3L * MB && meter.reportBytes() < 3L * MB + 256 * 1024,
            "report bytes " + meter.reportBytes());
    }

    @Test
    void countsAFurtherWorkersAllocationAsForwarding() throws Exception
    {
        final java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch allocate = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch allocated = new java.util.concurrent.CountDownLatch(1);
        final Thread worker = new Thread(() ->
        {
            try
            {
                allocate.await();
                sink = new byte[4 * MB];
                allocated.countDown();
                measured.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "allocation-meter-test-worker");
        worker.start();
        try
        {
            final AllocationMeter meter = new AllocationMeter(new long[] {worker.threadId()}, System.nanoTime());
            allocate.countDown();
            allocated.await();

            final long forwarding = meter.forwardingBytes(meter.beginReport());

            assertTrue(forwarding >= 4L * MB && forwarding < 4L * MB + 256 * 1024, "forwarding bytes " + forwarding);
        }
        finally
        {
            measured.countDown();
            worker.join();
        }
    }

    @Test
    void fieldsAreTheFormatTheBenchmarksParse()
    {
        final long start = System.nanoTime() - 2_500_000_000L;
        final AllocationMeter meter = new AllocationMeter(new long[0], start);
        sink = new byte[MB];

        final String fields = meter.fields(meter.beginReport(), start + 2_500_000_000L);

        final Matcher m = Pattern.compile("^ t_ms (\\d+) fwd_alloc_bytes (-?\\d+) report_alloc_bytes (-?\\d+) " +
            "heap_alloc_bytes (-?\\d+) eden_used_bytes (-?\\d+) eden_capacity_bytes (-?\\d+)$").matcher(fields);
        assertTrue(m.find(), fields);
        assertEquals(2500, Long.parseLong(m.group(1)));
        assertTrue(Long.parseLong(m.group(2)) >= MB, fields);
        assertEquals(0, Long.parseLong(m.group(3)), fields);
        assertTrue(Long.parseLong(m.group(4)) >= MB, fields); // the whole JVM allocated at least this thread's bytes
    }
}
