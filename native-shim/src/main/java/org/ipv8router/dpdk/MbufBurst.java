package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import org.agrona.UnsafeApi;

/**
 * An off-heap array of {@code struct rte_mbuf *}, the unit of every burst call: rx fills it, tx and free read
 * it. Allocate one per queue and direction at start-up and reuse it; it owns only the pointer array, never
 * the mbufs in it.
 */
public final class MbufBurst implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment pointers;
    private final long address;
    private final int capacity;

    /** An array of capacity pointers, cache-line aligned, zeroed. */
    public MbufBurst(final int capacity)
    {
        if (capacity < 1 || capacity > 65535)
        {
            throw new IllegalArgumentException("burst capacity must be 1..65535, got " + capacity);
        }
        this.arena = Arena.ofShared();
        this.pointers = arena.allocate(JAVA_LONG.byteSize() * capacity, 64);
        this.address = pointers.address();
        this.capacity = capacity;
    }

    public int capacity()
    {
        return capacity;
    }

    /** The pointer array as a segment of capacity * 8 bytes. */
    public MemorySegment segment()
    {
        return pointers;
    }

    /** Address of element 0, for the {@link DpdkShim} burst calls. */
    public long address()
    {
        return address;
    }

    /** Address of element index, to hand a tail of the array to a burst call. */
    public long addressOf(final int index)
    {
        return address + ((long)index << 3);
    }

    /**
     * The mbuf pointer at index. A raw load after an index check: the shared segment's own accessors would also
     * check its liveness on every element (a volatile read C2 cannot hoist out of a burst loop). Like the rest of
     * the burst path, call it only before {@link #close()}.
     */
    public long get(final int index)
    {
        return UnsafeApi.getLong(address + ((long)Objects.checkIndex(index, capacity) << 3));
    }

    /** Stores an mbuf pointer at index (e.g. to gather packets for one output port); raw, as {@link #get}. */
    public void set(final int index, final long mbuf)
    {
        UnsafeApi.putLong(address + ((long)Objects.checkIndex(index, capacity) << 3), mbuf);
    }

    /** Releases the pointer array (not the mbufs it points to). */
    public void close()
    {
        arena.close();
    }
}
