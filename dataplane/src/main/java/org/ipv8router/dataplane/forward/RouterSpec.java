package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.neighbor.Arp8Timers;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.WireProfile;

/**
 * What a {@link Router} is made of, as plain data: interfaces (bound to ports by index), local ASNs, static routes,
 * 8to4 peers, static neighbours, zone permits and the XLATE8 next hop. Built programmatically (tests, the DPDK
 * launcher) or from a router config file by router-cli's {@code RouterBuilder}. Immutable once built.
 *
 * @param profile            wire choices (IPv8 EtherType, accept-v8-on-0800, L4 pseudo-header, 8to4 protocol).
 * @param localAsns          own ASNs: each gets a local Tier 2 table (spec 7.2 localR).
 * @param interfaces         the interfaces, at most one per port index.
 * @param routes             static routes.
 * @param eightToFourPeers   8to4 endpoints per remote ASN (spec 5.1); also the only sources decapsulation accepts.
 * @param neighbors          static neighbours (PERMANENT cache entries).
 * @param zonePermits        zone group pairs that may talk (spec 7.4, default deny).
 * @param xlate8NextHop      where 127.x traffic to a foreign r must go (spec 7.4); 0 = none (such traffic drops).
 * @param fibConfig          FIB sizing.
 * @param localTableLayout   Tier 2 layout of own-ASN tables (DIR_24_8 = 64 MiB each; DIR_16_8_8 = 256 KiB).
 * @param arp8Timers         dual-probe timers (spec 4.3).
 * @param neighborCacheSize  neighbour entries per interface.
 * @param icmpErrorsPerSecond ICMP error rate per interface (spec 6.2: 100/s).
 * @param icmpErrorBurst     ICMP error burst per interface (spec 6.2: 50).
 * @param acceptAnyDestinationMac take unicast frames for any MAC (offline pcap runs); false drops frames whose
 *                           destination is neither the interface's MAC nor a group address ({@code l2_not_for_us}).
 * @param returnFlow         return-flow table of downgraded flows (spec 3.5); {@link ReturnFlow#OFF} disables it.
 * @param egressValidation   egress-validation mode at start (spec 7.5; changeable while running).
 * @param egressPermits      egress-validation permits at start.
 * @param acl8               ACL8 permit lists by interface name (spec 7.6); interfaces not listed are not filtered.
 * @param icmpOnFilter       ICMPv8 3/13 for ACL8 and egress-validation drops.
 * @param gatewayPairs       .254/.253 gateway-pair membership of interfaces (spec 7.7), at most one per interface.
 * @param fastPath           run the fused fast path {@code ip8-fast} in front of the graph (default true; false = every
 *                           packet takes the slow graph, for debugging; same behaviour either way, see FastPathNode).
 */
public record RouterSpec(
    WireProfile profile,
    List<Long> localAsns,
    List<Interface> interfaces,
    List<Route> routes,
    List<EightToFourPeer> eightToFourPeers,
    List<Neighbor> neighbors,
    List<ZonePermit> zonePermits,
    long xlate8NextHop,
    FibConfig fibConfig,
    Dir24_8.Layout localTableLayout,
    Arp8Timers arp8Timers,
    int neighborCacheSize,
    int icmpErrorsPerSecond,
    int icmpErrorBurst,
    boolean acceptAnyDestinationMac,
    ReturnFlow returnFlow,
    EgressValidationMode egressValidation,
    List<EgressPermit> egressPermits,
    List<Acl8Binding> acl8,
    boolean icmpOnFilter,
    List<GatewayPair> gatewayPairs,
    boolean fastPath)
{
    /**
     * Sizing of the return-flow table (spec 3.5).
     *
     * @param maxEntries            bound on flows; 0 disables return flows.
     * @param idleTimeoutSeconds    idle timeout of non-TCP flows (spec: 300).
     * @param tcpIdleTimeoutSeconds idle timeout of TCP flows (spec: 7440).
     */
    public record ReturnFlow(int maxEntries, int idleTimeoutSeconds, int tcpIdleTimeoutSeconds)
    {
        /** The spec 3.5 defaults. */
        public static final ReturnFlow DEFAULTS = new ReturnFlow(ReturnFlowTable.DEFAULT_MAX_ENTRIES,
            ReturnFlowTable.DEFAULT_IDLE_TIMEOUT_SECONDS, ReturnFlowTable.DEFAULT_TCP_IDLE_TIMEOUT_SECONDS);
        /** No return-flow table. */
        public static final ReturnFlow OFF = new ReturnFlow(0, ReturnFlowTable.DEFAULT_IDLE_TIMEOUT_SECONDS,
            ReturnFlowTable.DEFAULT_TCP_IDLE_TIMEOUT_SECONDS);

        public boolean enabled()
        {
            return maxEntries > 0;
        }
    }

    /** The ACL8 permit list of one interface, in evaluation order. */
    public record Acl8Binding(String interfaceName, List<Acl8Rule> rules)
    {
        public Acl8Binding
        {
            Objects.requireNonNull(interfaceName, "interfaceName");
            rules = List.copyOf(rules);
        }
    }

    /** Interface roles of spec 7.3. */
    public enum Role
    {
        INTERNAL, EXTERNAL, RINE, INTERIOR_LINK
    }

    /**
     * One interface.
     *
     * @param name      interface name (counter labels, pcap file names).
     * @param portIndex index of the {@link org.ipv8router.dataplane.port.Port} it runs on.
     * @param mac       MAC address; 0 = the port's own.
     * @param mtu       L3 MTU; 0 = the port's own.
     * @param addresses our addresses on it, each with its 64-bit prefix length (connected route).
     * @param role      border-filter role.
     * @param zones     127.x zones served here (r values) with their policy group.
     * @param peerAsns  on an external interface: source ASNs allowed (spec 19.1); empty = check skipped.
     */
    public record Interface(
        String name,
        int portIndex,
        long mac,
        int mtu,
        List<Address> addresses,
        Role role,
        List<Zone> zones,
        List<Long> peerAsns)
    {
        public Interface
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            addresses = List.copyOf(addresses);
            zones = List.copyOf(zones);
            peerAsns = List.copyOf(peerAsns);
        }
    }

    /** An interface address and its 64-bit prefix length (64496.192.0.2.254/24 -> length64 56). */
    public record Address(long address, int length64)
    {
    }

    /** A 127.x zone served on an interface, in a policy group (1..255). */
    public record Zone(int zoneR, int group)
    {
    }

    /** {@code ipv8 route}: nextHop is a 64-bit neighbour address, ignored when drop. */
    public record Route(long prefix, int length64, long nextHop, boolean drop)
    {
    }

    /** {@code ipv8 8to4 peer <asn> <ipv4>}. */
    public record EightToFourPeer(long asn, int ipv4Endpoint)
    {
    }

    /** A static neighbour; interfaceName null = the interface whose connected prefix contains the address. */
    public record Neighbor(String interfaceName, long address, long mac, NeighborCapability capability)
    {
    }

    /** Zones of group {@code from} may send to zones of group {@code to}. */
    public record ZonePermit(int from, int to)
    {
    }

    /**
     * {@code ipv8 gateway-pair even|odd peer <address>} on an interface (spec 7.7): this router owns {@code ownVip}
     * (one of the interface's addresses) and stands in for {@code peerVip} when the peer is dead.
     *
     * @param interfaceName the interface on the shared segment.
     * @param even          true for the even member (.254, broadcast - 1), false for the odd one (.253).
     * @param ownVip        our VIP: the interface address on the peer's connected prefix.
     * @param peerVip       the peer's VIP.
     * @param vlan          VLAN ID (0..4095) encoded in both virtual MACs; 0 on an untagged segment.
     */
    public record GatewayPair(String interfaceName, boolean even, long ownVip, long peerVip, int vlan)
    {
        public GatewayPair
        {
            Objects.requireNonNull(interfaceName, "interfaceName");
            if (vlan < 0 || vlan > 4095)
            {
                throw new IllegalArgumentException("gateway pair on " + interfaceName + ": VLAN " + vlan +
                    " is outside 0..4095");
            }
        }
    }

    public RouterSpec
    {
        gatewayPairs = List.copyOf(gatewayPairs);
        Objects.requireNonNull(profile, "profile");
        localAsns = List.copyOf(localAsns);
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        eightToFourPeers = List.copyOf(eightToFourPeers);
        neighbors = List.copyOf(neighbors);
        zonePermits = List.copyOf(zonePermits);
        Objects.requireNonNull(returnFlow, "returnFlow");
        Objects.requireNonNull(egressValidation, "egressValidation");
        egressPermits = List.copyOf(egressPermits);
        acl8 = List.copyOf(acl8);
    }

    /** @return a builder with the v1 defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects a spec; every list starts empty. */
    public static final class Builder
    {
        private WireProfile profile = WireProfile.DEFAULT;
        private final List<Long> localAsns = new ArrayList<>();
        private final List<Interface> interfaces = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private final List<EightToFourPeer> peers = new ArrayList<>();
        private final List<Neighbor> neighbors = new ArrayList<>();
        private final List<ZonePermit> permits = new ArrayList<>();
        private long xlate8NextHop;
        private FibConfig fibConfig = FibConfig.defaults();
        private Dir24_8.Layout localTableLayout = Dir24_8.Layout.DIR_24_8;
        private Arp8Timers arp8Timers = Arp8Timers.DEFAULTS;
        private int neighborCacheSize = 1024;
        private int icmpErrorsPerSecond = 100;
        private int icmpErrorBurst = 50;
        private boolean acceptAnyDestinationMac;
        private ReturnFlow returnFlow = ReturnFlow.DEFAULTS;
        private EgressValidationMode egressValidation = EgressValidationMode.OFF;
        private final List<EgressPermit> egressPermits = new ArrayList<>();
        private final List<Acl8Binding> acl8 = new ArrayList<>();
        private boolean icmpOnFilter;
        private final List<GatewayPair> gatewayPairs = new ArrayList<>();

        public Builder gatewayPair(final GatewayPair value)
        {
            gatewayPairs.add(Objects.requireNonNull(value, "gatewayPair"));
            return this;
        }
        private boolean fastPath = true;

        public Builder profile(final WireProfile value)
        {
            profile = value;
            return this;
        }

        public Builder localAsn(final long asn)
        {
            localAsns.add(asn);
            return this;
        }

        public Builder addInterface(final Interface value)
        {
            interfaces.add(value);
            return this;
        }

        /** Shorthand: an interface with one address and no zones or peer ASNs. */
        public Builder addInterface(final String name, final int portIndex, final Role role, final long address, final int length64)
        {
            return addInterface(new Interface(name, portIndex, 0, 0, List.of(new Address(address, length64)), role,
                List.of(), List.of()));
        }

        public Builder route(final long prefix, final int length64, final long nextHop)
        {
            routes.add(new Route(prefix, length64, nextHop, false));
            return this;
        }

        public Builder dropRoute(final long prefix, final int length64)
        {
            routes.add(new Route(prefix, length64, 0, true));
            return this;
        }

        public Builder eightToFourPeer(final long asn, final int ipv4Endpoint)
        {
            peers.add(new EightToFourPeer(asn, ipv4Endpoint));
            return this;
        }

        public Builder neighbor(final String interfaceName, final long address, final long mac, final NeighborCapability cap)
        {
            neighbors.add(new Neighbor(interfaceName, address, mac, cap));
            return this;
        }

        public Builder zonePermit(final int from, final int to)
        {
            permits.add(new ZonePermit(from, to));
            return this;
        }

        public Builder xlate8NextHop(final long address)
        {
            xlate8NextHop = address;
            return this;
        }

        public Builder fibConfig(final FibConfig value)
        {
            fibConfig = value;
            return this;
        }

        public Builder localTableLayout(final Dir24_8.Layout value)
        {
            localTableLayout = value;
            return this;
        }

        public Builder arp8Timers(final Arp8Timers value)
        {
            arp8Timers = value;
            return this;
        }

        public Builder neighborCacheSize(final int value)
        {
            neighborCacheSize = value;
            return this;
        }

        public Builder icmpRate(final int perSecond, final int burst)
        {
            icmpErrorsPerSecond = perSecond;
            icmpErrorBurst = burst;
            return this;
        }

        /** Take unicast frames for any destination MAC (pcap input); default false. */
        public Builder acceptAnyDestinationMac(final boolean value)
        {
            acceptAnyDestinationMac = value;
            return this;
        }

        /** Return-flow table sizing (default {@link ReturnFlow#DEFAULTS}; {@link ReturnFlow#OFF} disables). */
        public Builder returnFlow(final ReturnFlow value)
        {
            returnFlow = value;
            return this;
        }

        public Builder egressValidation(final EgressValidationMode value)
        {
            egressValidation = value;
            return this;
        }

        public Builder egressPermit(final EgressPermit value)
        {
            egressPermits.add(value);
            return this;
        }

        /** The ACL8 permit list of interface {@code interfaceName} (replaces an earlier one for it). */
        public Builder acl8(final String interfaceName, final List<Acl8Rule> rules)
        {
            acl8.removeIf(b -> b.interfaceName().equals(interfaceName));
            acl8.add(new Acl8Binding(interfaceName, rules));
            return this;
        }

        /** ICMPv8 3/13 for ACL8 and egress-validation drops (default off). */
        public Builder icmpOnFilter(final boolean value)
        {
            icmpOnFilter = value;
            return this;
        }

        /** Run the fused fast path {@code ip8-fast} (default true); false sends every packet through the graph. */
        public Builder fastPath(final boolean value)
        {
            fastPath = value;
            return this;
        }

        public RouterSpec build()
        {
            return new RouterSpec(profile, localAsns, interfaces, routes, peers, neighbors, permits, xlate8NextHop,
                fibConfig, localTableLayout, arp8Timers, neighborCacheSize, icmpErrorsPerSecond, icmpErrorBurst,
                acceptAnyDestinationMac, returnFlow, egressValidation, egressPermits, acl8, icmpOnFilter, gatewayPairs,
                fastPath);
        }
    }
}
