package org.ipv8router.dataplane.fib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * Next-hop index to next hop: what the FIB's LPM entries point at. Parallel primitive arrays indexed by the
 * next-hop index, so the forwarding path reads {@link #kind(int)}, {@link #port(int)} and {@link #address(int)}
 * without touching an object.
 * <p>
 * Kinds (spec 7.2): {@link #CONNECTED} neighbour (egress port + the neighbour's IPv8 address, which for a RINE peer is
 * a 100.x address), {@link #EIGHT_TO_FOUR} endpoint (egress port + IPv4 endpoint of the tunnel), {@link #DROP}
 * (null route) and {@link #LOCAL} (our own address: punt to the control plane). Index {@link #DROP_INDEX} and
 * {@link #LOCAL_INDEX} exist from the start and are never freed.
 * <p>
 * Lifecycle: {@code addConnected}/{@code addEightToFour} return an index holding one reference for the caller
 * (an identical next hop that exists already is shared and gets one more reference). The FIB takes one reference per
 * route pointing at the index and drops it when the route goes. When the count reaches zero the index is retired and
 * reused only after a QSBR grace period ({@link QuiescentState}), because a forwarding worker may hold the index it
 * just looked up. Writer methods are single-threaded (the control-plane applier); readers are lock free.
 */
public final class NextHopTable
{
    public static final byte FREE = 0;
    public static final byte CONNECTED = 1;
    public static final byte EIGHT_TO_FOUR = 2;
    public static final byte DROP = 3;
    public static final byte LOCAL = 4;

    /** The shared drop (null-route) next hop. */
    public static final int DROP_INDEX = 0;
    /** The shared "deliver locally / punt" next hop. */
    public static final int LOCAL_INDEX = 1;

    private static final VarHandle KIND = MethodHandles.arrayElementVarHandle(byte[].class);

    private final byte[] kinds;
    private final int[] ports;
    private final long[] addresses;
    private final int[] refCounts;
    private final QuiescentState readers;
    private final int[] freeIndices;
    private int freeTop;
    private int fresh;
    private final RetiredSlots retired;
    private final Map<Key, Integer> byValue = new HashMap<>();
    private int live;

    private record Key(byte kind, int port, long address)
    {
    }

    /**
     * @param capacity number of next-hop indices (2..{@link Dir24_8#MAX_NEXT_HOP} + 1).
     * @param readers  QSBR state of the forwarding workers.
     */
    public NextHopTable(final int capacity, final QuiescentState readers)
    {
        if (capacity < 2 || capacity > Dir24_8.MAX_NEXT_HOP + 1)
        {
            throw new IllegalArgumentException(
                "next-hop capacity must be 2.." + (Dir24_8.MAX_NEXT_HOP + 1) + ", got " + capacity);
        }
        kinds = new byte[capacity];
        ports = new int[capacity];
        addresses = new long[capacity];
        refCounts = new int[capacity];
        freeIndices = new int[capacity];
        retired = new RetiredSlots(capacity);
        this.readers = readers;
        kinds[DROP_INDEX] = DROP;
        kinds[LOCAL_INDEX] = LOCAL;
        refCounts[DROP_INDEX] = 1;
        refCounts[LOCAL_INDEX] = 1;
        fresh = 2;
        live = 2;
    }

    // ----------------------------------------------------------------------------------------------- readers

    /** Kind of the next hop: {@link #CONNECTED}, {@link #EIGHT_TO_FOUR}, {@link #DROP}, {@link #LOCAL}. */
    public byte kind(final int index)
    {
        return (byte)KIND.getAcquire(kinds, index);
    }

    /** Egress port index for {@link #CONNECTED} and {@link #EIGHT_TO_FOUR}. */
    public int port(final int index)
    {
        return ports[index];
    }

    /** The neighbour's 64-bit IPv8 address for {@link #CONNECTED}; the IPv4 endpoint (low 32 bits) for 8to4. */
    public long address(final int index)
    {
        return addresses[index];
    }

    /** The IPv4 tunnel endpoint of an {@link #EIGHT_TO_FOUR} next hop. */
    public int ipv4Endpoint(final int index)
    {
        return (int)addresses[index];
    }

    // ----------------------------------------------------------------------------------------------- writer

    /**
     * A directly connected neighbour reached through {@code port}. Returns its index (one reference for the caller),
     * or -1 when the table is full.
     */
    public int addConnected(final int port, final long neighbour)
    {
        return add(CONNECTED, port, neighbour);
    }

    /** An 8to4 tunnel endpoint (IPv4 address) reached through {@code port}; -1 when the table is full. */
    public int addEightToFour(final int port, final int ipv4Endpoint)
    {
        return add(EIGHT_TO_FOUR, port, ipv4Endpoint & 0xFFFF_FFFFL);
    }

    /** Takes one more reference on a live index. */
    public void retain(final int index)
    {
        checkLive(index);
        refCounts[index]++;
    }

    /** Drops one reference; at zero the index is retired (reused after a QSBR grace period). */
    public void release(final int index)
    {
        checkLive(index);
        if (index <= LOCAL_INDEX && refCounts[index] == 1)
        {
            throw new IllegalStateException("next-hop index " + index + " (drop/local) is permanent");
        }
        if (--refCounts[index] == 0)
        {
            byValue.remove(new Key(kinds[index], ports[index], addresses[index]));
            // The kind stays readable for workers still holding the index; it is rewritten only on reuse.
            retired.add(index, readers.retire());
            live--;
        }
    }

    /** True if the index is allocated (refcount above zero). */
    public boolean isLive(final int index)
    {
        return index >= 0 && index < kinds.length && refCounts[index] > 0;
    }

    public int refCount(final int index)
    {
        return refCounts[index];
    }

    /** Allocated indices including the two permanent ones. */
    public int liveCount()
    {
        return live;
    }

    public int capacity()
    {
        return kinds.length;
    }

    private int add(final byte kind, final int port, final long address)
    {
        if (port < 0)
        {
            throw new IllegalArgumentException("egress port index must be >= 0, got " + port);
        }
        final Key key = new Key(kind, port, address);
        final Integer existing = byValue.get(key);
        if (existing != null)
        {
            refCounts[existing]++;
            return existing;
        }
        final int index = allocIndex();
        if (index < 0)
        {
            return -1;
        }
        ports[index] = port;
        addresses[index] = address;
        refCounts[index] = 1;
        // Routes that name the index are published later with release stores, which also publish these fields.
        KIND.setRelease(kinds, index, kind);
        byValue.put(key, index);
        live++;
        return index;
    }

    private int allocIndex()
    {
        int index;
        while ((index = retired.pollSafe(readers)) >= 0)
        {
            freeIndices[freeTop++] = index;
        }
        if (freeTop > 0)
        {
            return freeIndices[--freeTop];
        }
        return fresh < kinds.length ? fresh++ : -1;
    }

    private void checkLive(final int index)
    {
        if (!isLive(index))
        {
            throw new IllegalArgumentException("next-hop index " + index + " is not allocated");
        }
    }
}
