package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ipv8router.dpdk.DpdkShim;
import org.ipv8router.dpdk.DpdkUnavailableException;
import org.ipv8router.dpdk.HugepageInfo;
import org.ipv8router.perf.dpdk.NoGcRun;
import org.ipv8router.perf.rfc2544.Rfc2544Benchmark;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DPDK benchmark drivers end to end, very short, in child JVMs (one EAL per process): the RFC 2544 driver
 * (router + ipv8-pktgen trials over vhost-user) produces its JSON and markdown with the documented structure, and
 * the no-GC run sees no GC after its warm-up (a regression test of the forwarding path's zero allocation). No
 * timing or rate is asserted. Skips loudly without the shim, hugepages (vhost-user needs them) or 2 CPUs.
 */
class SuiteProcessTest
{
    private final ObjectMapper mapper = new ObjectMapper();

    private static String shim()
    {
        if (Boolean.getBoolean("ipv8.native.skip"))
        {
            skip("the native build was skipped (-Dipv8.native.skip=true)");
        }
        try
        {
            DpdkShim.load();
        }
        catch (final DpdkUnavailableException ex)
        {
            skip(ex.getMessage());
        }
        return DpdkShim.loadedPath().toString();
    }

    private static void skip(final String reason)
    {
        System.err.println("[perf-suite-tests] SKIPPED, DPDK BENCHMARK DRIVERS NOT TESTED: " + reason);
        Assumptions.abort(reason);
    }

    private static int runMain(final Path dir, final String mainClass, final String... args) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            mainClass));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "driver did not finish: " + tail(dir));
        return process.exitValue();
    }

    private static String tail(final Path dir) throws Exception
    {
        final String text = Files.readString(dir.resolve("driver.log"), StandardCharsets.UTF_8);
        return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }

    @Test
    void rfc2544DriverWritesItsReport(@TempDir final Path dir) throws Exception
    {
        final String shim = shim();
        final HugepageInfo hugepages = HugepageInfo.read();
        if (!hugepages.usable(400L << 20))
        {
            skip("vhost-user needs about 400 MB of free hugepages on the two sides: " + hugepages);
        }
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            skip("the router and the generator need a CPU each");
        }
        final Path out = dir.resolve("rfc");
        final int exit = runMain(dir, Rfc2544Benchmark.class.getName(), "--out", out.toString(), "--shim", shim,
            "--sizes", "64", "--trial-seconds", "0.5", "--max-trials", "2", "--warmup-seconds", "0.5");
        assertEquals(0, exit, tail(dir));

        final JsonNode doc = mapper.readTree(out.resolve("rfc2544.json").toFile());
        assertEquals("vhost", doc.path("transport").asText());
        assertEquals(1, doc.path("results").size());
        final JsonNode r = doc.path("results").get(0);
        assertEquals("64", r.path("size").asText());
        assertTrue(r.path("generator_ceiling_pps").asLong() > 0, r.toString());
        final JsonNode trials = r.path("trials");
        assertTrue(trials.size() >= 1 && trials.size() <= 2, r.toString());
        assertEquals("max", trials.get(0).path("offered_pps").asText(), "the first trial offers max rate");
        for (final JsonNode t : trials)
        {
            assertTrue(t.path("sent").asLong() > 0, "every trial sent through the router: " + t);
        }
        final boolean passed = r.path("throughput_pps").asLong() > 0;
        assertEquals(passed, r.has("latency_ns"), "latency is reported exactly when a trial passed: " + r);
        // warm-up + the trials, each with its pktgen JSON report
        try (var files = Files.list(out))
        {
            assertEquals(1 + trials.size(), files.filter(f -> f.getFileName().toString().matches("trial-\\d+-.*\\.json"))
                .count());
        }
        assertTrue(Files.readString(out.resolve("rfc2544.md")).contains("\n| 64 | "), "markdown row for 64");
        assertTrue(Files.readString(out.resolve("router.log")).contains("pipeline ipv8"), "the IPv8 router ran");
        // SIGTERM at the end makes the router print its totals: it forwarded what the trials sent, minus losses.
        final JsonNode totals = doc.path("router_totals");
        assertTrue(totals.path("rx").asLong() > 0 && totals.path("tx").asLong() > 0, doc.toString());
    }

    @Test
    void forwardingRunsWithoutGcAfterWarmUp(@TempDir final Path dir) throws Exception
    {
        final String shim = shim();
        final Path out = dir.resolve("nogc");
        final int exit = runMain(dir, NoGcRun.class.getName(), "--out", out.toString(), "--shim", shim,
            "--seconds", "6", "--warmup", "3", "--core", "1");
        assertTrue(Files.exists(out.resolve("nogc.json")), "the run failed (exit " + exit + "): " + tail(dir));
        final JsonNode doc = mapper.readTree(out.resolve("nogc.json").toFile());
        assertEquals(0, exit, "GC after warm-up or a failed run: " + doc + "\n" + tail(dir));
        assertEquals(0, doc.path("gc_events_after_warmup").asInt(), doc.toString());
        assertTrue(doc.path("tx_packets").asLong() > 0, "the router forwarded: " + doc);
        assertEquals(0, doc.path("drops").asLong(), doc.toString());
        assertTrue(Files.readString(out.resolve("gc.log")).contains("Using "), "GC log written with -Xlog:gc*");
    }
}
