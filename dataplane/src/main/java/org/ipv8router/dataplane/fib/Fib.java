package org.ipv8router.dataplane.fib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The forwarding information base: the two-tier lookup of spec 7.2 over 64-bit IPv8 destinations.
 * <pre>
 *   dst.r == 0            -> IPv4 table (DIR-24-8) on n.n.n.n          miss: {@link #MISS_NET_UNREACHABLE} (code 0)
 *   dst.r in localR       -> that r's Tier 2 table on n.n.n.n        miss: {@link #MISS_NET_UNREACHABLE} (code 0)
 *   otherwise (foreign r) -> Tier 1 {@link AsnTable} (entry or its /16-bounded LPM)
 *                            miss: the /0 default route if set, else {@link #MISS_ASN_UNREACHABLE} (code 6)
 * </pre>
 * localR = own ASN(s) and own 127.x zones ({@link #addLocalR}). Own-ASN tables use DIR-24-8 (64 MiB), 127.x zone
 * tables DIR-16-8-8 (256 KiB plus groups), see {@link Dir24_8}. The 64-bit /0 default applies to Tier 1 misses only:
 * IPv4 and local tables have their own defaults ({@code 0.0.0.0.0.0.0.0/32}, {@code r.0.0.0.0/32}), so a global
 * default never pulls 127.x zone traffic out of the organisation (spec 7.4). The broadcast and reserved r values are
 * expected to be filtered by the classifier before the lookup (spec 7.1 step 5); no route can be installed for
 * r = ff.ff.ff.ff.
 *
 * <h2>Results</h2>
 * A lookup returns a next-hop index (>= 0, see {@link NextHopTable}) or a negative miss value
 * {@code MISS | icmpCode}; {@link #isMiss(int)} and {@link #icmpCode(int)} decode it.
 *
 * <h2>Threads</h2>
 * Lookups are lock free and allocation free from any number of threads; each forwarding thread registers with
 * {@link #readers()} and calls {@link QuiescentState#quiescent(int)} between bursts so that freed tbl8 groups and
 * next-hop indices can be reused safely. All update methods must be called from one thread (the FIB writer); they
 * never block readers: entries change by single release stores and new structures are published only when complete.
 *
 * <h2>Prefixes</h2>
 * Update methods take a 64-bit prefix and a 64-bit length P (spec 1.7): P = 0 is the default route, 32 <= P <= 64
 * fixes r and routes n.n.n.n/(P - 32). 1 <= P <= 31 (aggregates over several ASNs) is rejected. For a foreign r,
 * P > 48 (host prefix longer than /16) is rejected (spec A7).
 */
public final class Fib
{
    /** Bit set in every miss result. */
    public static final int MISS = 0x8000_0000;
    /** Tier 2 miss (IPv4 or local r): ICMPv8 destination unreachable, code 0 (net unreachable). */
    public static final int MISS_NET_UNREACHABLE = MISS;
    /** Tier 1 miss with no default route: ICMPv8 destination unreachable, code 6 (ASN unreachable, spec A30). */
    public static final int MISS_ASN_UNREACHABLE = MISS | 6;

    private static final VarHandle DEFAULT_HOP;

    static
    {
        try
        {
            DEFAULT_HOP = MethodHandles.lookup().findVarHandle(Fib.class, "defaultHop", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Immutable set of local r values and their tables; replaced as a whole (copy-on-write). */
    private static final class LocalTables
    {
        final int[] keys;
        final Dir24_8[] tables;
        final int mask;
        final int size;
        /**
         * Bit (hash(r) & 63) set for every local r: most lookups of a mixed burst are for foreign r, and one shift
         * and test turns those away before the probe loop (written only before the instance is published).
         */
        long filter;

        LocalTables(final int capacity, final int size)
        {
            keys = new int[capacity];
            tables = new Dir24_8[capacity];
            mask = capacity - 1;
            this.size = size;
        }

        Dir24_8 find(final int r)
        {
            final int h = hash(r);
            if ((filter >>> h & 1) == 0) // the shift takes h's low 6 bits
            {
                return null;
            }
            int i = h & mask;
            int k;
            while ((k = keys[i]) != 0)
            {
                if (k == r)
                {
                    return tables[i];
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        void put(final int r, final Dir24_8 table)
        {
            final int h = hash(r);
            filter |= 1L << h;
            int i = h & mask;
            while (keys[i] != 0)
            {
                i = (i + 1) & mask;
            }
            keys[i] = r;
            tables[i] = table;
        }
    }

    private final FibConfig config;
    private final QuiescentState readers;
    private final NextHopTable nextHops;
    private final Dir24_8 ipv4;
    private final AsnTable asns;
    private volatile LocalTables locals = new LocalTables(1, 0);
    @SuppressWarnings("unused") // accessed through DEFAULT_HOP
    private int defaultHop = Dir24_8.NO_ROUTE;
    private final long[] resultCounts = new long[RouteResult.values().length];

    public Fib(final FibConfig config)
    {
        this.config = config;
        this.readers = new QuiescentState(config.maxReaders());
        this.nextHops = new NextHopTable(config.nextHopCapacity(), readers);
        this.ipv4 = new Dir24_8(Dir24_8.Layout.DIR_24_8, config.ipv4Groups(), readers);
        this.asns = new AsnTable(config.maxAsns(), config.asnPrefixBudget());
    }

    /** Result is a miss (no next hop); see {@link #icmpCode(int)}. */
    public static boolean isMiss(final int result)
    {
        return result < 0;
    }

    /** The ICMPv8 destination-unreachable code for a miss result (0 or 6). */
    public static int icmpCode(final int result)
    {
        return result & 0xFF;
    }

    // ----------------------------------------------------------------------------------------------- readers

    /** Two-tier lookup of one destination: next-hop index or a miss value. Lock free, allocation free. */
    public int lookup(final long dst)
    {
        return lookup(dst, locals);
    }

    /**
     * l3fwd-style batch lookup: {@code results[i] = lookup(dsts[i])} for i < count. Same as
     * {@link #lookup(long[], int, int[], int) lookup(dsts, 0, results, count)}.
     */
    public void lookup(final long[] dsts, final int[] results, final int count)
    {
        lookup(dsts, 0, results, count);
    }

    /**
     * l3fwd-style batch lookup: {@code results[i] = lookup(dsts[offset + i])} for i < count, with exactly the
     * results of {@link #lookup(long)}. Lock free, allocation free; {@code results} must not be shared with another
     * thread.
     * <p>
     * A burst usually goes to one r (all IPv4, all one own ASN, all one peer), so the batch is first checked for a
     * single r: such a batch takes one table's two-pass batch lookup (all first-level loads issued back to back so
     * that their cache misses overlap, then branch-free results), or for a foreign r one Tier 1 probe for the whole
     * batch. A mixed batch issues every address's first load in a first pass (IPv4 first-level entry, Tier 1 home
     * slot) and finishes each address in a second.
     */
    public void lookup(final long[] dsts, final int offset, final int[] results, final int count)
    {
        if (count <= 0)
        {
            return;
        }
        final long r0 = dsts[offset] >>> 32;
        long differ = 0;
        for (int i = 0; i < count; i++)
        {
            differ |= (dsts[offset + i] >>> 32) ^ r0;
        }
        if (differ != 0)
        {
            lookupMixed(dsts, offset, results, count);
        }
        else if (r0 == 0)
        {
            ipv4.lookupLow32(dsts, offset, results, count, MISS_NET_UNREACHABLE);
        }
        else
        {
            lookupOneR((int)r0, dsts, offset, results, count);
        }
    }

    /** Batch whose addresses all have the same r != 0: its local table, else one Tier 1 entry. */
    private void lookupOneR(final int r, final long[] dsts, final int offset, final int[] results, final int count)
    {
        final LocalTables lt = locals;
        final Dir24_8 local = lt.size != 0 ? lt.find(r) : null;
        if (local != null)
        {
            local.lookupLow32(dsts, offset, results, count, MISS_NET_UNREACHABLE);
            return;
        }
        asns.lookupOneAsn(r, dsts, offset, results, count);
        final int dflt = (int)DEFAULT_HOP.getAcquire(this);
        final int miss = dflt >= 0 ? dflt : MISS_ASN_UNREACHABLE;
        for (int i = 0; i < count; i++)
        {
            final int hop = results[i];
            final int none = hop >> 31;
            results[i] = (hop & ~none) | (miss & none);
        }
    }

    /**
     * Batch with several r values. Pass 1 issues the first memory access of every address: the IPv4 first-level
     * entry for r = 0, the home slot of r in Tier 1 for a foreign r (it holds the key and the whole-ASN hop); pass 2
     * finishes every address, by then mostly from the cache.
     */
    private void lookupMixed(final long[] dsts, final int offset, final int[] results, final int count)
    {
        final LocalTables lt = locals;
        final Dir24_8 v4 = ipv4;
        final AsnTable tier1 = asns;
        for (int i = 0; i < count; i++)
        {
            final long dst = dsts[offset + i];
            final int r = (int)(dst >>> 32);
            if (r == 0)
            {
                results[i] = v4.firstLevelPlain((int)dst);
            }
            else if (lt.size == 0 || lt.find(r) == null)
            {
                results[i] = tier1.touch(r);
            }
        }
        VarHandle.acquireFence();
        for (int i = 0; i < count; i++)
        {
            final long dst = dsts[offset + i];
            results[i] = (dst >>> 32) == 0
                ? v4.finish(results[i], (int)dst, MISS_NET_UNREACHABLE)
                : lookup(dst, lt);
        }
    }

    private int lookup(final long dst, final LocalTables lt)
    {
        final int r = (int)(dst >>> 32);
        final int n = (int)dst;
        if (r == 0)
        {
            final int hop = ipv4.lookup(n);
            return hop >= 0 ? hop : MISS_NET_UNREACHABLE;
        }
        if (lt.size != 0)
        {
            final Dir24_8 table = lt.find(r);
            if (table != null)
            {
                final int hop = table.lookup(n);
                return hop >= 0 ? hop : MISS_NET_UNREACHABLE;
            }
        }
        final int hop = asns.lookup(r, n);
        if (hop >= 0)
        {
            return hop;
        }
        final int dflt = (int)DEFAULT_HOP.getAcquire(this);
        return dflt >= 0 ? dflt : MISS_ASN_UNREACHABLE;
    }

    // ----------------------------------------------------------------------------------------------- writer

    /**
     * Makes r local: its destinations are looked up in a Tier 2 table of their own (DIR-16-8-8 for 127.x zones,
     * DIR-24-8 otherwise). Tier 1 routes for r, if any, stay but are shadowed while r is local.
     *
     * @return true if added, false if r was local already.
     * @throws IllegalArgumentException for r = 0 or ff.ff.ff.ff, or when the configured number of local r values
     *                                  is reached.
     */
    public boolean addLocalR(final int r)
    {
        return addLocalR(r, (r >>> 24) == 127 ? Dir24_8.Layout.DIR_16_8_8 : Dir24_8.Layout.DIR_24_8);
    }

    /** {@link #addLocalR(int)} with an explicit table layout. */
    public boolean addLocalR(final int r, final Dir24_8.Layout layout)
    {
        if (r == 0 || r == -1)
        {
            throw new IllegalArgumentException("r " + Integer.toUnsignedString(r)
                + " cannot be a local r (0 is the IPv4 table, ff.ff.ff.ff is broadcast)");
        }
        final LocalTables old = locals;
        if (old.find(r) != null)
        {
            return false;
        }
        if (old.size >= config.maxLocalR())
        {
            throw new IllegalArgumentException("cannot add local r " + rText(r) + ": the configured maximum of "
                + config.maxLocalR() + " local r values is reached");
        }
        final int groups = layout == Dir24_8.Layout.DIR_16_8_8 ? config.zoneTableGroups() : config.asnTableGroups();
        final LocalTables next = copyLocals(old, old.size + 1, 0);
        next.put(r, new Dir24_8(layout, groups, readers));
        locals = next;
        return true;
    }

    /**
     * Removes local r and all of its Tier 2 routes (their next-hop references are released).
     *
     * @return true if r was local.
     */
    public boolean removeLocalR(final int r)
    {
        final LocalTables old = locals;
        final Dir24_8 table = old.find(r);
        if (table == null)
        {
            return false;
        }
        locals = copyLocals(old, old.size - 1, r);
        // Readers may still be inside the old table: it is left to the garbage collector, never cleared in place.
        table.forEachRoute((prefix, depth, hop) -> nextHops.release(hop));
        return true;
    }

    /** True if r has a local Tier 2 table. */
    public boolean isLocalR(final int r)
    {
        return locals.find(r) != null;
    }

    /** The local r values. Cold path. */
    public int[] localRs()
    {
        final LocalTables lt = locals;
        final int[] out = new int[lt.size];
        int n = 0;
        for (final int k : lt.keys)
        {
            if (k != 0)
            {
                out[n++] = k;
            }
        }
        return out;
    }

    /** Adds or replaces the route prefix64/length64 via nextHop (an allocated {@link NextHopTable} index). */
    public RouteResult addRoute(final long prefix64, final int length64, final int nextHop)
    {
        return count(doAdd(prefix64, length64, nextHop));
    }

    /** Removes the route prefix64/length64. */
    public RouteResult removeRoute(final long prefix64, final int length64)
    {
        return count(doRemove(prefix64, length64));
    }

    /**
     * Applies every update of the batch in order, writing each result into the batch.
     *
     * @return the number of updates that were rejected or not found.
     */
    public int apply(final FibUpdateBatch batch)
    {
        int failures = 0;
        for (int i = 0, n = batch.count(); i < n; i++)
        {
            final RouteResult result = switch (batch.op(i))
            {
                case FibUpdateBatch.ADD -> addRoute(batch.prefix(i), batch.length(i), batch.nextHop(i));
                case FibUpdateBatch.REMOVE -> removeRoute(batch.prefix(i), batch.length(i));
                default -> count(RouteResult.REJECTED_BAD_OPERATION);
            };
            batch.result(i, result);
            if (!result.isSuccess())
            {
                failures++;
            }
        }
        return failures;
    }

    /**
     * The next hop installed for exactly prefix64/length64, or {@link Dir24_8#NO_ROUTE}. Writer thread only.
     */
    public int route(final long prefix64, final int length64)
    {
        if (length64 == 0)
        {
            return defaultHop;
        }
        if (length64 < 32 || length64 > 64)
        {
            return Dir24_8.NO_ROUTE;
        }
        final int r = (int)(prefix64 >>> 32);
        final int n = (int)prefix64;
        final int len = length64 - 32;
        if (r == 0)
        {
            return ipv4.get(n, len);
        }
        final Dir24_8 local = locals.find(r);
        if (local != null)
        {
            return local.get(n, len);
        }
        return len > AsnTable.MAX_HOST_LENGTH || r == -1 ? Dir24_8.NO_ROUTE : asns.get(r, n, len);
    }

    /** Lets idle time move retired tbl8 groups whose grace period is over to the free lists. Writer thread. */
    public void reclaim()
    {
        ipv4.reclaim();
        for (final Dir24_8 t : locals.tables)
        {
            if (t != null)
            {
                t.reclaim();
            }
        }
    }

    /** How many updates ended with the given result (a counter per rejection reason). */
    public long resultCount(final RouteResult result)
    {
        return resultCounts[result.ordinal()];
    }

    public NextHopTable nextHops()
    {
        return nextHops;
    }

    public QuiescentState readers()
    {
        return readers;
    }

    /** The r = 0 IPv4 table. */
    public Dir24_8 ipv4Table()
    {
        return ipv4;
    }

    /** The Tier 2 table of local r, or null. */
    public Dir24_8 localTable(final int r)
    {
        return locals.find(r);
    }

    /** The Tier 1 table. */
    public AsnTable asnTable()
    {
        return asns;
    }

    public FibConfig config()
    {
        return config;
    }

    // ----------------------------------------------------------------------------------------------- internals

    private RouteResult doAdd(final long prefix64, final int length64, final int nextHop)
    {
        final RouteResult invalid = validate(prefix64, length64);
        if (invalid != null)
        {
            return invalid;
        }
        if (!nextHops.isLive(nextHop))
        {
            return RouteResult.REJECTED_UNKNOWN_NEXT_HOP;
        }
        final int old;
        if (length64 == 0)
        {
            old = defaultHop;
            DEFAULT_HOP.setRelease(this, nextHop);
        }
        else
        {
            final int r = (int)(prefix64 >>> 32);
            final int n = (int)prefix64;
            final int len = length64 - 32;
            final Dir24_8 local = r == 0 ? ipv4 : locals.find(r);
            if (local != null)
            {
                old = local.add(n, len, nextHop);
                if (old == Dir24_8.FULL)
                {
                    return RouteResult.REJECTED_TABLE_FULL;
                }
            }
            else
            {
                old = asns.add(r, n, len, nextHop);
                switch (old)
                {
                    case AsnTable.TOO_SPECIFIC:
                        return RouteResult.REJECTED_TOO_SPECIFIC;
                    case AsnTable.ASN_LIMIT:
                        return RouteResult.REJECTED_ASN_LIMIT;
                    case AsnTable.PREFIX_BUDGET:
                        return RouteResult.REJECTED_PREFIX_BUDGET;
                    default:
                        break;
                }
            }
        }
        nextHops.retain(nextHop);
        if (old >= 0)
        {
            nextHops.release(old);
            return RouteResult.REPLACED;
        }
        return RouteResult.INSTALLED;
    }

    private RouteResult doRemove(final long prefix64, final int length64)
    {
        final RouteResult invalid = validate(prefix64, length64);
        if (invalid != null)
        {
            return invalid;
        }
        final int old;
        if (length64 == 0)
        {
            old = defaultHop;
            DEFAULT_HOP.setRelease(this, Dir24_8.NO_ROUTE);
        }
        else
        {
            final int r = (int)(prefix64 >>> 32);
            final int n = (int)prefix64;
            final int len = length64 - 32;
            final Dir24_8 local = r == 0 ? ipv4 : locals.find(r);
            old = local != null ? local.remove(n, len) : asns.remove(r, n, len);
        }
        if (old < 0)
        {
            return RouteResult.NOT_FOUND;
        }
        nextHops.release(old);
        return RouteResult.REMOVED;
    }

    private static RouteResult validate(final long prefix64, final int length64)
    {
        if (length64 < 0 || length64 > 64)
        {
            return RouteResult.REJECTED_INVALID_LENGTH;
        }
        if (length64 != 0 && length64 < 32)
        {
            return RouteResult.REJECTED_AGGREGATE;
        }
        final long mask = length64 == 0 ? 0 : -1L << (64 - length64);
        if ((prefix64 & ~mask) != 0)
        {
            return RouteResult.REJECTED_HOST_BITS;
        }
        if (length64 != 0 && (int)(prefix64 >>> 32) == -1)
        {
            return RouteResult.REJECTED_RESERVED_R;
        }
        return null;
    }

    private RouteResult count(final RouteResult result)
    {
        resultCounts[result.ordinal()]++;
        return result;
    }

    private static LocalTables copyLocals(final LocalTables old, final int newSize, final int skipR)
    {
        int capacity = 2;
        while (capacity < newSize * 2)
        {
            capacity <<= 1;
        }
        final LocalTables next = new LocalTables(capacity, newSize);
        for (int i = 0; i < old.keys.length; i++)
        {
            final int k = old.keys[i];
            if (k != 0 && k != skipR)
            {
                next.put(k, old.tables[i]);
            }
        }
        return next;
    }

    private static int hash(final int r)
    {
        final int h = r * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    private static String rText(final int r)
    {
        return (r >>> 24) + "." + ((r >>> 16) & 0xFF) + "." + ((r >>> 8) & 0xFF) + "." + (r & 0xFF);
    }
}
