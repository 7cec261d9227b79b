package org.ipv8router.dataplane.fib;

/**
 * A batch of FIB route updates in primitive arrays, built by the control plane (BGP8 helper, CLI) and applied by
 * the FIB writer with {@link Fib#apply(FibUpdateBatch)}, which writes each update's {@link RouteResult} back. Meant
 * to be passed over a single-producer/single-consumer channel and reused: {@link #clear()} and refill, nothing is
 * allocated per update.
 * <p>
 * Prefixes are 64-bit IPv8 prefixes with a 64-bit length (spec 1.7): r fixed for lengths 32..64, 0 = default.
 */
public final class FibUpdateBatch
{
    public static final byte ADD = 1;
    public static final byte REMOVE = 2;

    private final byte[] ops;
    private final long[] prefixes;
    private final byte[] lengths;
    private final int[] nextHops;
    private final byte[] results;
    private int count;

    public FibUpdateBatch(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("batch capacity must be >= 1, got " + capacity);
        }
        ops = new byte[capacity];
        prefixes = new long[capacity];
        lengths = new byte[capacity];
        nextHops = new int[capacity];
        results = new byte[capacity];
    }

    /** Appends "add prefix/length via nextHop"; false when the batch is full. */
    public boolean add(final long prefix, final int length, final int nextHop)
    {
        return append(ADD, prefix, length, nextHop);
    }

    /** Appends "remove prefix/length"; false when the batch is full. */
    public boolean remove(final long prefix, final int length)
    {
        return append(REMOVE, prefix, length, -1);
    }

    public void clear()
    {
        count = 0;
    }

    public int count()
    {
        return count;
    }

    public int capacity()
    {
        return ops.length;
    }

    public boolean isFull()
    {
        return count == ops.length;
    }

    public byte op(final int i)
    {
        return ops[i];
    }

    public long prefix(final int i)
    {
        return prefixes[i];
    }

    public int length(final int i)
    {
        return lengths[i];
    }

    public int nextHop(final int i)
    {
        return nextHops[i];
    }

    /** Result of update i after {@link Fib#apply(FibUpdateBatch)}. */
    public RouteResult result(final int i)
    {
        return RouteResult.of(results[i]);
    }

    void result(final int i, final RouteResult result)
    {
        results[i] = (byte)result.ordinal();
    }

    private boolean append(final byte op, final long prefix, final int length, final int nextHop)
    {
        if (count == ops.length)
        {
            return false;
        }
        if (length < 0 || length > 64)
        {
            throw new IllegalArgumentException("prefix length must be 0..64, got " + length);
        }
        ops[count] = op;
        prefixes[count] = prefix;
        lengths[count] = (byte)length;
        nextHops[count] = nextHop;
        count++;
        return true;
    }
}
