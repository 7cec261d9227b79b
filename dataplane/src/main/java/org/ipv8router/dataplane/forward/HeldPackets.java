package org.ipv8router.dataplane.forward;

import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * Packets parked while their neighbour is being resolved (spec 4.3). {@code Arp8Cache} queues one {@code long}
 * per packet; here that long is a slot in this side table, which keeps what a {@code PacketVector} entry holds
 * (pool, handle, offsets, ports, metadata), so a released packet re-enters the graph exactly as it left. A fixed
 * number of slots with a free stack: nothing allocated per packet. Single thread (the forwarding worker).
 */
final class HeldPackets
{
    private final PacketPool[] pools;
    private final long[] handles;
    private final int[] dataOffsets;
    private final int[] lengths;
    private final int[] ingressPorts;
    private final int[] txPorts;
    private final long[] auxes;
    private final long[] timestamps;
    private final int[] free;
    private int freeCount;

    HeldPackets(final int capacity)
    {
        pools = new PacketPool[capacity];
        handles = new long[capacity];
        dataOffsets = new int[capacity];
        lengths = new int[capacity];
        ingressPorts = new int[capacity];
        txPorts = new int[capacity];
        auxes = new long[capacity];
        timestamps = new long[capacity];
        free = new int[capacity];
        for (int s = 0; s < capacity; s++)
        {
            free[s] = capacity - 1 - s;
        }
        freeCount = capacity;
    }

    /** Parks entry {@code i} (not detached here). @return the slot, or -1 when full. */
    int hold(final PacketVector vector, final int i)
    {
        if (freeCount == 0)
        {
            return -1;
        }
        final int s = free[--freeCount];
        pools[s] = vector.pool(i);
        handles[s] = vector.handle(i);
        dataOffsets[s] = vector.dataOffset(i);
        lengths[s] = vector.length(i);
        ingressPorts[s] = vector.ingressPort(i);
        txPorts[s] = vector.txPort(i);
        auxes[s] = vector.aux(i);
        timestamps[s] = vector.timestamp(i);
        return s;
    }

    /** Gives a slot back without using its packet (the cache refused it). */
    void cancel(final int slot)
    {
        pools[slot] = null;
        free[freeCount++] = slot;
    }

    /** Releases a slot into the re-injector. @return false if the re-injector was full (packet freed). */
    boolean release(final int slot, final Reinjector reinjector, final int target, final long aux)
    {
        final PacketPool pool = pools[slot];
        final boolean queued = reinjector.add(target, pool, handles[slot], dataOffsets[slot], lengths[slot],
            ingressPorts[slot], txPorts[slot], aux, timestamps[slot]);
        if (!queued)
        {
            pool.free(handles[slot]);
        }
        pools[slot] = null;
        free[freeCount++] = slot;
        return queued;
    }

    long aux(final int slot)
    {
        return auxes[slot];
    }

    int held()
    {
        return pools.length - freeCount;
    }
}
