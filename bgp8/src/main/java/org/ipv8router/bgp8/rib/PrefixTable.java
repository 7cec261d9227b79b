package org.ipv8router.bgp8.rib;

import java.util.Arrays;

/**
 * Open-addressing hash table keyed by (64-bit prefix, 64-bit length) with primitive keys, one object value
 * and one int per entry: about 17 octets per slot, no per-entry objects. Linear probing with backward-shift
 * deletion (no tombstones). Single-threaded.
 *
 * @param <V> value type (an interned {@link org.ipv8router.bgp8.codec.PathAttributes} in the RIBs)
 */
public final class PrefixTable<V>
{
    private static final byte EMPTY = -1;
    private long[] prefixes;
    private byte[] lengths;
    private Object[] values;
    private int[] aux;
    private int size;
    private int mask;
    private int resizeAt;

    public PrefixTable()
    {
        this(16);
    }

    public PrefixTable(final int expected)
    {
        int cap = 16;
        while (cap * 0.65 < expected)
        {
            cap <<= 1;
        }
        allocate(cap);
    }

    private void allocate(final int capacity)
    {
        prefixes = new long[capacity];
        lengths = new byte[capacity];
        Arrays.fill(lengths, EMPTY);
        values = new Object[capacity];
        aux = new int[capacity];
        mask = capacity - 1;
        resizeAt = (int)(capacity * 0.65);
    }

    private static int hash(final long prefix, final int length)
    {
        long h = (prefix ^ ((long)length << 57) ^ length) * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 29;
        return (int)h ^ (int)(h >>> 32);
    }

    private int find(final long prefix, final int length)
    {
        int i = hash(prefix, length) & mask;
        while (lengths[i] != EMPTY)
        {
            if (prefixes[i] == prefix && lengths[i] == length)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
        return ~i;
    }

    public int size()
    {
        return size;
    }

    @SuppressWarnings("unchecked")
    public V get(final long prefix, final int length)
    {
        final int i = find(prefix, length);
        return i >= 0 ? (V)values[i] : null;
    }

    /** The int stored beside the value, or {@code missing} when the key is absent. */
    public int aux(final long prefix, final int length, final int missing)
    {
        final int i = find(prefix, length);
        return i >= 0 ? aux[i] : missing;
    }

    public boolean contains(final long prefix, final int length)
    {
        return find(prefix, length) >= 0;
    }

    /** Inserts or replaces; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(final long prefix, final int length, final V value, final int auxValue)
    {
        int i = find(prefix, length);
        if (i >= 0)
        {
            final V old = (V)values[i];
            values[i] = value;
            aux[i] = auxValue;
            return old;
        }
        if (size + 1 > resizeAt)
        {
            rehash(prefixes.length << 1);
            i = find(prefix, length);
        }
        i = ~i;
        prefixes[i] = prefix;
        lengths[i] = (byte)length;
        values[i] = value;
        aux[i] = auxValue;
        size++;
        return null;
    }

    /** Removes the entry; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V remove(final long prefix, final int length)
    {
        int i = find(prefix, length);
        if (i < 0)
        {
            return null;
        }
        final V old = (V)values[i];
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int next = (i + 1) & mask;
        while (lengths[next] != EMPTY)
        {
            final int ideal = hash(prefixes[next], lengths[next]) & mask;
            if (((next - ideal) & mask) >= ((next - i) & mask))
            {
                prefixes[i] = prefixes[next];
                lengths[i] = lengths[next];
                values[i] = values[next];
                aux[i] = aux[next];
                i = next;
            }
            next = (next + 1) & mask;
        }
        lengths[i] = EMPTY;
        values[i] = null;
        aux[i] = 0;
        size--;
        return old;
    }

    public void clear()
    {
        Arrays.fill(lengths, EMPTY);
        Arrays.fill(values, null);
        size = 0;
    }

    private void rehash(final int capacity)
    {
        final long[] oldP = prefixes;
        final byte[] oldL = lengths;
        final Object[] oldV = values;
        final int[] oldA = aux;
        allocate(capacity);
        for (int j = 0; j < oldP.length; j++)
        {
            if (oldL[j] != EMPTY)
            {
                final int i = ~find(oldP[j], oldL[j]);
                prefixes[i] = oldP[j];
                lengths[i] = oldL[j];
                values[i] = oldV[j];
                aux[i] = oldA[j];
            }
        }
    }

    /** Visitor over all entries; the table must not be modified during the walk. */
    @FunctionalInterface
    public interface Visitor<V>
    {
        void visit(long prefix, int length, V value, int aux);
    }

    @SuppressWarnings("unchecked")
    public void forEach(final Visitor<V> visitor)
    {
        for (int j = 0; j < prefixes.length; j++)
        {
            if (lengths[j] != EMPTY)
            {
                visitor.visit(prefixes[j], lengths[j], (V)values[j], aux[j]);
            }
        }
    }

    /** Copies all keys out (for walks that modify the table). */
    public int keys(final long[][] prefixesOut, final byte[][] lengthsOut)
    {
        final long[] p = new long[size];
        final byte[] l = new byte[size];
        int n = 0;
        for (int j = 0; j < prefixes.length; j++)
        {
            if (lengths[j] != EMPTY)
            {
                p[n] = prefixes[j];
                l[n++] = lengths[j];
            }
        }
        prefixesOut[0] = p;
        lengthsOut[0] = l;
        return n;
    }
}
