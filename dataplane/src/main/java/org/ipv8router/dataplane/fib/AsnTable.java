package org.ipv8router.dataplane.fib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Tier 1 of the two-tier FIB (spec 7.2): foreign routing prefix r.r.r.r (an ASN) to an entry. An entry is a
 * whole-ASN next hop (the -00 "one entry per ASN" model, 64-bit prefix r/32) and/or a small LPM over host prefixes of
 * at most 16 bits (the -02 "bounded by ASN count" model with the /16 minimum injectable prefix, spec 1.7, A7, A27).
 *
 * <h2>Bounds</h2>
 * Structurally bounded: at most {@code maxAsns} ASNs and at most {@code prefixBudget} host prefixes per ASN (the
 * whole-ASN route is not counted). An insert beyond a bound, or of a host prefix longer than /16, is refused with
 * {@link #ASN_LIMIT}, {@link #PREFIX_BUDGET} or {@link #TOO_SPECIFIC} and counted.
 *
 * <h2>Layout</h2>
 * Open addressing with linear probing over two parallel arrays: {@code long[] entries} and
 * {@code AsnPrefixes[] prefixes} (null when the ASN has no host prefixes). One entry, one 8-byte load:
 * <pre>
 *    63                              32 31 30                            0
 *   +----------------------------------+--+-------------------------------+
 *   |  r (key)                         |P |  whole-ASN next hop           |
 *   +----------------------------------+--+-------------------------------+
 * </pre>
 * r = 0: empty slot; r = ff.ff.ff.ff: deleted (neither is ever a Tier 1 key). P = 1: the ASN has host prefixes in
 * {@code prefixes[i]}. The next-hop field holds 0..{@value #MAX_NEXT_HOP}, or all ones for none. So a lookup of an
 * ASN without host prefixes (most of them) touches one cache line: the key and the answer share it. The capacity is a
 * power of two kept at most half full; 12 bytes a slot (8 + a 4-byte compressed reference): at 1,000,000 ASNs,
 * 2,097,152 slots, 24 MiB plus the host-prefix copies ({@link #memoryBytes()}).
 *
 * <h2>Concurrency (one writer, lock-free readers)</h2>
 * <ul>
 *   <li>Every entry change is one release store of the whole long; a reader acquire-loads it and sees the key, the
 *       flag and the hop of one moment.</li>
 *   <li>New ASN: the writer stores {@code prefixes[i]}, then release-stores the entry (with its key).</li>
 *   <li>Host prefixes: an immutable {@link AsnPrefixes} copy is release-stored; when the first one appears the copy is
 *       stored before the entry gets P, when the last one goes P is cleared before the copy is dropped. A reader that
 *       sees P and then finds no copy (a removal in between) answers with the whole-ASN hop of its entry.</li>
 *   <li>Removed ASN: the key becomes the deleted marker; the slot is never reused in place (a reader that matched
 *       the old key could otherwise read the next ASN's prefixes). Deleted slots are dropped by a rebuild.</li>
 *   <li>Growth and purge of deleted slots build new arrays and publish them with one volatile store; readers on the
 *       old arrays finish on a consistent old snapshot, which the garbage collector then reclaims.</li>
 * </ul>
 */
public final class AsnTable
{
    /** Result of add: the ASN count bound is reached and r is not in the table. */
    public static final int ASN_LIMIT = -3;
    /** Result of add: the ASN already has {@code prefixBudget} host prefixes. */
    public static final int PREFIX_BUDGET = -4;
    /** Result of add: host prefix longer than /16. */
    public static final int TOO_SPECIFIC = -5;
    /** Longest host prefix length a Tier 1 entry accepts (spec 1.7: /16 minimum injectable prefix). */
    public static final int MAX_HOST_LENGTH = 16;
    /** Default per-ASN prefix budget. */
    public static final int DEFAULT_PREFIX_BUDGET = 64;
    /** Largest whole-ASN next-hop index an entry can carry (31 bits, all ones meaning none). */
    public static final int MAX_NEXT_HOP = 0x7FFF_FFFE;

    private static final int EMPTY = 0;
    private static final int DELETED = 0xFFFF_FFFF;
    private static final int MIN_CAPACITY = 16;
    private static final int HAS_PREFIXES = 0x8000_0000;
    private static final int HOP_MASK = 0x7FFF_FFFF;
    private static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle REF = MethodHandles.arrayElementVarHandle(AsnPrefixes[].class);

    private static final class Slots
    {
        final long[] entries;
        final AsnPrefixes[] prefixes;
        final int mask;

        Slots(final int capacity)
        {
            entries = new long[capacity];
            prefixes = new AsnPrefixes[capacity];
            mask = capacity - 1;
        }
    }

    private final int maxAsns;
    private final int prefixBudget;
    private volatile Slots slots;

    // Writer-only state.
    private int size;
    private int used;
    private long asnLimitHits;
    private long prefixBudgetHits;
    private long tooSpecificRejects;

    /**
     * @param maxAsns      hard bound on the number of ASNs (1..2^24).
     * @param prefixBudget hard bound on host prefixes per ASN (1..4096).
     */
    public AsnTable(final int maxAsns, final int prefixBudget)
    {
        if (maxAsns < 1 || maxAsns > (1 << 24))
        {
            throw new IllegalArgumentException("maxAsns must be 1..2^24, got " + maxAsns);
        }
        if (prefixBudget < 1 || prefixBudget > 4096)
        {
            throw new IllegalArgumentException("per-ASN prefix budget must be 1..4096, got " + prefixBudget);
        }
        this.maxAsns = maxAsns;
        this.prefixBudget = prefixBudget;
        this.slots = new Slots(MIN_CAPACITY);
    }

    // ----------------------------------------------------------------------------------------------- readers

    /**
     * Tier 1 lookup: the longest host prefix of ASN {@code r} covering {@code host}, else the whole-ASN route.
     * Lock free and allocation free.
     *
     * @return next-hop index or {@link Dir24_8#NO_ROUTE}.
     */
    public int lookup(final int r, final int host)
    {
        final Slots s = slots;
        final long[] entries = s.entries;
        int i = hash(r) & s.mask;
        while (true)
        {
            final long e = (long)LONG.getAcquire(entries, i);
            final int k = (int)(e >>> 32);
            if (k == r)
            {
                return answer(s, i, (int)e, host);
            }
            if (k == EMPTY)
            {
                return Dir24_8.NO_ROUTE;
            }
            i = (i + 1) & s.mask;
        }
    }

    /**
     * Batch pass 1 for a Tier 1 address: a plain load of r's home slot, so that its cache miss is under way while
     * the rest of the batch is issued (the key and the whole-ASN hop share that slot); the returned value only keeps
     * the load alive. Finish with {@link #lookup(int, int)} after a {@link VarHandle#acquireFence()}.
     */
    int touch(final int r)
    {
        final Slots s = slots;
        return (int)(s.entries[hash(r) & s.mask] >>> 32);
    }

    /**
     * Batch form of {@link #lookup(int, int)} for addresses that all have the same r: {@code results[i] =
     * lookup(r, (int)dsts[offset + i])}. The ASN is probed once, and its entry read once, for the whole batch.
     */
    public void lookupOneAsn(final int r, final long[] dsts, final int offset, final int[] results, final int count)
    {
        final Slots s = slots;
        final long[] entries = s.entries;
        int i = hash(r) & s.mask;
        long e;
        while (true)
        {
            e = (long)LONG.getAcquire(entries, i);
            final int k = (int)(e >>> 32);
            if (k == r)
            {
                break;
            }
            if (k == EMPTY)
            {
                Arrays.fill(results, 0, count, Dir24_8.NO_ROUTE);
                return;
            }
            i = (i + 1) & s.mask;
        }
        final int whole = wholeHop((int)e);
        final AsnPrefixes p = ((int)e & HAS_PREFIXES) != 0 ? (AsnPrefixes)REF.getAcquire(s.prefixes, i) : null;
        if (p == null)
        {
            Arrays.fill(results, 0, count, whole);
            return;
        }
        for (int j = 0; j < count; j++)
        {
            final int hop = p.lookup((int)dsts[offset + j]);
            results[j] = hop >= 0 ? hop : whole;
        }
    }

    private static int answer(final Slots s, final int i, final int low, final int host)
    {
        if ((low & HAS_PREFIXES) != 0)
        {
            final AsnPrefixes p = (AsnPrefixes)REF.getAcquire(s.prefixes, i);
            if (p != null)
            {
                final int hop = p.lookup(host);
                if (hop >= 0)
                {
                    return hop;
                }
            }
        }
        return wholeHop(low);
    }

    private static int wholeHop(final int low)
    {
        final int hop = low & HOP_MASK;
        return hop == HOP_MASK ? Dir24_8.NO_ROUTE : hop;
    }

    private static long entry(final int r, final int wholeHop, final boolean hasPrefixes)
    {
        final int low = (wholeHop & HOP_MASK) | (hasPrefixes ? HAS_PREFIXES : 0);
        return ((long)r << 32) | (low & 0xFFFF_FFFFL);
    }

    // ----------------------------------------------------------------------------------------------- writer

    /**
     * Adds or replaces {@code r.host/hostLength -> nextHop}; hostLength 0 is the whole-ASN route.
     * {@code host} must have no bits set beyond hostLength.
     *
     * @return the previous next hop of that prefix, {@link Dir24_8#NO_ROUTE} if new, or {@link #ASN_LIMIT},
     *         {@link #PREFIX_BUDGET}, {@link #TOO_SPECIFIC}.
     */
    public int add(final int r, final int host, final int hostLength, final int nextHop)
    {
        checkR(r);
        if (hostLength < 0 || hostLength > 32)
        {
            throw new IllegalArgumentException("host prefix length must be 0..32, got " + hostLength);
        }
        if (hostLength > MAX_HOST_LENGTH)
        {
            tooSpecificRejects++;
            return TOO_SPECIFIC;
        }
        if (nextHop < 0 || nextHop > MAX_NEXT_HOP)
        {
            throw new IllegalArgumentException("next-hop index must be 0.." + MAX_NEXT_HOP + ", got " + nextHop);
        }
        Slots s = slots;
        int i = find(s, r);
        if (i < 0)
        {
            if (size >= maxAsns)
            {
                asnLimitHits++;
                return ASN_LIMIT;
            }
            if ((used + 1) * 2 > s.entries.length)
            {
                s = rebuild();
            }
            i = freeSlot(s, r);
            final AsnPrefixes p = hostLength == 0 ? null : AsnPrefixes.EMPTY.with(host, hostLength, nextHop);
            s.prefixes[i] = p;
            LONG.setRelease(s.entries, i, entry(r, hostLength == 0 ? nextHop : Dir24_8.NO_ROUTE, p != null));
            size++;
            used++;
            return Dir24_8.NO_ROUTE;
        }
        final AsnPrefixes current = s.prefixes[i];
        if (hostLength == 0)
        {
            final int old = wholeHop((int)s.entries[i]);
            LONG.setRelease(s.entries, i, entry(r, nextHop, current != null));
            return old;
        }
        final AsnPrefixes p = current == null ? AsnPrefixes.EMPTY : current;
        final int old = p.get(host, hostLength);
        if (old == Dir24_8.NO_ROUTE && p.size() >= prefixBudget)
        {
            prefixBudgetHits++;
            return PREFIX_BUDGET;
        }
        REF.setRelease(s.prefixes, i, p.with(host, hostLength, nextHop));
        if (current == null)
        {
            // The copy is in place before readers are told to look for it.
            LONG.setRelease(s.entries, i, entry(r, wholeHop((int)s.entries[i]), true));
        }
        return old;
    }

    /**
     * Removes {@code r.host/hostLength}. When the ASN has no route left its slot is marked deleted.
     *
     * @return the removed route's next hop, or {@link Dir24_8#NO_ROUTE}.
     */
    public int remove(final int r, final int host, final int hostLength)
    {
        checkR(r);
        final Slots s = slots;
        final int i = find(s, r);
        if (i < 0 || hostLength < 0 || hostLength > MAX_HOST_LENGTH)
        {
            return Dir24_8.NO_ROUTE;
        }
        final int old;
        final AsnPrefixes current = s.prefixes[i];
        int whole = wholeHop((int)s.entries[i]);
        if (hostLength == 0)
        {
            old = whole;
            whole = Dir24_8.NO_ROUTE;
            LONG.setRelease(s.entries, i, entry(r, whole, current != null));
        }
        else
        {
            if (current == null)
            {
                return Dir24_8.NO_ROUTE;
            }
            old = current.get(host, hostLength);
            final AsnPrefixes next = current.without(host, hostLength);
            if (next == null)
            {
                // Readers stop looking for a copy before it goes.
                LONG.setRelease(s.entries, i, entry(r, whole, false));
            }
            REF.setRelease(s.prefixes, i, next);
        }
        if (whole == Dir24_8.NO_ROUTE && s.prefixes[i] == null)
        {
            LONG.setRelease(s.entries, i, entry(DELETED, Dir24_8.NO_ROUTE, false));
            size--;
        }
        return old;
    }

    /** Next hop of exactly r.host/hostLength or {@link Dir24_8#NO_ROUTE}. Writer thread only. */
    public int get(final int r, final int host, final int hostLength)
    {
        final Slots s = slots;
        final int i = find(s, r);
        if (i < 0)
        {
            return Dir24_8.NO_ROUTE;
        }
        if (hostLength == 0)
        {
            return wholeHop((int)s.entries[i]);
        }
        return s.prefixes[i] == null ? Dir24_8.NO_ROUTE : s.prefixes[i].get(host, hostLength);
    }

    /** Number of host prefixes (not counting the whole-ASN route) of ASN r. Writer thread only. */
    public int prefixCount(final int r)
    {
        final Slots s = slots;
        final int i = find(s, r);
        return i < 0 || s.prefixes[i] == null ? 0 : s.prefixes[i].size();
    }

    /** Calls consumer(r, host, hostLength, nextHop) for every route. Writer thread only. */
    public void forEachRoute(final AsnRouteConsumer consumer)
    {
        final Slots s = slots;
        for (int i = 0; i < s.entries.length; i++)
        {
            final int r = (int)(s.entries[i] >>> 32);
            if (r == EMPTY || r == DELETED)
            {
                continue;
            }
            final int whole = wholeHop((int)s.entries[i]);
            if (whole != Dir24_8.NO_ROUTE)
            {
                consumer.accept(r, 0, 0, whole);
            }
            if (s.prefixes[i] != null)
            {
                s.prefixes[i].forEach((prefix, length, hop) -> consumer.accept(r, prefix, length, hop));
            }
        }
    }

    /** ASNs in the table. */
    public int asnCount()
    {
        return size;
    }

    public int maxAsns()
    {
        return maxAsns;
    }

    public int prefixBudget()
    {
        return prefixBudget;
    }

    /** Slots of the current hash array. */
    public int capacity()
    {
        return slots.entries.length;
    }

    /**
     * Heap bytes of the table as it accounts them: the two slot arrays (an 8-byte entry and a compressed reference
     * per slot, plus array headers) and every ASN's {@link AsnPrefixes} copy (a 16-byte object and its int array).
     * Assumes the JVM's default compressed references and 8-byte object alignment (heaps below 32 GiB); the Tier 1
     * scaling benchmark cross-checks it against the measured heap. Writer thread only: walks the table.
     */
    public long memoryBytes()
    {
        final Slots s = slots;
        long bytes = arrayBytes(8, s.entries.length) + arrayBytes(4, s.prefixes.length);
        for (final AsnPrefixes p : s.prefixes)
        {
            if (p != null)
            {
                bytes += 16 + arrayBytes(4, 3 * p.size());
            }
        }
        return bytes;
    }

    private static long arrayBytes(final int elementBytes, final int length)
    {
        return (16 + (long)elementBytes * length + 7) & ~7L;
    }

    /** Inserts refused because the ASN count bound was reached. */
    public long asnLimitHits()
    {
        return asnLimitHits;
    }

    /** Inserts refused because the ASN's prefix budget was used up. */
    public long prefixBudgetHits()
    {
        return prefixBudgetHits;
    }

    /** Inserts refused because the host prefix was longer than /16. */
    public long tooSpecificRejects()
    {
        return tooSpecificRejects;
    }

    /** Receives one Tier 1 route. */
    @FunctionalInterface
    public interface AsnRouteConsumer
    {
        void accept(int r, int host, int hostLength, int nextHop);
    }

    // ----------------------------------------------------------------------------------------------- internals

    private static int hash(final int r)
    {
        final int h = r * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    private static int find(final Slots s, final int r)
    {
        int i = hash(r) & s.mask;
        while (true)
        {
            final int k = (int)(s.entries[i] >>> 32);
            if (k == r)
            {
                return i;
            }
            if (k == EMPTY)
            {
                return -1;
            }
            i = (i + 1) & s.mask;
        }
    }

    private static int freeSlot(final Slots s, final int r)
    {
        int i = hash(r) & s.mask;
        while ((int)(s.entries[i] >>> 32) != EMPTY)
        {
            i = (i + 1) & s.mask;
        }
        return i;
    }

    /** Copies the live ASNs into fresh arrays sized for growth and publishes them. */
    private Slots rebuild()
    {
        final Slots old = slots;
        final int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, (size + 1) * 5 / 2) - 1) << 1);
        final Slots s = new Slots(capacity);
        for (int i = 0; i < old.entries.length; i++)
        {
            final int r = (int)(old.entries[i] >>> 32);
            if (r != EMPTY && r != DELETED)
            {
                final int j = freeSlot(s, r);
                s.entries[j] = old.entries[i];
                s.prefixes[j] = old.prefixes[i];
            }
        }
        used = size;
        slots = s;
        return s;
    }

    private static void checkR(final int r)
    {
        if (r == EMPTY || r == DELETED)
        {
            throw new IllegalArgumentException(
                "r " + Integer.toUnsignedString(r) + " is not a Tier 1 key (0 is IPv4, ff.ff.ff.ff is broadcast)");
        }
    }
}
