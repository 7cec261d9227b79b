package org.ipv8router.bgp8.policy;

/**
 * Per-session policy flags.
 *
 * @param ebgp           external session (different AS)
 * @param peerAsn        the peer's ASN
 * @param privatePeering session flagged for RN 65534 private peering (spec 7.2)
 * @param routeServer    peer is a route server that does not prepend its AS (relaxes R6 first-AS)
 * @param maxPrefixes    accepted prefixes allowed from this peer before Cease 6/1; 0 = unlimited
 * @param localPref      LOCAL_PREF given to routes learned over eBGP (default 100)
 * @param linkCostFactor CF_link of this session, added to the received CF on eBGP import (spec 5.3)
 */
public record PeerPolicy(
    boolean ebgp,
    long peerAsn,
    boolean privatePeering,
    boolean routeServer,
    int maxPrefixes,
    long localPref,
    long linkCostFactor)
{
    public static PeerPolicy ebgp(final long peerAsn)
    {
        return new PeerPolicy(true, peerAsn, false, false, 0, 100, 0);
    }

    public static PeerPolicy ibgp(final long asn)
    {
        return new PeerPolicy(false, asn, false, false, 0, 100, 0);
    }

    public PeerPolicy withMaxPrefixes(final int max)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, max, localPref, linkCostFactor);
    }

    public PeerPolicy withLinkCostFactor(final long cf)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, maxPrefixes, localPref, cf);
    }

    public PeerPolicy withLocalPref(final long lp)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, maxPrefixes, lp, linkCostFactor);
    }

    public PeerPolicy withPrivatePeering(final boolean flag)
    {
        return new PeerPolicy(ebgp, peerAsn, flag, routeServer, maxPrefixes, localPref, linkCostFactor);
    }

    public PeerPolicy withRouteServer(final boolean flag)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, flag, maxPrefixes, localPref, linkCostFactor);
    }
}
