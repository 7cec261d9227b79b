package org.ipv8router.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ipv8router.config.ConfigModel.Acl8Entry;
import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Network;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.EgressPermitEntry;
import org.ipv8router.config.ConfigModel.DpdkSettings;
import org.ipv8router.config.ConfigModel.EightToFourPeer;
import org.ipv8router.config.ConfigModel.ExceptionPath;
import org.ipv8router.config.ConfigModel.GatewayPair;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.PortKind;
import org.ipv8router.config.ConfigModel.PortSpec;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.ZoneMembership;
import org.ipv8router.config.ConfigModel.Whois8Mode;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.config.RouterConfig.EgressValidation;
import org.ipv8router.dataplane.forward.Acl8Rule;
import org.ipv8router.dataplane.forward.Acl8Table;
import org.ipv8router.dataplane.forward.EgressPermit;
import org.ipv8router.dataplane.forward.EgressPermitTable;
import org.ipv8router.dataplane.forward.ReturnFlowTable;
import org.ipv8router.dataplane.gwpair.GatewayPairTimers;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;
import org.ipv8router.wire.WireProfile;

/**
 * Reads the router configuration (spec section 8): an IOS-like, line-oriented grammar.
 *
 * <pre>
 * ! comment (also '#')                      global statements start in column 1
 * ipv8 routing
 * ipv8 asn 64496
 * ipv8 ethertype 0x8080
 * ipv8 accept-v8-on-0800 on|off
 * ipv8 l4-pseudo-header ipv4-compatible|full64
 * ipv8 icmp-on-filter on|off
 * ipv8 fast-path on|off                       (fused forwarding fast path, default on; off = debugging)
 * ipv8 accept-hyphen-notation on|off          (affects the lines after it)
 * ipv8 egress-validation enforce|monitor|off
 * ipv8 xlate8 next-hop ADDRESS
 * ipv8 fib max-asns N | ipv8 fib asn-prefix-budget N
 * ipv8 route PREFIX NEXT-HOP|drop
 * ipv8 8to4 peer ASN IPV4
 * ipv8 neighbor ADDRESS MAC ipv8|ipv4
 * ipv8 zone-permit GROUP GROUP
 * ipv8 return-flow entries N               0 = off; default 65536 (spec 3.5)
 * ipv8 return-flow idle-timeout SECONDS    default 300
 * ipv8 return-flow tcp-idle-timeout SECONDS default 7440
 * ipv8 egress-permit SRC DST-ADDRESS       SRC: ADDRESS, PREFIX or any (spec 7.5)
 * ipv8 egress-permit SRC asn ASN
 * ipv8 gateway-pair hello-interval MS | dead-interval MS | preempt-delay MS | udp-port N
 *                   | hello-destination unicast|multicast
 * ipv8 arp8 probe-gap MS | round-interval MS | rounds N | arp4-grace MS        ARP8 dual-probe timers (spec 4.3)
 * ipv8 arp8 reachable-time S | hard-lifetime S | failed-time S | queue-per-neighbor N
 * interface NAME                            block: the indented lines below belong to it
 *  port ring | port pcap IN OUT | port dpdk DEVICE-ARGS
 *  mac MAC
 *  mtu N
 *  ipv8 address ADDRESS/LENGTH              ASN-dot and IPv4 lengths count host bits, full dotted 64 bits
 *  ipv8 role internal|external|rine|interior-link
 *  ipv8 zone 127.A.B.C [group N]
 *  ipv8 peer-asn ASN...
 *  ipv8 gateway-pair even|odd peer ADDRESS [vlan N]
 *  ipv8 neighbor ADDRESS MAC ipv8|ipv4
 *  ipv8 acl8 permit SRC DST [protocol udp|tcp|icmp8|N] [port N]   SRC, DST: ADDRESS, PREFIX or any; internal
 *                                           interfaces only; first match wins, miss = deny (spec 7.6)
 *  exception-path none|tap [KERNEL-NAME]    kernel TAP for ARP and TCP/UDP to our addresses ('port dpdk' only;
 *                                           default name ipv8-NAME, at most 15 characters)
 *  shutdown
 *  exit                                     (optional) ends the block
 * router bgp8 ASN                           block: the BGP8 speaker (ASN must equal 'ipv8 asn' if both are given)
 *  router-id A.B.C.D                        required
 *  listen ADDRESS [port N]                  optional passive listen address
 *  neighbor A.B.C.D remote-as ASN [port N] [passive] [max-prefix N] [link-cost N]
 *  network PREFIX [8to4-endpoint A.B.C.D]   an originated prefix, optionally with our 8TO4-ENDPOINT (spec 5.1)
 * dpdk                                      block: DPDK EAL options (read at start; changes need a restart)
 *  lcores LIST                              EAL -l, e.g. 0 or 1-2 (default 0)
 *  main-lcore N                             --main-lcore
 *  hugepages auto|on|off  |  no-huge        default auto; no-huge = hugepages off
 *  memory MB                                -m with --no-huge (default 512)
 *  socket-mem MB[,MB...]                    --socket-mem (hugepages only)
 *  file-prefix NAME                         --file-prefix (default ipv8)
 *  in-memory on|off                         --in-memory with hugepages (default on)
 *  pci on|off                               PCI scan (default on; off = --no-pci)
 *  log-level VALUE                          --log-level (default lib.eal:notice)
 *  vdev ARGS                                --vdev ARGS (repeatable)
 *  extra ARG...                             further EAL arguments, verbatim (repeatable)
 * whois8                                    block: the WHOIS8 registry client
 *  registry https://HOST[:PORT]             required: base URI
 *  trust-anchor FILE                        required: TrustAnchors file
 *  ca FILE                                  optional PEM for TLS
 *  mode snapshot|per-rn                     default snapshot
 *  poll SECONDS                             delta / refresh interval
 * </pre>
 * Every error names file, line and column, what was found and what was expected; the first error stops the read.
 */
public final class ConfigParser
{
    private static final String GLOBAL_IPV8_KEYWORDS = "routing, asn, ethertype, accept-v8-on-0800, " +
        "l4-pseudo-header, icmp-on-filter, fast-path, accept-hyphen-notation, egress-validation, xlate8, fib, route, 8to4, " +
        "neighbor, zone-permit, return-flow, egress-permit, gateway-pair, arp8";
    private static final String INTERFACE_KEYWORDS = "port, mac, mtu, ipv8, exception-path, shutdown, exit";
    private static final String BGP8_KEYWORDS = "router-id, listen, neighbor, network, exit";
    private static final String WHOIS8_KEYWORDS = "registry, trust-anchor, ca, mode, poll, exit";
    private static final String ARP8_KEYWORDS = "probe-gap, round-interval, rounds, arp4-grace, reachable-time, " +
        "hard-lifetime, failed-time, queue-per-neighbor";
    private static final String DPDK_KEYWORDS = "lcores, main-lcore, hugepages, no-huge, memory, socket-mem, " +
        "file-prefix, in-memory, pci, log-level, vdev, extra, exit";
    private static final String INTERFACE_IPV8_KEYWORDS = "address, role, zone, peer-asn, gateway-pair, neighbor, acl8";

    private final String file;

    // Global state.
    private boolean routing;
    private long asn = -1;
    private int etherType = RouterConfig.DEFAULT_ETHERTYPE;
    private boolean acceptV8On0800 = true;
    private boolean l4Full64;
    private boolean icmpOnFilter;
    private boolean fastPath = true;
    private boolean acceptHyphenNotation;
    private EgressValidation egressValidation = EgressValidation.OFF;
    private long xlate8NextHop;
    private int fibMaxAsns = RouterConfig.DEFAULT_FIB_MAX_ASNS;
    private int fibAsnPrefixBudget = RouterConfig.DEFAULT_ASN_PREFIX_BUDGET;
    private final List<InterfaceConfig> interfaces = new ArrayList<>();
    private final List<StaticRoute> routes = new ArrayList<>();
    private final List<EightToFourPeer> eightToFourPeers = new ArrayList<>();
    private final List<StaticNeighbor> neighbors = new ArrayList<>();
    private final List<ZonePermit> zonePermits = new ArrayList<>();
    private int returnFlowEntries = ReturnFlowTable.DEFAULT_MAX_ENTRIES;
    private int returnFlowIdleTimeout = ReturnFlowTable.DEFAULT_IDLE_TIMEOUT_SECONDS;
    private int returnFlowTcpIdleTimeout = ReturnFlowTable.DEFAULT_TCP_IDLE_TIMEOUT_SECONDS;
    private final List<EgressPermitEntry> egressPermits = new ArrayList<>();
    private long pairHelloMs = GatewayPairTimers.DEFAULT_HELLO_INTERVAL_MS;
    private long pairDeadMs = GatewayPairTimers.DEFAULT_DEAD_INTERVAL_MS;
    private long pairPreemptMs = GatewayPairTimers.DEFAULT_PREEMPT_DELAY_MS;
    private int pairUdpPort = GatewayPairTimers.DEFAULT_UDP_PORT;
    private GatewayPairTimers.HelloDestination pairHelloDestination = GatewayPairTimers.HelloDestination.UNICAST;
    private int pairTimersLine;
    private final java.util.Map<String, Integer> gatewayPairLines = new java.util.HashMap<>();
    // ipv8 arp8 ...: milliseconds / seconds as written; null = default. Positions for cross-knob errors.
    private final java.util.Map<String, Long> arp8 = new java.util.HashMap<>();
    private final java.util.Map<String, int[]> arp8Positions = new java.util.HashMap<>();

    // The block being read: at most one of these is non-null; all null at top level.
    private InterfaceBuilder current;
    private Bgp8Builder bgp;
    private Whois8Builder whois;
    private Bgp8Router bgp8;
    private Whois8Settings whois8;
    private DpdkBuilder dpdkBlock;
    private DpdkSettings dpdk;

    private ConfigParser(final String file)
    {
        this.file = file;
    }

    /** Reads and checks the configuration file at {@code path}. */
    public static RouterConfig parse(final Path path) throws ConfigException, IOException
    {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Reads and checks configuration {@code text}; {@code file} names it in messages. */
    public static RouterConfig parse(final String file, final String text) throws ConfigException
    {
        final ConfigParser parser = new ConfigParser(file);
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            parser.line(new Line(file, i + 1, lines[i]));
        }
        parser.endBlock();
        return parser.finish();
    }

    // ------------------------------------------------------------------------------------------------------

    private void line(final Line line) throws ConfigException
    {
        if (line.size() == 0)
        {
            return;
        }
        if (!line.indented())
        {
            endBlock();
            topLevel(line);
        }
        else if (current != null)
        {
            interfaceLine(line);
        }
        else if (bgp != null)
        {
            bgpLine(line, bgp);
        }
        else if (whois != null)
        {
            whoisLine(line, whois);
        }
        else if (dpdkBlock != null)
        {
            dpdkLine(line, dpdkBlock);
        }
        else
        {
            throw line.error(0, "indented statement '" + line.word(0) + "' outside an interface, router bgp8, whois8 or dpdk block");
        }
    }

    private void topLevel(final Line line) throws ConfigException
    {
        switch (line.word(0))
        {
            case "interface" ->
            {
                line.expectCount(2, "interface NAME");
                final String name = line.word(1);
                for (final InterfaceConfig i : interfaces)
                {
                    if (i.name().equals(name))
                    {
                        throw line.error(1, "interface '" + name + "' is already defined at line " + i.line());
                    }
                }
                current = new InterfaceBuilder(name, line.number());
            }
            case "ipv8" -> globalIpv8(line);
            case "router" ->
            {
                line.expectCount(3, "router bgp8 ASN");
                line.expectWord(1, "bgp8");
                if (bgp8 != null)
                {
                    throw line.error(0, "'router bgp8' is already defined at line " + bgp8.line());
                }
                final long localAsn = parseAsn(line, 2);
                if (localAsn == 0)
                {
                    throw line.error(2, "ASN 0 cannot be a BGP8 speaker's ASN (RFC 7607)");
                }
                bgp = new Bgp8Builder(localAsn, line.number());
            }
            case "whois8" ->
            {
                line.expectCount(1, "whois8");
                if (whois8 != null)
                {
                    throw line.error(0, "'whois8' is already defined at line " + whois8.line());
                }
                whois = new Whois8Builder(line.number());
            }
            case "dpdk" ->
            {
                line.expectCount(1, "dpdk");
                if (dpdk != null)
                {
                    throw line.error(0, "'dpdk' is already defined at line " + dpdk.line());
                }
                dpdkBlock = new DpdkBuilder(line.number());
            }
            case "exit" ->
            {
                // Harmless at top level.
            }
            default -> throw line.error(0, "unknown statement '" + line.word(0) + "': expected 'ipv8', 'interface', " +
                "'router bgp8', 'whois8' or 'dpdk'");
        }
    }

    private void globalIpv8(final Line line) throws ConfigException
    {
        line.expectAtLeast(2, "ipv8 <keyword> ...; keywords: " + GLOBAL_IPV8_KEYWORDS);
        switch (line.word(1))
        {
            case "routing" ->
            {
                line.expectCount(2, "ipv8 routing");
                routing = true;
            }
            case "asn" ->
            {
                line.expectCount(3, "ipv8 asn ASN");
                asn = parseAsn(line, 2);
                final long r = Ipv8Address.of((int)asn, 0);
                if (asn == 0 || Ipv8Address.isInternalZone(r) || Ipv8Address.isRine(r) ||
                    Ipv8Address.isCrossAsnMulticast(r) || Ipv8Address.isBroadcastClass(r) || Ipv8Address.isReservedR(r))
                {
                    throw line.error(2, "ASN " + asn + " is r = " + Ipv8Address.toIpv4((int)asn) +
                        ", a reserved r range: it cannot be a local ASN (spec A13)");
                }
            }
            case "ethertype" ->
            {
                line.expectCount(3, "ipv8 ethertype 0xHHHH");
                etherType = parseEtherType(line, 2);
            }
            case "accept-v8-on-0800" -> acceptV8On0800 = parseOnOffStatement(line, 3, "ipv8 accept-v8-on-0800 on|off");
            case "l4-pseudo-header" ->
            {
                line.expectCount(3, "ipv8 l4-pseudo-header ipv4-compatible|full64");
                l4Full64 = parseChoice(line, 2, "ipv4-compatible", false, "full64", true);
            }
            case "icmp-on-filter" -> icmpOnFilter = parseOnOffStatement(line, 3, "ipv8 icmp-on-filter on|off");
            case "fast-path" -> fastPath = parseOnOffStatement(line, 3, "ipv8 fast-path on|off");
            case "accept-hyphen-notation" -> acceptHyphenNotation = parseOnOffStatement(line, 3, "ipv8 accept-hyphen-notation on|off");
            case "egress-validation" ->
            {
                line.expectCount(3, "ipv8 egress-validation enforce|monitor|off");
                egressValidation = parseChoice(line, 2, "enforce", EgressValidation.ENFORCE,
                    "monitor", EgressValidation.MONITOR, "off", EgressValidation.OFF);
            }
            case "xlate8" ->
            {
                line.expectCount(4, "ipv8 xlate8 next-hop ADDRESS");
                line.expectWord(2, "next-hop");
                xlate8NextHop = parseAddress(line, 3);
            }
            case "fib" ->
            {
                line.expectCount(4, "ipv8 fib max-asns N | ipv8 fib asn-prefix-budget N");
                switch (line.word(2))
                {
                    case "max-asns" -> fibMaxAsns = parseInt(line, 3, 1, 10_000_000);
                    case "asn-prefix-budget" -> fibAsnPrefixBudget = parseInt(line, 3, 1, 65_536);
                    default -> throw line.error(2, "expected 'max-asns' or 'asn-prefix-budget', found '" + line.word(2) + "'");
                }
            }
            case "route" -> routes.add(parseRoute(line, 2));
            case "8to4" ->
            {
                line.expectCount(5, "ipv8 8to4 peer ASN IPV4");
                line.expectWord(2, "peer");
                final long peerAsn = parseAsn(line, 3);
                final long endpoint = parseAddress(line, 4);
                if (!Ipv8Address.isIpv4Compatible(endpoint))
                {
                    throw line.error(4, "an 8to4 endpoint is an IPv4 address, found '" + line.word(4) + "'");
                }
                eightToFourPeers.add(new EightToFourPeer(peerAsn, Ipv8Address.host(endpoint), line.number()));
            }
            case "neighbor" -> neighbors.add(parseNeighbor(line, null));
            case "arp8" -> arp8Line(line);
            case "zone-permit" ->
            {
                line.expectCount(4, "ipv8 zone-permit FROM-GROUP TO-GROUP");
                zonePermits.add(new ZonePermit(parseInt(line, 2, 1, 255), parseInt(line, 3, 1, 255), line.number()));
            }
            case "return-flow" ->
            {
                line.expectCount(4, "ipv8 return-flow entries N | idle-timeout SECONDS | tcp-idle-timeout SECONDS");
                switch (line.word(2))
                {
                    case "entries" -> returnFlowEntries = parseInt(line, 3, 0, ReturnFlowTable.MAX_ENTRIES_LIMIT);
                    case "idle-timeout" -> returnFlowIdleTimeout = parseInt(line, 3, 1, MAX_FLOW_TIMEOUT_SECONDS);
                    case "tcp-idle-timeout" -> returnFlowTcpIdleTimeout = parseInt(line, 3, 1, MAX_FLOW_TIMEOUT_SECONDS);
                    default -> throw line.error(2, "expected 'entries', 'idle-timeout' or 'tcp-idle-timeout', found '" +
                        line.word(2) + "'");
                }
            }
            case "egress-permit" -> egressPermits.add(parseEgressPermit(line));
            case "gateway-pair" ->
            {
                line.expectCount(4, "ipv8 gateway-pair hello-interval|dead-interval|preempt-delay MS | udp-port N | " +
                    "hello-destination unicast|multicast " +
                    "(global; membership 'ipv8 gateway-pair even|odd peer ADDRESS' goes inside an interface block)");
                switch (line.word(2))
                {
                    case "hello-interval" -> pairHelloMs = parseInt(line, 3, 10, 65_535);
                    case "dead-interval" -> pairDeadMs = parseInt(line, 3, 20, 65_535);
                    case "preempt-delay" -> pairPreemptMs = parseInt(line, 3, 0, 3_600_000);
                    case "udp-port" -> pairUdpPort = parseInt(line, 3, 1, 65_535);
                    case "hello-destination" ->
                    {
                        pairHelloDestination = GatewayPairTimers.HelloDestination.ofKeyword(line.word(3));
                        if (pairHelloDestination == null)
                        {
                            throw line.error(3, "hello-destination '" + line.word(3) +
                                "': expected unicast (to the peer's MAC, the default) or multicast (01:00:5e:00:00:01)");
                        }
                    }
                    default -> throw line.error(2, "unknown gateway-pair setting '" + line.word(2) +
                        "'; expected hello-interval, dead-interval, preempt-delay, udp-port or hello-destination");
                }
                pairTimersLine = line.number();
            }
            case "address", "role", "zone", "peer-asn", "acl8" ->
                throw line.error(1, "'ipv8 " + line.word(1) + "' belongs inside an interface block (indent it under 'interface NAME')");
            default -> throw line.error(1, "unknown keyword 'ipv8 " + line.word(1) + "'; expected one of: " + GLOBAL_IPV8_KEYWORDS);
        }
    }

    private void interfaceLine(final Line line) throws ConfigException
    {
        final InterfaceBuilder b = current;
        switch (line.word(0))
        {
            case "port" ->
            {
                line.expectAtLeast(2, "port ring | port pcap IN OUT | port dpdk DEVICE-ARGS");
                b.port = switch (line.word(1))
                {
                    case "ring" ->
                    {
                        line.expectCount(2, "port ring");
                        yield new PortSpec(PortKind.RING, null, null);
                    }
                    case "pcap" ->
                    {
                        line.expectCount(4, "port pcap IN.pcap OUT.pcap");
                        yield new PortSpec(PortKind.PCAP, line.word(2), line.word(3));
                    }
                    case "dpdk" ->
                    {
                        line.expectCount(3, "port dpdk DEVICE-ARGS (a PCI address or vdev arguments, no spaces)");
                        yield new PortSpec(PortKind.DPDK, line.word(2), null);
                    }
                    default -> throw line.error(1, "unknown port kind '" + line.word(1) + "'; expected ring, pcap or dpdk");
                };
            }
            case "mac" ->
            {
                line.expectCount(2, "mac HH:HH:HH:HH:HH:HH");
                b.mac = parseMac(line, 1);
            }
            case "mtu" ->
            {
                line.expectCount(2, "mtu N");
                b.mtu = parseInt(line, 1, 68, 9216);
            }
            case "shutdown" ->
            {
                line.expectCount(1, "shutdown");
                b.shutdown = true;
            }
            case "exception-path" ->
            {
                line.expectAtLeast(2, "exception-path none|tap [KERNEL-NAME]");
                switch (line.word(1))
                {
                    case "none" ->
                    {
                        line.expectCount(2, "exception-path none");
                        b.exceptionPath = null;
                    }
                    case "tap" ->
                    {
                        if (line.size() > 3)
                        {
                            throw line.error(3, "unexpected '" + line.word(3) + "': expected 'exception-path tap [KERNEL-NAME]'");
                        }
                        final String kernelName = line.size() == 3 ? line.word(2) : "ipv8-" + b.name;
                        if (kernelName.length() > 15 || !kernelName.matches("[A-Za-z0-9_.-]+"))
                        {
                            throw line.error(line.size() == 3 ? 2 : 1, "kernel interface name '" + kernelName + "' " +
                                (kernelName.length() > 15 ? "is longer than 15 characters" :
                                    "has characters other than A-Z a-z 0-9 _ . -") +
                                (line.size() == 3 ? "" : ": name it with 'exception-path tap KERNEL-NAME'"));
                        }
                        b.exceptionPath = new ExceptionPath(kernelName, line.number());
                        b.exceptionPathColumn = line.column(1);
                    }
                    default -> throw line.error(1, "expected 'none' or 'tap', found '" + line.word(1) + "'");
                }
            }
            case "exit" ->
            {
                line.expectCount(1, "exit");
                endBlock();
            }
            case "ipv8" -> interfaceIpv8(line, b);
            default -> throw line.error(0, "unknown interface statement '" + line.word(0) + "'; expected one of: " + INTERFACE_KEYWORDS);
        }
    }

    private void interfaceIpv8(final Line line, final InterfaceBuilder b) throws ConfigException
    {
        line.expectAtLeast(2, "ipv8 <keyword> ...; keywords: " + INTERFACE_IPV8_KEYWORDS);
        switch (line.word(1))
        {
            case "address" ->
            {
                line.expectCount(3, "ipv8 address ADDRESS/LENGTH");
                b.addresses.add(parseInterfaceAddress(line, 2));
            }
            case "role" ->
            {
                line.expectCount(3, "ipv8 role internal|external|rine|interior-link");
                final InterfaceRole role = InterfaceRole.fromKeyword(line.word(2));
                if (role == null)
                {
                    throw line.error(2, "unknown role '" + line.word(2) + "'; expected internal, external, rine or interior-link");
                }
                b.role = role;
            }
            case "zone" ->
            {
                if (line.size() != 3 && line.size() != 5)
                {
                    throw line.error(Math.min(line.size() - 1, 3), "expected 'ipv8 zone 127.A.B.C [group N]'");
                }
                final int zoneR = parseZone(line, 2);
                int group = 1;
                if (line.size() == 5)
                {
                    line.expectWord(3, "group");
                    group = parseInt(line, 4, 1, 255);
                }
                b.zones.add(new ZoneMembership(zoneR, group, line.number()));
            }
            case "peer-asn" ->
            {
                line.expectAtLeast(3, "ipv8 peer-asn ASN [ASN...]");
                for (int i = 2; i < line.size(); i++)
                {
                    b.peerAsns.add(parseAsn(line, i));
                }
            }
            case "gateway-pair" ->
            {
                if (line.size() != 5 && line.size() != 7)
                {
                    throw line.error(Math.min(line.size() - 1, 5), "expected 'ipv8 gateway-pair even|odd peer ADDRESS [vlan N]'");
                }
                final boolean even = parseChoice(line, 2, "even", true, "odd", false);
                line.expectWord(3, "peer");
                final long peer = parseAddress(line, 4);
                int vlan = 0;
                if (line.size() == 7)
                {
                    line.expectWord(5, "vlan");
                    vlan = parseInt(line, 6, 0, 4095);
                }
                b.gatewayPair = new GatewayPair(even, peer, vlan);
                gatewayPairLines.put(b.name, line.number());
            }
            case "neighbor" -> neighbors.add(parseNeighbor(line, b.name));
            case "acl8" ->
            {
                if (b.acl8.size() >= Acl8Table.MAX_RULES)
                {
                    throw line.error(1, "interface " + b.name + " has more than " + Acl8Table.MAX_RULES +
                        " ACL8 rules (the bound per interface)");
                }
                b.acl8.add(new Acl8Entry(parseAcl8Rule(line), line.number()));
            }
            default -> throw line.error(1, "unknown interface keyword 'ipv8 " + line.word(1) + "'; expected one of: " + INTERFACE_IPV8_KEYWORDS);
        }
    }

    private void bgpLine(final Line line, final Bgp8Builder b) throws ConfigException
    {
        switch (line.word(0))
        {
            case "router-id" ->
            {
                line.expectCount(2, "router-id A.B.C.D");
                b.routerId = parseIpv4(line, 1);
                if (b.routerId == 0)
                {
                    throw line.error(1, "a router id must not be 0.0.0.0 (RFC 6286)");
                }
                b.routerIdSet = true;
            }
            case "listen" ->
            {
                if (line.size() != 2 && line.size() != 4)
                {
                    throw line.error(Math.min(line.size(), 2), "expected 'listen ADDRESS [port N]'");
                }
                parseIpv4(line, 1);
                b.listenHost = line.word(1);
                b.listenPort = ConfigModel.BGP_PORT;
                if (line.size() == 4)
                {
                    line.expectWord(2, "port");
                    b.listenPort = parseInt(line, 3, 1, 65_535);
                }
            }
            case "neighbor" ->
            {
                line.expectAtLeast(4, "neighbor A.B.C.D remote-as ASN [port N] [passive] [max-prefix N] [link-cost N]");
                parseIpv4(line, 1);
                final String address = line.word(1);
                for (final Bgp8Neighbor n : b.neighbors)
                {
                    if (n.address().equals(address))
                    {
                        throw line.error(1, "neighbor " + address + " is already defined at line " + n.line());
                    }
                }
                line.expectWord(2, "remote-as");
                final long remoteAs = parseAsn(line, 3);
                if (remoteAs == 0)
                {
                    throw line.error(3, "remote-as 0 is not a valid peer ASN (RFC 7607)");
                }
                int port = ConfigModel.BGP_PORT;
                boolean passive = false;
                int maxPrefix = 0;
                int linkCost = 0;
                int i = 4;
                while (i < line.size())
                {
                    switch (line.word(i))
                    {
                        case "port" ->
                        {
                            line.expectAtLeast(i + 2, "neighbor ... port N");
                            port = parseInt(line, i + 1, 1, 65_535);
                            i += 2;
                        }
                        case "passive" ->
                        {
                            passive = true;
                            i++;
                        }
                        case "max-prefix" ->
                        {
                            line.expectAtLeast(i + 2, "neighbor ... max-prefix N");
                            maxPrefix = parseInt(line, i + 1, 1, 100_000_000);
                            i += 2;
                        }
                        case "link-cost" ->
                        {
                            line.expectAtLeast(i + 2, "neighbor ... link-cost N");
                            linkCost = parseInt(line, i + 1, 1, 65_535);
                            i += 2;
                        }
                        default -> throw line.error(i, "unknown neighbor option '" + line.word(i) +
                            "'; expected port N, passive, max-prefix N or link-cost N");
                    }
                }
                b.neighbors.add(new Bgp8Neighbor(address, remoteAs, port, passive, maxPrefix, linkCost, line.number()));
            }
            case "network" ->
            {
                if (line.size() != 2)
                {
                    line.expectCount(4, "network PREFIX [8to4-endpoint A.B.C.D]");
                }
                final Ipv8Prefix prefix;
                try
                {
                    prefix = Ipv8Prefix.parse(line.word(1), acceptHyphenNotation);
                }
                catch (final IllegalArgumentException e)
                {
                    throw line.error(1, "bad prefix: " + e.getMessage());
                }
                int endpoint = 0;
                if (line.size() == 4)
                {
                    if (!"8to4-endpoint".equals(line.word(2)))
                    {
                        throw line.error(2, "unknown network option '" + line.word(2) + "', expected 8to4-endpoint");
                    }
                    endpoint = parseIpv4(line, 3);
                }
                b.networks.add(new Bgp8Network(prefix.address(), prefix.length(), endpoint, line.number()));
            }
            case "exit" ->
            {
                line.expectCount(1, "exit");
                endBlock();
            }
            default -> throw line.error(0, "unknown router bgp8 statement '" + line.word(0) + "'; expected one of: " + BGP8_KEYWORDS);
        }
    }

    private void arp8Line(final Line line) throws ConfigException
    {
        line.expectAtLeast(3, "ipv8 arp8 KNOB VALUE; knobs: " + ARP8_KEYWORDS);
        final String knob = line.word(2);
        final long value = switch (knob)
        {
            case "probe-gap" -> arp8Value(line, "probe-gap MILLISECONDS", 0, 60_000);
            case "round-interval" -> arp8Value(line, "round-interval MILLISECONDS", 1, 600_000);
            case "rounds" -> arp8Value(line, "rounds N", 1, 100);
            case "arp4-grace" -> arp8Value(line, "arp4-grace MILLISECONDS", 0, 60_000);
            case "reachable-time" -> arp8Value(line, "reachable-time SECONDS", 1, 86_400);
            case "hard-lifetime" -> arp8Value(line, "hard-lifetime SECONDS", 1, 604_800);
            case "failed-time" -> arp8Value(line, "failed-time SECONDS", 0, 86_400);
            case "queue-per-neighbor" -> arp8Value(line, "queue-per-neighbor N", 0, 1024);
            default -> throw line.error(2, "unknown ARP8 knob '" + knob + "'; expected one of: " + ARP8_KEYWORDS);
        };
        arp8.put(knob, value);
        arp8Positions.put(knob, new int[] {line.number(), line.column(3)});
    }

    private static long arp8Value(final Line line, final String form, final int min, final int max)
        throws ConfigException
    {
        line.expectCount(4, "ipv8 arp8 " + form);
        return parseInt(line, 3, min, max);
    }

    /** The ARP8 timers: the spec 4.3 defaults with the configured knobs over them, checked together. */
    private org.ipv8router.dataplane.neighbor.Arp8Timers arp8Timers() throws ConfigException
    {
        final org.ipv8router.dataplane.neighbor.Arp8Timers d = org.ipv8router.dataplane.neighbor.Arp8Timers.DEFAULTS;
        final long ms = 1_000_000L;
        final long s = 1_000_000_000L;
        final long probeGap = arp8.containsKey("probe-gap") ? arp8.get("probe-gap") * ms : d.probeGapNs();
        final long roundInterval = arp8.containsKey("round-interval") ? arp8.get("round-interval") * ms :
            d.roundIntervalNs();
        final long reachable = arp8.containsKey("reachable-time") ? arp8.get("reachable-time") * s : d.reachableNs();
        final long hard = arp8.containsKey("hard-lifetime") ? arp8.get("hard-lifetime") * s : d.hardLifetimeNs();
        if (probeGap >= roundInterval)
        {
            throw arp8Error(arp8.containsKey("probe-gap") ? "probe-gap" : "round-interval", "ARP8 probe-gap " +
                probeGap / ms + " ms must be shorter than the round-interval " + roundInterval / ms + " ms");
        }
        if (hard < reachable)
        {
            throw arp8Error(arp8.containsKey("hard-lifetime") ? "hard-lifetime" : "reachable-time", "ARP8 " +
                "hard-lifetime " + hard / s + " s must be at least the reachable-time " + reachable / s + " s");
        }
        return new org.ipv8router.dataplane.neighbor.Arp8Timers(probeGap, roundInterval,
            arp8.containsKey("rounds") ? (int)(long)arp8.get("rounds") : d.rounds(),
            arp8.containsKey("arp4-grace") ? arp8.get("arp4-grace") * ms : d.arp4GraceNs(),
            reachable, hard,
            arp8.containsKey("failed-time") ? arp8.get("failed-time") * s : d.negativeNs(),
            arp8.containsKey("queue-per-neighbor") ? (int)(long)arp8.get("queue-per-neighbor") : d.queuePerNeighbor());
    }

    private ConfigException arp8Error(final String knob, final String message)
    {
        final int[] at = arp8Positions.get(knob);
        return new ConfigException(file, at[0], at[1], message);
    }

    private void dpdkLine(final Line line, final DpdkBuilder b) throws ConfigException
    {
        switch (line.word(0))
        {
            case "lcores" ->
            {
                line.expectCount(2, "lcores LIST (e.g. 0, 1-2, 0,2)");
                if (!line.word(1).matches("[0-9]{1,4}([-,][0-9]{1,4})*"))
                {
                    throw line.error(1, "an lcore list is written like 0, 1-3 or 0,2,4, found '" + line.word(1) + "'");
                }
                b.lcores = line.word(1);
            }
            case "main-lcore" ->
            {
                line.expectCount(2, "main-lcore N");
                b.mainLcore = parseInt(line, 1, 0, 1023);
                b.mainLcoreColumn = line.column(1);
                b.mainLcoreLine = line.number();
            }
            case "hugepages" ->
            {
                line.expectCount(2, "hugepages auto|on|off");
                if (!line.word(1).equals("auto") && !line.word(1).equals("on") && !line.word(1).equals("off"))
                {
                    throw line.error(1, "expected 'auto', 'on' or 'off', found '" + line.word(1) + "'");
                }
                b.hugepages = line.word(1);
            }
            case "no-huge" ->
            {
                line.expectCount(1, "no-huge");
                b.hugepages = "off";
            }
            case "memory" ->
            {
                line.expectCount(2, "memory MB");
                b.memoryMb = parseInt(line, 1, 64, 1_048_576);
            }
            case "socket-mem" ->
            {
                line.expectCount(2, "socket-mem MB[,MB...]");
                if (!line.word(1).matches("[0-9]{1,7}(,[0-9]{1,7}){0,7}"))
                {
                    throw line.error(1, "socket-mem is megabytes per NUMA socket, e.g. 1024 or 1024,0, found '" +
                        line.word(1) + "'");
                }
                b.socketMem = line.word(1);
                b.socketMemLine = line.number();
                b.socketMemColumn = line.column(0);
            }
            case "file-prefix" ->
            {
                line.expectCount(2, "file-prefix NAME");
                if (!line.word(1).matches("[A-Za-z0-9_.-]{1,32}"))
                {
                    throw line.error(1, "a file prefix is 1-32 characters of A-Z a-z 0-9 _ . -, found '" +
                        line.word(1) + "'");
                }
                b.filePrefix = line.word(1);
            }
            case "in-memory" -> b.inMemory = parseOnOffStatement(line, 2, "in-memory on|off");
            case "pci" -> b.pci = parseOnOffStatement(line, 2, "pci on|off");
            case "log-level" ->
            {
                line.expectCount(2, "log-level VALUE (e.g. lib.eal:notice or 7)");
                b.logLevel = line.word(1);
            }
            case "vdev" ->
            {
                line.expectCount(2, "vdev DEVICE-ARGS (no spaces)");
                b.vdevs.add(line.word(1));
            }
            case "extra" ->
            {
                line.expectAtLeast(2, "extra ARG...");
                for (int i = 1; i < line.size(); i++)
                {
                    b.extraArgs.add(line.word(i));
                }
            }
            case "exit" ->
            {
                line.expectCount(1, "exit");
                endBlock();
            }
            default -> throw line.error(0, "unknown dpdk statement '" + line.word(0) + "'; expected one of: " + DPDK_KEYWORDS);
        }
    }

    private void whoisLine(final Line line, final Whois8Builder b) throws ConfigException
    {
        switch (line.word(0))
        {
            case "registry" ->
            {
                line.expectCount(2, "registry https://HOST[:PORT]");
                final java.net.URI uri;
                try
                {
                    uri = new java.net.URI(line.word(1));
                }
                catch (final java.net.URISyntaxException e)
                {
                    throw line.error(1, "bad registry URI: " + e.getMessage());
                }
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null)
                {
                    throw line.error(1, "a registry is an https://HOST[:PORT] URI, found '" + line.word(1) + "'");
                }
                b.registry = line.word(1);
            }
            case "trust-anchor" ->
            {
                line.expectCount(2, "trust-anchor FILE");
                b.trustAnchor = line.word(1);
            }
            case "ca" ->
            {
                line.expectCount(2, "ca FILE");
                b.ca = line.word(1);
            }
            case "mode" ->
            {
                line.expectCount(2, "mode snapshot|per-rn");
                b.mode = parseChoice(line, 1, "snapshot", Whois8Mode.SNAPSHOT, "per-rn", Whois8Mode.PER_RN);
            }
            case "poll" ->
            {
                line.expectCount(2, "poll SECONDS");
                b.pollSeconds = parseInt(line, 1, 1, 86_400);
            }
            case "exit" ->
            {
                line.expectCount(1, "exit");
                endBlock();
            }
            default -> throw line.error(0, "unknown whois8 statement '" + line.word(0) + "'; expected one of: " + WHOIS8_KEYWORDS);
        }
    }

    private void endBlock() throws ConfigException
    {
        if (current != null)
        {
            if (!current.acl8.isEmpty() && current.role != InterfaceRole.INTERNAL)
            {
                throw new ConfigException(file, current.acl8.getFirst().line(), 2, "interface " + current.name +
                    ": ACL8 applies on internal interfaces only (spec 7.6), this one has role " + current.role.keyword());
            }
            final ExceptionPath path = current.exceptionPath;
            if (path != null)
            {
                if (current.port == null || current.port.kind() != PortKind.DPDK)
                {
                    throw new ConfigException(file, path.line(), current.exceptionPathColumn, "interface " + current.name +
                        ": 'exception-path tap' needs 'port dpdk' (the TAP is a DPDK net_tap device), found " +
                        (current.port == null ? "no port line" : "'port " + current.port.kind().name().toLowerCase() + "'"));
                }
                for (final InterfaceConfig other : interfaces)
                {
                    if (other.exceptionPath() != null && other.exceptionPath().kernelInterface().equals(path.kernelInterface()))
                    {
                        throw new ConfigException(file, path.line(), current.exceptionPathColumn, "kernel interface '" +
                            path.kernelInterface() + "' is already the exception path of interface " + other.name() +
                            " (line " + other.exceptionPath().line() + ")");
                    }
                }
            }
            interfaces.add(current.build());
            current = null;
        }
        if (bgp != null)
        {
            if (!bgp.routerIdSet)
            {
                throw new ConfigException(file, bgp.line, 1, "router bgp8 block: missing 'router-id A.B.C.D'");
            }
            bgp8 = new Bgp8Router(bgp.asn, bgp.routerId, bgp.listenHost, bgp.listenPort, bgp.neighbors, bgp.networks, bgp.line);
            bgp = null;
        }
        if (whois != null)
        {
            if (whois.registry == null)
            {
                throw new ConfigException(file, whois.line, 1, "whois8 block: missing 'registry https://HOST[:PORT]'");
            }
            if (whois.trustAnchor == null)
            {
                throw new ConfigException(file, whois.line, 1, "whois8 block: missing 'trust-anchor FILE'");
            }
            whois8 = new Whois8Settings(whois.registry, whois.trustAnchor, whois.ca, whois.mode, whois.pollSeconds, whois.line);
            whois = null;
        }
        if (dpdkBlock != null)
        {
            final DpdkBuilder b = dpdkBlock;
            dpdkBlock = null;
            if (b.socketMem != null && b.hugepages.equals("off"))
            {
                throw new ConfigException(file, b.socketMemLine, b.socketMemColumn, "dpdk: socket-mem needs hugepages, but the " +
                    "block says 'hugepages off' / 'no-huge' (use 'memory MB' without hugepages)");
            }
            if (b.mainLcore >= 0 && !lcoreListContains(b.lcores, b.mainLcore))
            {
                throw new ConfigException(file, b.mainLcoreLine, b.mainLcoreColumn, "dpdk: main-lcore " + b.mainLcore +
                    " is not in the lcores list '" + b.lcores + "'");
            }
            dpdk = new DpdkSettings(b.lcores, b.mainLcore, b.hugepages, b.memoryMb, b.socketMem, b.filePrefix,
                b.inMemory, b.pci, b.logLevel, b.vdevs, b.extraArgs, b.line);
        }
    }

    private static boolean lcoreListContains(final String list, final int core)
    {
        for (final String part : list.split(","))
        {
            final int dash = part.indexOf('-');
            final int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            final int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (core >= from && core <= to)
            {
                return true;
            }
        }
        return false;
    }

    /** Parses a dotted-quad IPv4 address; returns it as an unsigned value in an int. */
    private static int parseIpv4(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        if (!word.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"))
        {
            throw line.error(at, "expected an IPv4 address A.B.C.D, found '" + word + "'");
        }
        int value = 0;
        for (final String part : word.split("\\."))
        {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    private RouterConfig finish() throws ConfigException
    {
        // Cross-statement checks.
        final Set<Long> seen = new HashSet<>();
        for (final InterfaceConfig i : interfaces)
        {
            for (final InterfaceAddress a : i.addresses())
            {
                if (!seen.add(a.address()))
                {
                    throw new ConfigException(file, a.line(), 1, "address " + Ipv8Address.toString(a.address()) +
                        " is configured twice");
                }
            }
        }
        for (final StaticNeighbor n : neighbors)
        {
            if (n.interfaceName() == null && connectedInterface(n.address()) == null)
            {
                throw new ConfigException(file, n.line(), 1, "neighbor " + Ipv8Address.toString(n.address()) +
                    " is on no connected subnet of any interface; add it inside the interface block");
            }
        }
        for (final InterfaceConfig i : interfaces)
        {
            if (i.gatewayPair() != null)
            {
                final String problem = RouterBuilder.gatewayPairProblem(i);
                if (problem != null)
                {
                    throw new ConfigException(file, gatewayPairLines.get(i.name()), 2, problem);
                }
            }
        }
        final GatewayPairTimers gatewayPairTimers;
        try
        {
            gatewayPairTimers = new GatewayPairTimers(pairHelloMs, pairDeadMs, pairPreemptMs, pairUdpPort,
                GatewayPairTimers.DEFAULT_ANNOUNCE_COUNT, GatewayPairTimers.DEFAULT_ANNOUNCE_INTERVAL_MS,
                pairHelloDestination);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException(file, pairTimersLine, 1, e.getMessage());
        }
        if (bgp8 != null && asn >= 0 && bgp8.asn() != asn)
        {
            throw new ConfigException(file, bgp8.line(), 13, "router bgp8 " + bgp8.asn() + " differs from 'ipv8 asn " +
                asn + "': the BGP8 speaker's ASN must be the router's ASN");
        }
        return new RouterConfig(file, routing, asn, etherType, acceptV8On0800, l4Full64, icmpOnFilter, acceptHyphenNotation, egressValidation,
            xlate8NextHop, fibMaxAsns, fibAsnPrefixBudget, interfaces, routes, eightToFourPeers, neighbors, zonePermits,
            bgp8, whois8, returnFlowEntries, returnFlowIdleTimeout, returnFlowTcpIdleTimeout, egressPermits,
            gatewayPairTimers, arp8Timers(), dpdk != null ? dpdk : DpdkSettings.DEFAULTS, fastPath);
    }

    /** The interface whose connected subnet holds {@code address}, or null. */
    private InterfaceConfig connectedInterface(final long address)
    {
        for (final InterfaceConfig i : interfaces)
        {
            for (final InterfaceAddress a : i.addresses())
            {
                if (Ipv8Prefix.contains(a.address(), a.length64(), address))
                {
                    return i;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------
    // Value parsers: each names the word it rejects.
    // ------------------------------------------------------------------------------------------------------

    private StaticRoute parseRoute(final Line line, final int at) throws ConfigException
    {
        line.expectCount(at + 2, "ipv8 route PREFIX NEXT-HOP|drop");
        final Ipv8Prefix prefix;
        try
        {
            prefix = Ipv8Prefix.parse(line.word(at), acceptHyphenNotation);
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, "bad prefix: " + e.getMessage());
        }
        if ("drop".equals(line.word(at + 1)))
        {
            return new StaticRoute(prefix.address(), prefix.length(), 0, true, line.number());
        }
        return new StaticRoute(prefix.address(), prefix.length(), parseAddress(line, at + 1), false, line.number());
    }

    /** Longest configurable return-flow idle timeout: one day. */
    private static final int MAX_FLOW_TIMEOUT_SECONDS = 86_400;

    /** {@code ipv8 egress-permit SRC DST-ADDRESS} or {@code ipv8 egress-permit SRC asn ASN}. */
    private EgressPermitEntry parseEgressPermit(final Line line) throws ConfigException
    {
        final String form = "ipv8 egress-permit SRC DST-ADDRESS | ipv8 egress-permit SRC asn ASN";
        if (line.size() >= 5 && "asn".equals(line.word(3)))
        {
            line.expectCount(5, form);
        }
        else if (line.size() == 5)
        {
            line.expectWord(3, "asn");
        }
        else
        {
            line.expectCount(4, form);
        }
        final long[] source = parseMatchPrefix(line, 2);
        final EgressPermit permit;
        if (line.size() == 5)
        {
            permit = new EgressPermit(source[0], (int)source[1], 0, true, parseAsn(line, 4));
        }
        else
        {
            if ("any".equals(line.word(3)) || line.word(3).indexOf('/') >= 0)
            {
                throw line.error(3, "the destination of an egress permit is one address or 'asn ASN', found '" +
                    line.word(3) + "'");
            }
            permit = new EgressPermit(source[0], (int)source[1], parseAddress(line, 3), false, 0);
        }
        if (permit.sourceLength() != 64)
        {
            int prefixes = 1;
            for (final EgressPermitEntry e : egressPermits)
            {
                prefixes += e.permit().sourceLength() != 64 ? 1 : 0;
            }
            if (prefixes > EgressPermitTable.MAX_PREFIX_PERMITS)
            {
                throw line.error(2, "more than " + EgressPermitTable.MAX_PREFIX_PERMITS +
                    " egress permits with a prefix source (the bound of the linear part of the table)");
            }
        }
        for (final EgressPermitEntry e : egressPermits)
        {
            if (e.permit().equals(permit))
            {
                throw line.error(2, "egress permit '" + permit + "' is already configured at line " + e.line());
            }
        }
        return new EgressPermitEntry(permit, line.number());
    }

    /** {@code ipv8 acl8 permit SRC DST [protocol udp|tcp|icmp8|N] [port N]} inside an interface block. */
    private Acl8Rule parseAcl8Rule(final Line line) throws ConfigException
    {
        final String form = "ipv8 acl8 permit SRC DST [protocol udp|tcp|icmp8|N] [port N]";
        line.expectAtLeast(5, form);
        line.expectWord(2, "permit");
        final long[] source = parseMatchPrefix(line, 3);
        final long[] destination = parseMatchPrefix(line, 4);
        int protocol = Acl8Rule.ANY;
        int port = Acl8Rule.ANY;
        int portAt = -1;
        int at = 5;
        while (at < line.size())
        {
            switch (line.word(at))
            {
                case "protocol" ->
                {
                    if (protocol != Acl8Rule.ANY)
                    {
                        throw line.error(at, "'protocol' is given twice");
                    }
                    if (at + 1 >= line.size())
                    {
                        throw line.error(at + 1, "incomplete statement: expected 'protocol udp|tcp|icmp8|N'");
                    }
                    protocol = switch (line.word(at + 1))
                    {
                        case "udp" -> IpProtocols.UDP;
                        case "tcp" -> IpProtocols.TCP;
                        case "icmp8", "icmp" -> IpProtocols.ICMP;
                        default -> parseInt(line, at + 1, 0, 255);
                    };
                }
                case "port" ->
                {
                    if (port != Acl8Rule.ANY)
                    {
                        throw line.error(at, "'port' is given twice");
                    }
                    if (at + 1 >= line.size())
                    {
                        throw line.error(at + 1, "incomplete statement: expected 'port N'");
                    }
                    port = parseInt(line, at + 1, 0, 65535);
                    portAt = at;
                }
                default -> throw line.error(at, "unexpected '" + line.word(at) + "': expected 'protocol' or 'port' (" +
                    form + ")");
            }
            at += 2;
        }
        if (port != Acl8Rule.ANY && protocol != IpProtocols.TCP && protocol != IpProtocols.UDP)
        {
            throw line.error(portAt, "a port needs 'protocol tcp' or 'protocol udp' before it");
        }
        return new Acl8Rule(source[0], (int)source[1], destination[0], (int)destination[1], protocol, port);
    }

    /**
     * A match operand: {@code any} (/0), an address (/64) or a prefix with host bits zero.
     *
     * @return {prefix, 64-bit length}.
     */
    private long[] parseMatchPrefix(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        if ("any".equals(word))
        {
            return new long[] {0, 0};
        }
        if (word.indexOf('/') < 0)
        {
            return new long[] {parseAddress(line, at), 64};
        }
        try
        {
            final Ipv8Prefix prefix = Ipv8Prefix.parse(word, acceptHyphenNotation);
            return new long[] {prefix.address(), prefix.length()};
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, "bad prefix: " + e.getMessage());
        }
    }

    private StaticNeighbor parseNeighbor(final Line line, final String interfaceName) throws ConfigException
    {
        line.expectCount(5, "ipv8 neighbor ADDRESS MAC ipv8|ipv4");
        final long address = parseAddress(line, 2);
        final long mac = parseMac(line, 3);
        final NeighborCapability capability = switch (line.word(4))
        {
            case "ipv8" -> NeighborCapability.IPV8;
            case "ipv4" -> NeighborCapability.IPV4_ONLY;
            default -> throw line.error(4, "expected the neighbour's capability 'ipv8' or 'ipv4', found '" + line.word(4) + "'");
        };
        return new StaticNeighbor(interfaceName, address, mac, capability, line.number());
    }

    private InterfaceAddress parseInterfaceAddress(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        final int slash = word.indexOf('/');
        if (slash < 0)
        {
            throw line.error(at, "missing '/LENGTH' in '" + word + "'");
        }
        final String addressText = word.substring(0, slash);
        final long address;
        try
        {
            address = Ipv8Address.parse(addressText, acceptHyphenNotation);
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, "bad address: " + e.getMessage());
        }
        // Full dotted (8 octets, no hyphen) counts 64 bits; ASN-dot, hyphen and IPv4 forms count host bits.
        final boolean fullDotted = addressText.indexOf('-') < 0 && addressText.chars().filter(c -> c == '.').count() == 7;
        final int max = fullDotted ? 64 : 32;
        final int length;
        try
        {
            length = Integer.parseInt(word.substring(slash + 1));
        }
        catch (final NumberFormatException e)
        {
            throw line.error(at, "bad prefix length '" + word.substring(slash + 1) + "' in '" + word + "'");
        }
        if (length < 0 || length > max)
        {
            throw line.error(at, "prefix length " + length + " is outside 0.." + max + " for this notation");
        }
        final int length64 = fullDotted ? length : length + 32;
        if (length64 < 32)
        {
            throw line.error(at, "an interface subnet cannot span several ASNs (/" + length + " over 64 bits)");
        }
        if (Ipv8Address.isMulticast(address) || Ipv8Address.isBroadcastClass(address) || Ipv8Address.isReservedR(address))
        {
            throw line.error(at, "'" + addressText + "' is a multicast, broadcast or reserved address, not an interface address");
        }
        return new InterfaceAddress(address, length64, line.number());
    }

    private long parseAddress(final Line line, final int at) throws ConfigException
    {
        try
        {
            return Ipv8Address.parse(line.word(at), acceptHyphenNotation);
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, "bad address: " + e.getMessage());
        }
    }

    private static int parseZone(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        final String[] parts = word.split("\\.", -1);
        if (parts.length != 4)
        {
            throw line.error(at, "a zone is written as its routing prefix 127.A.B.C, found '" + word + "'");
        }
        final long asIpv4;
        try
        {
            asIpv4 = Ipv8Address.parse(word);
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, "bad zone: " + e.getMessage());
        }
        final int r = Ipv8Address.host(asIpv4);
        if ((r >>> 24) != Ipv8Address.R_ZONE_OCTET)
        {
            throw line.error(at, "zone prefixes are in 127.0.0.0/8, found '" + word + "'");
        }
        return r;
    }

    private static long parseAsn(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        if (!word.matches("0|[1-9][0-9]{0,9}"))
        {
            throw line.error(at, "an ASN is a decimal number 0..4294967295 (asplain), found '" + word + "'");
        }
        final long value = Long.parseLong(word);
        if (value > 0xFFFF_FFFFL)
        {
            throw line.error(at, "ASN " + word + " is > 4294967295");
        }
        return value;
    }

    private static int parseInt(final Line line, final int at, final int min, final int max) throws ConfigException
    {
        final String word = line.word(at);
        if (!word.matches("[0-9]{1,9}"))
        {
            throw line.error(at, "expected a number " + min + ".." + max + ", found '" + word + "'");
        }
        final int value = Integer.parseInt(word);
        if (value < min || value > max)
        {
            throw line.error(at, "value " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static int parseEtherType(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        if (!word.matches("0[xX][0-9a-fA-F]{4}"))
        {
            throw line.error(at, "an EtherType is written 0xHHHH, found '" + word + "'");
        }
        final int value = Integer.parseInt(word.substring(2), 16);
        try
        {
            // WireProfile owns the rule for which EtherTypes may carry native IPv8.
            return WireProfile.DEFAULT.withIpv8EtherType(value).ipv8EtherType();
        }
        catch (final IllegalArgumentException e)
        {
            throw line.error(at, e.getMessage());
        }
    }

    private static boolean parseOnOff(final Line line, final int at) throws ConfigException
    {
        return parseChoice(line, at, "on", true, "off", false);
    }

    /** A statement of {@code count} words whose last word is on|off, e.g. "ipv8 fast-path on|off". */
    private static boolean parseOnOffStatement(final Line line, final int count, final String form) throws ConfigException
    {
        line.expectCount(count, form);
        return parseOnOff(line, count - 1);
    }

    /**
     * The value of the keyword at word {@code at}, one of two; any other word fails as
     * "expected 'first' or 'second', found 'word'" at that word's column.
     */
    static <T> T parseChoice(final Line line, final int at, final String first, final T firstValue,
        final String second, final T secondValue) throws ConfigException
    {
        final String word = line.word(at);
        if (word.equals(first))
        {
            return firstValue;
        }
        if (word.equals(second))
        {
            return secondValue;
        }
        throw line.error(at, "expected '" + first + "' or '" + second + "', found '" + word + "'");
    }

    /** As the two-keyword form, for three: "expected 'first', 'second' or 'third', found 'word'". */
    static <T> T parseChoice(final Line line, final int at, final String first, final T firstValue,
        final String second, final T secondValue, final String third, final T thirdValue) throws ConfigException
    {
        final String word = line.word(at);
        if (word.equals(first))
        {
            return firstValue;
        }
        if (word.equals(second))
        {
            return secondValue;
        }
        if (word.equals(third))
        {
            return thirdValue;
        }
        throw line.error(at, "expected '" + first + "', '" + second + "' or '" + third + "', found '" + word + "'");
    }

    /** Parses a MAC written HH:HH:HH:HH:HH:HH (or with '-'); returns it in the low 48 bits. */
    static long parseMac(final Line line, final int at) throws ConfigException
    {
        final String word = line.word(at);
        if (!word.matches("[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}"))
        {
            throw line.error(at, "a MAC is written HH:HH:HH:HH:HH:HH, found '" + word + "'");
        }
        return Long.parseLong(word.replaceAll("[:-]", ""), 16);
    }

    /** The router bgp8 block being read. */
    private static final class Bgp8Builder
    {
        final long asn;
        final int line;
        int routerId;
        boolean routerIdSet;
        String listenHost;
        int listenPort;
        final List<Bgp8Neighbor> neighbors = new ArrayList<>();
        final List<Bgp8Network> networks = new ArrayList<>();

        Bgp8Builder(final long asn, final int line)
        {
            this.asn = asn;
            this.line = line;
        }
    }

    /** The dpdk block being read. */
    private static final class DpdkBuilder
    {
        final int line;
        String lcores = DpdkSettings.DEFAULTS.lcores();
        int mainLcore = -1;
        int mainLcoreLine;
        int mainLcoreColumn;
        String hugepages = DpdkSettings.DEFAULTS.hugepages();
        int memoryMb = DpdkSettings.DEFAULTS.memoryMb();
        String socketMem;
        int socketMemLine;
        int socketMemColumn;
        String filePrefix;
        boolean inMemory = DpdkSettings.DEFAULTS.inMemory();
        boolean pci = DpdkSettings.DEFAULTS.pci();
        String logLevel = DpdkSettings.DEFAULTS.logLevel();
        final List<String> vdevs = new ArrayList<>();
        final List<String> extraArgs = new ArrayList<>();

        DpdkBuilder(final int line)
        {
            this.line = line;
        }
    }

    /** The whois8 block being read. */
    private static final class Whois8Builder
    {
        final int line;
        String registry;
        String trustAnchor;
        String ca;
        Whois8Mode mode = Whois8Mode.SNAPSHOT;
        int pollSeconds;

        Whois8Builder(final int line)
        {
            this.line = line;
        }
    }

    /** One interface block being read. */
    private static final class InterfaceBuilder
    {
        final String name;
        final int line;
        PortSpec port;
        long mac;
        int mtu = InterfaceConfig.DEFAULT_MTU;
        final List<InterfaceAddress> addresses = new ArrayList<>();
        InterfaceRole role = InterfaceRole.INTERNAL;
        final List<ZoneMembership> zones = new ArrayList<>();
        final List<Long> peerAsns = new ArrayList<>();
        GatewayPair gatewayPair;
        boolean shutdown;
        final List<Acl8Entry> acl8 = new ArrayList<>();
        ExceptionPath exceptionPath;
        int exceptionPathColumn;

        InterfaceBuilder(final String name, final int line)
        {
            this.name = name;
            this.line = line;
        }

        InterfaceConfig build()
        {
            return new InterfaceConfig(name, line, port, mac, mtu, List.copyOf(addresses), role, List.copyOf(zones),
                List.copyOf(peerAsns), gatewayPair, shutdown, acl8, exceptionPath);
        }
    }

    /** A source line split into words, each with its 1-based column. Comments start with '!' or '#'. */
    static final class Line
    {
        private final String file;
        private final int number;
        private final boolean indented;
        private final List<String> words = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();

        Line(final String file, final int number, final String text)
        {
            this.file = file;
            this.number = number;
            this.indented = !text.isEmpty() && Character.isWhitespace(text.charAt(0));
            int i = 0;
            final int n = text.length();
            while (i < n)
            {
                final char c = text.charAt(i);
                if (Character.isWhitespace(c))
                {
                    i++;
                    continue;
                }
                if (c == '!' || c == '#')
                {
                    break;
                }
                final int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)))
                {
                    i++;
                }
                words.add(text.substring(start, i));
                columns.add(start + 1);
            }
        }

        int size()
        {
            return words.size();
        }

        int number()
        {
            return number;
        }

        int column(final int wordIndex)
        {
            return columns.get(wordIndex);
        }

        boolean indented()
        {
            return indented;
        }

        String word(final int i)
        {
            return words.get(i);
        }

        ConfigException error(final int wordIndex, final String message)
        {
            final int column = wordIndex < columns.size() ? columns.get(wordIndex) :
                (columns.isEmpty() ? 1 : columns.get(columns.size() - 1) + words.get(words.size() - 1).length());
            return new ConfigException(file, number, column, message);
        }

        void expectCount(final int count, final String form) throws ConfigException
        {
            if (words.size() < count)
            {
                throw error(words.size(), "incomplete statement: expected '" + form + "'");
            }
            if (words.size() > count)
            {
                throw error(count, "unexpected '" + words.get(count) + "': expected '" + form + "'");
            }
        }

        void expectAtLeast(final int count, final String form) throws ConfigException
        {
            if (words.size() < count)
            {
                throw error(words.size(), "incomplete statement: expected '" + form + "'");
            }
        }

        void expectWord(final int i, final String keyword) throws ConfigException
        {
            if (!words.get(i).equals(keyword))
            {
                throw error(i, "expected '" + keyword + "', found '" + words.get(i) + "'");
            }
        }
    }
}
