package org.ipv8router.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Network;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.EightToFourPeer;
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
import org.ipv8router.dataplane.neighbor.NeighborCapability;
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
 * interface NAME                            block: the indented lines below belong to it
 *  port ring | port pcap IN OUT | port dpdk DEVICE-ARGS
 *  mac MAC
 *  mtu N
 *  ipv8 address ADDRESS/LENGTH              ASN-dot and IPv4 lengths count host bits, full dotted 64 bits
 *  ipv8 role internal|external|rine|interior-link
 *  ipv8 zone 127.A.B.C [group N]
 *  ipv8 peer-asn ASN...
 *  ipv8 gateway-pair even|odd peer ADDRESS
 *  ipv8 neighbor ADDRESS MAC ipv8|ipv4
 *  shutdown
 *  exit                                     (optional) ends the block
 * router bgp8 ASN                           block: the BGP8 speaker (ASN must equal 'ipv8 asn' if both are given)
 *  router-id A.B.C.D                        required
 *  listen ADDRESS [port N]                  optional passive listen address
 *  neighbor A.B.C.D remote-as ASN [port N] [passive] [max-prefix N] [link-cost N]
 *  network PREFIX                           an originated prefix
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
        "l4-pseudo-header, icmp-on-filter, fast-path, accept-hyphen-notation, egress-validation, xlate8, fib, route, 8to4, neighbor, zone-permit";
    private static final String INTERFACE_KEYWORDS = "port, mac, mtu, ipv8, shutdown, exit";
    private static final String BGP8_KEYWORDS = "router-id, listen, neighbor, network, exit";
    private static final String WHOIS8_KEYWORDS = "registry, trust-anchor, ca, mode, poll, exit";
    private static final String INTERFACE_IPV8_KEYWORDS = "address, role, zone, peer-asn, gateway-pair, neighbor";

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

    // The block being read: at most one of these is non-null; all null at top level.
    private InterfaceBuilder current;
    private Bgp8Builder bgp;
    private Whois8Builder whois;
    private Bgp8Router bgp8;
    private Whois8Settings whois8;

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
        else
        {
            throw line.error(0, "indented statement '" + line.word(0) + "' outside an interface, router bgp8 or whois8 block");
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
            case "exit" ->
            {
                // Harmless at top level.
            }
            default -> throw line.error(0, "unknown statement '" + line.word(0) + "': expected 'ipv8', 'interface', 'router bgp8' or 'whois8'");
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
            case "accept-v8-on-0800" ->
            {
                line.expectCount(3, "ipv8 accept-v8-on-0800 on|off");
                acceptV8On0800 = parseOnOff(line, 2);
            }
            case "l4-pseudo-header" ->
            {
                line.expectCount(3, "ipv8 l4-pseudo-header ipv4-compatible|full64");
                l4Full64 = switch (line.word(2))
                {
                    case "full64" -> true;
                    case "ipv4-compatible" -> false;
                    default -> throw line.error(2, "expected 'ipv4-compatible' or 'full64', found '" + line.word(2) + "'");
                };
            }
            case "icmp-on-filter" ->
            {
                line.expectCount(3, "ipv8 icmp-on-filter on|off");
                icmpOnFilter = parseOnOff(line, 2);
            }
            case "fast-path" ->
            {
                line.expectCount(3, "ipv8 fast-path on|off");
                fastPath = parseOnOff(line, 2);
            }
            case "accept-hyphen-notation" ->
            {
                line.expectCount(3, "ipv8 accept-hyphen-notation on|off");
                acceptHyphenNotation = parseOnOff(line, 2);
            }
            case "egress-validation" ->
            {
                line.expectCount(3, "ipv8 egress-validation enforce|monitor|off");
                egressValidation = switch (line.word(2))
                {
                    case "enforce" -> EgressValidation.ENFORCE;
                    case "monitor" -> EgressValidation.MONITOR;
                    case "off" -> EgressValidation.OFF;
                    default -> throw line.error(2, "expected 'enforce', 'monitor' or 'off', found '" + line.word(2) + "'");
                };
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
            case "zone-permit" ->
            {
                line.expectCount(4, "ipv8 zone-permit FROM-GROUP TO-GROUP");
                zonePermits.add(new ZonePermit(parseInt(line, 2, 1, 255), parseInt(line, 3, 1, 255), line.number()));
            }
            case "address", "role", "zone", "peer-asn", "gateway-pair" ->
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
                line.expectCount(5, "ipv8 gateway-pair even|odd peer ADDRESS");
                final boolean even = switch (line.word(2))
                {
                    case "even" -> true;
                    case "odd" -> false;
                    default -> throw line.error(2, "expected 'even' or 'odd', found '" + line.word(2) + "'");
                };
                line.expectWord(3, "peer");
                b.gatewayPair = new GatewayPair(even, parseAddress(line, 4));
            }
            case "neighbor" -> neighbors.add(parseNeighbor(line, b.name));
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
                line.expectCount(2, "network PREFIX");
                final Ipv8Prefix prefix;
                try
                {
                    prefix = Ipv8Prefix.parse(line.word(1), acceptHyphenNotation);
                }
                catch (final IllegalArgumentException e)
                {
                    throw line.error(1, "bad prefix: " + e.getMessage());
                }
                b.networks.add(new Bgp8Network(prefix.address(), prefix.length(), line.number()));
            }
            case "exit" ->
            {
                line.expectCount(1, "exit");
                endBlock();
            }
            default -> throw line.error(0, "unknown router bgp8 statement '" + line.word(0) + "'; expected one of: " + BGP8_KEYWORDS);
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
                b.mode = switch (line.word(1))
                {
                    case "snapshot" -> Whois8Mode.SNAPSHOT;
                    case "per-rn" -> Whois8Mode.PER_RN;
                    default -> throw line.error(1, "expected 'snapshot' or 'per-rn', found '" + line.word(1) + "'");
                };
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
        if (bgp8 != null && asn >= 0 && bgp8.asn() != asn)
        {
            throw new ConfigException(file, bgp8.line(), 13, "router bgp8 " + bgp8.asn() + " differs from 'ipv8 asn " +
                asn + "': the BGP8 speaker's ASN must be the router's ASN");
        }
        return new RouterConfig(file, routing, asn, etherType, acceptV8On0800, l4Full64, icmpOnFilter, acceptHyphenNotation, egressValidation,
            xlate8NextHop, fibMaxAsns, fibAsnPrefixBudget, interfaces, routes, eightToFourPeers, neighbors, zonePermits,
            bgp8, whois8, fastPath);
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
        return switch (line.word(at))
        {
            case "on" -> true;
            case "off" -> false;
            default -> throw line.error(at, "expected 'on' or 'off', found '" + line.word(at) + "'");
        };
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

        InterfaceBuilder(final String name, final int line)
        {
            this.name = name;
            this.line = line;
        }

        InterfaceConfig build()
        {
            return new InterfaceConfig(name, line, port, mac, mtu, List.copyOf(addresses), role, List.copyOf(zones),
                List.copyOf(peerAsns), gatewayPair, shutdown);
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
