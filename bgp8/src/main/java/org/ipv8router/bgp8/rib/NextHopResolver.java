package org.ipv8router.bgp8.rib;

/**
 * Next-hop resolution for the decision process (RFC 4271 9.1.2): whether a BGP next hop is reachable and at
 * what IGP cost. The cost feeds CF_intrazone (spec 5.3). Called on the BGP control thread.
 */
@FunctionalInterface
public interface NextHopResolver
{
    long UNREACHABLE = -1;

    /** IGP cost to the next hop (0 for a directly connected one), or {@link #UNREACHABLE}. */
    long igpCost(long nextHop);

    /** Every next hop is directly connected (single-hop eBGP, the default). */
    NextHopResolver CONNECTED = nextHop -> 0;
}
