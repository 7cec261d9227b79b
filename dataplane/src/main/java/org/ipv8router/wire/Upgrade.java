package org.ipv8router.wire;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Per-packet upgrade of an IPv4 packet to IPv8 (spec 3.4), in place: the caller has made 8 octets of room in
 * front of the IPv4 header (a DPDK mbuf prepend), the packet keeps its end and the IPv8 header starts 8 octets
 * earlier. The inverse of {@link Downgrade} for one packet; used by the return path of downgraded flows (spec 3.5).
 * <pre>
 *   offset          +8              +20     +24     +28               +IHL x 4 + 8
 *   | room (8)      | fixed 0..11   | src n | dst n | options         | payload (untouched)
 *   | fixed 0..11   | src r | src n | dst r | dst n | options         | payload
 *   offset          +12     +16     +20     +24     +28
 *   `-- IPv8 header, IHL + 2, Total Length + 8; options stay where they were (offset + 28 in both)
 * </pre>
 * Copied as they are: ToS, Identification, flags/fragment offset, TTL, Protocol, options. The IPv8 header checksum
 * is computed. ICMP errors are not rewritten inside (their quoted header stays IPv4).
 */
public final class Upgrade
{
    /** The header grows by the two r words. */
    public static final int GROWTH = 8;
    /** Longest IPv4 header that still fits an IPv8 header (IHL 15 = 60 octets) once it grows by 8. */
    public static final int MAX_IPV4_HEADER_LENGTH = Ipv8Header.MAX_HEADER_LENGTH - GROWTH;

    private Upgrade()
    {
    }

    /**
     * Rewrites the IPv4 packet at {@code offset + 8} as an IPv8 packet starting at {@code offset}.
     *
     * @param buffer holding a valid IPv4 packet at {@code offset + 8}, with 8 writable octets before it.
     * @param offset where the IPv8 header is to start.
     * @param sourceR      r.r.r.r of the new source.
     * @param destinationR r.r.r.r of the new destination.
     * @param mode   L4 pseudo-header in use inside IPv8: with FULL64 the two r words are added to a TCP or UDP
     *               checksum (first fragment only) by RFC 1624 arithmetic.
     * @return false (nothing written) when the IPv4 header is longer than {@link #MAX_IPV4_HEADER_LENGTH}.
     */
    public static boolean toIpv8InPlace(
        final MutableDirectBuffer buffer,
        final int offset,
        final int sourceR,
        final int destinationR,
        final L4PseudoHeader mode)
    {
        final int from = offset + GROWTH;
        final int ipv4HeaderLength = (buffer.getByte(from) & 0xF) << 2;
        if (ipv4HeaderLength > MAX_IPV4_HEADER_LENGTH)
        {
            return false;
        }
        final int tos = buffer.getByte(from + Ipv4Header.TOS_OFFSET);
        final int totalLength = buffer.getShort(from + Ipv4Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final short identification = buffer.getShort(from + Ipv4Header.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
        final int flagsAndFragment =
            buffer.getShort(from + Ipv4Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final short ttlProtocol = buffer.getShort(from + Ipv4Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN);
        final int sourceHost = buffer.getInt(from + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final int destinationHost = buffer.getInt(from + Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);

        final int headerLength = ipv4HeaderLength + GROWTH;
        buffer.putByte(offset, (byte)((Ipv8Header.VERSION << 4) | (headerLength >>> 2)));
        buffer.putByte(offset + Ipv8Header.TOS_OFFSET, (byte)tos);
        buffer.putShort(offset + Ipv8Header.TOTAL_LENGTH_OFFSET, (short)(totalLength + GROWTH), ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + Ipv8Header.IDENTIFICATION_OFFSET, identification, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + Ipv8Header.FLAGS_FRAGMENT_OFFSET, (short)flagsAndFragment, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + Ipv8Header.TTL_OFFSET, ttlProtocol, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + Ipv8Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + Ipv8Header.SOURCE_OFFSET, sourceR, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + Ipv8Header.SOURCE_OFFSET + 4, sourceHost, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + Ipv8Header.DESTINATION_OFFSET, destinationR, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + Ipv8Header.DESTINATION_OFFSET + 4, destinationHost, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + Ipv8Header.CHECKSUM_OFFSET,
            (short)Checksum.compute(buffer, offset, headerLength), ByteOrder.BIG_ENDIAN);

        if (mode == L4PseudoHeader.FULL64 && (flagsAndFragment & Ipv8Header.FRAGMENT_OFFSET_MASK) == 0)
        {
            L4PseudoHeader.moveRoutingPrefixes(buffer, offset + headerLength, totalLength - ipv4HeaderLength,
                ttlProtocol & 0xFF, 0, sourceR, 0, destinationR);
        }
        return true;
    }
}
