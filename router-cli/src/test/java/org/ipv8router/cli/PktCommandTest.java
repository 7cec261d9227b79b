package org.ipv8router.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PktCommandTest
{
    private static final String L2 = "020000000002" + "020000000001";

    @TempDir
    Path dir;

    record Result(int code, String out, String err)
    {
    }

    static Result ipv8(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void buildsTheSpecEchoRequestByteForByte()
    {
        final Result r = ipv8("pkt", "build", "--src", "64496.192.0.2.1", "--dst", "64497.198.51.100.7",
            "--proto", "1", "--ttl", "64", "--id", "0", "--icmp-echo", "1,1");
        assertEquals(0, r.code(), r.err());
        assertEquals(L2 + "8080" + DemoCommand.SPEC_ECHO_REQUEST + "\n", r.out());
    }

    @Test
    void buildsTheSpecUdpDatagramWithBothPseudoHeaders()
    {
        final String header = "8700002912344000401" + "1d08e0000fbf00a000001000000000808080" + "8";
        final String[] base = {"pkt", "build", "--src", "64496.10.0.0.1", "--dst", "8.8.8.8", "--id", "0x1234", "--df",
            "--udp", "40000,53", "--payload", "68656c6c6f"};
        // --id takes decimal: 0x1234 is a usage error naming the option.
        final Result bad = ipv8(base);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--id"), bad.err());

        base[7] = "4660";
        final Result zero = ipv8(concat(base, "--no-udp-checksum"));
        assertEquals(L2 + "8080" + header + "9c40003500" + "0d0000" + "68656c6c6f\n", zero.out());
        final Result compat = ipv8(base);
        assertEquals(L2 + "8080" + header + "9c4000350" + "00d057c" + "68656c6c6f\n", compat.out());
        final Result full = ipv8(concat(base, "--l4-pseudo-header", "full64"));
        assertEquals(L2 + "8080" + header + "9c4000350" + "00d098b" + "68656c6c6f\n", full.out());
    }

    @Test
    void buildsIpv4OnlyWithRZeroAndTagsVlans()
    {
        final Result ipv4 = ipv8("pkt", "build", "--ipv4", "--src", "192.0.2.1", "--dst", "198.51.100.7", "--icmp-echo", "1,1");
        assertEquals(L2 + "0800" + DemoCommand.SPEC_ECHO_REQUEST_IPV4 + "\n", ipv4.out());

        final Result refused = ipv8("pkt", "build", "--ipv4", "--src", "64496.192.0.2.1", "--dst", "198.51.100.7", "--proto", "17");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("--ipv4 needs both addresses with r = 0"), refused.err());

        final Result vlan = ipv8("pkt", "build", "--src", "1.2.3.4", "--dst", "5.6.7.8", "--proto", "253", "--vlan", "100",
            "--ethertype", "0x88b5", "--smac", "02:aa:00:00:00:01", "--dmac", "ff:ff:ff:ff:ff:ff");
        assertTrue(vlan.out().startsWith("ffffffffffff02aa00000001" + "8100" + "0064" + "88b5" + "87"), vlan.out());
    }

    @Test
    void badValuesNameTheOption()
    {
        assertEquals(2, ipv8("pkt", "build", "--dst", "1.2.3.4", "--proto", "1").code(), "missing --src");
        Result r = ipv8("pkt", "build", "--src", "1.2.3.256", "--dst", "1.2.3.4", "--proto", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'256'"), r.err());
        r = ipv8("pkt", "build", "--src", "1.2.3.4", "--dst", "1.2.3.4");
        assertTrue(r.err().contains("--proto N is required"), r.err());
        r = ipv8("pkt", "build", "--src", "1.2.3.4", "--dst", "1.2.3.4", "--proto", "6", "--icmp-echo", "1,1");
        assertTrue(r.err().contains("--icmp-echo implies --proto 1"), r.err());
        r = ipv8("pkt", "build", "--src", "1.2.3.4", "--dst", "1.2.3.4", "--proto", "6", "--payload", "abc");
        assertTrue(r.err().contains("odd number of hex digits"), r.err());
        r = ipv8("pkt", "build", "--src", "1.2.3.4", "--dst", "1.2.3.4", "--icmp-echo", "1");
        assertTrue(r.err().contains("--icmp-echo expects two numbers"), r.err());
        assertEquals(2, ipv8("pkt", "frobnicate").code());
        assertEquals(2, ipv8("pkt").code());
    }

    @Test
    void decodePrintsEveryFieldAsJson() throws Exception
    {
        final String hex = ipv8("pkt", "build", "--src", "64496.192.0.2.1", "--dst", "64497.198.51.100.7", "--icmp-echo", "1,1",
            "--tos", "184", "--ttl", "9", "--id", "77", "--df").out().trim();
        final Result r = ipv8("pkt", "decode", hex, "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode node = Json.MAPPER.readTree(r.out());
        assertEquals("0x8080", node.get("ethertype").asText());
        assertEquals(8, node.get("version").asInt());
        assertEquals(7, node.get("ihl").asInt());
        assertEquals(184, node.get("tos").asInt());
        assertEquals(36, node.get("total_length").asInt());
        assertEquals(77, node.get("id").asInt());
        assertTrue(node.get("df").asBoolean());
        assertFalse(node.get("mf").asBoolean());
        assertEquals(0, node.get("frag_offset").asInt());
        assertEquals(9, node.get("ttl").asInt());
        assertEquals(1, node.get("protocol").asInt());
        assertTrue(node.get("checksum").asText().startsWith("0x"));
        assertTrue(node.get("checksum_ok").asBoolean());
        assertEquals("64496.192.0.2.1", node.get("src").asText());
        assertEquals("64497.198.51.100.7", node.get("dst").asText());
        assertTrue(node.get("drop_reason").isNull());
        assertEquals(8, node.get("icmp").get("type").asInt());
        assertEquals(1, node.get("icmp").get("sequence").asInt());
    }

    @Test
    void invalidFramesPrintTheirDropReasonAndExitNonZero() throws Exception
    {
        final String good = L2 + "8080" + DemoCommand.SPEC_ECHO_REQUEST;
        final String badChecksum = good.replace("54ba", "54bb");
        Result r = ipv8("pkt", "decode", "--json", badChecksum);
        assertEquals(1, r.code());
        JsonNode node = Json.MAPPER.readTree(r.out());
        assertEquals("bad_header_checksum", node.get("drop_reason").asText());
        assertFalse(node.get("checksum_ok").asBoolean());

        final String wrongVersion = good.replace("808087", "808047");
        node = Json.MAPPER.readTree(ipv8("pkt", "decode", "--json", wrongVersion).out());
        assertFalse(node.get("valid").asBoolean());
        assertEquals(4, node.get("version").asInt());

        final String truncated = good.substring(0, 14 * 2 + 20 * 2);
        r = ipv8("pkt", "decode", truncated);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("drop_reason"), r.out());

        r = ipv8("pkt", "decode", "zz");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not hex"), r.err());
        assertEquals(2, ipv8("pkt", "decode").code(), "neither HEX nor --pcap");
    }

    @Test
    void pcapAppendThenDecodeEveryFrame() throws Exception
    {
        final Path pcap = dir.resolve("frames.pcap");
        assertEquals(0, ipv8("pkt", "build", "--src", "64496.192.0.2.1", "--dst", "64497.198.51.100.7", "--icmp-echo", "1,1",
            "--pcap", pcap.toString()).code());
        assertEquals(0, ipv8("pkt", "build", "--ipv4", "--src", "192.0.2.1", "--dst", "198.51.100.7", "--udp", "1,2",
            "--pcap", pcap.toString()).code());
        final Result r = ipv8("pkt", "decode", "--pcap", pcap.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size());
        assertEquals("ipv8", Json.MAPPER.readTree(lines.get(0)).get("kind").asText());
        final JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertEquals("ipv4", second.get("kind").asText());
        assertEquals(2, second.get("udp").get("dst_port").asInt());
        assertEquals(2, second.get("frame").asInt());

        final Result text = ipv8("pkt", "decode", "--pcap", pcap.toString());
        assertTrue(text.out().contains("frame 1 (50 octets)"), text.out());
        assertTrue(text.out().contains("  src                64496.192.0.2.1"), text.out());

        Files.writeString(dir.resolve("junk.pcap"), "junk junk junk junk junk junk");
        final Result junk = ipv8("pkt", "decode", "--pcap", dir.resolve("junk.pcap").toString());
        assertEquals(1, junk.code());
        assertTrue(junk.err().contains("junk.pcap"), junk.err());
    }

    @Test
    void decodesArp8Frames() throws Exception
    {
        final String arp8 = "ffffffffffff0200000000010806" +
            "00018080060800010200000000010000fbf0c00002fe0000000000000000fbf0c000020a";
        final JsonNode node = Json.MAPPER.readTree(ipv8("pkt", "decode", "--json", arp8).out());
        assertEquals("arp8", node.get("kind").asText());
        assertEquals("64496.192.0.2.254", node.get("sender").asText());
        assertEquals("64496.192.0.2.10", node.get("target").asText());
        assertTrue(node.get("drop_reason").isNull());
    }

    @Test
    void demoRunsEveryCheck()
    {
        final Result r = ipv8("demo", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("demo: all checks ok"), r.out());
        assertFalse(r.out().contains("FAIL"), r.out());
        assertTrue(Files.exists(dir.resolve("demo.pcap")));
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
