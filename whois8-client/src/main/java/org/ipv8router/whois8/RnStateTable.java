package org.ipv8router.whois8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Open-addressing hash table from routing number to {@link RnEntry}, written by one thread and read lock-free by
 * any number of threads. No boxing, no allocation on {@link #get(long)}.
 * <p>
 * Slots hold entries directly (the key is {@link RnEntry#rn}); linear probing; entries are replaced, never removed
 * (a removed RN becomes a NOT_FOUND entry), so a reader's probe sequence never breaks. A slot is written with
 * release semantics after the entry is fully built and read with acquire semantics. Growing builds a new slot
 * array and publishes it through a volatile field; a reader still on the old array sees a consistent older view.
 */
final class RnStateTable
{
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(RnEntry[].class);
    private static final int MIN_CAPACITY = 64;

    private volatile RnEntry[] slots;
    private int size;

    RnStateTable(final int expectedEntries)
    {
        slots = new RnEntry[capacityFor(expectedEntries)];
    }

    /** Entry for {@code rn}, or null. Any thread. */
    RnEntry get(final long rn)
    {
        final RnEntry[] s = slots;
        final int mask = s.length - 1;
        int i = hash(rn) & mask;
        while (true)
        {
            final RnEntry e = (RnEntry)SLOT.getAcquire(s, i);
            if (e == null || e.rn == rn)
            {
                return e;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts or replaces. Sync thread only. */
    void put(final RnEntry entry)
    {
        RnEntry[] s = slots;
        if ((size + 1) * 2 > s.length)
        {
            s = grow(s);
        }
        final int mask = s.length - 1;
        int i = hash(entry.rn) & mask;
        while (true)
        {
            final RnEntry e = (RnEntry)SLOT.getAcquire(s, i);
            if (e == null)
            {
                size++;
                SLOT.setRelease(s, i, entry);
                return;
            }
            if (e.rn == entry.rn)
            {
                SLOT.setRelease(s, i, entry);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Number of entries. Sync thread only. */
    int size()
    {
        return size;
    }

    /** Visits every entry (a consistent-enough view for any thread; exact for the sync thread). */
    void forEach(final Consumer<RnEntry> visitor)
    {
        final RnEntry[] s = slots;
        for (int i = 0; i < s.length; i++)
        {
            final RnEntry e = (RnEntry)SLOT.getAcquire(s, i);
            if (e != null)
            {
                visitor.accept(e);
            }
        }
    }

    private RnEntry[] grow(final RnEntry[] old)
    {
        final RnEntry[] bigger = new RnEntry[old.length * 2];
        final int mask = bigger.length - 1;
        for (final RnEntry e : old)
        {
            if (e != null)
            {
                int i = hash(e.rn) & mask;
                while (bigger[i] != null)
                {
                    i = (i + 1) & mask;
                }
                bigger[i] = e;
            }
        }
        slots = bigger;
        return bigger;
    }

    private static int capacityFor(final int expected)
    {
        final int want = Math.max(MIN_CAPACITY, expected * 2);
        return Integer.highestOneBit(want - 1) << 1;
    }

    private static int hash(final long rn)
    {
        final long h = rn * 0x9E37_79B9_7F4A_7C15L;
        return (int)(h ^ (h >>> 32));
    }
}
