package org.ipv8router.perf.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * GC log and allocation-field parsing and arithmetic of the no-GC run (the 60 s run itself needs DPDK:
 * perf/bin/run-benchmarks --only nogc).
 */
class NoGcRunTest
{
    /** Lines as Temurin 25 writes them with -Xlog:gc*:file=...:utctime,uptime,level,tags (Serial and G1). */
    private static final List<String> LOG = List.of(
        "[2026-11-24T00:01:59.438+0000][0.013s][info][gc     ] Using Serial",
        "[2026-11-24T00:01:59.438+0000][0.013s][info][gc,init] CPUs: 2 total, 1 available",
        "[2026-11-24T00:02:00.661+0000][1.236s][info][gc,start    ] GC(0) Pause Young (Allocation Failure)",
        "[2026-11-24T00:02:00.710+0000][1.285s][info][gc,heap     ] GC(0) DefNew: 95051K(116160K)->8687K(116160K)",
        "[2026-11-24T00:02:00.710+0000][1.285s][info][gc          ] GC(0) Pause Young (Allocation Failure) 93M->73M(365M) 49.199ms",
        "[2026-11-24T00:02:30.100+0000][30.675s][info][gc,start    ] GC(1) Pause Young (Normal) (G1 Evacuation Pause)",
        "[2026-11-24T00:02:30.105+0000][30.680s][info][gc          ] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 30M->2M(64M) 4.1ms",
        "[2026-11-24T00:02:40.000+0000][40.575s][info][gc,marking  ] GC(2) Concurrent Mark Cycle",
        "[2026-11-24T00:03:00.000+0000][60.575s][info][gc,heap,exit] Heap");

    @Test
    void countsEachGcOnceAtItsFirstLine()
    {
        final List<NoGcRun.GcEvent> events = NoGcRun.gcEvents(LOG);

        assertEquals(List.of(0L, 1L, 2L), events.stream().map(NoGcRun.GcEvent::id).toList());
        assertEquals(Instant.parse("2026-11-24T00:02:00.661Z"), events.get(0).time());
        assertEquals(1.236, events.get(0).uptimeSeconds(), 1e-9);
        assertTrue(events.get(1).message().startsWith("GC(1) Pause Young (Normal)"), events.get(1).message());
        assertTrue(events.get(2).message().contains("Concurrent Mark"), events.get(2).message());
    }

    @Test
    void linesThatAreNotGcEventsDoNotCount()
    {
        assertEquals(List.of(), NoGcRun.gcEvents(List.of(LOG.get(0), LOG.get(1), LOG.get(3), LOG.get(8))));
    }

    @Test
    void aLogWithoutTheUtcTimeDecorationIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> NoGcRun.gcEvents(List.of(
            "[1.236s][info][gc] GC(0) Pause Young (Allocation Failure) 93M->73M(365M) 49.199ms".replaceFirst("^",
                "[uptime]"))));
    }

    /** Lines as DpdkForwarder prints them (AllocationMeter's fields appended). */
    private static final String WARM_SAMPLE = "sample 5 rx 110000000 tx 100000000 mpps 22.000 cpu_ms 5003 txdrop 0 " +
        "drops 0 t_ms 5000 fwd_alloc_bytes 4096 report_alloc_bytes 20000 heap_alloc_bytes 3000000 " +
        "eden_used_bytes 30000000 eden_capacity_bytes 100000000";
    private static final String TOTAL_LINE = "total rx 1320000000 tx 1300000000 txdrop 7 drops 0 t_ms 65000 " +
        "fwd_alloc_bytes 4096 report_alloc_bytes 260000 heap_alloc_bytes 63000000 eden_used_bytes 90000000 " +
        "eden_capacity_bytes 100000000";

    @Test
    void allocationFieldsAreReadFromSampleAndTotalLines()
    {
        assertEquals(new NoGcRun.AllocationMark(5000, 100000000, 4096, 20000, 3000000, 30000000, 100000000),
            NoGcRun.AllocationMark.parse(WARM_SAMPLE));
        assertEquals(new NoGcRun.AllocationMark(65000, 1300000000, 4096, 260000, 63000000, 90000000, 100000000),
            NoGcRun.AllocationMark.parse(TOTAL_LINE));
        assertEquals(-1, NoGcRun.AllocationMark.parse(WARM_SAMPLE.replace("eden_used_bytes 30000000",
            "eden_used_bytes -1")).edenUsedBytes());
    }

    @Test
    void linesWithoutAllocationFieldsGiveNoMark()
    {
        assertNull(NoGcRun.AllocationMark.parse("sample 5 rx 1 tx 1 mpps 22.000 cpu_ms 5003 txdrop 0 drops 0"));
        assertNull(NoGcRun.AllocationMark.parse("total rx 1 tx 1 txdrop 0 drops 0"));
        assertNull(NoGcRun.AllocationMark.parse("worker 1 rx 1 tx 1" +
            TOTAL_LINE.substring(TOTAL_LINE.indexOf(" t_ms"))));
    }

    @Test
    void allocationAfterWarmupIsTheDifferenceOfTheMarks()
    {
        final NoGcRun.AllocationMark warm = NoGcRun.AllocationMark.parse(WARM_SAMPLE);
        final NoGcRun.AllocationMark end = new NoGcRun.AllocationMark(65000, 1300000000, 4096 + 1200, 260000,
            63000000, 90000000, 100000000);

        final NoGcRun.AllocationAfterWarmup a = NoGcRun.AllocationAfterWarmup.between(warm, end);

        assertEquals(60.0, a.seconds(), 1e-12);
        assertEquals(1200000000L, a.packets());
        assertEquals(1200L, a.forwardingBytes());
        assertEquals(1e-6, a.forwardingBytesPerPacket(), 1e-18);
        assertEquals(240000L, a.reportBytes());
        assertEquals(60000000L, a.heapBytes());
        assertEquals(1.0, a.heapMbPerSecond(), 1e-12); // 60 MB in 60 s
        assertEquals(100000000L, a.edenCapacityBytes());
        assertEquals(100.0, a.edenFillSeconds(), 1e-9); // 100 MB at 1 MB/s
        assertEquals(75.0, a.nextGcAtSeconds(), 1e-9); // at 65 s, 10 MB of eden left at 1 MB/s
    }

    @Test
    void noAllocationMeansNoGcEverAndZeroBytesPerPacket()
    {
        final NoGcRun.AllocationMark warm = new NoGcRun.AllocationMark(5000, 100, 50, 10, 700, 30, 100);
        final NoGcRun.AllocationMark end = new NoGcRun.AllocationMark(15000, 1100, 50, 10, 700, 30, 100);

        final NoGcRun.AllocationAfterWarmup a = NoGcRun.AllocationAfterWarmup.between(warm, end);

        assertEquals(0.0, a.forwardingBytesPerPacket());
        assertEquals(0.0, a.heapMbPerSecond());
        assertEquals(Double.POSITIVE_INFINITY, a.nextGcAtSeconds());
        assertEquals("never", NoGcRun.formatSeconds(a.nextGcAtSeconds()));
        assertNull(NoGcRun.jsonNumber(a.nextGcAtSeconds()));
    }

    @Test
    void unmeasuredCountersStayUnmeasured()
    {
        final NoGcRun.AllocationMark warm = new NoGcRun.AllocationMark(5000, 100, -1, -1, -1, -1, -1);
        final NoGcRun.AllocationMark end = new NoGcRun.AllocationMark(15000, 1100, -1, -1, -1, -1, -1);

        final NoGcRun.AllocationAfterWarmup a = NoGcRun.AllocationAfterWarmup.between(warm, end);

        assertEquals(-1L, a.forwardingBytes());
        assertTrue(Double.isNaN(a.forwardingBytesPerPacket()));
        assertEquals(-1L, a.heapBytes());
        assertTrue(Double.isNaN(a.nextGcAtSeconds()));
        assertEquals("n/a", NoGcRun.formatSeconds(a.nextGcAtSeconds()));
    }

    @Test
    void aFullerEdenThanItsSizeProjectsTheGcAtTheEnd()
    {
        // An occupancy above the committed size (the pool grew between the reads) projects the GC at the end mark.
        final NoGcRun.AllocationMark warm = new NoGcRun.AllocationMark(0, 0, 0, 0, 0, 0, 100);
        final NoGcRun.AllocationMark end = new NoGcRun.AllocationMark(2000, 10, 0, 0, 200, 120, 100);

        assertEquals(2.0, NoGcRun.AllocationAfterWarmup.between(warm, end).nextGcAtSeconds(), 1e-12);
    }

    @Test
    void anEndMarkNotAfterTheWarmupMarkIsRefused()
    {
        final NoGcRun.AllocationMark warm = NoGcRun.AllocationMark.parse(WARM_SAMPLE);
        assertThrows(IllegalArgumentException.class, () -> NoGcRun.AllocationAfterWarmup.between(warm, warm));
    }

    @Test
    void markdownShowsBytesPerPacketAndTheProjectedGc()
    {
        final NoGcRun.AllocationMark warm = NoGcRun.AllocationMark.parse(WARM_SAMPLE);
        final NoGcRun.AllocationMark end = NoGcRun.AllocationMark.parse(TOTAL_LINE);

        final String md = NoGcRun.allocationMarkdown(NoGcRun.AllocationAfterWarmup.between(warm, end), warm, end);

        assertTrue(md.contains("| 1200000000 packets | 0 | **0.000000** | 240000 | 60000000 | 1.000000 | " +
            "30.0 / 90.0 / 100.0 | 100 s | **75 s** |"), md);
    }
}
