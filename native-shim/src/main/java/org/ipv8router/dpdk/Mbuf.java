package org.ipv8router.dpdk;

import static org.ipv8router.dpdk.MbufLayout.BUF_ADDR_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.BUF_LEN_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.DATA_LEN_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.DATA_OFF_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.HASH_RSS_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.NB_SEGS_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.NEXT_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.OL_FLAGS_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.PACKET_TYPE_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.PKT_LEN_OFFSET;
import static org.ipv8router.dpdk.MbufLayout.PORT_OFFSET;

import java.lang.foreign.MemorySegment;

import org.agrona.UnsafeApi;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Static, allocation-free accessors for a {@code struct rte_mbuf} given by its address, reading the fields at
 * the offsets in {@link MbufLayout} (checked against the shim when it loads). This is how the fast path looks
 * at packets: faster than asking the shim per packet (docs: java-stack.md 3).
 * <p>
 * Packet bytes are exposed without copying: {@link #wrap(UnsafeBuffer, long)} points a reused Agrona
 * {@link UnsafeBuffer} at the data of the first segment. Nothing here checks that an address really is an
 * mbuf: pass only pointers DPDK handed out (rx burst, alloc bulk), and only while you own them.
 * <p>
 * Unsigned 16-bit fields are returned as non-negative ints.
 */
public final class Mbuf
{

    private Mbuf()
    {
    }

    /** Virtual address of the segment buffer (buf_addr). */
    public static long bufferAddress(final long mbuf)
    {
        return UnsafeApi.getLong(mbuf + BUF_ADDR_OFFSET);
    }

    /** Offset of the packet data inside the buffer (data_off); equals the headroom in front of the data. */
    public static int dataOffset(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DATA_OFF_OFFSET) & 0xFFFF;
    }

    /** Address of the first packet byte: buf_addr + data_off (rte_pktmbuf_mtod). */
    public static long dataAddress(final long mbuf)
    {
        return bufferAddress(mbuf) + dataOffset(mbuf);
    }

    /** Bytes of packet data in this segment (data_len). */
    public static int dataLength(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DATA_LEN_OFFSET) & 0xFFFF;
    }

    /** Bytes of packet data over all segments (pkt_len). */
    public static int packetLength(final long mbuf)
    {
        return UnsafeApi.getInt(mbuf + PKT_LEN_OFFSET);
    }

    /** Number of segments in the chain (nb_segs); 1 for a contiguous packet. */
    public static int segmentCount(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + NB_SEGS_OFFSET) & 0xFFFF;
    }

    /** Input port id set by the rx PMD (port). */
    public static int port(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + PORT_OFFSET) & 0xFFFF;
    }

    /** Sets the port field (the output port for event-based tx; informational otherwise). */
    public static void port(final long mbuf, final int port)
    {
        UnsafeApi.putShort(mbuf + PORT_OFFSET, (short)port);
    }

    /** Offload flags (ol_flags, RTE_MBUF_F_*). */
    public static long offloadFlags(final long mbuf)
    {
        return UnsafeApi.getLong(mbuf + OL_FLAGS_OFFSET);
    }

    /** Packet type classified by the PMD (packet_type, RTE_PTYPE_*), 0 if unknown. */
    public static int packetType(final long mbuf)
    {
        return UnsafeApi.getInt(mbuf + PACKET_TYPE_OFFSET);
    }

    /** RSS hash (hash.rss), valid when the PMD hashed the packet. */
    public static int rssHash(final long mbuf)
    {
        return UnsafeApi.getInt(mbuf + HASH_RSS_OFFSET);
    }

    /** Size of the segment buffer (buf_len), headroom included. */
    public static int bufferLength(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + BUF_LEN_OFFSET) & 0xFFFF;
    }

    /** Next segment of a chained packet, 0 for the last one. */
    public static long next(final long mbuf)
    {
        return UnsafeApi.getLong(mbuf + NEXT_OFFSET);
    }

    /** Free bytes in front of the data (rte_pktmbuf_headroom). */
    public static int headroom(final long mbuf)
    {
        return dataOffset(mbuf);
    }

    /** Free bytes after the data of this segment (rte_pktmbuf_tailroom). */
    public static int tailroom(final long mbuf)
    {
        return bufferLength(mbuf) - dataOffset(mbuf) - dataLength(mbuf);
    }

    /**
     * Sets the length of a one-segment packet: data_len = pkt_len = length. Use after writing a frame into a
     * freshly allocated mbuf (alloc bulk leaves the length at 0) or to trim one.
     *
     * @return false, changing nothing, if length is negative or exceeds the room after data_off.
     */
    public static boolean length(final long mbuf, final int length)
    {
        if (length < 0 || length > bufferLength(mbuf) - dataOffset(mbuf))
        {
            return false;
        }
        UnsafeApi.putShort(mbuf + DATA_LEN_OFFSET, (short)length);
        UnsafeApi.putInt(mbuf + PKT_LEN_OFFSET, length);
        return true;
    }

    /**
     * Sets where a one-segment packet lies in its buffer: data_off = dataOffset, data_len = pkt_len = length.
     * This is how a port writes back what the engine did to a packet (prepend, trim, rewrite) before tx.
     *
     * @return false, changing nothing, if the packet would not fit between data_off and buf_len.
     */
    public static boolean setData(final long mbuf, final int dataOffset, final int length)
    {
        if (!fits(mbuf, dataOffset, length))
        {
            return false;
        }
        setDataUnchecked(mbuf, dataOffset, length);
        return true;
    }

    /** @return whether a one-segment packet of {@code length} octets at {@code dataOffset} fits the buffer. */
    public static boolean fits(final long mbuf, final int dataOffset, final int length)
    {
        return dataOffset >= 0 && length >= 0 && dataOffset + length <= bufferLength(mbuf);
    }

    /** {@link #setData} for a packet already known to {@link #fits}: data_off, data_len and pkt_len written. */
    public static void setDataUnchecked(final long mbuf, final int dataOffset, final int length)
    {
        UnsafeApi.putShort(mbuf + DATA_OFF_OFFSET, (short)dataOffset);
        UnsafeApi.putShort(mbuf + DATA_LEN_OFFSET, (short)length);
        UnsafeApi.putInt(mbuf + PKT_LEN_OFFSET, length);
    }

    /**
     * Moves the data start n bytes towards the buffer start, growing the packet in front (rte_pktmbuf_prepend),
     * e.g. to push a header. The new bytes are uninitialised.
     *
     * @return false, changing nothing, if the headroom is smaller than n.
     */
    public static boolean prepend(final long mbuf, final int n)
    {
        final int offset = dataOffset(mbuf);
        if (n < 0 || n > offset)
        {
            return false;
        }
        UnsafeApi.putShort(mbuf + DATA_OFF_OFFSET, (short)(offset - n));
        UnsafeApi.putShort(mbuf + DATA_LEN_OFFSET, (short)(dataLength(mbuf) + n));
        UnsafeApi.putInt(mbuf + PKT_LEN_OFFSET, packetLength(mbuf) + n);
        return true;
    }

    /**
     * Removes n bytes from the front of the packet (rte_pktmbuf_adj), e.g. to pop a header.
     *
     * @return false, changing nothing, if the first segment holds fewer than n bytes.
     */
    public static boolean adjust(final long mbuf, final int n)
    {
        final int length = dataLength(mbuf);
        if (n < 0 || n > length)
        {
            return false;
        }
        UnsafeApi.putShort(mbuf + DATA_OFF_OFFSET, (short)(dataOffset(mbuf) + n));
        UnsafeApi.putShort(mbuf + DATA_LEN_OFFSET, (short)(length - n));
        UnsafeApi.putInt(mbuf + PKT_LEN_OFFSET, packetLength(mbuf) - n);
        return true;
    }

    /** Points buffer at the packet data of the first segment (data_len bytes), zero-copy. */
    public static void wrap(final UnsafeBuffer buffer, final long mbuf)
    {
        buffer.wrap(dataAddress(mbuf), dataLength(mbuf));
    }

    /**
     * Points buffer at all the room from the data start to the end of the segment buffer, to write a frame
     * in place; then call {@link #length(long, int)} with the number of bytes written.
     */
    public static void wrapForWrite(final UnsafeBuffer buffer, final long mbuf)
    {
        buffer.wrap(dataAddress(mbuf), bufferLength(mbuf) - dataOffset(mbuf));
    }

    /** The packet data of the first segment as a memory segment (escape analysis removes it in hot loops). */
    @SuppressWarnings("restricted") // absolute addressing of DPDK memory is the point
    public static MemorySegment data(final long mbuf)
    {
        return MemorySegment.ofAddress(dataAddress(mbuf)).reinterpret(dataLength(mbuf));
    }
}
