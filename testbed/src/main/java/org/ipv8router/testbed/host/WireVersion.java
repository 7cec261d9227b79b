package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.Ipv8Address;

/**
 * The per-hop version choice of spec 3.2 for a host, as a pure function of the packet's addresses and what the
 * next hop has proven in ARP8:
 * <pre>
 *  next hop      src.r   dst.r                      result
 *  any           0       0                          IPV4     (no reason to widen, A16)
 *  IPV8          any     any (not both 0)           IPV8
 *  IPV4_ONLY     any     0 or one of ours           IPV4     (downgrade; the ASN is dropped, A17)
 *  IPV4_ONLY     any     foreign ASN                REFUSE   (no 8to4 on a host: ICMPv8 3/6 locally)
 *  UNKNOWN       -       -                          REFUSE   (callers queue until the probe settles instead)
 * </pre>
 * The invariant it protects: a neighbour that has not answered ARP8 never receives a version-8 header.
 */
public enum WireVersion
{
    /** Native IPv8 header, IPv8 EtherType. */
    IPV8,
    /** Plain IPv4 header, EtherType 0x0800. */
    IPV4,
    /** Must not be sent to this next hop. */
    REFUSE;

    /**
     * @param ownRoutingPrefixes the host's own non-zero r values ("local" in spec 3.2).
     */
    public static WireVersion choose(final long source, final long destination, final NeighborCapability nextHop,
        final int[] ownRoutingPrefixes)
    {
        final int destinationR = Ipv8Address.routingPrefix(destination);
        if (Ipv8Address.routingPrefix(source) == 0 && destinationR == 0)
        {
            return IPV4;
        }
        if (nextHop == NeighborCapability.IPV8)
        {
            return IPV8;
        }
        if (nextHop == NeighborCapability.IPV4_ONLY)
        {
            if (destinationR == 0)
            {
                return IPV4;
            }
            for (final int own : ownRoutingPrefixes)
            {
                if (own == destinationR)
                {
                    return IPV4;
                }
            }
        }
        return REFUSE;
    }
}
