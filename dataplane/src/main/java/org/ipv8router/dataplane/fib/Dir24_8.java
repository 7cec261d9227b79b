package org.ipv8router.dataplane.fib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.collections.Int2IntHashMap;

/**
 * IPv4-style longest-prefix-match table over a 32-bit key (n.n.n.n of an IPv8 address, or a plain IPv4 address),
 * in the style of DPDK's {@code rte_lpm}: one flat first-level table indexed by the top bits of the key, then
 * 256-entry groups ("tbl8") for longer prefixes. One writer thread, any number of lock-free readers.
 *
 * <h2>Layouts and memory</h2>
 * <pre>
 *   DIR_24_8:   tbl24[2^24] --(ext)--> tbl8 group[256]                     at most 2 reads per lookup
 *   DIR_16_8_8: tbl16[2^16] --(ext)--> tbl8 group[256] --(ext)--> group    at most 3 reads per lookup
 * </pre>
 * <ul>
 *   <li>{@link Layout#DIR_24_8} (the IPv4 table, r = 0, and large own-ASN tables): the first level is an
 *       {@code int[1 << 24]} = <b>64 MiB</b>, allocated at construction.</li>
 *   <li>{@link Layout#DIR_16_8_8} (127.x zone tables, which are many and small): the first level is
 *       {@code int[1 << 16]} = <b>256 KiB</b>; /17-/24 cost one group per /16 they touch, /25-/32 one more.</li>
 *   <li>Groups: 1 KiB each, allocated on demand in chunks of {@value #GROUPS_PER_CHUNK} groups (64 KiB), up to the
 *       configured maximum ({@code maxGroups} KiB in the worst case). Both layouts share the group code.</li>
 *   <li>Writer-only rule table (for correct deletes): one {@link Int2IntHashMap} per prefix length, roughly 16-24
 *       bytes per route; free list and retire queue: 16 bytes per configured group. Never touched by readers.</li>
 *   <li>Measured: a synthetic 1,000,000-prefix table with an Internet-like length mix used about 30,000 groups,
 *       93 MiB of reader-visible arrays in total.</li>
 * </ul>
 *
 * <h2>Entry encoding (one int, like rte_lpm's 4-byte entry)</h2>
 * <pre>
 *    31   30   29      24 23                                  0
 *   +----+----+----------+-------------------------------------+
 *   |VAL |EXT |  depth   |  next-hop index, or group index     |
 *   +----+----+----------+-------------------------------------+
 * </pre>
 * VAL = 0 (the whole int 0): no route here, fall back to the /0 default. EXT = 1: the value is a group index.
 * The depth (prefix length 1..32) of the rule that wrote a leaf is kept so that a delete can tell its own entries
 * from those of longer prefixes and restore the covering rule (found in the rule table). Next-hop indices therefore
 * range over 0..{@value #MAX_NEXT_HOP}. The /0 default lives in its own field rather than in 2^24 entries.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Every entry store is a release store of a whole int, so a reader sees the old or the new entry, never a
 *       mix.</li>
 *   <li>A new group is completely filled (the covering entry copied into all 256 slots, then the new prefix written)
 *       while unreachable, and only then linked by a release store into its parent; readers read entries with
 *       acquire loads, so they never see a half-built group.</li>
 *   <li>When a delete makes a group uniform and shallow enough to live in its parent again, the parent entry is
 *       overwritten first (release store), then the group is retired to a FIFO and reused only after a QSBR grace
 *       period ({@link QuiescentState}): every registered reader has announced a quiescent point after the unlink.
 *       Until then the writer takes fresh groups; when none is left an insert returns {@link #FULL}.</li>
 *   <li>The writer methods ({@link #add}, {@link #remove}, {@link #clear}) must be called from one thread at a
 *       time (the FIB's control-plane applier).</li>
 * </ul>
 */
public final class Dir24_8
{
    /** First-level stride: 24 bits (64 MiB) or 16 bits (256 KiB). */
    public enum Layout
    {
        DIR_24_8(24),
        DIR_16_8_8(16);

        final int firstBits;

        Layout(final int firstBits)
        {
            this.firstBits = firstBits;
        }

        /** Bytes of the first-level table of this layout. */
        public long firstLevelBytes()
        {
            return 4L << firstBits;
        }
    }

    /** Lookup result / previous next hop when there is no route. */
    public static final int NO_ROUTE = -1;
    /** {@link #add} result: no tbl8 group left (the configured maximum is reached and none is reclaimable yet). */
    public static final int FULL = -2;
    /** Largest next-hop index an entry can carry (24 bits). */
    public static final int MAX_NEXT_HOP = 0xFF_FFFF;
    /** Largest group count an entry can address (24 bits). */
    public static final int MAX_GROUPS = 1 << 24;

    static final int VALID = 0x8000_0000;
    static final int EXT = 0x4000_0000;
    static final int DEPTH_SHIFT = 24;
    static final int VALUE_MASK = 0xFF_FFFF;
    static final int GROUPS_PER_CHUNK = 64;
    private static final int CHUNK_SHIFT = 6;
    private static final int CHUNK_MASK = GROUPS_PER_CHUNK - 1;
    private static final int MISSING = -1;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle DEFAULT_HOP;

    static
    {
        try
        {
            DEFAULT_HOP = MethodHandles.lookup().findVarHandle(Dir24_8.class, "defaultHop", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Layout layout;
    private final int firstBits;
    private final int firstShift;
    private final int[] tbl1;
    private final int[][] chunks;
    private final int maxGroups;
    private final QuiescentState readers;

    // Writer-only state.
    private final Int2IntHashMap[] rules = new Int2IntHashMap[33];
    private final int[] freeGroups;
    private int freeTop;
    private int freshGroups;
    private final RetiredSlots retired;
    private int routeCount;

    @SuppressWarnings("unused") // accessed through DEFAULT_HOP
    private int defaultHop = NO_ROUTE;

    /**
     * @param layout    first-level stride.
     * @param maxGroups upper bound on tbl8 groups (1 KiB each, allocated on demand); 1..2^24.
     * @param readers   QSBR state of the threads that look up in this table.
     */
    public Dir24_8(final Layout layout, final int maxGroups, final QuiescentState readers)
    {
        if (maxGroups < 1 || maxGroups > MAX_GROUPS)
        {
            throw new IllegalArgumentException("maxGroups must be 1.." + MAX_GROUPS + ", got " + maxGroups);
        }
        this.layout = layout;
        this.firstBits = layout.firstBits;
        this.firstShift = 32 - layout.firstBits;
        this.tbl1 = new int[1 << layout.firstBits];
        this.chunks = new int[(maxGroups + GROUPS_PER_CHUNK - 1) / GROUPS_PER_CHUNK][];
        this.maxGroups = maxGroups;
        this.readers = readers;
        this.freeGroups = new int[maxGroups];
        this.retired = new RetiredSlots(maxGroups);
        for (int d = 1; d <= 32; d++)
        {
            rules[d] = new Int2IntHashMap(16, 0.65f, MISSING);
        }
    }

    public Layout layout()
    {
        return layout;
    }

    // ----------------------------------------------------------------------------------------------- readers

    /**
     * Longest-prefix match. Lock free and allocation free.
     *
     * @return the next-hop index of the longest matching prefix, the /0 default, or {@link #NO_ROUTE}.
     */
    public int lookup(final int key)
    {
        return resolve(firstLevel(key), key);
    }

    /**
     * Batch form of {@link #lookup(int)}: {@code results[i] = lookup(keys[i])} for i < count. Two passes: first all
     * first-level loads (independent, so the CPU overlaps their cache misses), then the group walks.
     */
    public void lookup(final int[] keys, final int[] results, final int count)
    {
        final int[] first = tbl1;
        final int shift = firstShift;
        for (int i = 0; i < count; i++)
        {
            results[i] = first[keys[i] >>> shift];
        }
        VarHandle.acquireFence();
        final int dflt = (int)DEFAULT_HOP.getAcquire(this);
        for (int i = 0; i < count; i++)
        {
            int e = results[i];
            if ((e & EXT) != 0)
            {
                e = walkGroups(e, keys[i]);
            }
            results[i] = hopOr(e, dflt);
        }
    }

    /**
     * The batch lookup of the forwarding path, on the low 32 bits (n.n.n.n) of 64-bit destinations:
     * {@code results[i] = lookup((int)dsts[offset + i])} for i < count, with {@code missValue} in place of
     * {@link #NO_ROUTE} when there is neither a route nor a /0 default.
     * <p>
     * Built for memory-level parallelism, the way {@code rte_lpm_lookup_bulk} is compiled: pass 1 is nothing but
     * independent first-level loads (a few instructions each, so the out-of-order window holds many of them and
     * their cache and TLB misses overlap), and it ORs the entries together on the way; pass 2 follows group links
     * only when that OR has the EXT bit (rare: a first-level entry linked to a group), and pass 3 turns entries into
     * results without a data-dependent branch, in a loop C2 compiles to SIMD. Pass 2 and 3 are kept short because
     * they wait for the slowest miss of pass 1 while holding the window: the fewer instructions they take, the
     * sooner the next batch's first-level loads enter it (one fused finish loop with the group walk in it measured
     * 1.09x slower, 4 alternating {@code RteLpmMirror} pairs).
     * <p>
     * Memory ordering: pass 1 uses plain int loads (single-copy atomic, JLS 17.7) and one
     * {@link VarHandle#acquireFence()} orders all of them before the group loads of pass 2, so a group linked by the
     * writer's release store is seen complete. A per-element {@code getAcquire} gives the same ordering but is a
     * compiler barrier in C2 that forces the table fields to be reloaded for every element.
     */
    void lookupLow32(final long[] dsts, final int offset, final int[] results, final int count, final int missValue)
    {
        final int[] first = tbl1;
        final int shift = firstShift;
        int linked = 0;
        for (int i = 0; i < count; i++)
        {
            final int e = first[(int)dsts[offset + i] >>> shift];
            results[i] = e;
            linked |= e;
        }
        VarHandle.acquireFence();
        final int dflt = (int)DEFAULT_HOP.getAcquire(this);
        final int miss = dflt >= 0 ? dflt : missValue;
        if ((linked & EXT) != 0)
        {
            walkLinked(dsts, offset, results, count);
        }
        for (int i = 0; i < count; i++)
        {
            results[i] = hopOr(results[i], miss);
        }
    }

    /** Batch pass 2: every linked first-level entry in results followed down to its leaf or empty entry. */
    private void walkLinked(final long[] dsts, final int offset, final int[] results, final int count)
    {
        final int[][] groups = chunks;
        final int shift = firstShift;
        for (int i = 0; i < count; i++)
        {
            int e = results[i];
            int levelShift = shift;
            while ((e & EXT) != 0)
            {
                levelShift -= 8;
                final int g = e & VALUE_MASK;
                final int key = (int)dsts[offset + i];
                e = (int)ENTRY.getAcquire(groups[g >>> CHUNK_SHIFT],
                    ((g & CHUNK_MASK) << 8) | ((key >>> levelShift) & 0xFF));
            }
            results[i] = e;
        }
    }

    /** The raw first-level entry for key (acquire load); finish with {@link #resolve(int, int)}. */
    int firstLevel(final int key)
    {
        return (int)ENTRY.getAcquire(tbl1, key >>> firstShift);
    }

    /**
     * The raw first-level entry for key, plain load: for batch pass 1 only, where the caller issues one
     * {@link VarHandle#acquireFence()} before finishing the entries with {@link #finish(int, int, int)}.
     */
    int firstLevelPlain(final int key)
    {
        return tbl1[key >>> firstShift];
    }

    /** Batch pass 2 for one entry of {@link #firstLevelPlain}: next hop, else {@code miss} (the default if set). */
    int finish(final int firstEntry, final int key, final int missValue)
    {
        final int e = (firstEntry & EXT) != 0 ? walkGroups(firstEntry, key) : firstEntry;
        final int dflt = (int)DEFAULT_HOP.getAcquire(this);
        return hopOr(e, dflt >= 0 ? dflt : missValue);
    }

    /** Follows group links from a raw first-level entry to the next hop, the /0 default or {@link #NO_ROUTE}. */
    int resolve(final int firstEntry, final int key)
    {
        final int e = (firstEntry & EXT) != 0 ? walkGroups(firstEntry, key) : firstEntry;
        return e < 0 ? e & VALUE_MASK : (int)DEFAULT_HOP.getAcquire(this);
    }

    /** Follows group links from an extended entry down to a leaf or an empty (0) entry. */
    private int walkGroups(final int extEntry, final int key)
    {
        int e = extEntry;
        int shift = firstShift;
        while ((e & EXT) != 0)
        {
            shift -= 8;
            final int g = e & VALUE_MASK;
            e = (int)ENTRY.getAcquire(chunks[g >>> CHUNK_SHIFT], ((g & CHUNK_MASK) << 8) | ((key >>> shift) & 0xFF));
        }
        return e;
    }

    /** Next hop of a leaf entry, else {@code miss}; branch free (VALID is the sign bit). */
    private static int hopOr(final int entry, final int miss)
    {
        final int leaf = entry >> 31;
        return (entry & VALUE_MASK & leaf) | (miss & ~leaf);
    }

    // ----------------------------------------------------------------------------------------------- writer

    /**
     * Adds or replaces the route {@code prefix/depth -> nextHop}. Bits of {@code prefix} beyond {@code depth} are
     * ignored. Single writer.
     *
     * @return the next hop the same prefix had before, {@link #NO_ROUTE} if it is new, or {@link #FULL} if a tbl8
     *         group was needed and none is available (the table is then unchanged).
     */
    public int add(final int prefix, final int depth, final int nextHop)
    {
        checkDepth(depth);
        if (nextHop < 0 || nextHop > MAX_NEXT_HOP)
        {
            throw new IllegalArgumentException("next-hop index must be 0.." + MAX_NEXT_HOP + ", got " + nextHop);
        }
        if (depth == 0)
        {
            final int old = defaultHop;
            DEFAULT_HOP.setRelease(this, nextHop);
            if (old == NO_ROUTE)
            {
                routeCount++;
            }
            return old;
        }
        final int key = prefix & mask(depth);
        final Int2IntHashMap rulesAtDepth = rules[depth];
        final int old = rulesAtDepth.get(key);
        if (old == MISSING && depth > firstBits)
        {
            final int needed = groupsNeeded(key, depth);
            if (needed > 0)
            {
                reclaim();
            }
            if (freeTop + (maxGroups - freshGroups) < needed)
            {
                return FULL;
            }
        }
        rulesAtDepth.put(key, nextHop);
        if (old == MISSING)
        {
            routeCount++;
        }
        install(tbl1, 0, firstBits, key, depth, leaf(depth, nextHop));
        return old == MISSING ? NO_ROUTE : old;
    }

    /**
     * Removes the route {@code prefix/depth}; addresses it covered fall back to the next shorter covering route.
     *
     * @return the next hop the route had, or {@link #NO_ROUTE} if there was no such route.
     */
    public int remove(final int prefix, final int depth)
    {
        checkDepth(depth);
        if (depth == 0)
        {
            final int old = defaultHop;
            DEFAULT_HOP.setRelease(this, NO_ROUTE);
            if (old != NO_ROUTE)
            {
                routeCount--;
            }
            return old;
        }
        final int key = prefix & mask(depth);
        final int old = rules[depth].remove(key);
        if (old == MISSING)
        {
            return NO_ROUTE;
        }
        routeCount--;
        int replacement = 0;
        for (int d = depth - 1; d >= 1; d--)
        {
            if (rules[d].isEmpty())
            {
                continue;
            }
            final int hop = rules[d].get(key & mask(d));
            if (hop != MISSING)
            {
                replacement = leaf(d, hop);
                break;
            }
        }
        uninstall(tbl1, 0, firstBits, key, depth, replacement);
        return old;
    }

    /** The next hop installed for exactly {@code prefix/depth}, or {@link #NO_ROUTE}. Writer thread only. */
    public int get(final int prefix, final int depth)
    {
        checkDepth(depth);
        if (depth == 0)
        {
            return defaultHop;
        }
        final int hop = rules[depth].get(prefix & mask(depth));
        return hop == MISSING ? NO_ROUTE : hop;
    }

    /** Calls {@code consumer} for every route (default route first). Writer thread only. */
    public void forEachRoute(final RouteConsumer consumer)
    {
        if (defaultHop != NO_ROUTE)
        {
            consumer.accept(0, 0, defaultHop);
        }
        for (int d = 1; d <= 32; d++)
        {
            final int depth = d;
            rules[d].forEachInt((prefix, hop) -> consumer.accept(prefix, depth, hop));
        }
    }

    /** Removes every route. Writer thread only. */
    public void clear()
    {
        DEFAULT_HOP.setRelease(this, NO_ROUTE);
        for (int d = 32; d >= 1; d--)
        {
            final Int2IntHashMap r = rules[d];
            while (!r.isEmpty())
            {
                final int[] keys = new int[r.size()];
                final int[] n = {0};
                r.forEachInt((k, v) -> keys[n[0]++] = k);
                for (final int k : keys)
                {
                    remove(k, d);
                }
            }
        }
        routeCount = 0;
    }

    /** Moves groups whose grace period is over to the free list. Called by {@link #add}; may be called when idle. */
    public void reclaim()
    {
        int g;
        while ((g = retired.pollSafe(readers)) >= 0)
        {
            freeGroups[freeTop++] = g;
        }
    }

    /** Installed routes, including the /0 default. */
    public int routeCount()
    {
        return routeCount;
    }

    /** Groups linked into the table right now. */
    public int groupsInUse()
    {
        return freshGroups - freeTop - retired.size();
    }

    /** Groups unlinked and waiting for their grace period. */
    public int groupsRetired()
    {
        return retired.size();
    }

    public int maxGroups()
    {
        return maxGroups;
    }

    /** Bytes of reader-visible arrays allocated now (first level plus allocated group chunks). */
    public long memoryBytes()
    {
        long bytes = layout.firstLevelBytes() + 8L * chunks.length;
        for (final int[] c : chunks)
        {
            if (c != null)
            {
                bytes += 4L * c.length;
            }
        }
        return bytes;
    }

    /** Receives one route in {@link #forEachRoute}. */
    @FunctionalInterface
    public interface RouteConsumer
    {
        void accept(int prefix, int depth, int nextHop);
    }

    // ----------------------------------------------------------------------------------------------- internals

    /** Writes {@code leaf} for the prefix at the level whose last bit is {@code levelEnd}. */
    private void install(
        final int[] arr, final int base, final int levelEnd, final int key, final int depth, final int leaf)
    {
        final int idx = index(key, levelEnd);
        if (depth <= levelEnd)
        {
            final int span = 1 << (levelEnd - depth);
            final int start = base + (idx & -span);
            for (int pos = start, end = start + span; pos < end; pos++)
            {
                cover(arr, pos, levelEnd, depth, leaf);
            }
        }
        else
        {
            final int pos = base + idx;
            final int e = arr[pos];
            if ((e & EXT) != 0)
            {
                final int g = e & VALUE_MASK;
                install(chunks[g >>> CHUNK_SHIFT], (g & CHUNK_MASK) << 8, levelEnd + 8, key, depth, leaf);
            }
            else
            {
                final int g = allocGroup();
                final int[] chunk = chunks[g >>> CHUNK_SHIFT];
                final int gBase = (g & CHUNK_MASK) << 8;
                // Not reachable yet: plain stores; the release store of the link below publishes them.
                java.util.Arrays.fill(chunk, gBase, gBase + 256, e);
                install(chunk, gBase, levelEnd + 8, key, depth, leaf);
                ENTRY.setRelease(arr, pos, VALID | EXT | g);
            }
        }
    }

    /** A rule of {@code depth} covers this whole entry: overwrite it wherever it is not more specific. */
    private void cover(final int[] arr, final int pos, final int levelEnd, final int depth, final int leaf)
    {
        final int e = arr[pos];
        if ((e & EXT) != 0)
        {
            final int g = e & VALUE_MASK;
            final int[] chunk = chunks[g >>> CHUNK_SHIFT];
            final int gBase = (g & CHUNK_MASK) << 8;
            for (int j = 0; j < 256; j++)
            {
                cover(chunk, gBase + j, levelEnd + 8, depth, leaf);
            }
        }
        else if (e >= 0 || depthOf(e) <= depth)
        {
            ENTRY.setRelease(arr, pos, leaf);
        }
    }

    private void uninstall(
        final int[] arr, final int base, final int levelEnd, final int key, final int depth, final int replacement)
    {
        final int idx = index(key, levelEnd);
        if (depth <= levelEnd)
        {
            final int span = 1 << (levelEnd - depth);
            final int start = base + (idx & -span);
            for (int pos = start, end = start + span; pos < end; pos++)
            {
                restore(arr, pos, levelEnd, depth, replacement);
            }
        }
        else
        {
            final int pos = base + idx;
            final int e = arr[pos];
            if ((e & EXT) != 0)
            {
                final int g = e & VALUE_MASK;
                uninstall(chunks[g >>> CHUNK_SHIFT], (g & CHUNK_MASK) << 8, levelEnd + 8, key, depth, replacement);
                tryCollapse(arr, pos, g, levelEnd);
            }
        }
    }

    /** The deleted rule of {@code depth} covered this whole entry: put back the covering rule where it was ours. */
    private void restore(final int[] arr, final int pos, final int levelEnd, final int depth, final int replacement)
    {
        final int e = arr[pos];
        if ((e & EXT) != 0)
        {
            final int g = e & VALUE_MASK;
            final int[] chunk = chunks[g >>> CHUNK_SHIFT];
            final int gBase = (g & CHUNK_MASK) << 8;
            for (int j = 0; j < 256; j++)
            {
                restore(chunk, gBase + j, levelEnd + 8, depth, replacement);
            }
            tryCollapse(arr, pos, g, levelEnd);
        }
        else if (e < 0 && depthOf(e) == depth)
        {
            ENTRY.setRelease(arr, pos, replacement);
        }
    }

    /**
     * If group {@code g} (linked from {@code arr[pos]} at a level ending at bit {@code levelEnd}) now holds 256
     * equal entries of a rule no longer than {@code levelEnd}, put that entry back into the parent and retire the
     * group.
     */
    private void tryCollapse(final int[] arr, final int pos, final int g, final int levelEnd)
    {
        final int[] chunk = chunks[g >>> CHUNK_SHIFT];
        final int gBase = (g & CHUNK_MASK) << 8;
        final int first = chunk[gBase];
        if ((first & EXT) != 0 || (first < 0 && depthOf(first) > levelEnd))
        {
            return;
        }
        for (int j = 1; j < 256; j++)
        {
            if (chunk[gBase + j] != first)
            {
                return;
            }
        }
        ENTRY.setRelease(arr, pos, first);
        retired.add(g, readers.retire());
    }

    /** Groups an insert of key/depth must allocate: one per level below the deepest existing group on its path. */
    private int groupsNeeded(final int key, final int depth)
    {
        int[] arr = tbl1;
        int base = 0;
        int levelEnd = firstBits;
        while (depth > levelEnd)
        {
            final int e = arr[base + index(key, levelEnd)];
            if ((e & EXT) == 0)
            {
                return (depth - levelEnd + 7) >>> 3;
            }
            final int g = e & VALUE_MASK;
            arr = chunks[g >>> CHUNK_SHIFT];
            base = (g & CHUNK_MASK) << 8;
            levelEnd += 8;
        }
        return 0;
    }

    private int allocGroup()
    {
        if (freeTop > 0)
        {
            return freeGroups[--freeTop];
        }
        final int g = freshGroups++;
        if (chunks[g >>> CHUNK_SHIFT] == null)
        {
            chunks[g >>> CHUNK_SHIFT] = new int[GROUPS_PER_CHUNK << 8];
        }
        return g;
    }

    private int index(final int key, final int levelEnd)
    {
        final int levelBits = levelEnd == firstBits ? firstBits : 8;
        return (key >>> (32 - levelEnd)) & ((1 << levelBits) - 1);
    }

    private static int leaf(final int depth, final int nextHop)
    {
        return VALID | (depth << DEPTH_SHIFT) | nextHop;
    }

    private static int depthOf(final int entry)
    {
        return (entry >>> DEPTH_SHIFT) & 0x3F;
    }

    static int mask(final int depth)
    {
        return depth == 0 ? 0 : -1 << (32 - depth);
    }

    private static void checkDepth(final int depth)
    {
        if (depth < 0 || depth > 32)
        {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + depth);
        }
    }
}
