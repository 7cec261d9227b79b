package org.ipv8router.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Downgrade;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;

/**
 * {@code ipv8 demo}: the router's main job on its embedded default. At this stage of the project that is a guided
 * run of the wire core on the spec's own examples: address notations, an ICMPv8 echo request built byte for byte
 * (checked against spec 11.3), one router hop (validation, TTL decrement with the RFC 1624 checksum update), the
 * per-hop downgrade to IPv4 for an IPv4-only neighbour, a corrupted packet rejected with its drop reason, and
 * a pcap written and read back; then the issue 3 example config forwarding four packets through the router's
 * forwarding graph (one forwarded, one zone leak dropped, two ICMPv8 errors). Every step runs the same code the
 * dataplane uses; each check prints ok or FAIL and the command exits 1 on any FAIL.
 */
public final class DemoCommand implements Command
{
    /** Spec 11.3: echo request 64496.192.0.2.1 -> 64497.198.51.100.7, TTL 64, id 1 seq 1, no data. */
    static final String SPEC_ECHO_REQUEST = "8700002400000000400154ba0000fbf0c00002010000fbf1c633640708" + "00f7fd00010001";
    /** Spec 11.3: the same flow downgraded to IPv4 (after a hop: TTL 63, see {@link #run}). */
    static final String SPEC_ECHO_REQUEST_IPV4 = "4500001c0000000040018ea5c0000201c633640708" + "00f7fd00010001";

    private final OptionParser parser = new OptionParser()
        .option("--out", "-o", "DIR", "where to write demo.pcap (default: a new temporary directory)");

    private int failures;

    @Override
    public String name()
    {
        return "demo";
    }

    @Override
    public String summary()
    {
        return "run the router's main job on its embedded default: the wire core and the forwarding pipeline, checked";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 demo " + parser.synopsis() + "\n\n" +
            "Runs the IPv8 wire core on the spec's examples and shows each step: address notations, an ICMPv8\n" +
            "echo request built byte for byte, one router hop, the downgrade to IPv4, a corrupted packet\n" +
            "rejected with its drop reason, a pcap written and decoded again, and the router's forwarding\n" +
            "pipeline running an example config over four packets. Exits 1 if any check fails.\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        failures = 0;
        try
        {
            final Path dir = options.value("--out", null) != null ?
                Files.createDirectories(Path.of(options.value("--out", null))) : Files.createTempDirectory("ipv8-demo");
            final List<byte[]> frames = new ArrayList<>();
            final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);

            heading(out, "1. Addresses: r.r.r.r is the ASN, n.n.n.n an IPv4 address; r = 0 is plain IPv4");
            for (final String text : List.of("64496.192.0.2.1", "0.0.251.241.198.51.100.7", "192.0.2.1", "127.1.0.0.10.0.0.5"))
            {
                final long a = Ipv8Address.parse(text);
                out.printf("  %-26s full %-26s printed %-22s class %s%n", text, Ipv8Address.toFullDotted(a),
                    Ipv8Address.toString(a), Ipv8Address.classify(a).label());
            }

            heading(out, "2. Build an ICMPv8 echo request 64496.192.0.2.1 -> 64497.198.51.100.7 (spec 11.3)");
            final PacketBuilder echo = new PacketBuilder();
            echo.source = Ipv8Address.parse("64496.192.0.2.1");
            echo.destination = Ipv8Address.parse("64497.198.51.100.7");
            echo.icmpEcho = true;
            echo.icmpIdentifier = 1;
            echo.icmpSequence = 1;
            final byte[] frame = echo.build();
            frames.add(frame.clone());
            final String packetHex = HexFormat.of().formatHex(frame, 14, frame.length);
            out.println("  frame  " + HexFormat.of().formatHex(frame));
            check(out, "IPv8 packet equals the spec 11.3 vector", packetHex.equals(SPEC_ECHO_REQUEST));

            heading(out, "3. One router hop: receive validation, TTL 64 -> 63, checksum by RFC 1624");
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            final DropReason verdict = validator.validateFrame(buffer, 0, frame.length);
            check(out, "receive validation: " + (verdict.isValid() ? "valid" : verdict.label()), verdict.isValid());
            final Ipv8Header ip = new Ipv8Header().wrap(buffer, validator.l3Offset(), validator.l3Length());
            final int before = ip.checksum();
            ip.decrementTtl();
            out.printf("  ttl %d, checksum 0x%04x -> 0x%04x%n", ip.ttl(), before, ip.checksum());
            check(out, "checksum after the hop is 0x55ba and verifies", ip.checksum() == 0x55BA && ip.verifyChecksum());
            frames.add(frame.clone());

            heading(out, "4. Next hop is IPv4-only (ARP8 unanswered): downgrade to a plain IPv4 header (spec 3.3)");
            final int ipv4Offset = Downgrade.toIpv4InPlace(buffer, validator.l3Offset(), L4PseudoHeader.IPV4_COMPATIBLE);
            final int ipv4Length = validator.l3Length() - Downgrade.SHRINK;
            final byte[] ipv4Frame = new byte[14 + ipv4Length];
            new EthernetFrame().wrap(new UnsafeBuffer(ipv4Frame), 0).writeHeader(0x0200_0000_0002L, 0x0200_0000_0001L, EtherTypes.IPV4);
            buffer.getBytes(ipv4Offset, ipv4Frame, 14, ipv4Length);
            frames.add(ipv4Frame);
            final String ipv4Hex = HexFormat.of().formatHex(ipv4Frame, 14, ipv4Frame.length);
            out.println("  ipv4   " + ipv4Hex);
            // The spec vector is the downgrade of the packet as sent (TTL 64); ours went through one hop first.
            final String expected = SPEC_ECHO_REQUEST_IPV4.replace("40018ea5", "3f018fa5");
            check(out, "IPv4 form equals spec 11.3 (TTL 63, checksum 0x8fa5)", ipv4Hex.equals(expected));

            heading(out, "5. A corrupted packet is dropped with a reason, never an exception");
            final byte[] bad = frames.get(0).clone();
            bad[14 + 10] ^= 0x01;
            frames.add(bad);
            final DropReason badVerdict = validator.validateFrame(new UnsafeBuffer(bad), 0, bad.length);
            out.println("  drop_reason " + badVerdict.label() + ": " + badVerdict.description());
            check(out, "flipped checksum bit -> bad_header_checksum", badVerdict == DropReason.BAD_HEADER_CHECKSUM);

            heading(out, "6. Write the frames to a pcap and decode it with the router's validator");
            final Path pcap = dir.resolve("demo.pcap");
            Files.deleteIfExists(pcap);
            try (PcapWriter writer = PcapWriter.create(pcap))
            {
                long t = System.currentTimeMillis() * 1_000_000L;
                for (final byte[] f : frames)
                {
                    writer.write(f, t += 1_000_000L);
                }
            }
            out.println("  wrote " + frames.size() + " frames to " + pcap + "  (open it with tshark or ./ipv8 pkt decode --pcap)");
            final PacketDecoder decoder = new PacketDecoder(WireProfile.DEFAULT);
            int read = 0;
            try (PcapReader reader = PcapReader.open(pcap))
            {
                while (reader.next())
                {
                    final byte[] f = new byte[reader.capturedLength()];
                    reader.recordBuffer().getBytes(reader.recordOffset(), f);
                    final var node = decoder.decode(f);
                    read++;
                    final boolean ipv4 = "ipv4".equals(node.path("kind").asText());
                    out.printf("  frame %d  %-5s ttl %-3s %s -> %s  %s%n", read, node.path("kind").asText(),
                        node.path("ttl").asText(), endpoint(node.path("src_full").asText(), ipv4),
                        endpoint(node.path("dst_full").asText(), ipv4),
                        node.get("drop_reason").isNull() ? "valid" : "DROP " + node.get("drop_reason").asText());
                }
            }
            check(out, "read back " + read + " of " + frames.size() + " frames", read == frames.size());

            forwardingPipeline(dir.resolve("router"), out, err);

            out.println();
            out.println(failures == 0 ? "demo: all checks ok" : "demo: " + failures + " check(s) FAILED");
            return failures == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
        catch (final IOException e)
        {
            err.println("ipv8 demo: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    /** The router configuration the demo forwards with: the example of issue 3, in the spec 8 grammar. */
    static final String DEMO_CONFIG = """
        ! ipv8 demo: an internal segment of AS 64496 and an external link towards AS 64497
        ipv8 routing
        ipv8 asn 64496
        interface p0
         ipv8 role internal
         ipv8 address 64496.192.0.2.254/24
         ipv8 neighbor 64496.192.0.2.1 02:00:00:00:00:01 ipv8
        interface p1
         ipv8 role external
         ipv8 address 203.0.113.1/30
        ipv8 route 64497.0.0.0.0/0 203.0.113.2
        ipv8 neighbor 203.0.113.2 02:00:00:00:00:02 ipv8
        """;

    /**
     * Step 7: four packets arrive on p0 and go through the router's forwarding graph (the same pipeline the
     * DPDK ports feed), offline over pcap ports: one is forwarded to AS 64497, one from a 127.x zone is dropped
     * (no XLATE8), one for an ASN with no route and one with TTL 1 get ICMPv8 errors back.
     */
    private void forwardingPipeline(final Path dir, final PrintStream out, final PrintStream err) throws IOException
    {
        heading(out, "7. The forwarding pipeline: the issue 3 example config, four packets in on p0");
        Files.createDirectories(dir);
        final Path config = dir.resolve("demo.conf");
        Files.writeString(config, DEMO_CONFIG);
        out.print(DEMO_CONFIG.lines().map(l -> "  | " + l + "\n").reduce("", String::concat));

        final Path in = dir.resolve("p0-in.pcap");
        Files.deleteIfExists(in);
        try (PcapWriter writer = PcapWriter.create(in))
        {
            long t = System.currentTimeMillis() * 1_000_000L;
            writer.write(udp("64496.192.0.2.1", "64497.198.51.100.7", 64), t += 1_000);
            writer.write(udp("127.1.0.0.10.0.0.5", "64497.198.51.100.7", 64), t += 1_000);
            writer.write(udp("64496.192.0.2.1", "64499.203.0.113.9", 64), t += 1_000);
            writer.write(udp("64496.192.0.2.1", "64497.198.51.100.7", 1), t += 1_000);
        }
        final Path outDir = dir.resolve("out");
        final java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        final int code;
        try
        {
            code = new PcapForwardCommand().run(List.of("--config", config.toString(), "--in", "p0=" + in,
                "--out-dir", outDir.toString()), new PrintStream(report, true, java.nio.charset.StandardCharsets.UTF_8), err);
        }
        catch (final UsageException e)
        {
            throw new IllegalStateException(e);
        }
        final String counters = report.toString(java.nio.charset.StandardCharsets.UTF_8);
        counters.lines().filter(l -> !l.isBlank()).limit(40).forEach(l -> out.println("  " + l));
        check(out, "pcap-forward ran (exit " + code + ")", code == ExitCode.OK);

        final PacketDecoder decoder = new PacketDecoder(WireProfile.DEFAULT);
        final List<com.fasterxml.jackson.databind.node.ObjectNode> p1 = decodeAll(outDir.resolve("p1.pcap"), decoder);
        final List<com.fasterxml.jackson.databind.node.ObjectNode> p0 = decodeAll(outDir.resolve("p0.pcap"), decoder);
        check(out, "one packet left p1 towards AS 64497 as IPv8 with TTL 63 and a valid checksum",
            p1.size() == 1 && "ipv8".equals(p1.get(0).path("kind").asText()) && p1.get(0).path("ttl").asInt() == 63 &&
            p1.get(0).path("checksum_ok").asBoolean() && "64497.198.51.100.7".equals(p1.get(0).path("dst").asText()));
        check(out, "the 127.1.0.0 zone packet never reached the external link",
            p1.stream().noneMatch(n -> n.path("src_full").asText().startsWith("127.")));
        check(out, "zone drop counted as zone_no_xlate8", counters.contains("zone_no_xlate8"));
        final boolean asnUnknown = p0.stream().anyMatch(n -> n.path("icmp").path("type").asInt() == 3 && n.path("icmp").path("code").asInt() == 6);
        final boolean ttlExpired = p0.stream().anyMatch(n -> n.path("icmp").path("type").asInt() == 11 && n.path("icmp").path("code").asInt() == 0);
        check(out, "ICMPv8 3/6 (destination ASN unknown) came back on p0 for AS 64499", asnUnknown);
        check(out, "ICMPv8 11/0 (time exceeded) came back on p0 for the TTL 1 packet", ttlExpired);
        out.println("  captures: " + outDir + "/p0.pcap, p1.pcap, punt.pcap");
    }

    private static byte[] udp(final String source, final String destination, final int ttl)
    {
        final PacketBuilder b = new PacketBuilder();
        b.source = Ipv8Address.parse(source);
        b.destination = Ipv8Address.parse(destination);
        b.udp = true;
        b.udpSourcePort = 40000;
        b.udpDestinationPort = 53;
        b.payload = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.ttl = ttl;
        b.destinationMac = 0x0200_0000_00FEL;
        return b.build();
    }

    private static List<com.fasterxml.jackson.databind.node.ObjectNode> decodeAll(final Path pcap, final PacketDecoder decoder)
        throws IOException
    {
        final List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = new ArrayList<>();
        if (!Files.exists(pcap))
        {
            return nodes;
        }
        try (PcapReader reader = PcapReader.open(pcap))
        {
            while (reader.next())
            {
                final byte[] f = new byte[reader.capturedLength()];
                reader.recordBuffer().getBytes(reader.recordOffset(), f);
                nodes.add(decoder.decode(f));
            }
        }
        return nodes;
    }

    /** An address as the spec's printer shows it; IPv4 packets show plain n.n.n.n. */
    private static String endpoint(final String fullDotted, final boolean ipv4)
    {
        final long address = Ipv8Address.parse(fullDotted);
        return ipv4 ? Ipv8Address.toIpv4(Ipv8Address.host(address)) : Ipv8Address.toString(address);
    }

    private static void heading(final PrintStream out, final String text)
    {
        out.println();
        out.println(text);
    }

    private void check(final PrintStream out, final String what, final boolean ok)
    {
        out.println("  [" + (ok ? "ok" : "FAIL") + "] " + what);
        if (!ok)
        {
            failures++;
        }
    }
}
