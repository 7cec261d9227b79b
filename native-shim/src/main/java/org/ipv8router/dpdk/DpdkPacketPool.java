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
 * {@link #free(long)} use a small per-pool scratch array and so must stay on one thread at a time (the owner
 * thread of the engine's pool contract); {@link #free(long[], int, int)} is one bulk call per 64 packets.
 */
public final class DpdkPacketPool implements PacketPool
{
    private static final int SCRATCH = 64;

    private final DpdkMempool mempool;
    private final long mempoolAddress;
    private final int headroom;
    private final int bufferLength;
    private final MbufBurst scratch = new MbufBurst(SCRATCH);

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
        if (!DpdkShim.allocBulk(mempoolAddress, scratch.address(), 1))
        {
            return NULL_HANDLE;
        }
        return scratch.get(0);
    }

    /** rte_pktmbuf_free of one mbuf (to the mempool it came from, which need not be this one). */
    public void free(final long handle)
    {
        scratch.set(0, handle);
        DpdkShim.freeBulk(scratch.address(), 1);
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

    /** Free mbufs including the per-lcore caches (rte_mempool_avail_count). */
    public int available()
    {
        return mempool.available();
    }

    /** Releases the scratch array; the mempool itself stays with its owner. */
    public void close()
    {
        scratch.close();
    }

    @Override
    public String toString()
    {
        return "DpdkPacketPool{" + mempool + "}";
    }
}
