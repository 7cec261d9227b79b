package org.ipv8router.wire;

/**
 * A 64-bit IPv8 address {@code r.r.r.r.n.n.n.n} held as a primitive {@code long}: the routing prefix
 * (the owner's ASN) in the upper 32 bits, the IPv4-style host address in the lower 32 bits, which is
 * exactly the big-endian order of the eight octets on the wire (spec 1.1). An address with r = 0 is an
 * IPv4 address (spec 1.4).
 * <p>
 * All methods are static and allocation free so that the fast path can use them on raw {@code long}s.
 */
public final class Ipv8Address
{
    /** r.r.r.r of the inter-company interop DMZ, 127.127.0.0 (spec 1.6, A14). */
    public static final int R_INTEROP = 0x7F7F_0000;
    /** r.r.r.r of limited broadcast, ff.ff.ff.ff (spec 1.5, A10). */
    public static final int R_BROADCAST = 0xFFFF_FFFF;
    /** First and last r.r.r.r of cross-ASN multicast, ff.ff.00.00 - ff.ff.ef.ff (spec 1.5, A11). */
    public static final int R_MULTICAST_FIRST = 0xFFFF_0000;
    public static final int R_MULTICAST_LAST = 0xFFFF_EFFF;
    /** First octet of r for internal zones (127/8) and RINE peering (100/8). */
    public static final int R_ZONE_OCTET = 127;
    public static final int R_RINE_OCTET = 100;
    /** Documentation / testing ASN and private inter-company peering ASN (spec 1.6). */
    public static final int ASN_DOCUMENTATION = 65533;
    public static final int ASN_PRIVATE_PEERING = 65534;
    /** First octet of n for interior router links, only when r != 0 (spec 1.6, A15). */
    public static final int N_INTERIOR_LINK_OCTET = 222;
    /** Host octets of the even (primary) and odd (secondary) gateway of a segment (spec 7.7). */
    public static final int GATEWAY_EVEN_OCTET = 254;
    public static final int GATEWAY_ODD_OCTET = 253;
    /** The all-ones 64-bit limited broadcast address. */
    public static final long LIMITED_BROADCAST = -1L;

    private Ipv8Address()
    {
    }

    /** Builds an address from its routing prefix r.r.r.r and host part n.n.n.n. */
    public static long of(final int r, final int n)
    {
        return ((long)r << 32) | (n & 0xFFFF_FFFFL);
    }

    /** The routing prefix r.r.r.r (the ASN) as an int; compare unsigned. */
    public static int routingPrefix(final long address)
    {
        return (int)(address >>> 32);
    }

    /** The host address n.n.n.n as an int; compare unsigned. */
    public static int host(final long address)
    {
        return (int)address;
    }

    /** The ASN of the routing prefix as an unsigned value. */
    public static long asn(final long address)
    {
        return address >>> 32;
    }

    /** r = 0: an IPv4 address under IPv4 rules. */
    public static boolean isIpv4Compatible(final long address)
    {
        return (address >>> 32) == 0;
    }

    /** r in 127.0.0.0/8: internal zone space, never routed outside the organisation. */
    public static boolean isInternalZone(final long address)
    {
        return (address >>> 56) == R_ZONE_OCTET;
    }

    /** r in 127.127.0.0/16: the inter-company interop DMZ (a part of the zone space). */
    public static boolean isInterop(final long address)
    {
        return (address >>> 48) == (R_INTEROP >>> 16);
    }

    /** r in 100.0.0.0/8: RINE peering links only. */
    public static boolean isRine(final long address)
    {
        return (address >>> 56) == R_RINE_OCTET;
    }

    /** r = ff.ff.ff.ff, any n: broadcast class, never routed (A10). */
    public static boolean isBroadcastClass(final long address)
    {
        return (int)(address >>> 32) == R_BROADCAST;
    }

    /** r in ff.ff.00.00 - ff.ff.ef.ff: cross-ASN multicast. */
    public static boolean isCrossAsnMulticast(final long address)
    {
        final int r = (int)(address >>> 32);
        return Integer.compareUnsigned(r, R_MULTICAST_FIRST) >= 0 && Integer.compareUnsigned(r, R_MULTICAST_LAST) <= 0;
    }

    /** r in ff.ff.f0.00 - ff.ff.ff.fe: assigned by no source, never forwarded (spec 1.5). */
    public static boolean isReservedR(final long address)
    {
        final int r = (int)(address >>> 32);
        return Integer.compareUnsigned(r, R_MULTICAST_LAST) > 0 && r != R_BROADCAST;
    }

    /** n in 224.0.0.0/4 with a non-multicast r: AS-local multicast (A12). */
    public static boolean isLocalMulticast(final long address)
    {
        return (((int)address) >>> 28) == 0xE && (address >>> 48) != 0xFFFFL;
    }

    /** Any multicast: cross-ASN or AS-local (A11, A12). */
    public static boolean isMulticast(final long address)
    {
        return isCrossAsnMulticast(address) || isLocalMulticast(address);
    }

    /** n in 222.0.0.0/8 with r != 0: an interior router link (A15: with r = 0 it is plain IPv4). */
    public static boolean isInteriorLink(final long address)
    {
        return (address >>> 32) != 0 && (((int)address) >>> 24) == N_INTERIOR_LINK_OCTET;
    }

    /** Host octet .254 or .253: the segment's gateway pair (spec 7.7). */
    public static boolean isGatewayPair(final long address)
    {
        final int last = (int)address & 0xFF;
        return last == GATEWAY_EVEN_OCTET || last == GATEWAY_ODD_OCTET;
    }
}
