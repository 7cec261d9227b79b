package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.PortKind;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.dataplane.gwpair.GatewayPairTimers;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigParserTest
{
    static final String FOUR_LINES = """
        ipv8 routing
        ipv8 asn 64496
        interface eth0
         ipv8 address 64496.192.0.2.254/24
        """;

    @Test
    void fourLineConfigGivesTheSafeDefaultsOfSpec8()
        throws ConfigException
    {
        final RouterConfig config = ConfigParser.parse("four.conf", FOUR_LINES);
        assertTrue(config.routing());
        assertEquals(64496, config.asn());
        assertEquals(0x8080, config.etherType());
        assertTrue(config.acceptV8On0800());
        assertFalse(config.l4Full64());
        assertEquals(RouterConfig.EgressValidation.OFF, config.egressValidation());
        assertTrue(config.fastPath(), "the fused fast path is on unless switched off");
        assertEquals(1, config.interfaces().size());
        final InterfaceConfig eth0 = config.findInterface("eth0");
        assertEquals(InterfaceRole.INTERNAL, eth0.role());
        assertEquals(1500, eth0.mtu());
        assertEquals(Ipv8Address.of(64496, 0xC00002FE), eth0.addresses().get(0).address());
        assertEquals(56, eth0.addresses().get(0).length64(), "/24 in ASN-dot counts host bits: 64-bit /56");
        assertTrue(config.routes().isEmpty());
    }

    @Test
    void everyKeywordIsRead()
        throws ConfigException
    {
        final RouterConfig config = ConfigParser.parse("full.conf", """
            ! the issue 3 example, with every other keyword too
            ipv8 routing
            ipv8 asn 64496
            ipv8 ethertype 0x88b5
            ipv8 accept-v8-on-0800 off
            ipv8 l4-pseudo-header full64
            ipv8 icmp-on-filter on
            ipv8 fast-path off
            ipv8 accept-hyphen-notation on
            ipv8 egress-validation monitor
            ipv8 xlate8 next-hop 64496.192.0.2.20
            ipv8 fib max-asns 1000
            ipv8 fib asn-prefix-budget 16
            ipv8 route 64497.0.0.0.0/0 203.0.113.2
            ipv8 route 0.0.255.253.0.0.0.0/32 drop     # documentation ASN goes nowhere
            ipv8 8to4 peer 64499 198.51.100.1
            ipv8 neighbor 203.0.113.2 02:00:00:00:00:02 ipv8
            ipv8 zone-permit 1 2
            interface p0
             port pcap in0.pcap out0.pcap
             mac 02:00:00:00:00:01
             mtu 9000
             ipv8 role internal
             ipv8 address 64496.192.0.2.254/24
             ipv8 address 127.1.0.0-10.0.0.1/24
             ipv8 zone 127.1.0.0 group 1
             ipv8 zone 127.2.0.0
             ipv8 gateway-pair even peer 64496.192.0.2.253
             ipv8 neighbor 64496.192.0.2.10 02-00-00-00-00-0a ipv4
            interface p1
             port dpdk net_af_packet0,iface=veth1
             ipv8 role external
             ipv8 address 203.0.113.1/30
             ipv8 peer-asn 64497 64498
             shutdown
             exit
            interface p2
             port ring
             ipv8 role interior-link
            """);
        assertEquals(0x88B5, config.etherType());
        assertFalse(config.acceptV8On0800());
        assertTrue(config.l4Full64());
        assertTrue(config.icmpOnFilter());
        assertFalse(config.fastPath(), "ipv8 fast-path off");
        assertFalse(RouterBuilder.toSpec(config, org.ipv8router.dataplane.fib.Dir24_8.Layout.DIR_16_8_8).fastPath());
        assertTrue(config.acceptHyphenNotation());
        assertEquals(RouterConfig.EgressValidation.MONITOR, config.egressValidation());
        assertEquals(Ipv8Address.of(64496, 0xC0000214), config.xlate8NextHop());
        assertEquals(1000, config.fibMaxAsns());
        assertEquals(16, config.fibAsnPrefixBudget());

        final StaticRoute route = config.routes().get(0);
        assertEquals(Ipv8Address.of(64497, 0), route.prefix());
        assertEquals(32, route.length64());
        assertEquals(Ipv8Address.of(0, 0xCB007102), route.nextHop());
        assertTrue(config.routes().get(1).drop());
        assertEquals(64499, config.eightToFourPeers().get(0).asn());
        assertEquals(0xC6336401, config.eightToFourPeers().get(0).ipv4Endpoint());

        final List<StaticNeighbor> neighbors = config.neighbors();
        assertEquals(2, neighbors.size());
        assertNull(neighbors.get(0).interfaceName());
        assertEquals(NeighborCapability.IPV8, neighbors.get(0).capability());
        assertEquals("p0", neighbors.get(1).interfaceName());
        assertEquals(0x0200_0000_000AL, neighbors.get(1).mac());
        assertEquals(NeighborCapability.IPV4_ONLY, neighbors.get(1).capability());
        assertEquals(1, config.zonePermits().get(0).fromGroup());

        final InterfaceConfig p0 = config.findInterface("p0");
        assertEquals(PortKind.PCAP, p0.port().kind());
        assertEquals("in0.pcap", p0.port().argument());
        assertEquals(0x0200_0000_0001L, p0.mac());
        assertEquals(9000, p0.mtu());
        assertEquals(2, p0.addresses().size());
        assertEquals(Ipv8Address.of(0x7F01_0000, 0x0A00_0001), p0.addresses().get(1).address());
        assertEquals(56, p0.addresses().get(1).length64(), "hyphen form counts host bits");
        assertEquals(List.of(0x7F01_0000, 0x7F02_0000), p0.zones().stream().map(z -> z.zoneR()).toList());
        assertEquals(1, p0.zones().get(1).group(), "default group 1");
        assertTrue(p0.gatewayPair().even());

        final InterfaceConfig p1 = config.findInterface("p1");
        assertEquals(PortKind.DPDK, p1.port().kind());
        assertEquals(InterfaceRole.EXTERNAL, p1.role());
        assertEquals(List.of(64497L, 64498L), p1.peerAsns());
        assertTrue(p1.shutdown());
        assertEquals(Ipv8Address.of(0, 0xCB007101), p1.addresses().get(0).address());
        assertEquals(62, p1.addresses().get(0).length64());

        assertEquals(InterfaceRole.INTERIOR_LINK, config.findInterface("p2").role());
        assertEquals(PortKind.RING, config.findInterface("p2").port().kind());
        assertNotNull(config.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown statement          | routing on                               | 1 | 1  | unknown statement 'routing'
        unknown ipv8 keyword       | ipv8 routin                              | 1 | 6  | unknown keyword 'ipv8 routin'
        trailing word              | ipv8 routing now                         | 1 | 14 | unexpected 'now'
        missing asn                | ipv8 asn                                 | 1 | 9  | incomplete statement
        bad asn                    | ipv8 asn 64x96                           | 1 | 10 | asplain
        too big asn                | ipv8 asn 4294967296                      | 1 | 10 | > 4294967295
        reserved asn               | ipv8 asn 2130706433                      | 1 | 10 | reserved r range
        bad ethertype              | ipv8 ethertype 8080                      | 1 | 16 | 0xHHHH
        ipv4 ethertype             | ipv8 ethertype 0x0800                    | 1 | 16 | already used for IPv4
        qinq ethertype             | ipv8 ethertype 0x88a8                    | 1 | 16 | VLAN tags
        length not type            | ipv8 ethertype 0x05dc                    | 1 | 16 | 802.3 lengths
        bad on/off                 | ipv8 accept-v8-on-0800 yes               | 1 | 24 | 'on' or 'off'
        bad route prefix           | ipv8 route 64497.0.0.0.1/16 1.2.3.4      | 1 | 12 | bad prefix
        bad next hop               | ipv8 route 64497.0.0.0.0/0 1.2.3.256     | 1 | 28 | bad address
        8to4 not ipv4              | ipv8 8to4 peer 64499 64499.1.2.3.4       | 1 | 22 | IPv4 address
        neighbor capability        | ipv8 neighbor 1.2.3.4 02:00:00:00:00:01 v8 | 1 | 41 | 'ipv8' or 'ipv4'
        bad mac                    | ipv8 neighbor 1.2.3.4 02:00:00:00:01 ipv8 | 1 | 23 | HH:HH
        fast-path value            | ipv8 fast-path maybe                     | 1 | 16 | on
        interface keyword global   | ipv8 role external                       | 1 | 6  | inside an interface block
        indented outside block     | '  mtu 1500'                             | 1 | 3  | outside an interface
        """)
    void errorsNameLineColumnAndWhatWasExpected(final String name, final String text, final int line, final int column,
        final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("bad.conf", text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.conf:" + line + ":" + column + ": "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown interface stmt | ' speed 10g'                          | 2 | 2  | unknown interface statement 'speed'
        bad role               | ' ipv8 role border'                   | 2 | 12 | unknown role 'border'
        address no length      | ' ipv8 address 64496.192.0.2.254'     | 2 | 15 | missing '/LENGTH'
        address length         | ' ipv8 address 64496.192.0.2.254/33'  | 2 | 15 | outside 0..32
        multicast address      | ' ipv8 address 255.255.0.0.224.0.0.1/64' | 2 | 15 | multicast
        zone outside 127       | ' ipv8 zone 10.1.0.0'                 | 2 | 12 | 127.0.0.0/8
        zone group             | ' ipv8 zone 127.1.0.0 group 0'        | 2 | 28 | outside 1..255
        zone form              | ' ipv8 zone 127.1.0.0.5'              | 2 | 12 | routing prefix 127.A.B.C
        port kind              | ' port tap'                           | 2 | 7  | unknown port kind
        pcap needs two files   | ' port pcap in.pcap'                  | 2 | 19 | incomplete statement
        mtu range              | ' mtu 20'                             | 2 | 6  | outside 68..9216
        gateway pair parity    | ' ipv8 gateway-pair left peer 1.2.3.4' | 2 | 20 | 'even' or 'odd'
        gateway pair vlan word | ' ipv8 gateway-pair even peer 1.2.3.4 vid 5' | 2 | 38 | 'vlan'
        gateway pair vlan range | ' ipv8 gateway-pair even peer 1.2.3.4 vlan 4096' | 2 | 43 | outside 0..4095
        """)
    void interfaceErrors(final String name, final String statement, final int line, final int column, final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigParser.parse("if.conf", "interface p0\n" + statement + "\n"));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void gatewayPairKnobs() throws ConfigException
    {
        final RouterConfig c = ConfigParser.parse("gw.conf", """
            ipv8 gateway-pair hello-interval 200
            ipv8 gateway-pair dead-interval 700
            ipv8 gateway-pair preempt-delay 5000
            ipv8 gateway-pair udp-port 9254
            ipv8 gateway-pair hello-destination multicast
            interface seg
             ipv8 address 64496.192.0.2.253/24
             ipv8 gateway-pair odd peer 64496.192.0.2.254 vlan 11
            """);
        assertEquals(200, c.gatewayPairTimers().helloIntervalMs());
        assertEquals(700, c.gatewayPairTimers().deadIntervalMs());
        assertEquals(5000, c.gatewayPairTimers().preemptDelayMs());
        assertEquals(9254, c.gatewayPairTimers().udpPort());
        assertEquals(GatewayPairTimers.HelloDestination.MULTICAST, c.gatewayPairTimers().helloDestination());
        assertEquals(GatewayPairTimers.HelloDestination.UNICAST, ConfigParser.parse("d.conf", "ipv8 routing\n")
            .gatewayPairTimers().helloDestination(), "unicast hellos by default (profile 9.1)");
        final ConfigModel.GatewayPair p = c.interfaces().get(0).gatewayPair();
        assertEquals(new ConfigModel.GatewayPair(false, 0x0000_FBF0_C000_02FEL, 11), p);
        assertEquals(0x0000_FBF0_C000_02FDL, RouterBuilder.ownVip(c.interfaces().get(0)));
        final org.ipv8router.dataplane.forward.RouterSpec spec =
            RouterBuilder.toSpec(c, org.ipv8router.dataplane.fib.Dir24_8.Layout.DIR_16_8_8);
        assertEquals(List.of(new org.ipv8router.dataplane.forward.RouterSpec.GatewayPair("seg", false,
            0x0000_FBF0_C000_02FDL, 0x0000_FBF0_C000_02FEL, 11)), spec.gatewayPairs());
        assertTrue(RouterBuilder.warnings(c).isEmpty(), RouterBuilder.warnings(c).toString());
    }

    @Test
    void gatewayPairErrors()
    {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "ipv8 gateway-pair dead-interval 900\n"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("dead interval 900 ms must be above the hello interval (1000 ms)"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "ipv8 gateway-pair hold-time 3\n"));
        assertTrue(e.getMessage().contains("unknown gateway-pair setting 'hold-time'"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "ipv8 gateway-pair hello-destination broadcast\n"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("hello-destination 'broadcast': expected unicast"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "interface seg\n ipv8 address 64496.192.0.2.1/24\n ipv8 gateway-pair even peer 64496.192.0.2.253\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("the even member must be 64496.192.0.2.254 and its peer 64496.192.0.2.253"),
            e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "interface seg\n ipv8 address 64496.192.0.2.254/24\n ipv8 gateway-pair even peer 64496.198.51.100.253\n"));
        assertTrue(e.getMessage().contains("the peer is on no prefix of the interface's addresses"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("gw.conf",
            "interface seg\n ipv8 address 64496.192.0.2.253/24\n ipv8 gateway-pair even peer 64496.192.0.2.254\n"));
        assertTrue(e.getMessage().contains("the even member must be 64496.192.0.2.254"), e.getMessage());
    }

    @Test
    void crossStatementErrors()
    {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("dup.conf",
            "interface p0\n ipv8 address 1.2.3.4/24\ninterface p0\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("already defined at line 1"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("dupaddr.conf",
            "interface p0\n ipv8 address 1.2.3.4/24\ninterface p1\n ipv8 address 0.0.0.0.1.2.3.4/62\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("configured twice"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("nbr.conf",
            "interface p0\n ipv8 address 1.2.3.4/24\nipv8 neighbor 5.6.7.8 02:00:00:00:00:01 ipv4\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("no connected subnet"), e.getMessage());
    }

    @Test
    void commentsBlankLinesAndExitAreHarmless()
        throws ConfigException
    {
        final RouterConfig config = ConfigParser.parse("c.conf", """
            # header comment

            interface p0   ! trailing comment
             ! indented comment
             ipv8 address 1.2.3.4/24
            exit
            ipv8 routing
            """);
        assertTrue(config.routing());
        assertEquals(1, config.findInterface("p0").addresses().size());
    }
}
