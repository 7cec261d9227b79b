package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigDiff.Change;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDiffTest
{
    private static final String BASE = """
        ipv8 routing
        ipv8 asn 64496
        ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1
        ipv8 route 64498.0.0.0.0/0 64496.192.0.2.1
        ipv8 8to4 peer 64510 198.51.100.1
        ipv8 zone-permit 1 2
        interface eth0
         port ring
         mac 02:00:00:00:00:01
         ipv8 address 64496.192.0.2.254/24
         ipv8 zone 127.1.0.0 group 1
         ipv8 neighbor 64496.192.0.2.1 02:00:00:00:00:aa ipv8
        interface eth1
         port ring
         ipv8 role external
         ipv8 address 64496.203.0.113.1/24
         ipv8 peer-asn 64497
        """;

    private static RouterConfig parse(final String text) throws ConfigException
    {
        return ConfigParser.parse("test.conf", text);
    }

    private static ConfigDiff diff(final String after) throws ConfigException
    {
        return ConfigDiff.between(parse(BASE), parse(after));
    }

    @Test
    void identicalConfigsHaveNoDiffEvenWhenReorderedOrCommented() throws ConfigException
    {
        assertTrue(diff(BASE).isEmpty());
        final String reordered = """
            ! same statements, other order and lines
            ipv8 asn 64496
            ipv8 zone-permit 1 2
            ipv8 route 64498.0.0.0.0/0 64496.192.0.2.1

            ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1
            ipv8 8to4 peer 64510 198.51.100.1
            ipv8 routing
            interface eth1
             ipv8 role external
             port ring
             ipv8 peer-asn 64497
             ipv8 address 64496.203.0.113.1/24
            interface eth0
             mac 02:00:00:00:00:01
             port ring
             ipv8 neighbor 64496.192.0.2.1 02:00:00:00:00:aa ipv8
             ipv8 zone 127.1.0.0 group 1
             ipv8 address 64496.192.0.2.254/24
            """;
        final ConfigDiff d = diff(reordered);
        assertTrue(d.isEmpty(), () -> String.join("\n", d.summaryLines()));
        assertEquals(List.of("no changes"), d.summaryLines());
        assertEquals("no changes", d.counts());
    }

    @Test
    void globalKnobs() throws ConfigException
    {
        final ConfigDiff d = diff(BASE.replace("ipv8 asn 64496\n", """
            ipv8 asn 64496
            ipv8 egress-validation enforce
            ipv8 ethertype 0x88b5
            ipv8 accept-v8-on-0800 off
            ipv8 icmp-on-filter on
            ipv8 l4-pseudo-header full64
            ipv8 xlate8 next-hop 64496.192.0.2.9
            ipv8 fib max-asns 1000
            """));
        assertEquals(List.of(
                new ConfigDiff.GlobalChange("ipv8 ethertype", "0x8080", "0x88b5"),
                new ConfigDiff.GlobalChange("ipv8 accept-v8-on-0800", "on", "off"),
                new ConfigDiff.GlobalChange("ipv8 l4-pseudo-header", "ipv4-compatible", "full64"),
                new ConfigDiff.GlobalChange("ipv8 icmp-on-filter", "off", "on"),
                new ConfigDiff.GlobalChange("ipv8 egress-validation", "off", "enforce"),
                new ConfigDiff.GlobalChange("ipv8 xlate8 next-hop", "none", "64496.192.0.2.9"),
                new ConfigDiff.GlobalChange("ipv8 fib max-asns", "200000", "1000")),
            d.globals());
        assertTrue(d.interfaces().isEmpty() && d.routes().isEmpty());
        assertEquals(1, d.restartRequired().size(), d.restartRequired().toString());
        assertTrue(d.restartRequired().getFirst().startsWith("ipv8 fib max-asns 200000 -> 1000"));
        assertTrue(d.summaryLines().contains("ipv8 egress-validation: off -> enforce"), d.summaryLines().toString());
    }

    @Test
    void gatewayPairTimersNeedARestart() throws ConfigException
    {
        final ConfigDiff d = diff(BASE.replace("ipv8 asn 64496\n", "ipv8 asn 64496\nipv8 gateway-pair dead-interval 5000\n"));
        assertEquals(List.of(new ConfigDiff.GlobalChange("ipv8 gateway-pair timers",
            "hello-interval 1000 dead-interval 3000 preempt-delay 0 udp-port 8254 hello-destination unicast",
            "hello-interval 1000 dead-interval 5000 preempt-delay 0 udp-port 8254 hello-destination unicast")), d.globals());
        assertEquals(1, d.restartRequired().size(), d.restartRequired().toString());
        assertTrue(d.restartRequired().getFirst().endsWith("gateway pairs are set up at start"),
            d.restartRequired().toString());
    }

    @Test
    void routingAndAsn() throws ConfigException
    {
        final ConfigDiff d = diff(BASE.replace("ipv8 routing\nipv8 asn 64496\n", "ipv8 asn 64499\n")
            .replace("64496.", "64499."));
        assertTrue(d.globals().contains(new ConfigDiff.GlobalChange("ipv8 routing", "on", "off")));
        assertTrue(d.globals().contains(new ConfigDiff.GlobalChange("ipv8 asn", "64496", "64499")));
    }

    @Test
    void routesAddedRemovedAndChangedByPrefix() throws ConfigException
    {
        final ConfigDiff d = diff(BASE
            .replace("ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1", "ipv8 route 64497.0.0.0.0/0 64496.192.0.2.2")
            .replace("ipv8 route 64498.0.0.0.0/0 64496.192.0.2.1\n", "ipv8 route 64500.10.0.0.0/8 drop\n"));
        assertEquals(1, d.routes().added().size());
        assertTrue(d.routes().added().getFirst().drop());
        assertEquals(1, d.routes().removed().size());
        assertEquals(Ipv8Address.of(64498, 0), d.routes().removed().getFirst().prefix());
        assertEquals(1, d.routes().changed().size());
        final Change<ConfigModel.StaticRoute> c = d.routes().changed().getFirst();
        assertEquals(Ipv8Address.parse("64496.192.0.2.1"), c.before().nextHop());
        assertEquals(Ipv8Address.parse("64496.192.0.2.2"), c.after().nextHop());
        assertEquals(List.of("next-hop via 64496.192.0.2.1 -> via 64496.192.0.2.2"), c.what());
        assertEquals("routes +1 -1 ~1", d.counts());
        assertTrue(d.restartRequired().isEmpty());
    }

    @Test
    void interfaceAddedAndRemoved() throws ConfigException
    {
        final String after = BASE.substring(0, BASE.indexOf("interface eth1")) + """
            interface eth2
             port ring
             ipv8 address 64496.198.51.100.1/24
            """;
        final ConfigDiff d = diff(after);
        assertEquals(List.of("eth2"), d.interfaces().added().stream().map(InterfaceConfig::name).toList());
        assertEquals(List.of("eth1"), d.interfaces().removed().stream().map(InterfaceConfig::name).toList());
        assertTrue(d.interfaces().changed().isEmpty());
        assertTrue(d.summaryLines().contains("interface eth2 (role internal, 1 address(es), port ring): added"),
            d.summaryLines().toString());
        assertTrue(d.summaryLines().contains("interface eth1 (role external, 1 address(es), port ring): removed"));
    }

    @Test
    void everyInterfaceAttributeIsNamed() throws ConfigException
    {
        final String after = BASE
            .replace(" port ring\n mac 02:00:00:00:00:01\n",
                " port pcap in.pcap out.pcap\n mac 02:00:00:00:00:02\n mtu 9000\n ipv8 role interior-link\n" +
                " ipv8 gateway-pair even peer 64496.192.0.2.253\n shutdown\n")
            .replace(" ipv8 address 64496.192.0.2.254/24\n", " ipv8 address 64496.192.0.2.254/24\n" +
                " ipv8 address 64496.192.0.3.254/24\n")
            .replace(" ipv8 zone 127.1.0.0 group 1\n", " ipv8 zone 127.2.0.0 group 1\n")
            .replace(" ipv8 peer-asn 64497\n", " ipv8 peer-asn 64497 64498\n");
        final ConfigDiff d = diff(after);
        assertEquals(2, d.interfaces().changed().size());
        final Change<InterfaceConfig> eth0 = d.interfaces().changed().get(0);
        assertEquals("eth0", eth0.after().name());
        final String what = String.join(" | ", eth0.what());
        for (final String expected : List.of("port ring -> pcap in.pcap out.pcap", "mac 02:00:00:00:00:01 -> 02:00:00:00:00:02",
            "mtu 1500 -> 9000", "addresses +64496.192.0.3.254/56", "role internal -> interior-link",
            "zones +127.2.0.0 group 1 -127.1.0.0 group 1", "gateway-pair none -> even peer 64496.192.0.2.253",
            "shutdown"))
        {
            assertTrue(what.contains(expected), "'" + expected + "' in " + what);
        }
        assertEquals(8, eth0.what().size(), what);
        final Change<InterfaceConfig> eth1 = d.interfaces().changed().get(1);
        assertEquals(List.of("peer-asn [64497] -> [64497, 64498]"), eth1.what());
        assertEquals(2, d.restartRequired().size(), d.restartRequired().toString());
        assertTrue(d.restartRequired().getFirst().startsWith("interface eth0 port ring -> pcap in.pcap out.pcap"));
        assertEquals("interface eth0 gateway-pair none -> even peer 64496.192.0.2.253: gateway pairs are set up at start",
            d.restartRequired().get(1));
        assertTrue(d.summaryLines().stream().anyMatch(l -> l.startsWith("interface eth0: changed: port ring")),
            d.summaryLines().toString());
        assertTrue(d.summaryLines().stream().anyMatch(l -> l.startsWith("needs restart: interface eth0 port")));
    }

    @Test
    void neighbours() throws ConfigException
    {
        final ConfigDiff changedMac = diff(BASE.replace("02:00:00:00:00:aa ipv8", "02:00:00:00:00:bb ipv4"));
        assertEquals(1, changedMac.neighbors().changed().size());
        assertEquals(List.of("mac 02:00:00:00:00:aa -> 02:00:00:00:00:bb", "capability ipv8 -> ipv4_only"),
            changedMac.neighbors().changed().getFirst().what());

        final ConfigDiff moved = diff(BASE.replace(" ipv8 neighbor 64496.192.0.2.1 02:00:00:00:00:aa ipv8\n", "") +
            "ipv8 neighbor 64496.192.0.2.7 02:00:00:00:00:cc ipv8\n");
        assertEquals(1, moved.neighbors().added().size());
        assertEquals(null, moved.neighbors().added().getFirst().interfaceName());
        assertEquals(1, moved.neighbors().removed().size());
        assertEquals("eth0", moved.neighbors().removed().getFirst().interfaceName());
        assertTrue(moved.interfaces().isEmpty(), "a neighbour is not an interface attribute");
    }

    @Test
    void eightToFourPeers() throws ConfigException
    {
        final ConfigDiff d = diff(BASE.replace("ipv8 8to4 peer 64510 198.51.100.1",
            "ipv8 8to4 peer 64510 198.51.100.2\nipv8 8to4 peer 64511 198.51.100.3"));
        assertEquals(1, d.eightToFourPeers().added().size());
        assertEquals(64511, d.eightToFourPeers().added().getFirst().asn());
        assertEquals(List.of("endpoint 198.51.100.1 -> 198.51.100.2"), d.eightToFourPeers().changed().getFirst().what());
        final ConfigDiff removed = diff(BASE.replace("ipv8 8to4 peer 64510 198.51.100.1\n", ""));
        assertEquals(1, removed.eightToFourPeers().removed().size());
        assertTrue(removed.summaryLines().contains("8to4 peer 64510 198.51.100.1: removed"), removed.summaryLines().toString());
    }

    @Test
    void zonePermits() throws ConfigException
    {
        final ConfigDiff d = diff(BASE.replace("ipv8 zone-permit 1 2", "ipv8 zone-permit 2 1"));
        assertEquals(1, d.zonePermits().added().size());
        assertEquals(2, d.zonePermits().added().getFirst().fromGroup());
        assertEquals(1, d.zonePermits().removed().size());
        assertEquals(1, d.zonePermits().removed().getFirst().fromGroup());
        assertFalse(d.isEmpty());
        assertEquals("zone-permits +1 -1 ~0", d.counts());
    }
}
