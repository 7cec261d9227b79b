package org.ipv8router.config;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
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
                (i.shutdown() ? ", shutdown" : ""));
        }
        lines.add("return-flow " + (c.returnFlowEntries() == 0 ? "off" : "entries " + c.returnFlowEntries() +
            ", idle-timeout " + c.returnFlowIdleTimeout() + " s, tcp-idle-timeout " + c.returnFlowTcpIdleTimeout() +
            " s") + ", " + c.egressPermits().size() + " egress permit(s)");
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
        return node;
    }
}
