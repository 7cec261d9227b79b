package org.ipv8router.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;
import org.ipv8router.wire.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapForwardCommandTest
{
    static final String ISSUE_CONFIG = """
        ! the example of issue 3
        ipv8 routing
        interface p0
         ipv8 address 64496.192.0.2.254/24
         ipv8 role internal
        interface p1
         ipv8 address 203.0.113.1/30
         ipv8 role external
        ipv8 route 64497.0.0.0.0/0 203.0.113.2
        ipv8 neighbor 203.0.113.2 02:00:00:00:02:02 %s
        """;

    @TempDir
    Path dir;

    static byte[] udp8(final long src, final long dst, final int ttl)
    {
        final byte[] data = "hello".getBytes();
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + data.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 1}).putShort((short)0x8080);
        b.put((byte)0x87).put((byte)0).putShort((short)(36 + data.length)).putInt(0);
        b.put((byte)ttl).put((byte)17).putShort((short)0).putLong(src).putLong(dst);
        b.putShort((short)40000).putShort((short)53).putShort((short)(8 + data.length)).putShort((short)0).put(data);
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    Path pcap(final String name, final byte[]... frames) throws IOException
    {
        final Path file = dir.resolve(name);
        try (PcapWriter w = PcapWriter.create(file))
        {
            long t = 1_700_000_000_000_000_000L;
            for (final byte[] f : frames)
            {
                w.write(f, t += 1000);
            }
        }
        return file;
    }

    static List<byte[]> read(final Path file) throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file))
        {
            while (r.next())
            {
                final byte[] f = new byte[r.capturedLength()];
                r.recordBuffer().getBytes(r.recordOffset(), f);
                frames.add(f);
            }
        }
        return frames;
    }

    Path config(final String text) throws IOException
    {
        final Path file = dir.resolve("router.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void issueExampleForwardsOneAndDropsTheZoneLeak() throws IOException
    {
        final Path conf = config(ISSUE_CONFIG.formatted("ipv8"));
        final byte[] good = udp8(a(64496, 192, 0, 2, 1), a(64497, 198, 51, 100, 7), 64);
        final byte[] zone = udp8(a(0x7F01_0000L, 10, 0, 0, 5), a(64497, 198, 51, 100, 7), 64);
        final Path in = pcap("p0-in.pcap", good, zone);
        final Path out = dir.resolve("out");

        final CliRun run = CliRun.of("pcap-forward", "--config", conf.toString(), "--in", "p0=" + in,
            "--out-dir", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("zone_no_xlate8"), run.out());

        final List<byte[]> p1 = read(out.resolve("p1.pcap"));
        assertEquals(1, p1.size(), "one packet leaves p1");
        final byte[] f = p1.get(0);
        assertEquals(0x8080, ((f[12] & 0xFF) << 8) | (f[13] & 0xFF), "IPv8 to a proven-IPv8 neighbour");
        assertArrayEquals(new byte[] {2, 0, 0, 0, 2, 2}, java.util.Arrays.copyOfRange(f, 0, 6));
        assertEquals(63, f[14 + 8] & 0xFF, "TTL 63");
        assertTrue(Checksum.verify(new UnsafeBuffer(f), 14, 28), "valid header checksum");
        assertArrayEquals(java.util.Arrays.copyOfRange(good, 14 + 12, good.length),
            java.util.Arrays.copyOfRange(f, 14 + 12, f.length), "addresses and payload unchanged");
        assertEquals(0, read(out.resolve("p0.pcap")).size());
        assertEquals(0, read(out.resolve("punt.pcap")).size());

        final CliRun json = CliRun.of("pcap-forward", "-c", conf.toString(), "-i", "p0=" + in, "-o",
            dir.resolve("out2").toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        final JsonNode root = Json.MAPPER.readTree(json.out());
        assertEquals(1, root.path("drops").path("zone_no_xlate8").asLong());
        assertEquals(1, root.path("dropped").asLong());
        assertEquals(2, root.path("ports").path("p0").path("rx_packets").asLong());
        assertEquals(1, root.path("ports").path("p1").path("tx_packets").asLong());
        // Both frames enter at the fused fast path; the plain one leaves from there, the zone leak takes the graph.
        assertEquals(2, root.path("nodes").path("ip8-fast").path("packets").asLong());
        assertEquals(1, root.path("nodes").path("ethernet-input").path("packets").asLong());
        assertEquals(1, root.path("nodes").path("zone-filter").path("packets").asLong());
    }

    @Test
    void ipv4OnlyNeighbourCannotTakeAForeignAsnWithoutAnEndpoint() throws IOException
    {
        final Path conf = config(ISSUE_CONFIG.formatted("ipv4"));
        final Path in = pcap("p0-in.pcap", udp8(a(64496, 192, 0, 2, 1), a(64497, 198, 51, 100, 7), 64));
        final Path out = dir.resolve("out");
        final CliRun run = CliRun.of("pcap-forward", "--config", conf.toString(), "--in", "p0=" + in,
            "--out-dir", out.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode root = Json.MAPPER.readTree(run.out());
        assertEquals(1, root.path("drops").path("no_8to4_endpoint").asLong());
        assertEquals(1, root.path("icmp_errors").path("sent").asLong(), "ICMPv8 3/6 generated");
        assertEquals(0, read(out.resolve("p1.pcap")).size(), "never a version-8 header to an IPv4-only neighbour");
        // The ICMPv8 3/6 to 64496.192.0.2.1 needs that neighbour resolved: ARP8 + ARP4 probes on p0, then it fails.
        final List<byte[]> p0 = read(out.resolve("p0.pcap"));
        assertTrue(p0.size() >= 2, "ARP probes for the source");
        for (final byte[] f : p0)
        {
            assertEquals(0x0806, ((f[12] & 0xFF) << 8) | (f[13] & 0xFF));
        }
        assertTrue(root.path("drops").path("neighbor_unresolved").asLong() >= 1);
        assertTrue(root.path("neighbors").path("p0").path("arp8-requests").asLong() >= 1);
        assertEquals(1, root.path("neighbors").path("p0").path("failed").asLong(), "64496.192.0.2.1 never answered");
    }

    @Test
    void fourLineConfigAnswersCode6UntilATier1EntryExists() throws IOException
    {
        final String fourLines = """
            ipv8 routing
            ipv8 asn 64496
            interface eth0
             ipv8 address 64496.192.0.2.254/24
            ipv8 neighbor 64496.192.0.2.1 02:00:00:00:01:01 ipv8
            """;
        final byte[] echo = java.util.HexFormat.of().parseHex("0200000000020200000001018080" +
            "8700002400000000400154ba0000fbf0c00002010000fbf1c63364070800f7fd00010001");
        final Path in = pcap("eth0-in.pcap", echo);
        final CliRun run = CliRun.of("pcap-forward", "--config", config(fourLines).toString(), "--in",
            "eth0=" + in, "--out-dir", dir.resolve("a").toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        final List<byte[]> back = read(dir.resolve("a").resolve("eth0.pcap"));
        assertEquals(1, back.size());
        final byte[] f = back.get(0);
        assertEquals(3, f[14 + 28] & 0xFF, "ICMPv8 destination unreachable");
        assertEquals(6, f[14 + 29] & 0xFF, "code 6: destination ASN unknown");
        assertEquals(a(64496, 192, 0, 2, 1), ByteBuffer.wrap(f).getLong(14 + 20));

        final String withRoute = fourLines + "ipv8 route 64497.0.0.0.0/0 64496.192.0.2.2\n" +
            "ipv8 neighbor 64496.192.0.2.2 02:00:00:00:01:02 ipv8\n";
        final CliRun run2 = CliRun.of("pcap-forward", "--config", config(withRoute).toString(), "--in",
            "eth0=" + in, "--out-dir", dir.resolve("b").toString());
        assertEquals(0, run2.exitCode(), run2.err());
        final List<byte[]> fwd = read(dir.resolve("b").resolve("eth0.pcap"));
        assertEquals(1, fwd.size());
        assertEquals(0x3f, fwd.get(0)[14 + 8] & 0xFF, "forwarded with TTL 63");
        assertEquals(0x55, fwd.get(0)[14 + 10] & 0xFF);
        assertEquals(0xba, fwd.get(0)[14 + 11] & 0xFF);
    }

    @Test
    void badConfigPrintsFileLineColumnAndExits1() throws IOException
    {
        final Path conf = config("ipv8 routing\ninterface p0\n ipv8 address 64496.300.0.2.254/24\n");
        final CliRun run = CliRun.of("pcap-forward", "--config", conf.toString(), "--out-dir", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith(conf + ":3:"), run.err());
    }

    @Test
    void unknownInterfaceAndMissingOptionsAreReported() throws IOException
    {
        final Path conf = config(ISSUE_CONFIG.formatted("ipv8"));
        final CliRun run = CliRun.of("pcap-forward", "--config", conf.toString(), "--in", "p9=x.pcap",
            "--out-dir", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no interface 'p9'"), run.err());
        assertEquals(2, CliRun.of("pcap-forward", "--config", conf.toString()).exitCode());
    }

    @Test
    void acl8AndEgressValidationFromTheConfigFileFilterThePcap() throws IOException
    {
        final Path conf = config(ISSUE_CONFIG.formatted("ipv8").replace(" ipv8 role internal\n",
            " ipv8 role internal\n ipv8 acl8 permit 64496.192.0.2.1 64497.0.0.0.0/0\n" +
            " ipv8 acl8 permit 64496.192.0.2.2 64497.198.51.100.7 protocol udp port 53\n") +
            "ipv8 egress-validation enforce\nipv8 egress-permit 64496.192.0.2.1 asn 64497\n");
        final long far = a(64497, 198, 51, 100, 7);
        final byte[] good = udp8(a(64496, 192, 0, 2, 1), far, 64);      // ACL8 rule 1, permit asn 64497
        final byte[] noPermit = udp8(a(64496, 192, 0, 2, 2), far, 64);  // ACL8 rule 2, no egress permit
        final byte[] denied = udp8(a(64496, 192, 0, 2, 3), far, 64);    // no ACL8 rule
        final Path in = pcap("p0-in.pcap", good, noPermit, denied);
        final Path out = dir.resolve("out");

        final CliRun run = CliRun.of("pcap-forward", "--config", conf.toString(), "--in", "p0=" + in,
            "--out-dir", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("acl8_denied"), run.out());
        assertTrue(run.out().contains("egress_validation_failed"), run.out());
        assertTrue(!run.err().contains("not implemented"), run.err());
        final List<byte[]> p1 = read(out.resolve("p1.pcap"));
        assertEquals(1, p1.size(), "only the permitted packet leaves p1");
        assertArrayEquals(java.util.Arrays.copyOfRange(good, 14 + 12, good.length),
            java.util.Arrays.copyOfRange(p1.get(0), 14 + 12, p1.get(0).length));
        assertEquals(0, read(out.resolve("p0.pcap")).size(), "filter drops are silent without icmp-on-filter");
    }
}
