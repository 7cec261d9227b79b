package org.ipv8router.perf.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks that read DpdkForwarder's sample and total lines still read them with the allocation fields
 * (AllocationMeter) appended, and read the same values as from the lines without them.
 */
class ForwarderLinePatternsTest
{
    private static final String ALLOCATION = " t_ms 5000 fwd_alloc_bytes 0 report_alloc_bytes 21112 " +
        "heap_alloc_bytes 3100000 eden_used_bytes 30000000 eden_capacity_bytes 106496000";
    private static final String SAMPLE = "sample 5 rx 110000123 tx 110000000 mpps 21.987 cpu_ms 5003 txdrop 3 drops 2";
    private static final String TOTAL = "total rx 1320000000 tx 1300000000 txdrop 7 drops 11";

    @Test
    void dpdkForwardingBenchmarkReadsTheLinesWithAllocationFields()
    {
        for (final String suffix : new String[] {"", ALLOCATION})
        {
            final Matcher sample = find(DpdkForwardingBenchmark.JAVA_SAMPLE, SAMPLE + suffix);
            assertEquals("110000000", sample.group(1));
            assertEquals("21.987", sample.group(2));
            assertEquals("5003", sample.group(3));
            final Matcher total = find(DpdkForwardingBenchmark.JAVA_TOTAL, "ready\n" + TOTAL + suffix + "\n");
            assertEquals("1320000000", total.group(1));
            assertEquals("1300000000", total.group(2));
            assertEquals("11", total.group(3));
        }
    }

    @Test
    void forwardingCoresBenchmarkReadsTheLinesWithAllocationFields()
    {
        for (final String suffix : new String[] {"", ALLOCATION})
        {
            assertEquals("21.987", find(ForwardingCoresBenchmark.SAMPLE, SAMPLE + suffix).group(1));
            final Matcher total = find(ForwardingCoresBenchmark.TOTAL, TOTAL + suffix);
            assertEquals("1300000000", total.group(2));
            assertEquals("11", total.group(3));
        }
    }

    @Test
    void noGcRunReadsTheAllocationFieldsOfBothLines()
    {
        assertEquals(5000, NoGcRun.AllocationMark.parse(SAMPLE + ALLOCATION).tMs());
        assertEquals(110000000L, NoGcRun.AllocationMark.parse(SAMPLE + ALLOCATION).txPackets());
        assertEquals(1300000000L, NoGcRun.AllocationMark.parse(TOTAL + ALLOCATION).txPackets());
        assertEquals(106496000L, NoGcRun.AllocationMark.parse(TOTAL + ALLOCATION).edenCapacityBytes());
    }

    private static Matcher find(final Pattern pattern, final String text)
    {
        final Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " on " + text);
        return m;
    }
}
