package org.ipv8router.dpdk;

import org.ipv8router.dataplane.packet.PacketPool;

/**
 * The dataplane's {@link PacketPool} view of a DPDK mempool, so that received mbufs travel through the forwarding
 * graph without a copy:
 * <pre>
 *   handle          = struct rte_mbuf *        (never 0 for a live packet)
 *   bufferAddress() = mbuf-&gt;buf_addr            (start of the headroom)
 *   headroom()      = RTE_PKTMBUF_HEADROOM      (data_off of a freshly allocated or received mbuf)
 *   bufferLength()  = headroom + data room       (mbuf-&gt;buf_len)
 * </pre>
 * The engine tracks each packet's data offset and length in its {@code PacketVector}; {@link DpdkPort#transmit}
 * writes them back into {@code data_off}/{@code data_len}/{@code pkt_len} before the tx burst. Only one-segment
 * mbufs are ever handed to the engine ({@link DpdkPort} drops chained ones).
 * <p>
 * <b>Threading.</b> Unlike {@link org.ipv8router.dataplane.packet.SlabPacketPool}, DPDK mempools are safe from any
 * thread; threads that are EAL lcores or registered with {@link Eal#registerCurrentThread()} get the per-lcore
 * cache, others fall back to the shared ring (slower, still correct). Single-packet {@link #alloc()} and
 * {@link #free(long)} use per-pool scratch arrays and so must stay on one thread at a time (the owner thread of
 * the engine's pool contract): with several forwarding threads over one mempool, give each thread its own
 * {@code DpdkPacketPool} wrapper. {@link #free(long[], int, int)} is one bulk call per 64 packets.
 * <p>
 * <b>Deferred frees.</b> The engine frees dropped packets one at a time; a downcall each would make a flood of
 * bad frames expensive, so {@link #free(long)} collects up to {@value #PENDING} handles and returns them with
 * one {@code rte_pktmbuf_free_bulk}. {@link #flushFrees()} returns them at once; {@link DpdkPort#receive} calls it
 * every poll, {@link #alloc()} and {@link #close()} call it too, so at most {@value #PENDING} - 1 mbufs wait and
 * never across a poll.
 */
public final class DpdkPacketPool implements PacketPool
{
    private static final int SCRATCH = 64;
    /** Frees collected before one bulk return. */
    static final int PENDING = 64;

    private final DpdkMempool mempool;
    private final long mempoolAddress;
    private final int headroom;
    private final int bufferLength;
    private final MbufBurst scratch = new MbufBurst(SCRATCH);
    private final MbufBurst pending = new MbufBurst(PENDING);
    private int pendingCount;

    /**
     * Wraps a mempool; the pool stays owned by the caller (closing this only releases the scratch array).
     *
     * @param mempool the DPDK pool that rx queues fill from and copies are allocated from.
     */
    public DpdkPacketPool(final DpdkMempool mempool)
    {
        this.mempool = mempool;
        this.mempoolAddress = mempool.address();
        this.headroom = MbufLayout.HEADROOM;
        this.bufferLength = MbufLayout.HEADROOM + mempool.dataRoom();
    }

    /** @return the wrapped DPDK mempool. */
    public DpdkMempool mempool()
    {
        return mempool;
    }

    /** {@inheritDoc} */
    public String name()
    {
        return mempool.name();
    }

    /** One reset mbuf (data_off = headroom, length 0), or {@link #NULL_HANDLE} when the mempool is empty. */
    public long alloc()
    {
        if (pendingCount > 0)
        {
            flushFrees();
        }
        if (!DpdkShim.allocBulk(mempoolAddress, scratch.address(), 1))
        {
            return NULL_HANDLE;
        }
        return scratch.get(0);
    }

    /**
     * Gives one mbuf back (to the mempool it came from, which need not be this one); the return itself may be
     * deferred until {@link #flushFrees()} (see the class comment). The caller must not touch it afterwards.
     */
    public void free(final long handle)
    {
        pending.set(pendingCount++, handle);
        if (pendingCount == PENDING)
        {
            flushFrees();
        }
    }

    /** Returns the mbufs collected by {@link #free(long)} with one rte_pktmbuf_free_bulk. */
    public void flushFrees()
    {
        final int n = pendingCount;
        if (n > 0)
        {
            pendingCount = 0;
            DpdkShim.freeBulk(pending.address(), n);
        }
    }

    /** @return mbufs freed with {@link #free(long)} but not yet returned to their mempool. */
    public int pendingFrees()
    {
        return pendingCount;
    }

    /** rte_pktmbuf_free_bulk, one downcall per 64 handles. */
    public void free(final long[] handles, final int offset, final int count)
    {
        int i = offset;
        final int end = offset + count;
        while (i < end)
        {
            final int n = Math.min(SCRATCH, end - i);
            for (int k = 0; k < n; k++)
            {
                scratch.set(k, handles[i + k]);
            }
            DpdkShim.freeBulk(scratch.address(), n);
            i += n;
        }
    }

    /** {@inheritDoc} */
    public long bufferAddress(final long handle)
    {
        return Mbuf.bufferAddress(handle);
    }

    /** {@inheritDoc} */
    public int bufferLength()
    {
        return bufferLength;
    }

    /** {@inheritDoc} */
    public int headroom()
    {
        return headroom;
    }

    /** {@inheritDoc} */
    public int capacity()
    {
        return mempool.count();
    }

    /** Free mbufs including the per-lcore caches (rte_mempool_avail_count) and the deferred frees. */
    public int available()
    {
        return mempool.available() + pendingCount;
    }

    /** Returns deferred frees and releases the scratch arrays; the mempool itself stays with its owner. */
    public void close()
    {
        flushFrees();
        scratch.close();
        pending.close();
    }

    @Override
    public String toString()
    {
        return "DpdkPacketPool{" + mempool + "}";
    }
}
