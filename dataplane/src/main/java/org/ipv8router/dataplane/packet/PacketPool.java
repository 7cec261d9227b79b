package org.ipv8router.dataplane.packet;

/**
 * A pool of fixed-size packet buffers, each identified by an opaque {@code long} handle.
 * <p>
 * Every buffer is one contiguous off-heap region of {@link #bufferLength()} octets starting at
 * {@link #bufferAddress(long)}. A freshly received packet starts {@link #headroom()} octets into the buffer so
 * that encapsulation can grow the packet at the front without a copy (8to4 prepends a 20-octet IPv4 header, the
 * IPv4 to IPv8 upgrade grows the header by 8 octets; see {@link PacketVector#prepend(int, int)}). The layout
 * mirrors a DPDK mbuf:
 * <pre>
 *   bufferAddress(handle)
 *   |&lt;-- headroom --&gt;|&lt;------ packet data ------&gt;|&lt;-- tailroom --&gt;|
 *   |&lt;------------------------- bufferLength() ---------------------&gt;|
 * </pre>
 * <b>Implementations.</b> {@link SlabPacketPool} cuts one aligned off-heap region into slots; the handle is the
 * absolute address of the slot. A DPDK implementation uses the {@code rte_mbuf*} as the handle, {@code buf_addr}
 * as the buffer address and the mempool's data room as the buffer length; nothing else in the engine knows which
 * kind of pool a packet came from, because a {@link PacketVector} carries the pool of every packet next to its
 * handle.
 * <p>
 * <b>Ownership.</b> Whoever holds a handle owns the packet and must eventually either pass it on (to a vector, a
 * node, a port's {@code transmit}) or give it back with {@link #free(long)}. After {@code free} the handle and
 * the buffer memory must not be touched again.
 * <p>
 * <b>Threading.</b> Unless an implementation says otherwise, a pool has a single owner thread (the forwarding
 * agent that polls the ports filling it): {@code alloc} and {@code free} are called only from that thread, with
 * no locks. Ports that connect threads copy frames (see {@code RingPort}) rather than passing handles, so pools
 * never need to be shared.
 */
public interface PacketPool
{
    /** The handle value that never names a packet; {@link #alloc()} returns it when the pool is exhausted. */
    long NULL_HANDLE = 0L;

    /**
     * Name of the pool for logs and counters.
     *
     * @return the name given at construction.
     */
    String name();

    /**
     * Takes a buffer from the pool.
     *
     * @return the handle of the buffer, or {@link #NULL_HANDLE} if no buffer is free (never throws for that).
     */
    long alloc();

    /**
     * Returns a buffer to the pool. The caller must own the handle; freeing a handle twice, or a handle of another
     * pool, is a programming error that implementations detect where cheap (the slab pool throws).
     *
     * @param handle of a buffer allocated from this pool.
     */
    void free(long handle);

    /**
     * Returns {@code count} buffers to the pool; implementations may do this in bulk
     * ({@code rte_pktmbuf_free_bulk}).
     *
     * @param handles array holding the handles.
     * @param offset  of the first handle in the array.
     * @param count   number of handles to free.
     */
    default void free(final long[] handles, final int offset, final int count)
    {
        for (int i = offset, end = offset + count; i < end; i++)
        {
            free(handles[i]);
        }
    }

    /**
     * Absolute address of the first octet of the buffer (the start of the headroom).
     *
     * @param handle of an allocated buffer.
     * @return the address, valid until the buffer is freed.
     */
    long bufferAddress(long handle);

    /**
     * Length of every buffer of this pool in octets: headroom plus room for packet data.
     *
     * @return the buffer length.
     */
    int bufferLength();

    /**
     * Offset from the buffer address at which received packet data starts.
     *
     * @return the default headroom in octets.
     */
    int headroom();

    /**
     * Total number of buffers of the pool.
     *
     * @return the capacity in buffers.
     */
    int capacity();

    /**
     * Number of buffers that are currently free. Exact when called from the owner thread.
     *
     * @return the number of free buffers.
     */
    int available();
}
