package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipv8router.pcap.PcapReader;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: help, every kind of bad option, and --pcap-out (no DPDK involved). */
class PktgenCliTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return Pktgen.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOptionAndExamples()
    {
        assertEquals(Pktgen.EXIT_OK, run("--help"));
        for (final String option : new String[] {"--src-asn", "--src-host", "--dst-asn", "--dst-host", "--streams",
            "--size", "--jumbo", "--ipv4-share", "--rate", "--line-rate-gbps", "--duration", "--count", "--burst",
            "--vdev", "--port", "--tx-port", "--rx-port", "--tx-only", "--rx-thread", "--json", "--hdr-log",
            "--pcap-out", "--max-loss", "examples:", "exit codes:"})
        {
            assertTrue(stdout().contains(option), "help mentions " + option);
        }
    }

    @Test
    void badOptionsExitWithUsageAndNameTheProblem()
    {
        expectUsage("--size", List.of("--vdev", "net_ring0", "--size", "63"));
        expectUsage("1519", List.of("--vdev", "net_ring0", "--size", "1519"));
        expectUsage("--size", List.of("--vdev", "net_ring0", "--size", "64,big"));
        expectUsage("--src-asn", List.of("--vdev", "net_ring0", "--src-asn", "64511-64496"));
        expectUsage("--src-host", List.of("--vdev", "net_ring0", "--src-host", "10.0.0.300"));
        expectUsage("--dst-host", List.of("--vdev", "net_ring0", "--dst-host", "10.0.0.1-10.0.0"));
        expectUsage("--ipv4-share", List.of("--vdev", "net_ring0", "--ipv4-share", "101"));
        expectUsage("--rate", List.of("--vdev", "net_ring0", "--rate", "fast"));
        expectUsage("--rate", List.of("--vdev", "net_ring0", "--rate", "150%"));
        expectUsage("--streams", List.of("--vdev", "net_ring0", "--streams", "1000"));
        expectUsage("unknown option '--colour'", List.of("--vdev", "net_ring0", "--colour"));
        expectUsage("more than once", List.of("--vdev", "net_ring0", "--count", "1", "--count", "2"));
        expectUsage("needs a value", List.of("--vdev", "net_ring0", "--count"));
        expectUsage("no port", List.of("--count", "5"));
        expectUsage("--pcap-out needs --count", List.of("--pcap-out", "x.pcap"));
        expectUsage("--port", List.of("--vdev", "net_ring0", "--port", "a", "--tx-port", "b"));
        expectUsage("--dst-mac", List.of("--vdev", "net_ring0", "--dst-mac", "02:00:00:00:00"));
        // Sizes above 1518 are fine with --jumbo.
        assertEquals(PktgenOptions.parse(new String[] {"--vdev", "net_ring0", "--size", "9018", "--jumbo"})
            .profile().sizes().largest(), 9018);
    }

    private void expectUsage(final String fragment, final List<String> args)
    {
        assertEquals(Pktgen.EXIT_USAGE, run(args.toArray(String[]::new)), "exit code for " + args);
        assertTrue(stderr().contains(fragment), "error for " + args + " names '" + fragment + "': " + stderr());
    }

    @Test
    void parsesRatesDurationsAndPorts()
    {
        final PktgenConfig config = PktgenOptions.parse(new String[] {"--vdev", "net_ring0,foo=1", "--rate", "1.5m",
            "--duration", "2.5", "--src-asn", "64496-64511", "--src-host", "10.0.0.1-10.0.0.254", "--udp-ports",
            "5000,6000", "--eal", "-a 0000:03:00.0 --socket-mem 512"});
        assertEquals(1_500_000, config.rate(), 1e-6);
        assertEquals(2_500_000_000L, config.durationNs());
        assertEquals(Long.MAX_VALUE, config.count());
        assertEquals("net_ring0", config.txPortName());
        assertEquals("net_ring0", config.rxPortName());
        assertEquals(16 * 254, config.profile().flows().count());
        assertEquals(List.of("-a", "0000:03:00.0", "--socket-mem", "512"), config.ealArgs());
        assertEquals(6000, config.profile().destinationPort());
        final PktgenConfig line = PktgenOptions.parse(new String[] {"--tx-port", "x", "--rx-port", "y", "--rate", "50%",
            "--line-rate-gbps", "10", "--count", "100"});
        assertEquals(50, line.linePercent(), 1e-9);
        assertEquals(0, line.durationNs(), "--count alone: no duration limit");
        assertEquals("y", line.rxPortName());
        assertEquals(10_000, PktgenOptions.parse(new String[] {"--port", "p", "--rate", "10kpps"}).rate(), 1e-9);
    }

    @Test
    void pcapOutWritesValidFramesReadableByPcapReaderAndTshark(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final Path pcap = dir.resolve("imix.pcap");
        assertEquals(Pktgen.EXIT_OK, run("--pcap-out", pcap.toString(), "--count", "1000", "--size", "imix",
            "--ipv4-share", "25", "--src-asn", "64496-64499", "--dst-host", "10.1.0.1-10.1.0.50", "--rate", "100k"),
            stderr());
        assertTrue(stdout().contains("wrote 1000 frames"), stdout());
        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        final Probe probe = new Probe();
        int frames = 0;
        int ipv4 = 0;
        long previousTimestamp = 0;
        try (PcapReader reader = PcapReader.open(pcap))
        {
            while (reader.next())
            {
                assertEquals(DropReason.NONE, validator.validateFrame(reader.recordBuffer(), reader.recordOffset(),
                    reader.capturedLength()), "frame " + frames);
                ipv4 += validator.kind() == ReceiveValidator.KIND_IPV4 ? 1 : 0;
                // l3Offset is an index into the record buffer (the frame starts at recordOffset).
                final int udp = validator.l3Offset() + validator.l3HeaderLength();
                final int payload = reader.capturedLength() - (udp - reader.recordOffset()) - 8;
                assertTrue(probe.read(reader.recordBuffer(), udp + 8, payload) != Probe.NONE);
                assertEquals(frames, probe.sequence());
                if (frames > 0)
                {
                    assertEquals(10_000, reader.timestampNanos() - previousTimestamp, 1_000,
                        "10 µs apart at 100k pps");
                }
                previousTimestamp = reader.timestampNanos();
                frames++;
            }
        }
        assertEquals(1000, frames);
        assertEquals(250, ipv4);

        final Path tshark = Path.of("/usr/bin/tshark");
        if (!Files.isExecutable(tshark))
        {
            System.err.println("[pktgen-tests] tshark not installed: pcap checked with PcapReader only");
            Assumptions.abort("tshark not installed");
        }
        final List<String> command = new ArrayList<>(List.of(tshark.toString(), "-r", pcap.toString(), "-T", "fields",
            "-e", "frame.len", "-e", "eth.type"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        final List<String> lines = text.lines().toList();
        assertEquals(1000, lines.size());
        assertEquals(250, lines.stream().filter(l -> l.endsWith("0x0800")).count());
        assertEquals(750, lines.stream().filter(l -> l.endsWith("0x8080")).count());
        assertTrue(lines.stream()
            .allMatch(l -> l.startsWith("60\t") || l.startsWith("590\t") || l.startsWith("1514\t")),
            "tshark frame lengths are the sizes minus FCS");
    }
}
