package org.ipv8router.perf.rfc2544;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The driver's parsing and report formatting (the process-running part needs DPDK and two CPUs: perf/bin/rfc2544). */
class Rfc2544BenchmarkTest
{
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sizesAreRfc2544FrameSizesOrImix()
    {
        assertEquals(List.of("64", "1518", "imix"), Rfc2544Benchmark.parseSizes("64, 1518,IMIX"));
        assertEquals(8, Rfc2544Benchmark.DEFAULT_SIZES.size());
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> Rfc2544Benchmark.parseSizes("63"));
        assertTrue(small.getMessage().contains("63"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rfc2544Benchmark.parseSizes("64,jumbo"));
        assertThrows(IllegalArgumentException.class, () -> Rfc2544Benchmark.parseSizes("1519"));
    }

    @Test
    void readsAPktgenJsonReport() throws Exception
    {
        // The shape ipv8-pktgen --json prints (docs/pktgen.md), trimmed.
        final String report = "{\"tx_port\":\"virtio_user0\",\"tx_seconds\":2.0,\"tx_packets\":2000000," +
            "\"tx_pps\":999999.5,\"rx_packets\":1999990,\"lost\":10,\"latency_ns\":{\"count\":1999990,\"min\":900," +
            "\"p50\":4000,\"p99\":25000,\"p99_9\":90000,\"max\":400000,\"mean\":5200.5,\"clamped\":0}}";
        final ZeroLossSearch.TrialResult result = Rfc2544Benchmark.parseReport(mapper.readTree(report), 1e6);

        assertEquals(1e6, result.offeredPps());
        assertEquals(999999.5, result.txPps());
        assertEquals(2_000_000, result.sent());
        assertEquals(10, result.lost());
        assertEquals(new ZeroLossSearch.Latency(900, 4000, 25000, 90000, 400000, 5200.5, 1999990), result.latency());

        assertEquals(ZeroLossSearch.BackPressure.NONE, result.backPressure(), "an older report without the counts");

        final ZeroLossSearch.TrialResult throttled = Rfc2544Benchmark.parseReport(mapper.readTree(
            "{\"tx_packets\":5000000,\"tx_pps\":2500000.0,\"lost\":0,\"tx_partial_bursts\":41000," +
            "\"tx_retried_frames\":870000,\"tx_blocked_ns\":1250000000,\"latency_ns\":{\"count\":0}}"),
            ZeroLossSearch.MAX_RATE);
        assertEquals(new ZeroLossSearch.BackPressure(41_000, 870_000, 1_250_000_000L), throttled.backPressure());
        assertEquals(ZeroLossSearch.Limit.ROUTER_BACK_PRESSURE, throttled.limit());

        final ZeroLossSearch.TrialResult noSamples = Rfc2544Benchmark.parseReport(mapper.readTree(
            "{\"tx_packets\":5,\"tx_pps\":1,\"lost\":5,\"latency_ns\":{\"count\":0}}"), 1);
        assertNull(noSamples.latency());
        assertThrows(IllegalStateException.class,
            () -> Rfc2544Benchmark.parseReport(mapper.readTree("{\"error\":\"x\"}"), 1));
    }

    @Test
    void markdownHasOneRowPerSizeWithLatencyInMicroseconds()
    {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("transport", "vhost");
        doc.put("started", "2026-11-24T00:00:00Z");
        doc.put("generator_core", 1);
        doc.put("router_core", 0);
        doc.put("trial_seconds", 2.0);
        doc.put("resolution", 0.02);
        doc.put("loss_tolerance_percent", 0.0);
        doc.put("flows", 32);
        doc.put("load_average", 1.5);
        doc.put("router_totals", Map.of("rx", 100L, "tx", 90L, "txdrop", 10L, "drops", 0L));
        final Map<String, Object> r64 = new LinkedHashMap<>();
        r64.put("size", "64");
        r64.put("throughput_pps", 1_234_567L);
        r64.put("throughput_gbps_wire", 0.83);
        r64.put("generator_ceiling_pps", 1_500_000L);
        r64.put("generator_limited", false);
        r64.put("latency_ns", Map.of("p50", 4500L, "p99", 25000L, "p99_9", 91000L, "max", 400000L));
        r64.put("trials", List.of(1, 2, 3));
        final Map<String, Object> imix = new LinkedHashMap<>(r64);
        imix.put("size", "imix");
        imix.put("generator_limited", true);
        imix.remove("latency_ns");

        final String md = Rfc2544Benchmark.markdown(doc, List.of(r64, imix));

        assertTrue(md.contains("| 64 | 1.2346 | 0.830 | loss below max | 1.5000 | 3 | 4.5 | 25.0 | 91.0 | 400.0 |"), md);
        assertTrue(md.contains("rx 100, tx 90, refused by the generator's receive ring (txdrop) 10, dropped while " +
            "forwarding 0."), md);
        assertTrue(md.contains("| imix | 1.2346 | 0.830 | generator | 1.5000 | 3 | - | - | - | - |"), md);
        assertEquals(64 + 20, Rfc2544Benchmark.meanOctets("64") + 20);

        // Results with the back-pressure counts: the label is limited_by, and every trial gets a row.
        final Map<String, Object> r128 = new LinkedHashMap<>(r64);
        r128.put("size", "128");
        r128.put("generator_limited", false);
        r128.put("limited_by", "router (back-pressure)");
        final Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("offered_pps", "max");
        trial.put("tx_pps", 2_500_000L);
        trial.put("sent", 5_000_000L);
        trial.put("lost", 0L);
        trial.put("passed", true);
        trial.put("tx_partial_bursts", 41_000L);
        trial.put("tx_retried_frames", 870_000L);
        trial.put("tx_blocked_ms", 1250.0);
        trial.put("limit", "router (back-pressure)");
        final Map<String, Object> fixed = new LinkedHashMap<>(trial);
        fixed.put("offered_pps", 1_000_000L);
        fixed.put("tx_pps", 1_000_000L);
        fixed.put("tx_partial_bursts", 0L);
        fixed.put("tx_retried_frames", 0L);
        fixed.put("tx_blocked_ms", 0.0);
        fixed.put("limit", "offered rate met");
        r128.put("trials", List.of(trial, fixed));
        final String withCounts = Rfc2544Benchmark.markdown(doc, List.of(r128));
        assertTrue(withCounts.contains("| 128 | 1.2346 | 0.830 | router (back-pressure) | 1.5000 | 2 |"), withCounts);
        assertTrue(withCounts.contains("| 128 | max | 2.5000 | 5000000 | 0 | true | 41000 | 870000 | 1250.0 | " +
            "router (back-pressure) |"), withCounts);
        assertTrue(withCounts.contains("| 128 | 1.0000 | 1.0000 | 5000000 | 0 | true | 0 | 0 | 0.0 | " +
            "offered rate met |"), withCounts);
        assertTrue(withCounts.contains("paced by the router, not the generator"), withCounts);
        assertEquals(361.83, Rfc2544Benchmark.meanOctets("imix"), 0.01);
    }
}
