package org.ipv8router.daemon.forward;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.status.CountersReader;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.ZoneMembership;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlHandlers;
import org.ipv8router.control.ControlResult;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.fib.AsnTable;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.forward.Acl8Rule;
import org.ipv8router.dataplane.forward.EgressPermit;
import org.ipv8router.dataplane.forward.EgressPermitTable;
import org.ipv8router.dataplane.forward.InterfaceTable;
import org.ipv8router.dataplane.forward.ReturnFlowTable;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.neighbor.NeighborState;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * The forwarding module's operational commands, text (FRR/Junos-like) and JSON (snake_case, stable keys; the
 * schema of each is in router-cli/DAEMON.md):
 * {@code show interfaces [NAME]}, {@code show route [PREFIX|ADDRESS]}, {@code show fib summary},
 * {@code show arp8 [NAME]}, {@code ping8 DST [-c N] [-i S] [-W S] [-s N]},
 * {@code ring inject NAME HEX}, {@code ring capture NAME [MAX]}, {@code egress-permit add|del ...},
 * {@code show egress-permits}, {@code show acl8 [NAME]} and {@code show return-flow}.
 * <p>
 * Thread rules: interface tables and port counters are immutable or atomic (read here directly); FIB walks and
 * lookups run on the control-plane thread (the FIB writer); neighbour caches are snapshot on the forwarding
 * thread, which owns them.
 */
final class ForwardingCommands
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final ForwardingModule module;

    ForwardingCommands(final ForwardingModule module)
    {
        this.module = module;
    }

    void register(final ControlHandlers handlers)
    {
        handlers.register("show interfaces", "interfaces: port, MAC, MTU, role, addresses, zones, link, counters",
            (args, json) -> interfaces(args));
        handlers.register("show route", "routes (static, connected, local), or the FIB lookup of one address/prefix",
            (args, json) -> args.isEmpty() ? routes() : lookup(args));
        handlers.register("show fib", "show fib summary: Tier 1 ASN count against the bound, tables and memory",
            (args, json) -> fibSummary(args));
        handlers.register("show arp8", "the ARP8/ARP4 neighbour caches (address, MAC, state, capability, age)",
            (args, json) -> arp8(args));
        handlers.register("ping8", "router-originated ICMPv8 echo: ping8 DST [-c N] [-i SECONDS] [-W SECONDS] [-s SIZE]",
            (args, json) -> ping8(args));
        handlers.register("ring", "far ends of 'port ring' interfaces: ring inject NAME HEX | ring capture NAME [MAX]",
            (args, json) -> ring(args));
        handlers.register("egress-permit", "Zone Server channel (spec 7.5): egress-permit add|del SRC DST-ADDRESS | " +
            "egress-permit add|del SRC asn ASN", (args, json) -> egressPermit(args));
        handlers.register("show egress-permits", "egress-validation mode, permits and check counters (spec 7.5)",
            (args, json) -> egressPermits(args));
        handlers.register("show acl8", "ACL8 permit lists per interface (spec 7.6): show acl8 [NAME]",
            (args, json) -> acl8(args));
        handlers.register("show return-flow", "return-flow table of downgraded flows (spec 3.5): entries and counters",
            (args, json) -> returnFlow(args));
    }

    // ------------------------------------------------------------------------------------------------ interfaces

    private ControlResult interfaces(final List<String> args) throws ControlException
    {
        if (args.size() > 1)
        {
            throw new ControlException("usage: show interfaces [NAME]");
        }
        final Router router = module.router();
        final RouterConfig config = module.config();
        final InterfaceTable table = router.interfaces();
        final ArrayNode list = MAPPER.createArrayNode();
        final StringBuilder text = new StringBuilder();
        boolean found = false;
        for (final Port port : router.ports())
        {
            final String name = port.name();
            if (!args.isEmpty() && !args.getFirst().equals(name))
            {
                continue;
            }
            found = true;
            final InterfaceConfig ic = config.findInterface(name);
            final int p = port.index();
            final PortCounters c = port.counters();
            final ObjectNode n = list.addObject();
            n.put("name", name);
            n.put("port_index", p);
            n.put("port_kind", module.kindOf(name));
            n.put("port_device", module.deviceOf(name));
            n.put("mac", MacAddress.format(table.mac(p)));
            n.put("mtu", table.mtu(p));
            n.put("role", ic.role().keyword());
            final ArrayNode addresses = n.putArray("addresses");
            final List<String> addressTexts = new ArrayList<>();
            for (final InterfaceAddress a : ic.addresses())
            {
                final String prefix = prefixText(a.address(), a.length64());
                addresses.addObject().put("address", addressText(a.address()))
                    .put("prefix", prefix).put("length64", a.length64());
                addressTexts.add(addressText(a.address()) + hostLength(a.length64()) );
            }
            final ArrayNode zones = n.putArray("zones");
            final List<String> zoneTexts = new ArrayList<>();
            for (final ZoneMembership z : ic.zones())
            {
                zones.addObject().put("zone", Ipv8Address.toIpv4(z.zoneR())).put("group", z.group());
                zoneTexts.add(Ipv8Address.toIpv4(z.zoneR()) + " group " + z.group());
            }
            final boolean up = port.isLinkUp();
            n.put("link", up ? "up" : "down");
            final String kernelPath = kernelPathText(ic, module.kernelPath(name));
            if (ic.exceptionPath() == null)
            {
                n.putNull("exception_path");
            }
            else
            {
                final ObjectNode e = n.putObject("exception_path");
                e.put("kind", "tap").put("kernel_interface", ic.exceptionPath().kernelInterface());
                final ArrayNode kernelAddresses = e.putArray("addresses");
                ic.kernelAddresses().forEach(kernelAddresses::add);
                if (module.kernelPath(name) instanceof org.ipv8router.dataplane.port.KernelPathPort k)
                {
                    e.put("to_kernel", k.toKernelFrames()).put("arp_copied", k.arpCopiedFrames())
                        .put("from_kernel", k.fromKernelFrames());
                }
            }
            n.putObject("counters")
                .put("rx_packets", c.rxPackets()).put("rx_bytes", c.rxBytes()).put("rx_drops", c.rxDrops())
                .put("tx_packets", c.txPackets()).put("tx_bytes", c.txBytes()).put("tx_drops", c.txDrops());
            text.append("Interface ").append(name).append(", port ").append(p).append(" (")
                .append(module.kindOf(name)).append(module.deviceOf(name) != null ? " " + module.deviceOf(name) : "")
                .append("), link ").append(up ? "up" : "down").append('\n');
            text.append(String.format("  MAC %s, MTU %d, role %s%n", MacAddress.format(table.mac(p)), table.mtu(p),
                ic.role().keyword()));
            text.append("  Addresses: ").append(addressTexts.isEmpty() ? "none" : String.join(", ", addressTexts))
                .append('\n');
            text.append("  Zones: ").append(zoneTexts.isEmpty() ? "none" : String.join(", ", zoneTexts)).append('\n');
            if (kernelPath != null)
            {
                text.append("  Exception path: ").append(kernelPath).append('\n');
            }
            text.append(String.format("  Input:  %d packets, %d octets, %d dropped%n", c.rxPackets(), c.rxBytes(),
                c.rxDrops()));
            text.append(String.format("  Output: %d packets, %d octets, %d dropped%n", c.txPackets(), c.txBytes(),
                c.txDrops()));
        }
        if (!found)
        {
            throw new ControlException("no interface '" + args.getFirst() + "'; interfaces: " + names(router));
        }
        final ObjectNode data = MAPPER.createObjectNode();
        data.set("interfaces", list);
        return new ControlResult(text.toString(), data);
    }

    // ------------------------------------------------------------------------------------------------ features

    private ControlResult egressPermit(final List<String> args) throws ControlException
    {
        final String usage = "usage: egress-permit add|del SRC DST-ADDRESS | egress-permit add|del SRC asn ASN " +
            "(SRC: ADDRESS, PREFIX or any)";
        if ((args.size() != 3 && args.size() != 4) || !(args.get(0).equals("add") || args.get(0).equals("del")))
        {
            throw new ControlException(usage);
        }
        final EgressPermit permit;
        try
        {
            final String src = args.get(1);
            final long source;
            final int length;
            if (src.equals("any"))
            {
                source = 0;
                length = 0;
            }
            else if (src.contains("/"))
            {
                final Ipv8Prefix prefix = Ipv8Prefix.parse(src);
                source = prefix.address();
                length = prefix.length();
            }
            else
            {
                source = Ipv8Address.parse(src);
                length = 64;
            }
            if (args.size() == 4)
            {
                if (!args.get(2).equals("asn") || !args.get(3).matches("[0-9]{1,10}") ||
                    Long.parseLong(args.get(3)) > 0xFFFF_FFFFL)
                {
                    throw new ControlException(usage);
                }
                permit = new EgressPermit(source, length, 0, true, Long.parseLong(args.get(3)));
            }
            else
            {
                permit = new EgressPermit(source, length, Ipv8Address.parse(args.get(2)), false, 0);
            }
        }
        catch (final IllegalArgumentException e)
        {
            throw new ControlException("egress-permit: " + e.getMessage());
        }
        final EgressPermitTable table = module.router().egressPermits();
        final boolean changed;
        try
        {
            changed = args.get(0).equals("add") ? table.add(permit) : table.remove(permit);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ControlException("egress-permit: " + e.getMessage());
        }
        final String what = args.get(0).equals("add") ? (changed ? "added" : "already present") :
            (changed ? "removed" : "not present");
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("permit", permit.toString());
        data.put("result", what.replace(' ', '_'));
        data.put("permits", table.size());
        return new ControlResult("egress permit " + permit + ": " + what + " (" + table.size() + " permit(s))\n", data);
    }

    private ControlResult egressPermits(final List<String> args) throws ControlException
    {
        if (!args.isEmpty())
        {
            throw new ControlException("usage: show egress-permits");
        }
        final EgressPermitTable table = module.router().egressPermits();
        final List<EgressPermit> permits = table.list();
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("mode", table.mode().name().toLowerCase());
        final ArrayNode list = data.putArray("permits");
        final StringBuilder text = new StringBuilder("Egress validation ").append(table.mode().name().toLowerCase())
            .append(", ").append(permits.size()).append(" permit(s)\n");
        for (final EgressPermit p : permits)
        {
            list.add(p.toString());
            text.append("  ").append(p).append('\n');
        }
        final ObjectNode counters = data.putObject("counters");
        for (final String name : List.of("checked", "permitted", "missed"))
        {
            final long value = counterValue("egress-validation " + name);
            counters.put(name, value);
            text.append(String.format("  %-10s %d%n", name, value));
        }
        return new ControlResult(text.toString(), data);
    }

    private ControlResult acl8(final List<String> args) throws ControlException
    {
        if (args.size() > 1)
        {
            throw new ControlException("usage: show acl8 [NAME]");
        }
        final Router router = module.router();
        final ArrayNode list = MAPPER.createArrayNode();
        final StringBuilder text = new StringBuilder();
        boolean found = false;
        for (final Port port : router.ports())
        {
            if (!args.isEmpty() && !args.getFirst().equals(port.name()))
            {
                continue;
            }
            found = true;
            final List<Acl8Rule> rules = router.acl8Table().rules(port.index());
            final ObjectNode n = list.addObject();
            n.put("interface", port.name());
            n.put("active", !rules.isEmpty());
            final ArrayNode r = n.putArray("rules");
            text.append("Interface ").append(port.name()).append(": ")
                .append(rules.isEmpty() ? "no ACL8 (not filtered)" : rules.size() + " rule(s), miss = deny").append('\n');
            for (int k = 0; k < rules.size(); k++)
            {
                r.add(rules.get(k).toString());
                text.append(String.format("  %4d %s%n", k + 1, rules.get(k)));
            }
        }
        if (!found)
        {
            throw new ControlException("no interface '" + args.getFirst() + "'; interfaces: " + names(router));
        }
        final long denied = module.router().counters().dropReasons().count(DropReason.ACL8_DENIED.ordinal());
        text.append("Denied (acl8_denied): ").append(denied).append('\n');
        final ObjectNode data = MAPPER.createObjectNode();
        data.set("interfaces", list);
        data.put("denied", denied);
        return new ControlResult(text.toString(), data);
    }

    private ControlResult returnFlow(final List<String> args) throws ControlException
    {
        if (!args.isEmpty())
        {
            throw new ControlException("usage: show return-flow");
        }
        final ReturnFlowTable table = module.router().returnFlows();
        final ObjectNode data = MAPPER.createObjectNode();
        if (table == null)
        {
            data.put("enabled", false);
            return new ControlResult("Return flows off (ipv8 return-flow entries 0)\n", data);
        }
        data.put("enabled", true);
        data.put("max_entries", table.maxEntries());
        final StringBuilder text = new StringBuilder("Return flows, at most ").append(table.maxEntries())
            .append(" entries\n");
        for (final String name : List.of("entries", "recorded", "refreshed", "hits", "restored", "evicted", "table-full"))
        {
            final long value = counterValue("return-flow " + name);
            data.put(name.replace('-', '_'), value);
            text.append(String.format("  %-10s %d%n", name, value));
        }
        return new ControlResult(text.toString(), data);
    }

    /** A counter of the counters file by label (published by the worker), or 0 when absent. */
    private long counterValue(final String label)
    {
        final CountersReader reader = module.router().counters().reader();
        final long[] value = {0};
        reader.forEach((id, type, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = reader.getCounterValue(id);
            }
        });
        return value[0];
    }

    private static String kernelPathText(final InterfaceConfig ic, final Port port)
    {
        if (ic.exceptionPath() == null)
        {
            return null;
        }
        final StringBuilder sb = new StringBuilder("tap ").append(ic.exceptionPath().kernelInterface()).append(" (")
            .append(String.join(", ", ic.kernelAddresses())).append(')');
        if (port instanceof org.ipv8router.dataplane.port.KernelPathPort k)
        {
            sb.append(", ").append(k.toKernelFrames()).append(" to kernel, ").append(k.arpCopiedFrames())
                .append(" ARP copied, ").append(k.fromKernelFrames()).append(" from kernel");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ routes

    /** One FIB route read on the writer thread. */
    private record Row(long prefix, int length64, int hop, byte kind, int port, long neighbor, int endpoint)
    {
    }

    private List<Row> fibRoutes()
    {
        final Fib fib = module.router().fib();
        return module.control().call("show route", () ->
        {
            final List<Row> rows = new ArrayList<>();
            final NextHopTable hops = fib.nextHops();
            final int defaultHop = fib.route(0, 0);
            if (defaultHop >= 0)
            {
                rows.add(row(hops, 0, 0, defaultHop));
            }
            fib.ipv4Table().forEachRoute((prefix, depth, hop) ->
                rows.add(row(hops, prefix & 0xFFFF_FFFFL, 32 + depth, hop)));
            for (final int r : fib.localRs())
            {
                final Dir24_8 t = fib.localTable(r);
                if (t != null)
                {
                    final long high = (r & 0xFFFF_FFFFL) << 32;
                    t.forEachRoute((prefix, depth, hop) -> rows.add(row(hops, high | (prefix & 0xFFFF_FFFFL),
                        32 + depth, hop)));
                }
            }
            fib.asnTable().forEachRoute((r, host, hostLength, hop) ->
                rows.add(row(hops, ((r & 0xFFFF_FFFFL) << 32) | (host & 0xFFFF_FFFFL), 32 + hostLength, hop)));
            rows.sort(Comparator.comparing((Row x) -> x.prefix(), Long::compareUnsigned)
                .thenComparingInt(Row::length64));
            return rows;
        });
    }

    private static Row row(final NextHopTable hops, final long prefix, final int length64, final int hop)
    {
        final byte kind = hops.kind(hop);
        final boolean forwarding = kind == NextHopTable.CONNECTED || kind == NextHopTable.EIGHT_TO_FOUR;
        return new Row(prefix, length64, hop, kind, forwarding ? hops.port(hop) : -1,
            kind == NextHopTable.CONNECTED ? hops.address(hop) : 0,
            kind == NextHopTable.EIGHT_TO_FOUR ? hops.ipv4Endpoint(hop) : 0);
    }

    private String kindOf(final Row r, final RouterConfig config)
    {
        for (final StaticRoute s : config.routes())
        {
            if (s.prefix() == r.prefix() && s.length64() == r.length64())
            {
                return "static";
            }
        }
        return switch (r.kind())
        {
            case NextHopTable.LOCAL -> "local";
            case NextHopTable.DROP -> "drop";
            case NextHopTable.EIGHT_TO_FOUR -> "8to4";
            case NextHopTable.CONNECTED -> r.neighbor() == 0 ? "connected" : "fib";
            default -> "unknown";
        };
    }

    private ObjectNode routeJson(final Row r, final RouterConfig config)
    {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("prefix", prefixText(r.prefix(), r.length64()));
        n.put("prefix_full_dotted", Ipv8Prefix.covering(r.prefix(), r.length64()).toFullDotted());
        n.put("length64", r.length64());
        n.put("kind", kindOf(r, config));
        n.put("next_hop", nextHopText(r));
        if (r.port() >= 0)
        {
            n.put("interface", module.router().interfaces().name(r.port()));
            n.put("port_index", r.port());
        }
        else
        {
            n.putNull("interface");
            n.putNull("port_index");
        }
        return n;
    }

    private static String nextHopText(final Row r)
    {
        return switch (r.kind())
        {
            case NextHopTable.CONNECTED -> r.neighbor() == 0 ? "directly connected" :
                addressText(r.neighbor());
            case NextHopTable.EIGHT_TO_FOUR -> "8to4 " + Ipv8Address.toIpv4(r.endpoint());
            case NextHopTable.LOCAL -> "local";
            case NextHopTable.DROP -> "drop";
            default -> "-";
        };
    }

    private static final String ROUTE_FORMAT = "%-3s %-36s %-26s %s%n";

    private String routeText(final Row r, final RouterConfig config)
    {
        final String code = switch (kindOf(r, config))
        {
            case "static" -> "S";
            case "connected" -> "C";
            case "local" -> "L";
            case "drop" -> "D";
            case "8to4" -> "T";
            default -> "F";
        };
        final String iface = r.port() >= 0 ? module.router().interfaces().name(r.port()) : "-";
        return String.format(ROUTE_FORMAT, code, prefixText(r.prefix(), r.length64()), nextHopText(r), iface);
    }

    private ControlResult routes()
    {
        final RouterConfig config = module.config();
        final List<Row> rows = fibRoutes();
        final StringBuilder text = new StringBuilder(
            "Codes: S static, C connected, L local address, D drop, T 8to4, F other FIB route\n\n");
        text.append(String.format(ROUTE_FORMAT, "", "Prefix", "Next hop", "Interface"));
        final ArrayNode list = MAPPER.createArrayNode();
        for (final Row r : rows)
        {
            text.append(routeText(r, config));
            list.add(routeJson(r, config));
        }
        text.append('\n').append(rows.size()).append(" route(s)\n");
        final ObjectNode data = MAPPER.createObjectNode();
        data.set("routes", list);
        data.put("count", rows.size());
        return new ControlResult(text.toString(), data);
    }

    private ControlResult lookup(final List<String> args) throws ControlException
    {
        if (args.size() != 1)
        {
            throw new ControlException("usage: show route [PREFIX|ADDRESS]");
        }
        final String arg = args.getFirst();
        final long destination;
        try
        {
            destination = arg.contains("/") ? Ipv8Prefix.parse(arg).address() : Ipv8Address.parse(arg);
        }
        catch (final Ipv8AddressFormatException e)
        {
            throw new ControlException("show route: " + e.getMessage());
        }
        final Fib fib = module.router().fib();
        final int hop = module.control().call("show route lookup", () -> fib.lookup(destination));
        final RouterConfig config = module.config();
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("query", arg);
        data.put("destination", addressText(destination));
        final StringBuilder text = new StringBuilder("Lookup of ").append(addressText(destination))
            .append(" (").append(arg).append("):\n");
        if (Fib.isMiss(hop))
        {
            final int code = Fib.icmpCode(hop);
            data.put("result", "miss");
            data.put("icmp_code", code);
            data.putNull("route");
            text.append("  no route: ").append(code == 6 ? "destination ASN unknown (ICMPv8 3/6)" :
                "network unreachable (ICMPv8 3/0)").append('\n');
            return new ControlResult(text.toString(), data);
        }
        // The longest installed prefix that covers the destination and carries the hop the FIB returned.
        Row best = null;
        for (final Row r : fibRoutes())
        {
            if (r.hop() == hop && Ipv8Prefix.contains(r.prefix(), r.length64(), destination) &&
                (best == null || r.length64() > best.length64()))
            {
                best = r;
            }
        }
        data.put("result", "route");
        data.putNull("icmp_code");
        if (best != null)
        {
            data.set("route", routeJson(best, config));
            text.append(String.format(ROUTE_FORMAT, "", "Prefix", "Next hop", "Interface"));
            text.append(routeText(best, config));
        }
        else
        {
            data.putNull("route");
            text.append("  next-hop index ").append(hop).append(" (route changed while looking)\n");
        }
        return new ControlResult(text.toString(), data);
    }

    // ------------------------------------------------------------------------------------------------ fib

    private ControlResult fibSummary(final List<String> args) throws ControlException
    {
        if (!(args.isEmpty() || args.equals(List.of("summary"))))
        {
            throw new ControlException("usage: show fib summary");
        }
        final Fib fib = module.router().fib();
        final ObjectNode data = module.control().call("show fib summary", () ->
        {
            final ObjectNode d = MAPPER.createObjectNode();
            final AsnTable asns = fib.asnTable();
            final int[] tier1Routes = {0};
            asns.forEachRoute((r, host, len, hop) -> tier1Routes[0]++);
            final ObjectNode tier1 = d.putObject("tier1");
            tier1.put("asn_count", asns.asnCount());
            tier1.put("max_asns", asns.maxAsns());
            tier1.put("asn_used_percent", asns.maxAsns() == 0 ? 0.0 :
                Math.round(10_000.0 * asns.asnCount() / asns.maxAsns()) / 100.0);
            tier1.put("routes", tier1Routes[0]);
            tier1.put("prefix_budget", asns.prefixBudget());
            tier1.put("slots", asns.capacity());
            tier1.put("asn_limit_hits", asns.asnLimitHits());
            tier1.put("prefix_budget_hits", asns.prefixBudgetHits());
            tier1.put("too_specific_rejects", asns.tooSpecificRejects());
            final int defaultHop = fib.route(0, 0);
            d.put("default_route", defaultHop >= 0);
            final ArrayNode tables = d.putArray("tables");
            table(tables, "ipv4", "0", fib.ipv4Table());
            final int[] locals = fib.localRs();
            java.util.Arrays.sort(locals);
            final ArrayNode localList = d.putArray("local_r");
            for (final int r : locals)
            {
                final String rText = rText(r);
                localList.add(rText);
                final Dir24_8 t = fib.localTable(r);
                if (t != null)
                {
                    table(tables, (r >>> 24) == 127 ? "zone" : "local", rText, t);
                }
            }
            final NextHopTable hops = fib.nextHops();
            d.putObject("next_hops").put("live", hops.liveCount()).put("capacity", hops.capacity());
            long memory = 0;
            for (final var t : tables)
            {
                memory += t.get("memory_bytes").asLong();
            }
            d.put("tier2_memory_bytes", memory);
            return d;
        });
        final ObjectNode t1 = (ObjectNode)data.get("tier1");
        final StringBuilder text = new StringBuilder();
        text.append(String.format("Tier 1 (ASN table): %d of %d ASNs (%.2f %%), %d route(s), prefix budget %d per ASN%n",
            t1.get("asn_count").asInt(), t1.get("max_asns").asInt(), t1.get("asn_used_percent").asDouble(),
            t1.get("routes").asInt(), t1.get("prefix_budget").asInt()));
        text.append(String.format("  refused: %d at the ASN bound, %d over the prefix budget, %d too specific%n",
            t1.get("asn_limit_hits").asLong(), t1.get("prefix_budget_hits").asLong(),
            t1.get("too_specific_rejects").asLong()));
        text.append("  default route (Tier 1 misses): ").append(data.get("default_route").asBoolean() ? "yes" : "no")
            .append('\n');
        text.append(String.format("Tier 2 tables:%n  %-6s %-20s %-11s %8s %10s %14s%n", "Kind", "r", "Layout", "Routes",
            "Groups", "Memory"));
        for (final var t : data.get("tables"))
        {
            text.append(String.format("  %-6s %-20s %-11s %8d %10s %14s%n", t.get("kind").asText(), t.get("r").asText(),
                t.get("layout").asText(), t.get("routes").asInt(),
                t.get("groups_in_use").asInt() + "/" + t.get("max_groups").asInt(),
                mib(t.get("memory_bytes").asLong())));
        }
        text.append("  total ").append(mib(data.get("tier2_memory_bytes").asLong())).append('\n');
        final List<String> locals = new ArrayList<>();
        data.get("local_r").forEach(n -> locals.add(n.asText()));
        text.append("Local r: ").append(locals.isEmpty() ? "none" : String.join(", ", locals)).append('\n');
        text.append(String.format("Next hops: %d live of %d%n", data.get("next_hops").get("live").asInt(),
            data.get("next_hops").get("capacity").asInt()));
        return new ControlResult(text.toString(), data);
    }

    private static void table(final ArrayNode tables, final String kind, final String r, final Dir24_8 t)
    {
        tables.addObject().put("kind", kind).put("r", r).put("layout", t.layout().name().toLowerCase())
            .put("routes", t.routeCount()).put("groups_in_use", t.groupsInUse()).put("max_groups", t.maxGroups())
            .put("memory_bytes", t.memoryBytes());
    }

    private static String mib(final long bytes)
    {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    /** An r value as written in configs: its ASN for r < 2^24, else dotted (127.1.0.0). */
    private static String rText(final int r)
    {
        final long u = r & 0xFFFF_FFFFL;
        return u < (1L << 24) ? Long.toString(u) : Ipv8Address.toIpv4(r);
    }

    // ------------------------------------------------------------------------------------------------ arp8

    /** One neighbour cache entry, copied on the forwarding thread. */
    private record Entry(long address, long mac, NeighborState state, NeighborCapability capability, long ageNs,
                         int queued)
    {
    }

    private record CacheSnapshot(String name, int size, int maxEntries, List<Entry> entries)
    {
    }

    private ControlResult arp8(final List<String> args) throws ControlException
    {
        if (args.size() > 1)
        {
            throw new ControlException("usage: show arp8 [NAME]");
        }
        final Router router = module.router();
        if (!args.isEmpty() && !names(router).contains(args.getFirst()))
        {
            throw new ControlException("no interface '" + args.getFirst() + "'; interfaces: " + names(router));
        }
        final List<CacheSnapshot> snapshots = module.worker().call("show arp8", () ->
        {
            final long now = System.nanoTime(); // the worker's clock is the system nano clock
            final List<CacheSnapshot> list = new ArrayList<>();
            for (final Port port : router.ports())
            {
                if (!args.isEmpty() && !args.getFirst().equals(port.name()))
                {
                    continue;
                }
                final Arp8Cache cache = router.neighbors(port.index());
                final List<Entry> entries = new ArrayList<>();
                cache.forEach(slot ->
                {
                    final long confirmed = cache.confirmedAt(slot);
                    entries.add(new Entry(cache.address(slot), cache.mac(slot), cache.state(slot),
                        cache.capability(slot), confirmed == 0 ? -1 : now - confirmed, cache.queued(slot)));
                });
                entries.sort(Comparator.comparing(Entry::address, Long::compareUnsigned));
                list.add(new CacheSnapshot(port.name(), cache.size(), cache.maxEntries(), entries));
            }
            return list;
        });
        final ArrayNode list = MAPPER.createArrayNode();
        final StringBuilder text = new StringBuilder(String.format("%-10s %-28s %-17s %-10s %-10s %8s %6s%n",
            "Interface", "Address", "MAC", "State", "Capability", "Age", "Queued"));
        for (final CacheSnapshot s : snapshots)
        {
            final ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.put("size", s.size());
            n.put("max_entries", s.maxEntries());
            final ArrayNode entries = n.putArray("entries");
            for (final Entry e : s.entries())
            {
                final boolean resolved = e.state() != NeighborState.INCOMPLETE && e.state() != NeighborState.FAILED;
                final ObjectNode en = entries.addObject();
                en.put("address", addressText(e.address()));
                if (resolved)
                {
                    en.put("mac", MacAddress.format(e.mac()));
                }
                else
                {
                    en.putNull("mac");
                }
                en.put("state", e.state().name().toLowerCase());
                en.put("capability", capability(e.capability()));
                if (e.ageNs() >= 0 && e.state() != NeighborState.PERMANENT)
                {
                    en.put("age_ms", e.ageNs() / 1_000_000);
                }
                else
                {
                    en.putNull("age_ms");
                }
                en.put("queued", e.queued());
                text.append(String.format("%-10s %-28s %-17s %-10s %-10s %8s %6d%n", s.name(),
                    addressText(e.address()), resolved ? MacAddress.format(e.mac()) : "(incomplete)",
                    e.state().name().toLowerCase(), capabilityText(e.capability()),
                    e.ageNs() >= 0 && e.state() != NeighborState.PERMANENT ? formatAge(e.ageNs()) : "-",
                    e.queued()));
            }
        }
        final ObjectNode data = MAPPER.createObjectNode();
        data.set("interfaces", list);
        return new ControlResult(text.toString(), data);
    }

    private static String capability(final NeighborCapability c)
    {
        return switch (c)
        {
            case IPV8 -> "ipv8";
            case IPV4_ONLY -> "ipv4-only";
            case UNKNOWN -> "unknown";
        };
    }

    private static String capabilityText(final NeighborCapability c)
    {
        return switch (c)
        {
            case IPV8 -> "IPv8";
            case IPV4_ONLY -> "IPv4-only";
            case UNKNOWN -> "unknown";
        };
    }

    private static String formatAge(final long ns)
    {
        final long s = ns / 1_000_000_000L;
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }

    // ------------------------------------------------------------------------------------------------ ping8

    private ControlResult ping8(final List<String> args) throws ControlException
    {
        final Ping8Request request = Ping8Request.parse(args);
        return new Ping8Run(module, request).run();
    }

    // ------------------------------------------------------------------------------------------------ ring

    private ControlResult ring(final List<String> args) throws ControlException
    {
        if (args.size() < 2 || !(args.getFirst().equals("inject") || args.getFirst().equals("capture")))
        {
            throw new ControlException("usage: ring inject NAME HEX | ring capture NAME [MAX]; ring ports: " +
                module.ringNames());
        }
        final String name = args.get(1);
        final ForwardingModule.RingEnd end = module.ringEnd(name);
        if (end == null)
        {
            throw new ControlException("interface '" + name + "' has no ring port; ring ports: " + module.ringNames());
        }
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("interface", name);
        if (args.getFirst().equals("inject"))
        {
            if (args.size() != 3)
            {
                throw new ControlException("usage: ring inject NAME HEX (the whole Ethernet frame in hex)");
            }
            final byte[] frame;
            try
            {
                frame = HEX.parseHex(args.get(2).replace(":", "").replace(" ", ""));
            }
            catch (final IllegalArgumentException e)
            {
                throw new ControlException("ring inject: the frame is not hex: " + e.getMessage());
            }
            if (frame.length < 14)
            {
                throw new ControlException("ring inject: a frame needs at least 14 octets (Ethernet header), got " +
                    frame.length);
            }
            final boolean ok;
            synchronized (end.injectLock())
            {
                ok = end.host().inject(frame);
            }
            if (!ok)
            {
                throw new ControlException("ring inject: the ring of " + name + " is full or the frame too long");
            }
            data.put("injected", frame.length);
            return new ControlResult("injected " + frame.length + " octets on " + name + "\n", data);
        }
        int max = 1000;
        if (args.size() == 3)
        {
            try
            {
                max = Integer.parseInt(args.get(2));
            }
            catch (final NumberFormatException e)
            {
                throw new ControlException("ring capture: MAX must be a number, got '" + args.get(2) + "'");
            }
        }
        else if (args.size() > 3)
        {
            throw new ControlException("usage: ring capture NAME [MAX]");
        }
        final List<String> frames = new ArrayList<>();
        final int limit = Math.max(1, max);
        synchronized (end.captureLock())
        {
            end.host().drain((buffer, offset, length) ->
            {
                final byte[] f = new byte[length];
                buffer.getBytes(offset, f);
                frames.add(HEX.formatHex(f));
            }, limit);
        }
        final ArrayNode list = data.putArray("frames");
        final StringBuilder text = new StringBuilder();
        for (final String f : frames)
        {
            list.add(f);
            text.append(f).append('\n');
        }
        data.put("count", frames.size());
        text.append(frames.size()).append(" frame(s) captured on ").append(name).append('\n');
        return new ControlResult(text.toString(), data);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<String> names(final Router router)
    {
        final List<String> names = new ArrayList<>();
        for (final Port p : router.ports())
        {
            names.add(p.name());
        }
        return names;
    }

    /** A prefix as operators write it: ASN dot for P >= 32 (r < 2^24), IPv4 for r = 0, else full dotted. */
    static String prefixText(final long prefix, final int length64)
    {
        final Ipv8Prefix p = Ipv8Prefix.covering(prefix, length64);
        if (length64 >= 32 && (prefix >>> 32) == 0)
        {
            return Ipv8Address.toIpv4((int)p.address()) + "/" + (length64 - 32);
        }
        return p.toString();
    }

    /** An address as operators write it: IPv4 for r = 0, else the spec 1.2 printer rule (ASN dot). */
    static String addressText(final long address)
    {
        return (address >>> 32) == 0 ? Ipv8Address.toIpv4((int)address) : Ipv8Address.toString(address);
    }

    private static String hostLength(final int length64)
    {
        return "/" + (length64 >= 32 ? length64 - 32 : length64);
    }
}
