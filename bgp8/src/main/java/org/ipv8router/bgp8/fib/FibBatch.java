package org.ipv8router.bgp8.fib;

/**
 * A batch of best-path changes handed from the BGP8 control thread to the dataplane. Struct-of-arrays of
 * primitives, allocated once and recycled through {@link FibChannel}, so publishing a change allocates
 * nothing. Prefixes live in the unified 64-bit space (IPv4 a.b.c.d/L = RN 0, length L + 32).
 * <p>
 * Per entry: operation, 64-bit prefix and 64-bit length, next hop (IPv8 address; RN 0 = IPv4 next hop),
 * 8TO4-ENDPOINT (IPv4 address << 16 | TCP port, 0 = none), origin ASN (unsigned 32), Cost Factor total
 * (unsigned 32) and the index of the peer the path came from (0 = locally originated).
 */
public final class FibBatch
{
    /** Install or replace the route for the prefix. */
    public static final byte ADD_OR_REPLACE = 1;
    /** Remove the route for the prefix. */
    public static final byte WITHDRAW = 2;

    private final byte[] op;
    private final long[] prefix;
    private final byte[] length;
    private final long[] nextHop;
    private final long[] endpoint8to4;
    private final int[] originAsn;
    private final int[] costFactor;
    private final int[] peer;
    private int size;

    public FibBatch(final int capacity)
    {
        op = new byte[capacity];
        prefix = new long[capacity];
        length = new byte[capacity];
        nextHop = new long[capacity];
        endpoint8to4 = new long[capacity];
        originAsn = new int[capacity];
        costFactor = new int[capacity];
        peer = new int[capacity];
    }

    public int capacity()
    {
        return op.length;
    }

    public int size()
    {
        return size;
    }

    public boolean isFull()
    {
        return size == op.length;
    }

    void clear()
    {
        size = 0;
    }

    void add(
        final byte operation,
        final long pfx,
        final int len,
        final long nh,
        final long endpoint,
        final long asn,
        final long cf,
        final int peerIndex)
    {
        final int i = size++;
        op[i] = operation;
        prefix[i] = pfx;
        length[i] = (byte)len;
        nextHop[i] = nh;
        endpoint8to4[i] = endpoint;
        originAsn[i] = (int)asn;
        costFactor[i] = (int)cf;
        peer[i] = peerIndex;
    }

    public byte op(final int i)
    {
        return op[i];
    }

    public long prefix(final int i)
    {
        return prefix[i];
    }

    public int length(final int i)
    {
        return length[i];
    }

    public long nextHop(final int i)
    {
        return nextHop[i];
    }

    public long endpoint8to4(final int i)
    {
        return endpoint8to4[i];
    }

    public long originAsn(final int i)
    {
        return originAsn[i] & 0xFFFF_FFFFL;
    }

    public long costFactor(final int i)
    {
        return costFactor[i] & 0xFFFF_FFFFL;
    }

    public int peer(final int i)
    {
        return peer[i];
    }
}
