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
 * @param linkCostFactor CF_link of this session, added to the received CF on eBGP import (spec 5.3); see
 *                       {@link org.ipv8router.bgp8.rib.CostFactor#linkV1} for the CFv1-local formula
 * @param mraiMillis     MinRouteAdvertisementInterval: least time between two export passes to this peer
 *                       (RFC 4271 9.2.1.1; spec 2.3 suggests 30 s eBGP8, 0-5 s IBGP8); 0 = send at once
 */
public record PeerPolicy(
    boolean ebgp,
    long peerAsn,
    boolean privatePeering,
    boolean routeServer,
    int maxPrefixes,
    long localPref,
    long linkCostFactor,
    long mraiMillis)
{
    public static PeerPolicy ebgp(final long peerAsn)
    {
        return new PeerPolicy(true, peerAsn, false, false, 0, 100, 0, 0);
    }

    public static PeerPolicy ibgp(final long asn)
    {
        return new PeerPolicy(false, asn, false, false, 0, 100, 0, 0);
    }

    public PeerPolicy withMaxPrefixes(final int max)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, max, localPref, linkCostFactor, mraiMillis);
    }

    public PeerPolicy withLinkCostFactor(final long cf)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, maxPrefixes, localPref, cf, mraiMillis);
    }

    public PeerPolicy withLocalPref(final long lp)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, maxPrefixes, lp, linkCostFactor, mraiMillis);
    }

    public PeerPolicy withPrivatePeering(final boolean flag)
    {
        return new PeerPolicy(ebgp, peerAsn, flag, routeServer, maxPrefixes, localPref, linkCostFactor, mraiMillis);
    }

    public PeerPolicy withMrai(final long millis)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, routeServer, maxPrefixes, localPref, linkCostFactor,
            millis);
    }

    public PeerPolicy withRouteServer(final boolean flag)
    {
        return new PeerPolicy(ebgp, peerAsn, privatePeering, flag, maxPrefixes, localPref, linkCostFactor, mraiMillis);
    }
}
