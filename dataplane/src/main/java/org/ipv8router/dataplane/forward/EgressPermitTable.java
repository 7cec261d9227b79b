package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import org.ipv8router.wire.Ipv8Prefix;

/**
 * The egress-validation permit table (spec 7.5): which (source, destination) pairs may leave an internal interface
 * for an external one, and the mode ({@link EgressValidationMode}). Filled from the config and, at run time, by
 * the Zone Server over the daemon's control channel ({@link #apply}).
 * <pre>
 *   exact pairs   (src64, dst64)   open-addressing hash over long[] (Zone Server entries: one per DNS8 answer)
 *   ASN pairs     (src64, dst.r)   open-addressing hash over long[]/int[]
 *   prefix pairs  (src prefix, dst64 | dst.r)  linear scan, at most {@link #MAX_PREFIX_PERMITS} (config aggregates)
 * </pre>
 * <b>Threading (RCU).</b> Writers (any control-plane thread, serialised by this object's monitor) keep the master
 * set, build a new immutable {@link Snapshot} and publish it with one volatile store; the worker reads the current
 * snapshot once per vector and probes it without locks or allocation. A write costs O(entries): the Zone Server
 * should batch its changes into one {@link #apply} call.
 */
public final class EgressPermitTable
{
    /** Bound on all permits. */
    public static final int MAX_PERMITS = 1_000_000;
    /** Bound on permits whose source is a prefix (linear scan per checked packet). */
    public static final int MAX_PREFIX_PERMITS = 256;

    private final LinkedHashSet<EgressPermit> permits = new LinkedHashSet<>();
    private volatile Snapshot snapshot = new Snapshot(List.of());
    private volatile EgressValidationMode mode = EgressValidationMode.OFF;

    /** @return the mode the worker applies now. */
    public EgressValidationMode mode()
    {
        return mode;
    }

    /** Changes the mode; takes effect with the worker's next vector. */
    public void mode(final EgressValidationMode value)
    {
        mode = java.util.Objects.requireNonNull(value, "mode");
    }

    /**
     * Adds and removes permits in one published step.
     *
     * @param add    permits to add (already present: ignored).
     * @param remove permits to remove (absent: ignored).
     * @return the number of permits after the change.
     * @throws IllegalArgumentException when a bound would be exceeded (nothing changes then).
     */
    public synchronized int apply(final Collection<EgressPermit> add, final Collection<EgressPermit> remove)
    {
        final LinkedHashSet<EgressPermit> next = new LinkedHashSet<>(permits);
        next.removeAll(remove);
        next.addAll(add);
        if (next.size() > MAX_PERMITS)
        {
            throw new IllegalArgumentException("egress permits: " + next.size() + " entries, at most " + MAX_PERMITS);
        }
        int prefixes = 0;
        for (final EgressPermit p : next)
        {
            prefixes += p.sourceLength() == 64 ? 0 : 1;
        }
        if (prefixes > MAX_PREFIX_PERMITS)
        {
            throw new IllegalArgumentException("egress permits: " + prefixes + " prefix sources, at most " +
                MAX_PREFIX_PERMITS);
        }
        permits.clear();
        permits.addAll(next);
        snapshot = new Snapshot(permits);
        return permits.size();
    }

    /** Adds one permit. @return true if it was new. */
    public boolean add(final EgressPermit permit)
    {
        synchronized (this)
        {
            if (permits.contains(permit))
            {
                return false;
            }
            apply(List.of(permit), List.of());
            return true;
        }
    }

    /** Removes one permit. @return true if it was there. */
    public boolean remove(final EgressPermit permit)
    {
        synchronized (this)
        {
            if (!permits.contains(permit))
            {
                return false;
            }
            apply(List.of(), List.of(permit));
            return true;
        }
    }

    /** @return a copy of the permits in insertion order. */
    public synchronized List<EgressPermit> list()
    {
        return new ArrayList<>(permits);
    }

    public synchronized int size()
    {
        return permits.size();
    }

    /** @return the snapshot the worker uses now (also for tests). */
    Snapshot current()
    {
        return snapshot;
    }

    /** @return true if the current permits allow {@code src -> dst} (any thread; no allocation). */
    public boolean permits(final long src, final long dst)
    {
        return snapshot.permits(src, dst);
    }

    /** An immutable, compiled state of the table. */
    static final class Snapshot
    {
        private final long[] pairSources;
        private final long[] pairDestinations;
        private final boolean[] pairUsed;
        private final int pairMask;
        private final long[] asnSources;
        private final int[] asnRs;
        private final boolean[] asnUsed;
        private final int asnMask;
        private final long[] prefixSources;
        private final long[] prefixMasks;
        private final long[] prefixDestinations;
        private final boolean[] prefixAsnWide;
        private final boolean empty;

        Snapshot(final Collection<EgressPermit> permits)
        {
            int pairs = 0;
            int asns = 0;
            int prefixes = 0;
            for (final EgressPermit p : permits)
            {
                if (p.sourceLength() != 64)
                {
                    prefixes++;
                }
                else if (p.asnWide())
                {
                    asns++;
                }
                else
                {
                    pairs++;
                }
            }
            final int pairCapacity = capacity(pairs);
            pairSources = new long[pairCapacity];
            pairDestinations = new long[pairCapacity];
            pairUsed = new boolean[pairCapacity];
            pairMask = pairCapacity - 1;
            final int asnCapacity = capacity(asns);
            asnSources = new long[asnCapacity];
            asnRs = new int[asnCapacity];
            asnUsed = new boolean[asnCapacity];
            asnMask = asnCapacity - 1;
            prefixSources = new long[prefixes];
            prefixMasks = new long[prefixes];
            prefixDestinations = new long[prefixes];
            prefixAsnWide = new boolean[prefixes];
            int k = 0;
            for (final EgressPermit p : permits)
            {
                if (p.sourceLength() != 64)
                {
                    prefixSources[k] = p.source();
                    prefixMasks[k] = Ipv8Prefix.mask64(p.sourceLength());
                    prefixDestinations[k] = p.asnWide() ? p.destinationAsn() : p.destination();
                    prefixAsnWide[k] = p.asnWide();
                    k++;
                }
                else if (p.asnWide())
                {
                    int slot = hash(p.source(), p.destinationAsn()) & asnMask;
                    while (asnUsed[slot])
                    {
                        slot = (slot + 1) & asnMask;
                    }
                    asnUsed[slot] = true;
                    asnSources[slot] = p.source();
                    asnRs[slot] = (int)p.destinationAsn();
                }
                else
                {
                    int slot = hash(p.source(), p.destination()) & pairMask;
                    while (pairUsed[slot])
                    {
                        slot = (slot + 1) & pairMask;
                    }
                    pairUsed[slot] = true;
                    pairSources[slot] = p.source();
                    pairDestinations[slot] = p.destination();
                }
            }
            empty = permits.isEmpty();
        }

        private static int capacity(final int entries)
        {
            return Math.max(2, Integer.highestOneBit(Math.max(1, entries) * 2 - 1) << 1);
        }

        private static int hash(final long a, final long b)
        {
            long x = a * 0x9E37_79B9_7F4A_7C15L ^ b * 0xC2B2_AE3D_27D4_EB4FL;
            x ^= x >>> 31;
            x *= 0xBF58_476D_1CE4_E5B9L;
            x ^= x >>> 32;
            return (int)x;
        }

        boolean permits(final long src, final long dst)
        {
            if (empty)
            {
                return false;
            }
            int slot = hash(src, dst) & pairMask;
            while (pairUsed[slot])
            {
                if (pairSources[slot] == src && pairDestinations[slot] == dst)
                {
                    return true;
                }
                slot = (slot + 1) & pairMask;
            }
            final int r = (int)(dst >>> 32);
            slot = hash(src, r & 0xFFFF_FFFFL) & asnMask;
            while (asnUsed[slot])
            {
                if (asnSources[slot] == src && asnRs[slot] == r)
                {
                    return true;
                }
                slot = (slot + 1) & asnMask;
            }
            for (int k = 0, n = prefixSources.length; k < n; k++)
            {
                if ((src & prefixMasks[k]) == prefixSources[k] &&
                    (prefixAsnWide[k] ? (dst >>> 32) == prefixDestinations[k] : dst == prefixDestinations[k]))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
