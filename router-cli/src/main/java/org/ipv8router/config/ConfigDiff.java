package org.ipv8router.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Network;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.EgressPermitEntry;
import org.ipv8router.config.ConfigModel.EightToFourPeer;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.PortSpec;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.config.ConfigModel.ZoneMembership;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * What changed between two configurations, so that a reload applies only the difference: no data plane restart,
 * and nothing that did not change is touched. A pure function of the two {@link RouterConfig}s ({@link #between});
 * source line numbers and statement order do not count as changes.
 * <p>
 * Identity of each kind of item (an item whose identity is in both configs but whose other attributes differ is
 * "changed", not removed + added, so it can be replaced in place without a gap):
 * <ul>
 *   <li>interface: its name; attributes compared: port, mac, mtu, addresses (as a set), role, zones (set),
 *       peer-asn (set), gateway-pair, shutdown, acl8 (the ordered rule list: order matters, first match wins);</li>
 *   <li>static route: prefix and length; changed when the next hop (or drop) differs;</li>
 *   <li>static neighbour: interface (null for global ones) and address; changed when MAC or capability differ;</li>
 *   <li>8to4 peer: the remote ASN; changed when the IPv4 endpoint differs;</li>
 *   <li>zone permit: the (from, to) group pair (added or removed only);</li>
 *   <li>egress permit: the permit itself (added or removed only);</li>
 *   <li>global knobs: one {@link GlobalChange} per knob that differs.</li>
 * </ul>
 * Changes that the running data plane cannot take live are listed in {@link #restartRequired()} (table sizes fixed
 * at start, a port's backing device); a reload applies everything else and logs those.
 * <p>
 * <b>BGP8 and WHOIS8.</b> {@link #bgpNeighbors()} lists BGP8 neighbours keyed by peer address (changed: remote-as,
 * port, passive, max-prefix, link-cost), so a reload target touches only those sessions: neighbours absent from the
 * diff stay untouched. {@link #bgpSettings()} holds the speaker's own settings (ASN, router-id, listen, networks)
 * and the whois8 block, one {@link GlobalChange} per setting; they are kept apart from {@link #globals()} so the
 * forwarding reload does not see them.
 *
 * @param globals            global knobs that differ.
 * @param interfaces         interfaces added, removed, changed (with the attributes that changed).
 * @param routes             static routes.
 * @param neighbors          static neighbours.
 * @param eightToFourPeers   8to4 peers.
 * @param zonePermits        zone permits.
 * @param egressPermits      egress-validation permits.
 * @param bgpNeighbors       BGP8 neighbours (router bgp8 block).
 * @param bgpSettings        other router bgp8 and whois8 settings that differ.
 * @param restartRequired    one line per change a reload cannot apply live.
 */
public record ConfigDiff(
    List<GlobalChange> globals,
    Changes<InterfaceConfig> interfaces,
    Changes<StaticRoute> routes,
    Changes<StaticNeighbor> neighbors,
    Changes<EightToFourPeer> eightToFourPeers,
    Changes<ZonePermit> zonePermits,
    Changes<EgressPermitEntry> egressPermits,
    Changes<Bgp8Neighbor> bgpNeighbors,
    List<GlobalChange> bgpSettings,
    List<String> restartRequired)
{
    /** One global knob: its config keyword and the old and new values as written in a config. */
    public record GlobalChange(String knob, String before, String after)
    {
    }

    /** An item present in both configs with different attributes; {@code what} names them. */
    public record Change<T>(T before, T after, List<String> what)
    {
    }

    /** The added, removed and changed items of one kind, in the order of the config they come from. */
    public record Changes<T>(List<T> added, List<T> removed, List<Change<T>> changed)
    {
        public Changes
        {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
        }

        public boolean isEmpty()
        {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        /**
         * Matches items by key.
         *
         * @param differences names the attributes in which two items of the same key differ; empty if the same.
         */
        public static <T, K> Changes<T> compute(
            final List<T> before, final List<T> after, final Function<T, K> key,
            final BiFunction<T, T, List<String>> differences)
        {
            final Map<K, T> old = new LinkedHashMap<>();
            before.forEach(t -> old.putIfAbsent(key.apply(t), t));
            final Map<K, T> now = new LinkedHashMap<>();
            after.forEach(t -> now.putIfAbsent(key.apply(t), t));
            final List<T> added = new ArrayList<>();
            final List<Change<T>> changed = new ArrayList<>();
            for (final Map.Entry<K, T> e : now.entrySet())
            {
                final T was = old.get(e.getKey());
                if (was == null)
                {
                    added.add(e.getValue());
                }
                else
                {
                    final List<String> what = differences.apply(was, e.getValue());
                    if (!what.isEmpty())
                    {
                        changed.add(new Change<>(was, e.getValue(), List.copyOf(what)));
                    }
                }
            }
            final List<T> removed = new ArrayList<>();
            for (final Map.Entry<K, T> e : old.entrySet())
            {
                if (!now.containsKey(e.getKey()))
                {
                    removed.add(e.getValue());
                }
            }
            return new Changes<>(added, removed, changed);
        }
    }

    public ConfigDiff
    {
        globals = List.copyOf(globals);
        bgpSettings = List.copyOf(bgpSettings);
        restartRequired = List.copyOf(restartRequired);
    }

    /** The difference from {@code before} to {@code after}. */
    public static ConfigDiff between(final RouterConfig before, final RouterConfig after)
    {
        final List<GlobalChange> globals = new ArrayList<>();
        global(globals, "ipv8 routing", before.routing() ? "on" : "off", after.routing() ? "on" : "off");
        global(globals, "ipv8 asn", before.hasAsn() ? Long.toString(before.asn()) : "none",
            after.hasAsn() ? Long.toString(after.asn()) : "none");
        global(globals, "ipv8 ethertype", hex4(before.etherType()), hex4(after.etherType()));
        global(globals, "ipv8 accept-v8-on-0800", onOff(before.acceptV8On0800()), onOff(after.acceptV8On0800()));
        global(globals, "ipv8 l4-pseudo-header", before.l4Full64() ? "full64" : "ipv4-compatible",
            after.l4Full64() ? "full64" : "ipv4-compatible");
        global(globals, "ipv8 icmp-on-filter", onOff(before.icmpOnFilter()), onOff(after.icmpOnFilter()));
        global(globals, "ipv8 fast-path", onOff(before.fastPath()), onOff(after.fastPath()));
        global(globals, "ipv8 accept-hyphen-notation", onOff(before.acceptHyphenNotation()),
            onOff(after.acceptHyphenNotation()));
        global(globals, "ipv8 egress-validation", before.egressValidation().name().toLowerCase(),
            after.egressValidation().name().toLowerCase());
        global(globals, "ipv8 xlate8 next-hop", addressOrNone(before.xlate8NextHop()),
            addressOrNone(after.xlate8NextHop()));
        global(globals, "ipv8 fib max-asns", Integer.toString(before.fibMaxAsns()), Integer.toString(after.fibMaxAsns()));
        global(globals, "ipv8 fib asn-prefix-budget", Integer.toString(before.fibAsnPrefixBudget()),
            Integer.toString(after.fibAsnPrefixBudget()));
        global(globals, "ipv8 return-flow entries", Integer.toString(before.returnFlowEntries()),
            Integer.toString(after.returnFlowEntries()));
        global(globals, "ipv8 return-flow idle-timeout", Integer.toString(before.returnFlowIdleTimeout()),
            Integer.toString(after.returnFlowIdleTimeout()));
        global(globals, "ipv8 return-flow tcp-idle-timeout", Integer.toString(before.returnFlowTcpIdleTimeout()),
            Integer.toString(after.returnFlowTcpIdleTimeout()));
        global(globals, "ipv8 gateway-pair timers", pairTimers(before), pairTimers(after));

        arp8(globals, before.arp8Timers(), after.arp8Timers());
        final java.util.Map<String, String> dpdk0 = before.dpdk().knobs();
        final java.util.Map<String, String> dpdk1 = after.dpdk().knobs();
        for (final java.util.Map.Entry<String, String> k : dpdk0.entrySet())
        {
            global(globals, "dpdk " + k.getKey(), k.getValue(), dpdk1.get(k.getKey()));
        }

        final Changes<InterfaceConfig> interfaces =
            Changes.compute(before.interfaces(), after.interfaces(), InterfaceConfig::name, ConfigDiff::interfaceDifferences);
        final Changes<StaticRoute> routes = Changes.compute(before.routes(), after.routes(),
            r -> List.of(r.prefix(), r.length64()),
            (a, b) -> a.drop() == b.drop() && a.nextHop() == b.nextHop() ? List.of() :
                List.of("next-hop " + nextHop(a) + " -> " + nextHop(b)));
        final Changes<StaticNeighbor> neighbors = Changes.compute(before.neighbors(), after.neighbors(),
            n -> java.util.Arrays.asList(n.interfaceName(), n.address()),
            (a, b) ->
            {
                final List<String> what = new ArrayList<>();
                if (a.mac() != b.mac())
                {
                    what.add("mac " + mac(a.mac()) + " -> " + mac(b.mac()));
                }
                if (a.capability() != b.capability())
                {
                    what.add("capability " + capability(a) + " -> " + capability(b));
                }
                return what;
            });
        final Changes<EightToFourPeer> peers = Changes.compute(before.eightToFourPeers(), after.eightToFourPeers(),
            EightToFourPeer::asn,
            (a, b) -> a.ipv4Endpoint() == b.ipv4Endpoint() ? List.of() : List.of("endpoint " +
                Ipv8Address.toIpv4(a.ipv4Endpoint()) + " -> " + Ipv8Address.toIpv4(b.ipv4Endpoint())));
        final Changes<ZonePermit> permits = Changes.compute(before.zonePermits(), after.zonePermits(),
            p -> List.of(p.fromGroup(), p.toGroup()), (a, b) -> List.of());
        final Changes<EgressPermitEntry> egressPermits = Changes.compute(before.egressPermits(), after.egressPermits(),
            EgressPermitEntry::permit, (a, b) -> List.of());

        final List<String> restart = new ArrayList<>();
        for (final GlobalChange g : globals)
        {
            if (g.knob().startsWith("ipv8 fib "))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() + ": FIB tables are sized at start");
            }
            if (g.knob().startsWith("ipv8 return-flow "))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() +
                    ": the return-flow table is sized at start");
            }
            if (g.knob().equals("ipv8 gateway-pair timers"))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() + ": gateway pairs are set up at start");
            }
            if (g.knob().startsWith("ipv8 arp8 "))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() +
                    ": neighbour caches and their packet queues are built at start");
            }
            if (g.knob().startsWith("dpdk "))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() +
                    ": the DPDK EAL is initialised once per process (restart the daemon)");
            }
            if (g.knob().equals("ipv8 fast-path"))
            {
                restart.add(g.knob() + " " + g.before() + " -> " + g.after() + ": the forwarding graph is built at start");
            }
        }
        for (final Change<InterfaceConfig> c : interfaces.changed())
        {
            if (!Objects.equals(c.before().port(), c.after().port()))
            {
                restart.add("interface " + c.after().name() + " port " + port(c.before().port()) + " -> " +
                    port(c.after().port()) + ": a port's backing device is opened at start");
            }
            if (!Objects.equals(exceptionPath(c.before()), exceptionPath(c.after())))
            {
                restart.add("interface " + c.after().name() + " exception-path " + exceptionPath(c.before()) + " -> " +
                    exceptionPath(c.after()) + ": the kernel TAP is created at start");
            }
            if (!Objects.equals(c.before().gatewayPair(), c.after().gatewayPair()))
            {
                restart.add("interface " + c.after().name() + " gateway-pair " + gatewayPair(c.before()) + " -> " +
                    gatewayPair(c.after()) + ": gateway pairs are set up at start");
            }
        }
        final List<Bgp8Neighbor> noNeighbors = List.of();
        final Changes<Bgp8Neighbor> bgpNeighbors = Changes.compute(
            before.bgp8() == null ? noNeighbors : before.bgp8().neighbors(),
            after.bgp8() == null ? noNeighbors : after.bgp8().neighbors(),
            Bgp8Neighbor::address, ConfigDiff::bgpNeighborDifferences);
        final List<GlobalChange> bgpSettings = new ArrayList<>();
        final Bgp8Router b0 = before.bgp8();
        final Bgp8Router b1 = after.bgp8();
        global(bgpSettings, "router bgp8", b0 == null ? "none" : Long.toString(b0.asn()), b1 == null ? "none" : Long.toString(b1.asn()));
        global(bgpSettings, "router bgp8 router-id", b0 == null ? "none" : Ipv8Address.toIpv4(b0.routerId()),
            b1 == null ? "none" : Ipv8Address.toIpv4(b1.routerId()));
        global(bgpSettings, "router bgp8 listen", listen(b0), listen(b1));
        global(bgpSettings, "router bgp8 network", networks(b0), networks(b1));
        final Whois8Settings w0 = before.whois8();
        final Whois8Settings w1 = after.whois8();
        global(bgpSettings, "whois8", whois8(w0), whois8(w1));
        return new ConfigDiff(globals, interfaces, routes, neighbors, peers, permits, egressPermits, bgpNeighbors,
            bgpSettings, restart);
    }

    private static List<String> bgpNeighborDifferences(final Bgp8Neighbor a, final Bgp8Neighbor b)
    {
        final List<String> what = new ArrayList<>();
        if (a.remoteAs() != b.remoteAs())
        {
            what.add("remote-as " + a.remoteAs() + " -> " + b.remoteAs());
        }
        if (a.port() != b.port())
        {
            what.add("port " + a.port() + " -> " + b.port());
        }
        if (a.passive() != b.passive())
        {
            what.add("passive " + onOff(a.passive()) + " -> " + onOff(b.passive()));
        }
        if (a.maxPrefix() != b.maxPrefix())
        {
            what.add("max-prefix " + a.maxPrefix() + " -> " + b.maxPrefix());
        }
        if (a.linkCost() != b.linkCost())
        {
            what.add("link-cost " + a.linkCost() + " -> " + b.linkCost());
        }
        return what;
    }

    private static String listen(final Bgp8Router b)
    {
        return b == null || b.listenHost() == null ? "none" : b.listenHost() + " port " + b.listenPort();
    }

    private static String networks(final Bgp8Router b)
    {
        if (b == null || b.networks().isEmpty())
        {
            return "none";
        }
        final java.util.TreeSet<String> set = new java.util.TreeSet<>();
        for (final Bgp8Network n : b.networks())
        {
            set.add(prefix(n.prefix(), n.length64()));
        }
        return String.join(" ", set);
    }

    private static String whois8(final Whois8Settings w)
    {
        return w == null ? "none" : "registry " + w.registry() + " trust-anchor " + w.trustAnchor() +
            " ca " + (w.ca() == null ? "none" : w.ca()) + " mode " + w.mode().name().toLowerCase().replace('_', '-') +
            " poll " + w.pollSeconds();
    }

    /** Describes a BGP8 neighbour as written in the config. */
    static String describeBgpNeighbor(final Bgp8Neighbor n)
    {
        return n.address() + " remote-as " + n.remoteAs() + (n.port() != ConfigModel.BGP_PORT ? " port " + n.port() : "") +
            (n.passive() ? " passive" : "") + (n.maxPrefix() > 0 ? " max-prefix " + n.maxPrefix() : "") +
            (n.linkCost() > 0 ? " link-cost " + n.linkCost() : "");
    }

    /** True if the two configs are equivalent. */
    public boolean isEmpty()
    {
        return globals.isEmpty() && interfaces.isEmpty() && routes.isEmpty() && neighbors.isEmpty() &&
            eightToFourPeers.isEmpty() && zonePermits.isEmpty() && egressPermits.isEmpty() && bgpNeighbors.isEmpty() &&
            bgpSettings.isEmpty();
    }

    /** One line per change, for the log and {@code show} output; "no changes" for an empty diff. */
    public List<String> summaryLines()
    {
        final List<String> lines = new ArrayList<>();
        for (final GlobalChange g : globals)
        {
            lines.add(g.knob() + ": " + g.before() + " -> " + g.after());
        }
        describe(lines, "interface", interfaces, ConfigDiff::describeInterface);
        describe(lines, "route", routes, r -> prefix(r.prefix(), r.length64()) + " " + nextHop(r));
        describe(lines, "neighbor", neighbors, n -> Ipv8Address.toString(n.address()) + " " + mac(n.mac()) + " " +
            capability(n) + (n.interfaceName() != null ? " on " + n.interfaceName() : ""));
        describe(lines, "8to4 peer", eightToFourPeers, p -> p.asn() + " " + Ipv8Address.toIpv4(p.ipv4Endpoint()));
        describe(lines, "zone-permit", zonePermits, p -> p.fromGroup() + " " + p.toGroup());
        describe(lines, "egress-permit", egressPermits, p -> p.permit().toString());
        for (final GlobalChange g : bgpSettings)
        {
            lines.add(g.knob() + ": " + g.before() + " -> " + g.after());
        }
        describe(lines, "bgp8 neighbor", bgpNeighbors, ConfigDiff::describeBgpNeighbor);
        for (final String r : restartRequired)
        {
            lines.add("needs restart: " + r);
        }
        if (lines.isEmpty())
        {
            lines.add("no changes");
        }
        return lines;
    }

    /** A one-line count of the changes, e.g. "2 globals, interfaces +1 -0 ~1, routes +3 -1 ~0". */
    public String counts()
    {
        if (isEmpty())
        {
            return "no changes";
        }
        final List<String> parts = new ArrayList<>();
        if (!globals.isEmpty())
        {
            parts.add(globals.size() + " global knob(s)");
        }
        count(parts, "interfaces", interfaces);
        count(parts, "routes", routes);
        count(parts, "neighbors", neighbors);
        count(parts, "8to4-peers", eightToFourPeers);
        count(parts, "zone-permits", zonePermits);
        count(parts, "egress-permits", egressPermits);
        if (!bgpSettings.isEmpty())
        {
            parts.add(bgpSettings.size() + " bgp8/whois8 setting(s)");
        }
        count(parts, "bgp8-neighbors", bgpNeighbors);
        return String.join(", ", parts);
    }

    private static void count(final List<String> parts, final String name, final Changes<?> c)
    {
        if (!c.isEmpty())
        {
            parts.add(name + " +" + c.added().size() + " -" + c.removed().size() + " ~" + c.changed().size());
        }
    }

    private static <T> void describe(
        final List<String> lines, final String kind, final Changes<T> changes, final Function<T, String> text)
    {
        changes.added().forEach(t -> lines.add(kind + " " + text.apply(t) + ": added"));
        changes.removed().forEach(t -> lines.add(kind + " " + text.apply(t) + ": removed"));
        for (final Change<T> c : changes.changed())
        {
            final String name = c.after() instanceof InterfaceConfig i ? i.name() : text.apply(c.before());
            lines.add(kind + " " + name + ": changed: " + String.join(", ", c.what()));
        }
    }

    private static List<String> interfaceDifferences(final InterfaceConfig a, final InterfaceConfig b)
    {
        final List<String> what = new ArrayList<>();
        if (!Objects.equals(a.port(), b.port()))
        {
            what.add("port " + port(a.port()) + " -> " + port(b.port()));
        }
        if (a.mac() != b.mac())
        {
            what.add("mac " + mac(a.mac()) + " -> " + mac(b.mac()));
        }
        if (a.mtu() != b.mtu())
        {
            what.add("mtu " + a.mtu() + " -> " + b.mtu());
        }
        final Set<String> addressesA = addresses(a);
        final Set<String> addressesB = addresses(b);
        if (!addressesA.equals(addressesB))
        {
            what.add(("addresses " + minus(addressesB, addressesA, "+") + minus(addressesA, addressesB, "-")).strip());
        }
        if (a.role() != b.role())
        {
            what.add("role " + a.role().keyword() + " -> " + b.role().keyword());
        }
        final Set<String> zonesA = zones(a);
        final Set<String> zonesB = zones(b);
        if (!zonesA.equals(zonesB))
        {
            what.add(("zones " + minus(zonesB, zonesA, "+") + minus(zonesA, zonesB, "-")).strip());
        }
        if (!new HashSet<>(a.peerAsns()).equals(new HashSet<>(b.peerAsns())))
        {
            what.add("peer-asn " + a.peerAsns() + " -> " + b.peerAsns());
        }
        if (!Objects.equals(a.gatewayPair(), b.gatewayPair()))
        {
            what.add("gateway-pair " + gatewayPair(a) + " -> " + gatewayPair(b));
        }
        if (a.shutdown() != b.shutdown())
        {
            what.add(b.shutdown() ? "shutdown" : "no shutdown");
        }
        if (!a.acl8Rules().equals(b.acl8Rules()))
        {
            what.add("acl8 " + a.acl8().size() + " rule(s) -> " + b.acl8().size() + " rule(s)");
        }
        if (!Objects.equals(exceptionPath(a), exceptionPath(b)))
        {
            what.add("exception-path " + exceptionPath(a) + " -> " + exceptionPath(b));
        }
        return what;
    }

    private static String exceptionPath(final InterfaceConfig i)
    {
        return i.exceptionPath() == null ? "none" : "tap " + i.exceptionPath().kernelInterface();
    }

    private static String minus(final Set<String> a, final Set<String> b, final String sign)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String s : a)
        {
            if (!b.contains(s))
            {
                sb.append(sign).append(s).append(' ');
            }
        }
        return sb.toString();
    }

    private static Set<String> addresses(final InterfaceConfig i)
    {
        final Set<String> set = new java.util.TreeSet<>();
        for (final InterfaceAddress a : i.addresses())
        {
            set.add(Ipv8Address.toString(a.address()) + "/" + a.length64());
        }
        return set;
    }

    private static Set<String> zones(final InterfaceConfig i)
    {
        final Set<String> set = new java.util.TreeSet<>();
        for (final ZoneMembership z : i.zones())
        {
            set.add(Ipv8Address.toIpv4(z.zoneR()) + " group " + z.group());
        }
        return set;
    }

    private static String describeInterface(final InterfaceConfig i)
    {
        return i.name() + " (role " + i.role().keyword() + ", " + i.addresses().size() + " address(es)" +
            (i.port() != null ? ", port " + port(i.port()) : "") + ")";
    }

    private static String pairTimers(final RouterConfig c)
    {
        final org.ipv8router.dataplane.gwpair.GatewayPairTimers t = c.gatewayPairTimers();
        return "hello-interval " + t.helloIntervalMs() + " dead-interval " + t.deadIntervalMs() + " preempt-delay " +
            t.preemptDelayMs() + " udp-port " + t.udpPort() + " hello-destination " + t.helloDestination().keyword();
    }

    private static String gatewayPair(final InterfaceConfig i)
    {
        return i.gatewayPair() == null ? "none" :
            (i.gatewayPair().even() ? "even" : "odd") + " peer " + Ipv8Address.toString(i.gatewayPair().peer()) +
            (i.gatewayPair().vlan() != 0 ? " vlan " + i.gatewayPair().vlan() : "");
    }

    private static String port(final PortSpec p)
    {
        if (p == null)
        {
            return "none";
        }
        final StringBuilder sb = new StringBuilder(p.kind().name().toLowerCase());
        if (p.argument() != null)
        {
            sb.append(' ').append(p.argument());
        }
        if (p.secondArgument() != null)
        {
            sb.append(' ').append(p.secondArgument());
        }
        return sb.toString();
    }

    private static void arp8(final List<GlobalChange> list, final org.ipv8router.dataplane.neighbor.Arp8Timers a,
        final org.ipv8router.dataplane.neighbor.Arp8Timers b)
    {
        global(list, "ipv8 arp8 probe-gap", ms(a.probeGapNs()), ms(b.probeGapNs()));
        global(list, "ipv8 arp8 round-interval", ms(a.roundIntervalNs()), ms(b.roundIntervalNs()));
        global(list, "ipv8 arp8 rounds", Integer.toString(a.rounds()), Integer.toString(b.rounds()));
        global(list, "ipv8 arp8 arp4-grace", ms(a.arp4GraceNs()), ms(b.arp4GraceNs()));
        global(list, "ipv8 arp8 reachable-time", seconds(a.reachableNs()), seconds(b.reachableNs()));
        global(list, "ipv8 arp8 hard-lifetime", seconds(a.hardLifetimeNs()), seconds(b.hardLifetimeNs()));
        global(list, "ipv8 arp8 failed-time", seconds(a.negativeNs()), seconds(b.negativeNs()));
        global(list, "ipv8 arp8 queue-per-neighbor", Integer.toString(a.queuePerNeighbor()),
            Integer.toString(b.queuePerNeighbor()));
    }

    static String ms(final long nanos)
    {
        return nanos / 1_000_000L + " ms";
    }

    static String seconds(final long nanos)
    {
        return nanos / 1_000_000_000L + " s";
    }

    private static void global(final List<GlobalChange> list, final String knob, final String a, final String b)
    {
        if (!a.equals(b))
        {
            list.add(new GlobalChange(knob, a, b));
        }
    }

    private static String nextHop(final StaticRoute r)
    {
        return r.drop() ? "drop" : "via " + Ipv8Address.toString(r.nextHop());
    }

    static String prefix(final long address, final int length64)
    {
        return Ipv8Prefix.covering(address, length64).toString();
    }

    private static String capability(final StaticNeighbor n)
    {
        return n.capability().name().toLowerCase();
    }

    private static String addressOrNone(final long address)
    {
        return address == 0 ? "none" : Ipv8Address.toString(address);
    }

    private static String onOff(final boolean on)
    {
        return on ? "on" : "off";
    }

    private static String hex4(final int value)
    {
        return String.format("0x%04x", value);
    }

    static String mac(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            sb.append(String.format("%02x", (mac >>> shift) & 0xFF));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
