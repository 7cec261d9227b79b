package org.ipv8router.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ipv8router.wire.SpecialUse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ipv8 addr}: text rows, JSON fields and exit codes, on spec 11.1 / 11.2 vectors. */
class AddrCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> ADDRESS_KEYS = List.of(
        "kind", "input", "address", "full_dotted", "asn_dot", "hex", "ipv4", "hyphen", "asn", "r", "n",
        "class", "class_label", "scope", "special_use", "special_use_labels");

    private static final List<String> PREFIX_KEYS = List.of(
        "kind", "input", "prefix", "full_dotted", "asn_dot", "length", "host_length", "asn", "first", "last",
        "class", "injectable_from_external_peer", "injectable_reason");

    private static JsonNode json(final String... args) throws Exception
    {
        final CliRun run = CliRun.of(args);
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        return JSON.readTree(run.out());
    }

    /** Runs a command that must succeed and returns its text output. */
    private static CliRun text(final String... args)
    {
        final CliRun run = CliRun.of(args);
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        return run;
    }

    /** Checks text rows given as label, expected value, label, expected value, ... */
    private static void assertRows(final CliRun run, final String... labelsAndValues)
    {
        for (int i = 0; i < labelsAndValues.length; i += 2)
        {
            assertEquals(labelsAndValues[i + 1], run.row(labelsAndValues[i]), "row '" + labelsAndValues[i] + "'");
        }
    }

    /** Checks JSON fields given as name, expected text, name, expected text, ... */
    private static void assertTexts(final JsonNode node, final String... namesAndTexts)
    {
        for (int i = 0; i < namesAndTexts.length; i += 2)
        {
            assertEquals(namesAndTexts[i + 1], node.get(namesAndTexts[i]).asText(), "field '" + namesAndTexts[i] + "'");
        }
    }

    private static List<String> keys(final JsonNode node)
    {
        final List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> texts(final JsonNode array)
    {
        final List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void printsEveryNotationOfAnAsnDotAddress()
    {
        final CliRun run = text("addr", "64496.192.0.2.1");
        assertEquals("", run.err());
        assertRows(run,
            "address", "64496.192.0.2.1",
            "full dotted", "0.0.251.240.192.0.2.1",
            "ASN dot", "64496.192.0.2.1",
            "hex", "0x0000FBF0C0000201",
            "IPv4 n.n.n.n", "192.0.2.1 (host part only; r is not 0)",
            "hyphen form", "64496-192.0.2.1",
            "ASN", "64496",
            "r", "0.0.251.240",
            "n", "192.0.2.1",
            "class", "ASN unicast (global, via eBGP8)");
        assertEquals(List.of(SpecialUse.RFC5398_DOCUMENTATION_ASN.label()), run.rows("special use"));
    }

    @Test
    void ipv4AddressPrintsFullDottedWithRZero()
    {
        final CliRun run = text("addr", "192.0.2.1");
        assertRows(run,
            "address", "0.0.0.0.192.0.2.1",
            "ASN dot", "0.192.0.2.1",
            "IPv4 n.n.n.n", "192.0.2.1",
            "hex", "0x00000000C0000201",
            "ASN", "0",
            "r", "0.0.0.0");
        assertTrue(run.row("class").startsWith("IPv4-compatible"), run.row("class"));
        assertEquals(List.of("none"), run.rows("special use"));
    }

    @Test
    void zoneAddressListsEverySpecialUse()
    {
        final CliRun run = text("addr", "127.1.0.0.10.0.0.254");
        assertRows(run,
            "address", "127.1.0.0.10.0.0.254",
            "ASN dot", "2130771968.10.0.0.254");
        assertTrue(run.row("class").startsWith("internal zone"), run.row("class"));
        assertEquals(List.of(SpecialUse.RESERVED_ASN_ZONE.label(), SpecialUse.GATEWAY_EVEN.label()),
            run.rows("special use"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.0.251.240.192.168.1.10,        asn_unicast,          64496.192.168.1.10",
        "0.0.0.0.8.8.8.8,                 ipv4_compatible,      0.0.0.0.8.8.8.8",
        "127.127.0.0.10.1.2.3,            interop_dmz,          127.127.0.0.10.1.2.3",
        "100.1.2.3.10.0.0.1,              rine,                 100.1.2.3.10.0.0.1",
        "255.255.0.1.0.0.0.0,             cross_asn_multicast,  255.255.0.1.0.0.0.0",
        "255.255.255.255.255.255.255.255, broadcast,            255.255.255.255.255.255.255.255",
        "255.255.240.0.1.2.3.4,           reserved,             255.255.240.0.1.2.3.4",
    })
    void jsonClassAndCanonicalAddress(final String input, final String expectedClass, final String canonical)
        throws Exception
    {
        final JsonNode node = json("addr", "--json", input);
        assertEquals(ADDRESS_KEYS, keys(node), "stable keys in a stable order");
        assertTexts(node,
            "kind", "address",
            "input", input,
            "class", expectedClass,
            "address", canonical,
            "full_dotted", input);
    }

    @Test
    void jsonFieldsOfTheDraftExample() throws Exception
    {
        final JsonNode node = json("addr", "64496.192.0.2.1", "-j");
        assertTexts(node,
            "address", "64496.192.0.2.1",
            "full_dotted", "0.0.251.240.192.0.2.1",
            "asn_dot", "64496.192.0.2.1",
            "hex", "0x0000FBF0C0000201",
            "ipv4", "192.0.2.1",
            "hyphen", "64496-192.0.2.1",
            "r", "0.0.251.240",
            "n", "192.0.2.1",
            "class_label", "ASN unicast");
        assertTrue(node.get("asn").isIntegralNumber());
        assertEquals(64496L, node.get("asn").asLong());
        assertEquals(List.of("rfc5398_documentation_asn"), texts(node.get("special_use")));
    }

    @Test
    void jsonSpecialUsesOfMulticastAndInteriorLink() throws Exception
    {
        final JsonNode routers = json("addr", "--json", "255.255.0.0.224.0.0.1");
        assertTrue(texts(routers.get("special_use")).containsAll(List.of("multicast_general", "all_ipv8_routers")));
        final JsonNode zoneServers = json("addr", "--json", "255.255.0.0.224.0.0.2");
        assertTrue(texts(zoneServers.get("special_use")).contains("all_zone_servers"));
        final JsonNode link = json("addr", "--json", "0.0.251.240.222.0.0.1");
        assertTrue(texts(link.get("special_use")).contains("interior_link"));
        final JsonNode plain = json("addr", "--json", "0.0.0.0.222.1.2.3");
        assertEquals(List.of(), texts(plain.get("special_use")), "A15: plain IPv4");
        final JsonNode doc = json("addr", "--json", "65533.198.51.100.1");
        assertEquals("0.0.255.253.198.51.100.1", doc.get("full_dotted").asText());
        assertTrue(texts(doc.get("special_use")).contains("documentation_asn"));
        assertEquals(texts(doc.get("special_use")).size(), texts(doc.get("special_use_labels")).size());
    }

    @Test
    void jsonMaxAsnIsAnUnsignedNumber() throws Exception
    {
        final JsonNode node = json("addr", "--json", "4294967295.1.2.3.4");
        assertEquals(4294967295L, node.get("asn").asLong());
        assertEquals("255.255.255.255.1.2.3.4", node.get("full_dotted").asText());
        assertEquals("broadcast", node.get("class").asText());
    }

    @Test
    void prefixText()
    {
        final CliRun run = text("addr", "218785.45.138.12.0/24");
        assertRows(run,
            "prefix", "218785.45.138.12.0/24",
            "full dotted", "0.3.86.161.45.138.12.0/56",
            "ASN dot", "218785.45.138.12.0/24",
            "length", "/56 of 64 bits, host part /24",
            "ASN", "218785",
            "first", "218785.45.138.12.0",
            "last", "218785.45.138.12.255");
        assertTrue(run.row("external peer").startsWith("not injectable"), run.row("external peer"));
    }

    @Test
    void prefixJsonAndTheSlashSixteenRule() throws Exception
    {
        final JsonNode fullDotted = json("addr", "--json", "0.3.86.161.45.138.12.0/56");
        assertEquals(PREFIX_KEYS, keys(fullDotted));
        assertTexts(fullDotted,
            "kind", "prefix",
            "asn_dot", "218785.45.138.12.0/24",
            "full_dotted", "0.3.86.161.45.138.12.0/56",
            "class", "asn_unicast");
        assertEquals(56, fullDotted.get("length").asInt());
        assertEquals(24, fullDotted.get("host_length").asInt());
        assertEquals(218785L, fullDotted.get("asn").asLong());
        assertFalse(fullDotted.get("injectable_from_external_peer").asBoolean());

        assertTrue(json("addr", "--json", "64496.10.20.0.0/16").get("injectable_from_external_peer").asBoolean());
        assertFalse(json("addr", "--json", "64496.10.20.0.0/17").get("injectable_from_external_peer").asBoolean());
        final JsonNode whole = json("addr", "--json", "14061.0.0.0.0/0");
        assertEquals("0.0.54.237.0.0.0.0/32", whole.get("full_dotted").asText());
        assertTrue(whole.get("injectable_from_external_peer").asBoolean());

        final JsonNode wide = json("addr", "--json", "0.0.0.0.0.0.0.0/16");
        assertTrue(wide.get("asn_dot").isNull());
        assertTrue(wide.get("host_length").isNull());
        assertTrue(wide.get("class").isNull(), "spans IPv4-compatible and ASN unicast");
        assertFalse(wide.get("injectable_from_external_peer").asBoolean());
        assertTrue(wide.get("injectable_reason").asText().contains("spans several ASNs"));
    }

    @ParameterizedTest(name = "rejects ''{0}'' with exit 1")
    @ValueSource(strings = {
        "", "1.2.3.4.5.6.7", "1.2.3.4.5.6.7.8.9", "256.0.0.0.0.0.0.0", "01.0.0.0.0.0.0.0", "4294967296.1.2.3.4",
        "-1.1.2.3.4", "+1.1.2.3.4", "1..2.3.4", "1.2.3.4.256", "a.b.c.d.e", "2001:db8::1", "1.0.192.0.2.1",
        "64496.192.0.2.1/24", "64496.192.0.2.0/33", "64496-192.0.2.1",
    })
    void badInputExitsOneWithTheParseMessage(final String input)
    {
        final CliRun run = CliRun.of("addr", input);
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("ipv8 addr: "), run.err());
        assertTrue(run.err().contains("'" + input + "'"), run.err());
        assertFalse(run.err().contains("usage:"), "a bad value is not a usage error");
    }

    @Test
    void badInputMessagesNameThePart()
    {
        assertEquals("ipv8 addr: octet 5 '256' is > 255 in '1.2.3.4.256'\n", CliRun.of("addr", "1.2.3.4.256").err());
        assertTrue(CliRun.of("addr", "1.0.192.0.2.1").err().contains("RFC 5396 asdot is not accepted"));
        assertTrue(CliRun.of("addr", "64496.192.0.2.1/24").err().contains("the prefix is 64496.192.0.2.0/24"));
    }

    @Test
    void hyphenFormBehindTheFlag() throws Exception
    {
        final JsonNode node = json("addr", "--hyphen", "--json", "64496-192.0.2.1");
        assertEquals("0.0.251.240.192.0.2.1", node.get("full_dotted").asText());
        final JsonNode prefix = json("addr", "--hyphen", "--json", "127.2.0.0-10.0.0.0/8");
        assertEquals("127.2.0.0.10.0.0.0/40", prefix.get("full_dotted").asText());
        assertEquals("internal_zone", prefix.get("class").asText());
        assertTrue(CliRun.of("addr", "64496-192.0.2.1").err().contains("accepted only when enabled"));
    }

    @Test
    void wrongArgumentCountIsAUsageError()
    {
        final CliRun missing = CliRun.of("addr");
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.err().startsWith("ipv8 addr: missing <address|prefix>\nusage: ipv8 addr"), missing.err());
        final CliRun extra = CliRun.of("addr", "1.2.3.4", "5.6.7.8");
        assertEquals(ExitCode.USAGE, extra.exitCode());
        assertTrue(extra.err().startsWith("ipv8 addr: unexpected argument '5.6.7.8'\n"), extra.err());
        final CliRun flagValue = CliRun.of("addr", "--json=yes", "1.2.3.4");
        assertEquals(ExitCode.USAGE, flagValue.exitCode());
        assertTrue(flagValue.err().startsWith("ipv8 addr: option '--json' takes no value"), flagValue.err());
    }
}
