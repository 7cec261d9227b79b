package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.ipv8router.dpdk.DpdkTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command in its own JVM (rte_eal_init runs once per process, so Pktgen.main cannot run inside the
 * test JVM once its EAL exists): EAL init on the dataplane thread, a net_ring loopback, JSON report, HdrHistogram
 * log, exit codes.
 */
class PktgenProcessTest
{
    private record Result(int exit, String out, String err)
    {
    }

    private static Result pktgen(final String... args) throws IOException, InterruptedException
    {
        DpdkTestSupport.eal(); // skips loudly when DPDK is absent
        final String shim = System.getProperty("ipv8.shim.path");
        return pktgenWithShim(shim, args);
    }

    private static Result pktgenWithShim(final String shim, final String... args)
        throws IOException, InterruptedException
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        if (shim != null)
        {
            command.add("-Dipv8.shim.path=" + shim);
        }
        command.add(Pktgen.class.getName());
        command.addAll(List.of(args));
        final File errFile = File.createTempFile("pktgen", ".err");
        errFile.deleteOnExit();
        final Process process = new ProcessBuilder(command).redirectError(errFile).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ipv8-pktgen did not finish");
        return new Result(process.exitValue(), out, Files.readString(errFile.toPath()));
    }

    private static long field(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void loopbackRunReportsJsonAndWritesAnHdrHistogramLog(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("latency.hlog");
        final Result result = pktgen("--vdev", "net_ring0", "--count", "30000", "--size", "imix", "--ipv4-share", "10",
            "--streams", "3", "--src-asn", "64496-64511", "--json", "--hdr-log", log.toString());
        assertEquals(Pktgen.EXIT_OK, result.exit(), result.err());
        final String json = result.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(30000, field(json, "tx_packets"));
        assertEquals(30000, field(json, "rx_packets"));
        assertEquals(0, field(json, "lost"));
        assertEquals(0, field(json, "reordered"));
        assertEquals(0, field(json, "duplicates"));
        assertEquals(30000, field(json, "count"), "latency samples");
        assertTrue(field(json, "p99_9") >= field(json, "p50"));
        // 16 flows, stream = flow mod 3: stream 0 holds flows 0,3,..,15 (6 of 16), the others 5 each.
        assertTrue(json.contains("\"streams\":[{\"id\":0,\"tx\":11250,\"rx\":11250,\"lost\":0"), json);
        assertTrue(json.contains("{\"id\":2,\"tx\":9375,\"rx\":9375,\"lost\":0"), json);
        assertTrue(result.err().contains("rte_eal_init on thread 'pktgen-dataplane'"), "EAL init on the dataplane " +
            "thread: " + result.err());

        long logged = 0;
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile()))
        {
            EncodableHistogram histogram;
            while ((histogram = reader.nextIntervalHistogram()) != null)
            {
                logged += ((org.HdrHistogram.Histogram)histogram).getTotalCount();
            }
        }
        assertEquals(30000, logged, "the interval histograms in the log add up to every sample");
    }

    @Test
    void receiveThreadModeAndTextReport() throws Exception
    {
        final Result result = pktgen("--vdev", "net_ring0", "--count", "20000", "--rx-thread", "--size", "256");
        assertEquals(Pktgen.EXIT_OK, result.exit(), result.err());
        assertTrue(result.out().contains("total"), result.out());
        assertTrue(Pattern.compile("total\\s+20000\\s+20000\\s+0\\s").matcher(result.out()).find(), result.out());
        assertTrue(result.out().contains("latency ns"), result.out());
    }

    /**
     * A pcap made by --pcap-out, with two records removed and two swapped, replayed through net_pcap into a
     * receive-only run: the gaps and the reordering come out exactly.
     */
    @Test
    void receiveOnlyCountsAReplayedPcapThroughNetPcap(@TempDir final Path dir) throws Exception
    {
        final Path full = dir.resolve("full.pcap");
        final java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream quiet = new java.io.PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(Pktgen.EXIT_OK, Pktgen.run(new String[] {"--pcap-out", full.toString(), "--count", "1000",
            "--size", "128", "--ipv4-share", "30"}, quiet, quiet), sink.toString(StandardCharsets.UTF_8));
        final Path impaired = dir.resolve("impaired.pcap");
        final List<byte[]> frames = new ArrayList<>();
        try (org.ipv8router.pcap.PcapReader reader = org.ipv8router.pcap.PcapReader.open(full))
        {
            while (reader.next())
            {
                final byte[] frame = new byte[reader.capturedLength()];
                reader.recordBuffer().getBytes(reader.recordOffset(), frame);
                frames.add(frame);
            }
        }
        assertEquals(1000, frames.size());
        frames.remove(500);                      // sequence 500 lost
        frames.remove(10);                       // sequence 10 lost
        java.util.Collections.swap(frames, 20, 21); // sequences 22 and 23 (after the removal) swapped
        try (org.ipv8router.pcap.PcapWriter writer = org.ipv8router.pcap.PcapWriter.create(impaired))
        {
            for (final byte[] frame : frames)
            {
                writer.write(frame, 0);
            }
        }

        final Result result = pktgen("--vdev", "net_pcap0,rx_pcap=" + impaired, "--rx-only", "--duration", "1",
            "--json", "--quiet");
        assertEquals(Pktgen.EXIT_OK, result.exit(), result.err());
        final String json = result.out().strip();
        assertTrue(json.contains("\"receive_only\":true"), json);
        assertEquals(998, field(json, "rx_packets"));
        assertEquals(1000, field(json, "tx_packets"), "estimated: highest sequence + 1");
        assertEquals(2, field(json, "lost"));
        assertEquals(2, field(json, "gaps"));
        assertEquals(1, field(json, "reordered"));
        assertEquals(0, field(json, "duplicates"));
    }

    @Test
    void missingShimExitsWithThreeAndSaysWhatToInstall(@TempDir final Path dir) throws Exception
    {
        final Result result = pktgenWithShim(dir.resolve("libipv8shim.so").toString(), "--vdev", "net_ring0",
            "--count", "10");
        assertEquals(Pktgen.EXIT_DPDK, result.exit(), result.err());
        assertTrue(result.err().contains("libipv8shim.so not found") && result.err().contains("apt-get install"),
            result.err());
    }

    @Test
    void unknownPortExitsWithThree() throws Exception
    {
        final Result result = pktgen("--vdev", "net_ring0", "--tx-port", "net_nosuch0", "--count", "10");
        assertEquals(Pktgen.EXIT_DPDK, result.exit(), result.err());
        assertTrue(result.err().contains("net_nosuch0") && result.err().contains("net_ring0"), result.err());
    }
}
