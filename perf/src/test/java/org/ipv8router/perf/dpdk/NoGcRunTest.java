package org.ipv8router.perf.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** GC log parsing of the no-GC run (the 60 s run itself needs DPDK: perf/bin/run-benchmarks --only nogc). */
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
}
