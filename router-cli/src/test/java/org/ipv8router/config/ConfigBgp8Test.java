package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.Whois8Mode;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 'router bgp8' and 'whois8' blocks of the config grammar, and their part of {@link ConfigDiff}. */
class ConfigBgp8Test
{
    static final String FULL = """
        ipv8 routing
        ipv8 asn 64496
        router bgp8 64496
         router-id 192.0.2.1
         listen 127.0.0.1 port 1790
         neighbor 203.0.113.2 remote-as 64497 port 1791 passive max-prefix 1000 link-cost 7
         neighbor 203.0.113.6 remote-as 64498
         network 64496.192.0.2.0/24
        whois8
         registry https://whois8.example:8443
         trust-anchor /etc/ipv8/anchors.txt
         ca /etc/ipv8/ca.pem
         mode per-rn
         poll 60
        """;

    private static RouterConfig parse(final String text) throws ConfigException
    {
        return ConfigParser.parse("bgp.conf", text);
    }

    @Test
    void everyKeywordIsRead() throws ConfigException
    {
        final RouterConfig config = parse(FULL);
        final Bgp8Router bgp = config.bgp8();
        assertEquals(64496, bgp.asn());
        assertEquals(0xC0000201, bgp.routerId());
        assertEquals("127.0.0.1", bgp.listenHost());
        assertEquals(1790, bgp.listenPort());
        assertEquals(2, bgp.neighbors().size());
        assertEquals(new Bgp8Neighbor("203.0.113.2", 64497, 1791, true, 1000, 7, 6), bgp.neighbors().get(0));
        assertEquals(new Bgp8Neighbor("203.0.113.6", 64498, 179, false, 0, 0, 7), bgp.neighbors().get(1));
        assertEquals(1, bgp.networks().size());
        assertEquals(Ipv8Address.of(64496, 0xC0000200), bgp.networks().get(0).prefix());
        assertEquals(56, bgp.networks().get(0).length64());
        assertEquals(3, bgp.line());

        final Whois8Settings w = config.whois8();
        assertEquals(new Whois8Settings("https://whois8.example:8443", "/etc/ipv8/anchors.txt", "/etc/ipv8/ca.pem",
            Whois8Mode.PER_RN, 60, 9), w);
    }

    @Test
    void networkWithAn8to4EndpointCarriesIt() throws ConfigException
    {
        final Bgp8Router bgp = parse("router bgp8 64497\n router-id 198.51.100.1\n" +
            " network 64497.10.2.0.0/16 8to4-endpoint 198.51.100.1\n network 64497.10.3.0.0/16\n").bgp8();
        assertEquals(0xC6336401, bgp.networks().get(0).eightToFourEndpoint());
        assertEquals(Ipv8Address.of(64497, 0x0A020000), bgp.networks().get(0).prefix());
        assertEquals(0, bgp.networks().get(1).eightToFourEndpoint(), "no endpoint unless configured");
    }

    @Test
    void defaultsAndAbsentBlocks() throws ConfigException
    {
        final RouterConfig none = parse("ipv8 routing\n");
        assertNull(none.bgp8());
        assertNull(none.whois8());

        final RouterConfig minimal = parse("""
            router bgp8 64496
             router-id 10.0.0.1
            whois8
             registry http://127.0.0.1:8080
             trust-anchor a.txt
            interface p0
             ipv8 address 1.2.3.4/24
            """);
        assertNull(minimal.bgp8().listenHost(), "no listen line: no passive listener");
        assertTrue(minimal.bgp8().neighbors().isEmpty());
        assertEquals(Whois8Mode.SNAPSHOT, minimal.whois8().mode());
        assertNull(minimal.whois8().ca());
        assertEquals(0, minimal.whois8().pollSeconds());
        assertEquals(1, minimal.findInterface("p0").addresses().size(), "a block after the whois8 block is read");

        final RouterConfig listenDefault = parse("router bgp8 64496\n router-id 10.0.0.1\n listen 0.0.0.0\n exit\nipv8 routing\n");
        assertEquals(179, listenDefault.bgp8().listenPort());
        assertTrue(listenDefault.routing(), "exit ends the block");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        listen port range        | ' listen 127.0.0.1 port 0'                              | 24 | outside 1..65535
        listen not ipv4          | ' listen localhost'                                     | 9  | IPv4 address
        listen form              | ' listen 127.0.0.1 179'                                 | 19 | 'listen ADDRESS [port N]'
        remote-as word           | ' neighbor 203.0.113.2 remote 64497'                    | 23 | expected 'remote-as'
        neighbor not ipv4        | ' neighbor 203.0.113.256 remote-as 64497'               | 11 | IPv4 address
        neighbor incomplete      | ' neighbor 203.0.113.2 remote-as'                       | 32 | incomplete statement
        neighbor option          | ' neighbor 203.0.113.2 remote-as 64497 shadow'          | 39 | unknown neighbor option 'shadow'
        max-prefix missing value | ' neighbor 203.0.113.2 remote-as 64497 max-prefix'      | 49 | incomplete statement
        remote-as zero           | ' neighbor 203.0.113.2 remote-as 0'                     | 33 | RFC 7607
        remote-as not a number   | ' neighbor 203.0.113.2 remote-as AS64497'               | 33 | asplain
        link-cost range          | ' neighbor 203.0.113.2 remote-as 64497 link-cost 0'     | 49 | outside 1..65535
        port range               | ' neighbor 203.0.113.2 remote-as 64497 port 70000'      | 44 | outside 1..65535
        network host bits        | ' network 64496.192.0.2.1/16'                           | 10 | bad prefix
        network form             | ' network'                                              | 9  | 'network PREFIX'
        network endpoint missing | ' network 64496.192.0.2.0/24 8to4-endpoint'             | 42 | incomplete statement
        network option           | ' network 64496.192.0.2.0/24 via 203.0.113.1'           | 29 | unknown network option 'via'
        network endpoint ipv4    | ' network 64496.192.0.2.0/24 8to4-endpoint 64496.1.2.3.4' | 43 | IPv4 address
        router-id zero           | ' router-id 0.0.0.0'                                    | 12 | RFC 6286
        router-id not ipv4       | ' router-id 192.0.2'                                    | 12 | IPv4 address
        unknown statement        | ' timers 30 90'                                         | 2  | unknown router bgp8 statement 'timers'
        """)
    void bgpBlockErrors(final String name, final String statement, final int column, final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> parse("router bgp8 64496\n router-id 192.0.2.1\n" + statement + "\n"));
        assertEquals(3, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("bgp.conf:3:" + column + ": "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        registry scheme     | ' registry ftp://x'     | 11 | https://HOST
        registry syntax     | ' registry http://[bad' | 11 | bad registry URI
        mode                | ' mode full'            | 7  | 'snapshot' or 'per-rn'
        poll range          | ' poll 0'               | 7  | outside 1..86400
        poll number         | ' poll soon'            | 7  | expected a number
        ca needs file       | ' ca'                   | 4  | incomplete statement
        trust-anchor extra  | ' trust-anchor a b'     | 17 | unexpected 'b'
        unknown statement   | ' refresh 10'           | 2  | unknown whois8 statement 'refresh'
        """)
    void whois8BlockErrors(final String name, final String statement, final int column, final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> parse("whois8\n registry https://w.example:8443\n trust-anchor a.txt\n" + statement + "\n"));
        assertEquals(4, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        other protocol       | 'router ospf 1'                                                         | 1 | 8  | expected 'bgp8'
        router bgp8 no asn   | 'router bgp8'                                                           | 1 | 12 | incomplete statement
        router bgp8 asn 0    | 'router bgp8 0'                                                         | 1 | 13 | RFC 7607
        missing router-id    | 'router bgp8 64496\n neighbor 1.2.3.4 remote-as 64497'                  | 1 | 1  | missing 'router-id
        twice                | 'router bgp8 1\n router-id 1.1.1.1\nrouter bgp8 1\n router-id 1.1.1.1' | 3 | 1  | already defined at line 1
        asn differs          | 'ipv8 asn 64496\nrouter bgp8 64497\n router-id 1.1.1.1'                 | 2 | 13 | must be the router's ASN
        duplicate neighbor   | 'router bgp8 1\n router-id 1.1.1.1\n neighbor 1.2.3.4 remote-as 2\n neighbor 1.2.3.4 remote-as 3' | 4 | 11 | already defined at line 3
        whois8 argument      | 'whois8 now'                                                            | 1 | 8  | unexpected 'now'
        whois8 no registry   | 'whois8\n trust-anchor a.txt'                                           | 1 | 1  | missing 'registry
        whois8 no anchors    | 'whois8\n registry https://w.example'                                   | 1 | 1  | missing 'trust-anchor
        whois8 twice         | 'whois8\n registry https://w\n trust-anchor a\nwhois8'                  | 4 | 1  | already defined at line 1
        unknown top level    | 'bgp8 64496'                                                            | 1 | 1  | 'router bgp8', 'whois8' or 'dpdk'
        """)
    void blockErrors(final String name, final String text, final int line, final int column, final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(text.replace("\\n", "\n") + "\n"));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void diffListsNeighboursAddedRemovedChangedAndLeavesTheRestUntouched() throws ConfigException
    {
        final ConfigDiff same = ConfigDiff.between(parse(FULL), parse(FULL.replace(
            "network 64496.192.0.2.0/24", "network 64496.192.0.2.0/24 ! same")));
        assertTrue(same.isEmpty(), same.summaryLines().toString());

        final String after = FULL
            .replace(" neighbor 203.0.113.2 remote-as 64497 port 1791 passive max-prefix 1000 link-cost 7\n",
                " neighbor 203.0.113.2 remote-as 64499 port 1791 passive max-prefix 2000 link-cost 7\n")
            .replace(" neighbor 203.0.113.6 remote-as 64498\n", " neighbor 203.0.113.10 remote-as 64500\n");
        final ConfigDiff d = ConfigDiff.between(parse(FULL), parse(after));
        assertEquals(List.of("203.0.113.10"), d.bgpNeighbors().added().stream().map(Bgp8Neighbor::address).toList());
        assertEquals(List.of("203.0.113.6"), d.bgpNeighbors().removed().stream().map(Bgp8Neighbor::address).toList());
        assertEquals(1, d.bgpNeighbors().changed().size());
        assertEquals(List.of("remote-as 64497 -> 64499", "max-prefix 1000 -> 2000"), d.bgpNeighbors().changed().get(0).what());
        assertTrue(d.bgpSettings().isEmpty(), d.bgpSettings().toString());
        assertTrue(d.globals().isEmpty(), "BGP8 changes are not forwarding globals");
        assertFalse(d.isEmpty());
        assertTrue(d.summaryLines().contains("bgp8 neighbor 203.0.113.10 remote-as 64500: added"), d.summaryLines().toString());
        assertTrue(d.summaryLines().contains("bgp8 neighbor 203.0.113.6 remote-as 64498: removed"), d.summaryLines().toString());
        assertTrue(d.counts().contains("bgp8-neighbors +1 -1 ~1"), d.counts());
    }

    @Test
    void diffNamesSpeakerAndWhois8Settings() throws ConfigException
    {
        final String after = FULL.replace("router-id 192.0.2.1", "router-id 192.0.2.9")
            .replace("listen 127.0.0.1 port 1790", "listen 127.0.0.1 port 1800")
            .replace("network 64496.192.0.2.0/24", "network 64496.198.51.100.0/24")
            .replace("mode per-rn", "mode snapshot");
        final ConfigDiff d = ConfigDiff.between(parse(FULL), parse(after));
        final List<String> knobs = d.bgpSettings().stream().map(ConfigDiff.GlobalChange::knob).toList();
        assertEquals(List.of("router bgp8 router-id", "router bgp8 listen", "router bgp8 network", "whois8"), knobs);
        assertEquals("192.0.2.1", d.bgpSettings().get(0).before());
        assertEquals("192.0.2.9", d.bgpSettings().get(0).after());
        assertTrue(d.bgpSettings().get(3).after().contains("mode snapshot"), d.bgpSettings().get(3).after());
        assertTrue(d.bgpNeighbors().isEmpty());

        final ConfigDiff removed = ConfigDiff.between(parse(FULL), parse("ipv8 routing\nipv8 asn 64496\n"));
        assertEquals(2, removed.bgpNeighbors().removed().size());
        assertEquals(new ConfigDiff.GlobalChange("router bgp8", "64496", "none"), removed.bgpSettings().get(0));
    }
}
