package org.ipv8router.wire;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A 64-bit IPv8 address {@code r.r.r.r.n.n.n.n} held as a primitive {@code long}: the routing prefix
 * (the owner's ASN) in the upper 32 bits, the IPv4-style host address in the lower 32 bits, which is
 * exactly the big-endian order of the eight octets on the wire (spec 1.1). An address with r = 0 is an
 * IPv4 address (spec 1.4).
 * <p>
 * The predicates, {@link #classify(long)} and {@link #specialUseBits(long)} are static and allocation free so
 * that the fast path can use them on raw {@code long}s. Text conversion is cold path:
 * <ul>
 *     <li>{@link #parse(CharSequence)} accepts full dotted {@code 0.0.251.240.192.0.2.1}, ASN dot
 *         {@code 64496.192.0.2.1} (asplain ASN) and IPv4 {@code 192.0.2.1} (r = 0) under the strict spec 1.2
 *         rules and throws {@link Ipv8AddressFormatException} naming the offending part;
 *         {@link #parse(CharSequence, boolean)} can also accept the hyphen form {@code 64496-192.0.2.1};</li>
 *     <li>{@link #toString(long)} follows the spec 1.2 printer rule; {@link #toFullDotted(long)},
 *         {@link #toAsnDot(long)}, {@link #toIpv4(int)}, {@link #toHyphen(long)} and {@link #toHex(long)}
 *         print one notation each, and the {@code append...} variants write into a caller's
 *         {@link StringBuilder} without allocating (for logging).</li>
 * </ul>
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

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

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

    // ------------------------------------------------------------------------------------------------
    // Text: parsing (spec 1.2 parser rules, A9, A33, A34)
    // ------------------------------------------------------------------------------------------------

    /** The text notations of an address (spec 1.2). */
    public enum Notation
    {
        /** {@code r.r.r.r.n.n.n.n}, 8 decimal octets. */
        FULL_DOTTED,
        /** {@code ASN.n.n.n.n}, asplain decimal ASN and 4 octets. */
        ASN_DOT,
        /** {@code n.n.n.n}, r = 0. */
        IPV4,
        /** {@code <RN>-<LA>} of the later revision, e.g. {@code 64496-192.0.2.1}; only when enabled. */
        HYPHEN
    }

    /** The largest ASN (asplain), 4294967295. */
    public static final long MAX_ASN = AddressTextParser.MAX_ASN;

    /**
     * Parses an address in full dotted, ASN dot or IPv4 notation (spec 1.2; the hyphen form is not accepted).
     * Surrounding whitespace is ignored.
     *
     * @throws Ipv8AddressFormatException if the text is not an address; the message names the offending part.
     */
    public static long parse(final CharSequence text)
    {
        return parse(text, false);
    }

    /**
     * Parses an address in full dotted, ASN dot or IPv4 notation and, only if {@code acceptHyphenForm}, in the
     * later revision's hyphen form {@code <RN>-<LA>} ({@code 64496-192.0.2.1}, {@code 127.2.0.0-10.0.0.5}).
     *
     * @throws Ipv8AddressFormatException if the text is not an address; the message names the offending part.
     */
    public static long parse(final CharSequence text, final boolean acceptHyphenForm)
    {
        final String input = text.toString();
        final int start = AddressTextParser.trimStart(input, 0, input.length());
        final int end = AddressTextParser.trimEnd(input, start, input.length());
        return AddressTextParser.parse(input, start, end, acceptHyphenForm, input, null);
    }

    // ------------------------------------------------------------------------------------------------
    // Text: printing (spec 1.2 printer rule)
    // ------------------------------------------------------------------------------------------------

    /**
     * The canonical text of an address by the spec 1.2 printer rule: r = 0 prints full dotted
     * ({@code 0.0.0.0.192.0.2.1}), r &lt; 2^24 prints ASN dot ({@code 64496.192.0.2.1}), any larger r prints
     * full dotted ({@code 127.1.0.0.10.0.0.5}, not {@code 2130771968.10.0.0.5}).
     */
    public static String toString(final long address)
    {
        return appendTo(new StringBuilder(31), address).toString();
    }

    /** Appends {@link #toString(long)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendTo(final StringBuilder sb, final long address)
    {
        final long asn = address >>> 32;
        if (asn != 0 && asn < (1L << 24))
        {
            return appendAsnDot(sb, address);
        }
        return appendFullDotted(sb, address);
    }

    /** Full dotted notation, 8 decimal octets: {@code 0.0.251.240.192.0.2.1}. */
    public static String toFullDotted(final long address)
    {
        return appendFullDotted(new StringBuilder(31), address).toString();
    }

    /** Appends {@link #toFullDotted(long)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendFullDotted(final StringBuilder sb, final long address)
    {
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            sb.append((int)(address >>> shift) & 0xFF);
            if (shift != 0)
            {
                sb.append('.');
            }
        }
        return sb;
    }

    /** ASN dot notation with the ASN in asplain decimal, for any r: {@code 64496.192.0.2.1}. */
    public static String toAsnDot(final long address)
    {
        return appendAsnDot(new StringBuilder(26), address).toString();
    }

    /** Appends {@link #toAsnDot(long)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendAsnDot(final StringBuilder sb, final long address)
    {
        sb.append(address >>> 32).append('.');
        return appendIpv4(sb, (int)address);
    }

    /** IPv4 dotted quad of a 32-bit value, e.g. the host part n.n.n.n or r.r.r.r: {@code 192.0.2.1}. */
    public static String toIpv4(final int value)
    {
        return appendIpv4(new StringBuilder(15), value).toString();
    }

    /** Appends {@link #toIpv4(int)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendIpv4(final StringBuilder sb, final int value)
    {
        return sb.append(value >>> 24).append('.')
            .append((value >>> 16) & 0xFF).append('.')
            .append((value >>> 8) & 0xFF).append('.')
            .append(value & 0xFF);
    }

    /**
     * The later revision's hyphen form {@code <RN>-<LA>}: RN in decimal when r &lt; 2^24
     * ({@code 64496-192.0.2.1}), else dotted ({@code 127.2.0.0-10.0.0.5}). Parse it back with
     * {@code parse(text, true)}.
     */
    public static String toHyphen(final long address)
    {
        return appendHyphen(new StringBuilder(31), address).toString();
    }

    /** Appends {@link #toHyphen(long)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendHyphen(final StringBuilder sb, final long address)
    {
        final long asn = address >>> 32;
        if (asn < (1L << 24))
        {
            sb.append(asn);
        }
        else
        {
            appendIpv4(sb, (int)asn);
        }
        sb.append('-');
        return appendIpv4(sb, (int)address);
    }

    /** The 64-bit value as {@code 0x} and 16 upper-case hex digits: {@code 0x0000FBF0C0000201}. */
    public static String toHex(final long address)
    {
        return appendHex(new StringBuilder(18), address).toString();
    }

    /** Appends {@link #toHex(long)} to {@code sb} without allocating; returns {@code sb}. */
    public static StringBuilder appendHex(final StringBuilder sb, final long address)
    {
        sb.append("0x");
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            sb.append(HEX_DIGITS[(int)(address >>> shift) & 0xF]);
        }
        return sb;
    }

    // ------------------------------------------------------------------------------------------------
    // Classification (spec 1.5, 1.6, A10-A15)
    // ------------------------------------------------------------------------------------------------

    /** The class of an address, decided by r alone (spec 1.5). Allocation free. */
    public static AddressClass classify(final long address)
    {
        final int r = (int)(address >>> 32);
        switch (r >>> 24)
        {
            case 0:
                return r == 0 ? AddressClass.IPV4_COMPATIBLE : AddressClass.ASN_UNICAST;

            case R_RINE_OCTET:
                return AddressClass.RINE;

            case R_ZONE_OCTET:
                return (r >>> 16) == (R_INTEROP >>> 16) ? AddressClass.INTEROP_DMZ : AddressClass.INTERNAL_ZONE;

            case 0xFF:
                if (r == R_BROADCAST)
                {
                    return AddressClass.BROADCAST;
                }
                if ((r >>> 16) == 0xFFFF)
                {
                    return Integer.compareUnsigned(r, R_MULTICAST_LAST) <= 0 ?
                        AddressClass.CROSS_ASN_MULTICAST : AddressClass.RESERVED;
                }
                return AddressClass.ASN_UNICAST;

            default:
                return AddressClass.ASN_UNICAST;
        }
    }

    /** Private-use and documentation ASN bounds (RFC 6996, RFC 5398), AS_TRANS (RFC 6793). */
    private static final long ASN_PRIVATE_2B_FIRST = 64512L;
    private static final long ASN_PRIVATE_4B_FIRST = 4_200_000_000L;
    private static final long ASN_PRIVATE_4B_LAST = 4_294_967_294L;
    private static final long ASN_DOC_2B_FIRST = 64496L;
    private static final long ASN_DOC_2B_LAST = 64511L;
    private static final long ASN_DOC_4B_FIRST = 65536L;
    private static final long ASN_DOC_4B_LAST = 65551L;
    private static final long ASN_TRANS = 23456L;
    /** ASN whose r is ff.ff.00.00, the first value of the ff.ff.x.x ranges (A13). */
    private static final long ASN_FFFF_FIRST = 4_294_901_760L;

    /** Group n values of the multicast table (spec 1.6). */
    private static final int N_ALL_ROUTERS = 0xE000_0001;
    private static final int N_ALL_ZONE_SERVERS = 0xE000_0002;
    private static final int N_OSPF8_ALL_ROUTERS = 0xE000_0005;
    private static final int N_OSPF8_DESIGNATED_ROUTERS = 0xE000_0006;
    private static final int N_IBGP8_PEER_DISCOVERY = 0xE000_000A;

    /**
     * Every special-use range the address falls in, as a bit set of {@link SpecialUse#mask()}s. Allocation free.
     * <p>
     * Host-part labels apply only where they make sense: interior link (n in 222/8) and the .254/.253 gateway
     * pair only on a unicast class and never on AS-local multicast, interior link only with r != 0 (A15);
     * the group labels (224.0.0.1 all IPv8 routers, ...) only on multicast addresses with r != 0, since with
     * r = 0 they are plain IPv4 groups.
     */
    public static long specialUseBits(final long address)
    {
        final long asn = address >>> 32;
        final int r = (int)asn;
        final int n = (int)address;
        final AddressClass addressClass = classify(address);
        long bits = 0;

        if (address == LIMITED_BROADCAST)
        {
            bits |= SpecialUse.LIMITED_BROADCAST.mask();
        }

        if (asn == ASN_DOCUMENTATION)
        {
            bits |= SpecialUse.DOCUMENTATION_ASN.mask();
        }
        if (asn == ASN_PRIVATE_PEERING)
        {
            bits |= SpecialUse.PRIVATE_PEERING_ASN.mask();
        }
        if ((asn >= ASN_DOC_2B_FIRST && asn <= ASN_DOC_2B_LAST) || (asn >= ASN_DOC_4B_FIRST && asn <= ASN_DOC_4B_LAST))
        {
            bits |= SpecialUse.RFC5398_DOCUMENTATION_ASN.mask();
        }
        if ((asn >= ASN_PRIVATE_2B_FIRST && asn <= ASN_PRIVATE_PEERING) ||
            (asn >= ASN_PRIVATE_4B_FIRST && asn <= ASN_PRIVATE_4B_LAST))
        {
            bits |= SpecialUse.PRIVATE_USE_ASN.mask();
        }
        if (asn == ASN_TRANS)
        {
            bits |= SpecialUse.AS_TRANS.mask();
        }
        if ((r >>> 24) == R_RINE_OCTET)
        {
            bits |= SpecialUse.RESERVED_ASN_RINE.mask();
        }
        if ((r >>> 24) == R_ZONE_OCTET)
        {
            bits |= SpecialUse.RESERVED_ASN_ZONE.mask();
        }
        if (asn >= ASN_FFFF_FIRST && asn <= MAX_ASN - 1)
        {
            bits |= SpecialUse.RESERVED_ASN_MULTICAST.mask();
        }
        if (asn == MAX_ASN)
        {
            bits |= SpecialUse.RESERVED_ASN_MAX.mask();
        }

        final boolean localMulticast = isLocalMulticast(address);
        if (localMulticast)
        {
            bits |= SpecialUse.AS_LOCAL_MULTICAST.mask();
        }
        else if (addressClass.isUnicast())
        {
            if (r != 0 && (n >>> 24) == N_INTERIOR_LINK_OCTET)
            {
                bits |= SpecialUse.INTERIOR_LINK.mask();
            }
            final int last = n & 0xFF;
            if (last == GATEWAY_EVEN_OCTET)
            {
                bits |= SpecialUse.GATEWAY_EVEN.mask();
            }
            else if (last == GATEWAY_ODD_OCTET)
            {
                bits |= SpecialUse.GATEWAY_ODD.mask();
            }
        }

        if (addressClass == AddressClass.CROSS_ASN_MULTICAST)
        {
            switch (r & 0xFFFF)
            {
                case 0: bits |= SpecialUse.MULTICAST_GENERAL.mask(); break;
                case 1: bits |= SpecialUse.MULTICAST_OSPF8.mask(); break;
                case 2: bits |= SpecialUse.MULTICAST_BGP8.mask(); break;
                case 3: bits |= SpecialUse.MULTICAST_EIGRP.mask(); break;
                case 4: bits |= SpecialUse.MULTICAST_RIP.mask(); break;
                case 5: bits |= SpecialUse.MULTICAST_ISIS8.mask(); break;
                default: break;
            }
        }

        if (addressClass == AddressClass.CROSS_ASN_MULTICAST || (localMulticast && r != 0))
        {
            switch (n)
            {
                case N_ALL_ROUTERS: bits |= SpecialUse.ALL_IPV8_ROUTERS.mask(); break;
                case N_ALL_ZONE_SERVERS: bits |= SpecialUse.ALL_ZONE_SERVERS.mask(); break;
                case N_OSPF8_ALL_ROUTERS: bits |= SpecialUse.OSPF8_ALL_ROUTERS.mask(); break;
                case N_OSPF8_DESIGNATED_ROUTERS: bits |= SpecialUse.OSPF8_DESIGNATED_ROUTERS.mask(); break;
                case N_IBGP8_PEER_DISCOVERY: bits |= SpecialUse.IBGP8_PEER_DISCOVERY.mask(); break;
                default: break;
            }
        }

        return bits;
    }

    /** {@link #specialUseBits(long)} as an {@link EnumSet} (cold path). */
    public static EnumSet<SpecialUse> specialUses(final long address)
    {
        return SpecialUse.setOf(specialUseBits(address));
    }

    /**
     * Every range the address falls in, for an operator: the class label first, then the label of each
     * special-use range in {@link SpecialUse} order (cold path).
     */
    public static List<String> describe(final long address)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(classify(address).label());
        for (final SpecialUse use : specialUses(address))
        {
            lines.add(use.label());
        }
        return lines;
    }
}
