package org.ipv8router.config;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Network;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.dataplane.neighbor.Arp8Timers;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.wire.Ipv8Address;

/**
 * A short description of a parsed configuration, as text lines and as JSON: what {@code ipv8 config check} prints
 * for a good file and what {@code show config} adds to the file text.
 */
public final class ConfigSummary
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigSummary()
    {
    }

    /** Text lines, e.g. "ipv8 routing on, asn 64496 (r 0.0.251.240)". */
    public static List<String> lines(final RouterConfig c)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("ipv8 routing " + (c.routing() ? "on" : "off") + ", " +
            (c.hasAsn() ? "asn " + c.asn() + " (r " + Ipv8Address.toIpv4((int)c.asn()) + ")" : "no local asn"));
        lines.add("ethertype " + String.format("0x%04x", c.etherType()) + ", accept-v8-on-0800 " +
            (c.acceptV8On0800() ? "on" : "off") + ", egress-validation " + c.egressValidation().name().toLowerCase());
        for (final InterfaceConfig i : c.interfaces())
        {
            final List<String> addresses = new ArrayList<>();
            for (final InterfaceAddress a : i.addresses())
            {
                addresses.add(Ipv8Address.toString(a.address()) + "/" + a.length64());
            }
            lines.add("interface " + i.name() + ": role " + i.role().keyword() + ", mtu " + i.mtu() +
                (addresses.isEmpty() ? ", no address" : ", " + String.join(" ", addresses)) +
                (i.acl8().isEmpty() ? "" : ", acl8 " + i.acl8().size() + " rule(s)") +
                (i.gatewayPair() == null ? "" : ", gateway-pair " + (i.gatewayPair().even() ? "even" : "odd") +
                    " peer " + Ipv8Address.toString(i.gatewayPair().peer()) + " vlan " + i.gatewayPair().vlan()) +
                (i.port() != null ? ", port " + i.port().kind().name().toLowerCase() : "") +
                (i.exceptionPath() != null ? ", exception-path tap " + i.exceptionPath().kernelInterface() + " (" +
                    String.join(" ", i.kernelAddresses()) + ")" : "") +
                (i.shutdown() ? ", shutdown" : ""));
        }
        lines.add("return-flow " + (c.returnFlowEntries() == 0 ? "off" : "entries " + c.returnFlowEntries() +
            ", idle-timeout " + c.returnFlowIdleTimeout() + " s, tcp-idle-timeout " + c.returnFlowTcpIdleTimeout() +
            " s") + ", " + c.egressPermits().size() + " egress permit(s)");
        final Arp8Timers t = c.arp8Timers();
        lines.add("arp8: probe-gap " + ConfigDiff.ms(t.probeGapNs()) + ", round-interval " +
            ConfigDiff.ms(t.roundIntervalNs()) + ", rounds " + t.rounds() + ", arp4-grace " + ConfigDiff.ms(t.arp4GraceNs()) +
            ", reachable-time " + ConfigDiff.seconds(t.reachableNs()) + ", hard-lifetime " +
            ConfigDiff.seconds(t.hardLifetimeNs()) + ", failed-time " + ConfigDiff.seconds(t.negativeNs()) +
            ", queue-per-neighbor " + t.queuePerNeighbor());
        if (c.dpdk().line() > 0 || usesDpdk(c))
        {
            final List<String> knobs = new ArrayList<>();
            c.dpdk().knobs().forEach((k, v) -> knobs.add(k + " " + v));
            lines.add("dpdk" + (c.dpdk().line() > 0 ? "" : " (defaults)") + ": " + String.join(", ", knobs));
        }
        final Bgp8Router b = c.bgp8();
        if (b != null)
        {
            lines.add("router bgp8 " + b.asn() + ": router-id " + Ipv8Address.toIpv4(b.routerId()) + ", " +
                (b.listenHost() == null ? "no listener" : "listen " + b.listenHost() + " port " + b.listenPort()) +
                ", " + b.neighbors().size() + " neighbor(s), " + b.networks().size() + " network(s)");
            for (final Bgp8Neighbor n : b.neighbors())
            {
                lines.add("  neighbor " + ConfigDiff.describeBgpNeighbor(n));
            }
            for (final Bgp8Network n : b.networks())
            {
                lines.add("  network " + ConfigDiff.prefix(n.prefix(), n.length64()));
            }
        }
        else
        {
            lines.add("no router bgp8 block (BGP8 off)");
        }
        final Whois8Settings w = c.whois8();
        if (w != null)
        {
            lines.add("whois8: registry " + w.registry() + ", trust-anchor " + w.trustAnchor() + ", ca " +
                (w.ca() == null ? "system default" : w.ca()) + ", mode " + mode(w) + ", poll " +
                (w.pollSeconds() == 0 ? "client default" : w.pollSeconds() + " s"));
        }
        else if (b != null)
        {
            lines.add("no whois8 block: BGP8 routes are not validated (allow-all)");
        }
        lines.add(c.interfaces().size() + " interface(s), " + c.routes().size() + " static route(s), " +
            c.neighbors().size() + " static neighbor(s), " + c.eightToFourPeers().size() + " 8to4 peer(s), " +
            c.zonePermits().size() + " zone permit(s)");
        return lines;
    }

    /** The same facts as a JSON object (snake_case keys). */
    public static ObjectNode json(final RouterConfig c)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("source", c.source());
        node.put("routing", c.routing());
        if (c.hasAsn())
        {
            node.put("asn", c.asn());
        }
        else
        {
            node.putNull("asn");
        }
        node.put("ethertype", String.format("0x%04x", c.etherType()));
        node.put("accept_v8_on_0800", c.acceptV8On0800());
        node.put("egress_validation", c.egressValidation().name().toLowerCase());
        final ArrayNode interfaces = node.putArray("interfaces");
        for (final InterfaceConfig i : c.interfaces())
        {
            final ObjectNode n = interfaces.addObject();
            n.put("name", i.name());
            n.put("role", i.role().keyword());
            n.put("mtu", i.mtu());
            n.put("shutdown", i.shutdown());
            n.put("acl8_rules", i.acl8().size());
            if (i.gatewayPair() != null)
            {
                final ObjectNode pair = n.putObject("gateway_pair");
                pair.put("parity", i.gatewayPair().even() ? "even" : "odd");
                pair.put("peer", Ipv8Address.toString(i.gatewayPair().peer()));
                pair.put("vlan", i.gatewayPair().vlan());
            }
            final ArrayNode addresses = n.putArray("addresses");
            for (final InterfaceAddress a : i.addresses())
            {
                addresses.add(Ipv8Address.toString(a.address()) + "/" + a.length64());
            }
        }
        node.put("static_routes", c.routes().size());
        node.put("static_neighbors", c.neighbors().size());
        node.put("eight_to_four_peers", c.eightToFourPeers().size());
        node.put("zone_permits", c.zonePermits().size());
        node.put("return_flow_entries", c.returnFlowEntries());
        node.put("egress_permits", c.egressPermits().size());
        final Arp8Timers t = c.arp8Timers();
        node.putObject("arp8")
            .put("probe_gap_ms", t.probeGapNs() / 1_000_000L)
            .put("round_interval_ms", t.roundIntervalNs() / 1_000_000L)
            .put("rounds", t.rounds())
            .put("arp4_grace_ms", t.arp4GraceNs() / 1_000_000L)
            .put("reachable_time_s", t.reachableNs() / 1_000_000_000L)
            .put("hard_lifetime_s", t.hardLifetimeNs() / 1_000_000_000L)
            .put("failed_time_s", t.negativeNs() / 1_000_000_000L)
            .put("queue_per_neighbor", t.queuePerNeighbor());
        final ObjectNode dpdk = node.putObject("dpdk");
        dpdk.put("configured", c.dpdk().line() > 0);
        c.dpdk().knobs().forEach((k, v) -> dpdk.put(k.replace('-', '_'), v));
        final Bgp8Router b = c.bgp8();
        if (b == null)
        {
            node.putNull("bgp8");
        }
        else
        {
            final ObjectNode bgp = node.putObject("bgp8");
            bgp.put("asn", b.asn());
            bgp.put("router_id", Ipv8Address.toIpv4(b.routerId()));
            if (b.listenHost() == null)
            {
                bgp.putNull("listen");
            }
            else
            {
                bgp.putObject("listen").put("address", b.listenHost()).put("port", b.listenPort());
            }
            final ArrayNode neighbors = bgp.putArray("neighbors");
            for (final Bgp8Neighbor n : b.neighbors())
            {
                neighbors.addObject().put("address", n.address()).put("remote_as", n.remoteAs()).put("port", n.port())
                    .put("passive", n.passive()).put("max_prefix", n.maxPrefix()).put("link_cost", n.linkCost());
            }
            final ArrayNode networks = bgp.putArray("networks");
            for (final Bgp8Network n : b.networks())
            {
                networks.add(ConfigDiff.prefix(n.prefix(), n.length64()));
            }
        }
        final Whois8Settings w = c.whois8();
        if (w == null)
        {
            node.putNull("whois8");
        }
        else
        {
            final ObjectNode whois = node.putObject("whois8");
            whois.put("registry", w.registry());
            whois.put("trust_anchor", w.trustAnchor());
            if (w.ca() == null)
            {
                whois.putNull("ca");
            }
            else
            {
                whois.put("ca", w.ca());
            }
            whois.put("mode", mode(w));
            whois.put("poll_seconds", w.pollSeconds());
        }
        return node;
    }

    private static String mode(final Whois8Settings w)
    {
        return w.mode().name().toLowerCase().replace('_', '-');
    }

    private static boolean usesDpdk(final RouterConfig c)
    {
        for (final InterfaceConfig i : c.interfaces())
        {
            if (i.port() != null && i.port().kind() == ConfigModel.PortKind.DPDK)
            {
                return true;
            }
        }
        return false;
    }
}
