package org.ipv8router.dataplane.fib;

/** Outcome of one FIB control-plane update; every rejection names its reason and is counted by {@link Fib}. */
public enum RouteResult
{
    INSTALLED(true, "route installed"),
    REPLACED(true, "route replaced an existing route for the same prefix"),
    REMOVED(true, "route removed"),
    NOT_FOUND(false, "no route for that prefix"),
    REJECTED_INVALID_LENGTH(false, "prefix length must be 0..64 (64-bit IPv8 length)"),
    REJECTED_HOST_BITS(false, "prefix has bits set beyond its length"),
    REJECTED_AGGREGATE(false,
        "prefix length 1..31 spans several ASNs: only /0 (default) and /32../64 are supported (spec 1.7)"),
    REJECTED_RESERVED_R(false, "r.r.r.r ff.ff.ff.ff is broadcast and never routed (spec A10)"),
    REJECTED_TOO_SPECIFIC(false,
        "foreign-ASN host prefix longer than /16 (64-bit /48): the /16 minimum injectable prefix (spec 1.7, A7)"),
    REJECTED_ASN_LIMIT(false, "Tier 1 ASN table is at its configured ASN count bound"),
    REJECTED_PREFIX_BUDGET(false, "the ASN already holds its configured budget of host prefixes"),
    REJECTED_TABLE_FULL(false, "LPM table has no tbl8 group left (configured maximum reached)"),
    REJECTED_UNKNOWN_NEXT_HOP(false, "next-hop index is not allocated in the next-hop table"),
    REJECTED_BAD_OPERATION(false, "unknown update operation code");

    private final boolean success;
    private final String description;

    RouteResult(final boolean success, final String description)
    {
        this.success = success;
        this.description = description;
    }

    /** True for INSTALLED, REPLACED, REMOVED. */
    public boolean isSuccess()
    {
        return success;
    }

    /** Operator-readable reason. */
    public String description()
    {
        return description;
    }

    private static final RouteResult[] VALUES = values();

    /** The constant with the given ordinal (as stored in {@link FibUpdateBatch}). */
    public static RouteResult of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
