package org.ipv8router.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Per-packet downgrade of an IPv8 packet to IPv4 for an IPv4-only next hop (spec 3.3), in place.
 * <pre>
 *  before:  |<------------ IPv8 header (IHL x 4) ------------>|<- payload
 *           | 0..11 fixed | src r | src n | dst r | dst n | options |
 *           offset        12      16      20      24      28
 *
 *  after:           |<------ IPv4 header (IHL x 4 - 8) ------>|<- payload (unmoved)
 *                   | 0..11 fixed | src n | dst n | options   |
 *           offset + 8            20      24      28
 * </pre>
 * Options keep their position (octet 28 of the buffer window), so only the first 28 octets are rewritten
 * and nothing is copied. The caller decides whether a downgrade is allowed (spec 3.2, A17: dst r = 0 or
 * local) and has already decremented the TTL. Not done here: rewriting headers quoted inside ICMP errors
 * (spec 3.3 step 5) and the EtherType (step 6, the L2 rewrite's job).
 */
public final class Downgrade
{
    /** The header shrinks by the two r words. */
    public static final int SHRINK = 8;

    private Downgrade()
    {
    }

    /**
     * Rewrites the IPv8 packet at {@code offset} as an IPv4 packet starting at {@code offset + 8}.
     *
     * @param buffer holding a valid IPv8 packet.
     * @param offset of its header.
     * @param mode   L4 pseudo-header in use inside IPv8: with FULL64 the two r words are removed from a
     *               TCP or UDP checksum (first fragment only) by RFC 1624 arithmetic (spec 3.3 step 4).
     * @return the new start offset, {@code offset + 8}; the IPv4 Total Length is 8 less.
     */
    public static int toIpv4InPlace(final MutableDirectBuffer buffer, final int offset, final L4PseudoHeader mode)
    {
        final int versionIhl = buffer.getByte(offset) & 0xFF;
        final int headerLength = (versionIhl & 0xF) << 2;
        final int tos = buffer.getByte(offset + Ipv8Header.TOS_OFFSET) & 0xFF;
        final int totalLength = buffer.getShort(offset + Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int identification = buffer.getShort(offset + Ipv8Header.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
        final int flagsAndFragment = buffer.getShort(offset + Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int ttlProtocol = buffer.getShort(offset + Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN);
        final long source = buffer.getLong(offset + Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final long destination = buffer.getLong(offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);

        final int start = offset + SHRINK;
        buffer.putByte(start, (byte)((Ipv4Header.VERSION << 4) | ((headerLength - SHRINK) >>> 2)));
        buffer.putByte(start + Ipv4Header.TOS_OFFSET, (byte)tos);
        buffer.putShort(start + Ipv4Header.TOTAL_LENGTH_OFFSET, (short)(totalLength - SHRINK), ByteOrder.BIG_ENDIAN);
        buffer.putShort(start + Ipv4Header.IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        buffer.putShort(start + Ipv4Header.FLAGS_FRAGMENT_OFFSET, (short)flagsAndFragment, ByteOrder.BIG_ENDIAN);
        buffer.putShort(start + Ipv4Header.TTL_OFFSET, (short)ttlProtocol, ByteOrder.BIG_ENDIAN);
        buffer.putShort(start + Ipv4Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(start + Ipv4Header.SOURCE_OFFSET, (int)source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(start + Ipv4Header.DESTINATION_OFFSET, (int)destination, ByteOrder.BIG_ENDIAN);
        buffer.putShort(start + Ipv4Header.CHECKSUM_OFFSET,
            (short)Checksum.compute(buffer, start, headerLength - SHRINK), ByteOrder.BIG_ENDIAN);

        if (mode == L4PseudoHeader.FULL64 && (flagsAndFragment & Ipv8Header.FRAGMENT_OFFSET_MASK) == 0)
        {
            removeRoutingPrefixes(buffer, offset + headerLength, totalLength - headerLength,
                ttlProtocol & 0xFF, (int)(source >>> 32), (int)(destination >>> 32));
        }
        return start;
    }

    private static void removeRoutingPrefixes(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int protocol,
        final int sourceR,
        final int destinationR)
    {
        final int checksumIndex;
        if (protocol == IpProtocols.UDP && l4Length >= UdpHeader.HEADER_LENGTH)
        {
            checksumIndex = l4Offset + UdpHeader.CHECKSUM_OFFSET;
        }
        else if (protocol == IpProtocols.TCP && l4Length >= 18)
        {
            checksumIndex = l4Offset + 16;
        }
        else
        {
            return;
        }
        final int old = buffer.getShort(checksumIndex, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (protocol == IpProtocols.UDP && old == UdpHeader.NO_CHECKSUM)
        {
            return;
        }
        int updated = Checksum.update32(old, sourceR, 0);
        updated = Checksum.update32(updated, destinationR, 0);
        if (protocol == IpProtocols.UDP && updated == 0)
        {
            updated = 0xFFFF;
        }
        buffer.putShort(checksumIndex, (short)updated, ByteOrder.BIG_ENDIAN);
    }
}
