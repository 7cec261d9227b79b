package org.ipv8router.wire;

/**
 * The class of an IPv8 address, decided by its routing prefix r.r.r.r alone (spec 1.5, A10, A11, A14).
 * Every address has exactly one class; the finer special-use ranges it also falls in are {@link SpecialUse}.
 * Obtain with {@link Ipv8Address#classify(long)}, which allocates nothing.
 */
public enum AddressClass
{
    /** r = 0.0.0.0: an IPv4 address under IPv4 rules (spec 1.4). */
    IPV4_COMPATIBLE("IPv4-compatible", "IPv4 rules on n.n.n.n", true),
    /** r in 0.0.0.1-99.255.255.255, 101.0.0.0-126.255.255.255, 128.0.0.0-255.254.255.255. */
    ASN_UNICAST("ASN unicast", "global, via eBGP8", true),
    /** r in 100.0.0.0/8: AS-to-AS peering links only. */
    RINE("RINE peering", "peering links only; never globally routed, never assigned to end devices", false),
    /** r in 127.0.0.0/8 except 127.127.0.0/16. */
    INTERNAL_ZONE("internal zone", "never routed outside the organisation", false),
    /** r in 127.127.0.0/16 (A14; 127.127.0.0 canonical): a part of the internal zone space. */
    INTEROP_DMZ("inter-company interop DMZ", "private, between two XLATE8s; also internal zone space", false),
    /** r in ff.ff.00.00-ff.ff.ef.ff (A11). */
    CROSS_ASN_MULTICAST("cross-ASN multicast", "group addresses; not forwarded by router v1 (A32)", false),
    /** r = ff.ff.ff.ff, any n (A10). */
    BROADCAST("broadcast", "maps to L2 broadcast; never routed", false),
    /** r in ff.ff.f0.00-ff.ff.ff.fe: assigned by no source (spec 1.5, A11). */
    RESERVED("reserved", "assigned by no source; never forwarded", false);

    private final String label;
    private final String scope;
    private final boolean globallyRoutable;
    private final String key;

    AddressClass(final String label, final String scope, final boolean globallyRoutable)
    {
        this.label = label;
        this.scope = scope;
        this.globallyRoutable = globallyRoutable;
        this.key = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Human-readable name, e.g. "ASN unicast". */
    public String label()
    {
        return label;
    }

    /** Where the class may be routed, as the spec's class table says. */
    public String scope()
    {
        return scope;
    }

    /** Stable snake_case key for machine output, e.g. "asn_unicast". */
    public String key()
    {
        return key;
    }

    /** True for the classes that may leave the organisation as ordinary unicast (IPv4-compatible, ASN unicast). */
    public boolean isGloballyRoutable()
    {
        return globallyRoutable;
    }

    /** True for 127/8 as a whole: {@link #INTERNAL_ZONE} and the {@link #INTEROP_DMZ} inside it. */
    public boolean isInternalZone()
    {
        return this == INTERNAL_ZONE || this == INTEROP_DMZ;
    }

    /** True for the classes whose n part is a host on a segment (not a group, broadcast or reserved r). */
    public boolean isUnicast()
    {
        return this == IPV4_COMPATIBLE || this == ASN_UNICAST || this == RINE || this == INTERNAL_ZONE ||
            this == INTEROP_DMZ;
    }
}
