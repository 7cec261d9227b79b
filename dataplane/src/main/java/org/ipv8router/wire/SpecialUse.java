package org.ipv8router.wire;

import java.util.EnumSet;
import java.util.Locale;

/**
 * The special-use ranges an IPv8 address can fall in on top of its {@link AddressClass} (spec 1.6, A12,
 * A13, A15). An address can be in several at once, e.g. 65534.10.0.0.254 is the private peering ASN, a
 * private-use ASN (RFC 6996) and an even gateway.
 * <p>
 * {@link Ipv8Address#specialUseBits(long)} returns them as a bit set (bit = {@link #mask()}) without
 * allocating, for the fast path; {@link Ipv8Address#specialUses(long)} returns an {@link EnumSet} for
 * the cold path. Declaration order is the order in which they are listed to an operator.
 */
public enum SpecialUse
{
    /** All-ones 64-bit address (A10). */
    LIMITED_BROADCAST("limited broadcast (all-ones 64-bit address)"),

    /** r = 65533 = 0.0.255.253 (spec 1.6). */
    DOCUMENTATION_ASN("documentation / testing ASN 65533 (private)"),
    /** r = 65534 = 0.0.255.254 (spec 1.6). */
    PRIVATE_PEERING_ASN("private inter-company BGP8 peering ASN 65534"),
    /** ASN 64496-64511 or 65536-65551 (RFC 5398). */
    RFC5398_DOCUMENTATION_ASN("documentation ASN (RFC 5398: 64496-64511, 65536-65551)"),
    /** ASN 64512-65534 or 4200000000-4294967294 (RFC 6996). */
    PRIVATE_USE_ASN("private-use ASN (RFC 6996: 64512-65534, 4200000000-4294967294)"),
    /** ASN 23456 (RFC 6793): a 2-byte placeholder, never a real origin. */
    AS_TRANS("AS_TRANS 23456 (RFC 6793)"),
    /** ASN 1677721600-1694498815, r = 100/8 (A13): must not be allocated as an ASN. */
    RESERVED_ASN_RINE("reserved ASN range 1677721600-1694498815 (r 100/8, RINE)"),
    /** ASN 2130706432-2147483647, r = 127/8 (A13): must not be allocated as an ASN. */
    RESERVED_ASN_ZONE("reserved ASN range 2130706432-2147483647 (r 127/8, internal zone)"),
    /** ASN 4294901760-4294967294, r = ff.ff.x.x (A13): must not be allocated as an ASN. */
    RESERVED_ASN_MULTICAST("reserved ASN range 4294901760-4294967294 (r 255.255/16, multicast and reserved)"),
    /** ASN 4294967295 = the broadcast r (A13, RFC 7300). */
    RESERVED_ASN_MAX("reserved ASN 4294967295 (RFC 7300; equals the broadcast r)"),

    /** n in 222.0.0.0/8 with r != 0 on a unicast class (A15). */
    INTERIOR_LINK("interior router link (n in 222/8, r != 0): never routed out, never an endpoint"),
    /** Host octet .254 of a unicast address (spec 7.7). */
    GATEWAY_EVEN("even (primary) gateway / Zone Server .254"),
    /** Host octet .253 of a unicast address (spec 7.7). */
    GATEWAY_ODD("odd (secondary) gateway / Zone Server .253"),

    /** n in 224.0.0.0/4 with an r outside 255.255/16 (A12). */
    AS_LOCAL_MULTICAST("AS-local multicast (n in 224/4): never forwarded across external interfaces"),
    /** r = ff.ff.00.00. */
    MULTICAST_GENERAL("general cross-ASN multicast (r 255.255.0.0)"),
    /** r = ff.ff.00.01. */
    MULTICAST_OSPF8("OSPF8 multicast (r 255.255.0.1)"),
    /** r = ff.ff.00.02. */
    MULTICAST_BGP8("BGP8 peer discovery multicast (r 255.255.0.2)"),
    /** r = ff.ff.00.03. */
    MULTICAST_EIGRP("EIGRP multicast (r 255.255.0.3), reserved, deprecated"),
    /** r = ff.ff.00.04. */
    MULTICAST_RIP("RIP multicast (r 255.255.0.4), reserved, deprecated"),
    /** r = ff.ff.00.05. */
    MULTICAST_ISIS8("IS-IS8 multicast (r 255.255.0.5)"),
    /** Group n = 224.0.0.1 of a multicast address with r != 0. */
    ALL_IPV8_ROUTERS("all IPv8 routers (group 224.0.0.1)"),
    /** Group n = 224.0.0.2 of a multicast address with r != 0. */
    ALL_ZONE_SERVERS("all IPv8 Zone Servers (group 224.0.0.2)"),
    /** Group n = 224.0.0.5 of a multicast address with r != 0. */
    OSPF8_ALL_ROUTERS("OSPF8 all routers (group 224.0.0.5)"),
    /** Group n = 224.0.0.6 of a multicast address with r != 0. */
    OSPF8_DESIGNATED_ROUTERS("OSPF8 designated routers (group 224.0.0.6)"),
    /** Group n = 224.0.0.10 of a multicast address with r != 0. */
    IBGP8_PEER_DISCOVERY("IBGP8 peer discovery (group 224.0.0.10)");

    private final String label;
    private final String key;
    private final long mask;

    SpecialUse(final String label)
    {
        this.label = label;
        this.key = name().toLowerCase(Locale.ROOT);
        this.mask = 1L << ordinal();
    }

    /** Human-readable description of the range. */
    public String label()
    {
        return label;
    }

    /** Stable snake_case key for machine output, e.g. "documentation_asn". */
    public String key()
    {
        return key;
    }

    /** This range's bit in the set returned by {@link Ipv8Address#specialUseBits(long)}. */
    public long mask()
    {
        return mask;
    }

    /** True if {@code bits} (from {@link Ipv8Address#specialUseBits(long)}) contains this range. */
    public boolean isIn(final long bits)
    {
        return (bits & mask) != 0;
    }

    /** The ranges of a bit set as an {@link EnumSet} (cold path). */
    public static EnumSet<SpecialUse> setOf(final long bits)
    {
        final EnumSet<SpecialUse> set = EnumSet.noneOf(SpecialUse.class);
        for (final SpecialUse use : values())
        {
            if (use.isIn(bits))
            {
                set.add(use);
            }
        }
        return set;
    }
}
