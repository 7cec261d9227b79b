package org.ipv8router.config;

import java.util.List;

import org.ipv8router.dataplane.forward.Acl8Rule;
import org.ipv8router.dataplane.forward.EgressPermit;
import org.ipv8router.dataplane.neighbor.NeighborCapability;

/** The records a parsed router configuration is made of. Immutable; lines refer to the source for messages. */
public final class ConfigModel
{
    private ConfigModel()
    {
    }

    /** How a port is backed. */
    public enum PortKind
    {
        /** In-memory ring port (tests, the embedded demo). */
        RING,
        /** pcap files: ingress read from one, egress written to another. */
        PCAP,
        /** A DPDK ethdev: PCI address or vdev arguments. */
        DPDK
    }

    /** {@code port ring | port pcap <in> <out> | port dpdk <device-args>}. */
    public record PortSpec(PortKind kind, String argument, String secondArgument)
    {
    }

    /** An interface address with its 64-bit prefix length, e.g. 64496.192.0.2.254/24 -> P = 56. */
    public record InterfaceAddress(long address, int length64, int line)
    {
    }

    /**
     * {@code ipv8 gateway-pair even|odd peer <address> [vlan <id>]} (spec 7.7, profile section 9).
     *
     * @param even true for the even member (.254), false for the odd one (.253).
     * @param peer the peer's VIP.
     * @param vlan VLAN ID in the virtual MACs (0 = untagged segment, the default).
     */
    public record GatewayPair(boolean even, long peer, int vlan)
    {
    }

    /** One {@code interface <name>} block. */
    public record InterfaceConfig(
        String name,
        int line,
        PortSpec port,
        long mac,
        int mtu,
        List<InterfaceAddress> addresses,
        InterfaceRole role,
        List<ZoneMembership> zones,
        List<Long> peerAsns,
        GatewayPair gatewayPair,
        boolean shutdown,
        List<Acl8Entry> acl8,
        ExceptionPath exceptionPath)
    {
        /** The default MTU of an Ethernet interface. */
        public static final int DEFAULT_MTU = 1500;

        public InterfaceConfig
        {
            acl8 = List.copyOf(acl8);
        }

        /** The interface's ACL8 rules in order (empty: the interface is not filtered). */
        public List<Acl8Rule> acl8Rules()
        {
            return acl8.stream().map(Acl8Entry::rule).toList();
        }

        /**
         * The IPv4 addresses the kernel side of the exception path gets: the n.n.n.n part of every address with
         * its IPv4 prefix length (length64 - 32), r = 0 or not (IPv4 hosts of an IPv8 segment reach the router at
         * n.n.n.n), except 127.x zone addresses; duplicates once, in config order.
         *
         * @return CIDRs such as {@code 203.0.113.1/30}.
         */
        public List<String> kernelAddresses()
        {
            final java.util.LinkedHashSet<String> cidrs = new java.util.LinkedHashSet<>();
            for (final InterfaceAddress a : addresses)
            {
                final int r = (int)(a.address() >>> 32);
                if ((r >>> 24) == 127)
                {
                    continue;
                }
                cidrs.add(org.ipv8router.wire.Ipv8Address.toIpv4((int)a.address()) + "/" + (a.length64() - 32));
            }
            return List.copyOf(cidrs);
        }
    }

    /** {@code ipv8 acl8 permit SRC DST [protocol P] [port N]} inside an interface block (spec 7.6). */
    public record Acl8Entry(Acl8Rule rule, int line)
    {
    }

    /** {@code ipv8 egress-permit SRC DST | SRC asn ASN} (spec 7.5). */
    public record EgressPermitEntry(EgressPermit permit, int line)
    {
    }

    /**
     * {@code exception-path tap [NAME]}: the interface's kernel exception path, a TAP named {@code kernelInterface}
     * (default {@code ipv8-<interface>}) that carries ARP and TCP/UDP for the router's addresses to the kernel.
     */
    public record ExceptionPath(String kernelInterface, int line)
    {
    }

    /** {@code ipv8 zone 127.a.b.c [group N]}: a 127.x zone served on an interface, in a policy group. */
    public record ZoneMembership(int zoneR, int group, int line)
    {
    }

    /** {@code ipv8 route <prefix> <next-hop>|drop}. nextHop is a 64-bit address; 0 with drop = true. */
    public record StaticRoute(long prefix, int length64, long nextHop, boolean drop, int line)
    {
    }

    /** {@code ipv8 8to4 peer <asn> <ipv4>}: the 8to4 endpoint for a remote ASN (spec 5.1). */
    public record EightToFourPeer(long asn, int ipv4Endpoint, int line)
    {
    }

    /** {@code ipv8 neighbor <address> <mac> ipv8|ipv4}: a static neighbour (offline runs, fixed peers). */
    public record StaticNeighbor(String interfaceName, long address, long mac, NeighborCapability capability, int line)
    {
    }

    /** {@code ipv8 zone-permit <group> <group>}: zones of the first group may send to zones of the second. */
    public record ZonePermit(int fromGroup, int toGroup, int line)
    {
    }

    /** Default TCP port of BGP (RFC 4271). */
    public static final int BGP_PORT = 179;

    /**
     * {@code router bgp8 <asn>} block: the BGP8 speaker.
     *
     * @param asn        local ASN.
     * @param routerId   {@code router-id A.B.C.D} as an unsigned IPv4 value in an int.
     * @param listenHost {@code listen ADDRESS [port N]}: passive listen address, null for none.
     * @param listenPort the listen port (179 unless given).
     * @param neighbors  {@code neighbor ...} lines in config order.
     * @param networks   {@code network PREFIX} lines: originated prefixes.
     * @param line       the block's header line.
     */
    public record Bgp8Router(long asn, int routerId, String listenHost, int listenPort,
        List<Bgp8Neighbor> neighbors, List<Bgp8Network> networks, int line)
    {
        public Bgp8Router
        {
            neighbors = List.copyOf(neighbors);
            networks = List.copyOf(networks);
        }
    }

    /**
     * {@code neighbor ADDRESS remote-as ASN [port N] [passive] [max-prefix N] [link-cost N]}.
     *
     * @param address   the peer's IPv4 address as written (dotted quad, checked).
     * @param maxPrefix 0 = no limit.
     * @param linkCost  the link's CF cost, 0 = not set.
     */
    public record Bgp8Neighbor(String address, long remoteAs, int port, boolean passive, int maxPrefix, int linkCost,
        int line)
    {
    }

    /** {@code network PREFIX}: a prefix this router originates, 64-bit length. */
    public record Bgp8Network(long prefix, int length64, int eightToFourEndpoint, int line)
    {
        /** {@code network PREFIX} without an 8TO4-ENDPOINT. */
        public Bgp8Network(final long prefix, final int length64, final int line)
        {
            this(prefix, length64, 0, line);
        }
    }

    /**
     * {@code dpdk} block: the DPDK EAL options of the {@code port dpdk} interfaces. Read once, when the forwarding
     * thread initialises the EAL (once per process): changing any of them needs a restart.
     *
     * @param lcores     {@code lcores LIST}: EAL {@code -l} (default "0"); the forwarding thread is pinned to the
     *                   first (or main) core.
     * @param mainLcore  {@code main-lcore N}: {@code --main-lcore}, -1 for DPDK's choice.
     * @param hugepages  {@code hugepages auto|on|off} ({@code no-huge} = off): auto uses hugepages when enough are
     *                   free, on requires them, off runs {@code --no-huge}.
     * @param memoryMb   {@code memory MB}: {@code -m} with {@code --no-huge} (default 512).
     * @param socketMem  {@code socket-mem MB[,MB...]}: {@code --socket-mem} (hugepages only), null for none.
     * @param filePrefix {@code file-prefix NAME}: {@code --file-prefix}, null for the default "ipv8".
     * @param inMemory   {@code in-memory on|off}: {@code --in-memory} with hugepages (default on).
     * @param pci        {@code pci on|off}: scan the PCI bus (default on; off adds {@code --no-pci}).
     * @param logLevel   {@code log-level VALUE}: {@code --log-level}, e.g. "lib.eal:notice".
     * @param vdevs      {@code vdev ARGS} lines: {@code --vdev} at EAL init.
     * @param extraArgs  {@code extra ARG...} lines: further EAL arguments, verbatim, in order.
     * @param line       the block's header line, 0 when there is no block (all defaults).
     */
    public record DpdkSettings(String lcores, int mainLcore, String hugepages, int memoryMb, String socketMem,
        String filePrefix, boolean inMemory, boolean pci, String logLevel, List<String> vdevs, List<String> extraArgs,
        int line)
    {
        /** The defaults (no {@code dpdk} block). */
        public static final DpdkSettings DEFAULTS = new DpdkSettings("0", -1, "auto", 512, null, null, true, true,
            "lib.eal:notice", List.of(), List.of(), 0);

        public DpdkSettings
        {
            vdevs = List.copyOf(vdevs);
            extraArgs = List.copyOf(extraArgs);
        }

        /** @return every option as it would be written in the block, in grammar order (for diff and summary). */
        public java.util.LinkedHashMap<String, String> knobs()
        {
            final java.util.LinkedHashMap<String, String> knobs = new java.util.LinkedHashMap<>();
            knobs.put("lcores", lcores);
            knobs.put("main-lcore", mainLcore < 0 ? "auto" : Integer.toString(mainLcore));
            knobs.put("hugepages", hugepages);
            knobs.put("memory", Integer.toString(memoryMb));
            knobs.put("socket-mem", socketMem == null ? "none" : socketMem);
            knobs.put("file-prefix", filePrefix == null ? "ipv8" : filePrefix);
            knobs.put("in-memory", inMemory ? "on" : "off");
            knobs.put("pci", pci ? "on" : "off");
            knobs.put("log-level", logLevel);
            knobs.put("vdev", vdevs.isEmpty() ? "none" : String.join(" ", vdevs));
            knobs.put("extra", extraArgs.isEmpty() ? "none" : String.join(" ", extraArgs));
            return knobs;
        }
    }

    /** {@code mode snapshot|per-rn} of the whois8 block. */
    public enum Whois8Mode
    {
        SNAPSHOT, PER_RN
    }

    /**
     * {@code whois8} block: the WHOIS8 registry client.
     *
     * @param registry    {@code registry URI}: base URI (http or https).
     * @param trustAnchor {@code trust-anchor FILE}: TrustAnchors file.
     * @param ca          {@code ca FILE}: PEM CA for TLS, null for the JDK default trust.
     * @param mode        snapshot (default) or per-rn.
     * @param pollSeconds {@code poll SECONDS}: delta / refresh interval, 0 = client default.
     * @param line        the block's header line.
     */
    public record Whois8Settings(String registry, String trustAnchor, String ca, Whois8Mode mode, int pollSeconds, int line)
    {
    }
}
