package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.EgressPermitEntry;
import org.ipv8router.config.ConfigModel.DpdkSettings;
import org.ipv8router.config.ConfigModel.EightToFourPeer;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.dataplane.gwpair.GatewayPairTimers;
import org.ipv8router.dataplane.neighbor.Arp8Timers;

/**
 * A parsed and checked router configuration (spec section 8). Everything not configured has the safe default of
 * spec 8: role internal, EtherType 0x8080, accept-v8-on-0800 on, egress validation off.
 *
 * @param source            file name, for messages.
 * @param routing           {@code ipv8 routing}: IPv8 forwarding and ARP8 enabled.
 * @param asn               {@code ipv8 asn}: the local ASN (r.r.r.r of the local Tier 2 table), -1 if not set.
 * @param etherType         {@code ipv8 ethertype}: EtherType of native IPv8 frames (A3).
 * @param acceptV8On0800    {@code ipv8 accept-v8-on-0800 on|off}: also accept version 8 in 0x0800 frames.
 * @param l4Full64          {@code ipv8 l4-pseudo-header full64|ipv4-compatible} (A19).
 * @param icmpOnFilter      {@code ipv8 icmp-on-filter on|off}: ICMPv8 3/13 for filter drops (default off).
 * @param acceptHyphenNotation {@code ipv8 accept-hyphen-notation on|off}: addresses may be written RN-a.b.c.d.
 * @param egressValidation  {@code ipv8 egress-validation enforce|monitor|off} (spec 7.5).
 * @param xlate8NextHop     {@code ipv8 xlate8 next-hop <address>}: where 127.x traffic to foreign r goes; 0 = none.
 * @param fibMaxAsns        {@code ipv8 fib max-asns N}: hard bound of the Tier 1 ASN table.
 * @param fibAsnPrefixBudget {@code ipv8 fib asn-prefix-budget N}: prefixes per ASN in Tier 1 (default 64).
 * @param bgp8              {@code router bgp8 ASN} block, null when absent.
 * @param whois8            {@code whois8} block, null when absent.
 * @param returnFlowEntries {@code ipv8 return-flow entries N}: bound of the return-flow table (spec 3.5), 0 = off.
 * @param returnFlowIdleTimeout {@code ipv8 return-flow idle-timeout SECONDS} (default 300).
 * @param returnFlowTcpIdleTimeout {@code ipv8 return-flow tcp-idle-timeout SECONDS} (default 7440).
 * @param egressPermits     {@code ipv8 egress-permit} lines (spec 7.5), in config order.
 * @param gatewayPairTimers {@code ipv8 gateway-pair hello-interval|dead-interval|preempt-delay|udp-port}: timers
 *                          and hello port of every gateway pair (profile section 9).
 * @param arp8Timers        {@code ipv8 arp8 ...} lines over the spec 4.3 defaults.
 * @param dpdk              {@code dpdk} block ({@link DpdkSettings#DEFAULTS} when absent).
 * @param fastPath          {@code ipv8 fast-path on|off}: the fused forwarding fast path (default on; same
 *                          behaviour either way, off sends every packet through the graph of small nodes).
 */
public record RouterConfig(
    String source,
    boolean routing,
    long asn,
    int etherType,
    boolean acceptV8On0800,
    boolean l4Full64,
    boolean icmpOnFilter,
    boolean acceptHyphenNotation,
    EgressValidation egressValidation,
    long xlate8NextHop,
    int fibMaxAsns,
    int fibAsnPrefixBudget,
    List<InterfaceConfig> interfaces,
    List<StaticRoute> routes,
    List<EightToFourPeer> eightToFourPeers,
    List<StaticNeighbor> neighbors,
    List<ZonePermit> zonePermits,
    Bgp8Router bgp8,
    Whois8Settings whois8,
    int returnFlowEntries,
    int returnFlowIdleTimeout,
    int returnFlowTcpIdleTimeout,
    List<EgressPermitEntry> egressPermits,
    GatewayPairTimers gatewayPairTimers,
    Arp8Timers arp8Timers,
    DpdkSettings dpdk,
    boolean fastPath)
{
    public static final int DEFAULT_ETHERTYPE = 0x8080;
    public static final int DEFAULT_FIB_MAX_ASNS = 200_000;
    public static final int DEFAULT_ASN_PREFIX_BUDGET = 64;

    /** Egress validation modes of spec 7.5. */
    public enum EgressValidation
    {
        ENFORCE, MONITOR, OFF
    }

    public RouterConfig
    {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        eightToFourPeers = List.copyOf(eightToFourPeers);
        neighbors = List.copyOf(neighbors);
        zonePermits = List.copyOf(zonePermits);
        egressPermits = List.copyOf(egressPermits);
    }

    /** The interface named {@code name}, or null. */
    public InterfaceConfig findInterface(final String name)
    {
        for (final InterfaceConfig i : interfaces)
        {
            if (i.name().equals(name))
            {
                return i;
            }
        }
        return null;
    }

    /** True when {@code ipv8 asn} was given. */
    public boolean hasAsn()
    {
        return asn >= 0;
    }
}
