package org.ipv8router.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Per-packet downgrade of an IPv8 packet to IPv4 for an IPv4-only next hop (spec 3.3), in place: the
 * packet keeps its end and its new start moves forward, the way a DPDK mbuf adj works.
 * <pre>
 *  any packet (returns offset + 8):
 *   offset          +12     +16     +20     +24     +28               +IHL x 4
 *   | fixed 0..11   | src r | src n | dst r | dst n | options         | payload (untouched)
 *                   | fixed 0..11   | src n | dst n | options         | payload
 *                   +8              +20     +24     +28
 *                   `-- IPv4 header, IHL - 2, Total Length - 8; options stay where they were
 *
 *  ICMPv8 error 3/11/12 quoting an IPv8 header (spec 3.3 step 5, returns offset + 16):
 *   | IPv8 hdr (H) | ICMP hdr (8) | quoted IPv8 hdr (Q) | quoted data |
 *                   | IPv4 hdr (H - 8) | ICMP hdr (8) | quoted IPv4 hdr (Q - 8) | quoted data |
 *   offset + 16 ----'  Total Length - 16, ICMP checksum recomputed
 * </pre>
 * Copied as they are: ToS, Identification, flags/fragment offset, TTL (the caller has decremented it),
 * Protocol, options. The IPv4 header checksum is recomputed. The caller decides whether a downgrade is
 * allowed (spec 3.2, A17: dst r = 0 or local) and rewrites the EtherType to 0x0800 (step 6).
 * <p>
 * Decision for ICMP: the next-hop MTU of a type 3 code 4 error shrinks by 8 as well, because the IPv4
 * host's packets grow by 8 when they are upgraded on the way to that link (spec 3.4). ICMPv8 redirects
 * (type 5, 8-octet gateway) have no IPv4 form and are left as they are apart from the outer header.
 */
public final class Downgrade
{
    /** The header shrinks by the two r words. */
    public static final int SHRINK = 8;

    private Downgrade()
    {
    }

    /**
     * Rewrites the IPv8 packet at {@code offset} as an IPv4 packet that ends where it ended.
     *
     * @param buffer holding a valid IPv8 packet (see {@link ReceiveValidator#validateIpv8}).
     * @param offset of its header.
     * @param mode   L4 pseudo-header in use inside IPv8: with FULL64 the two r words are removed from a
     *               TCP or UDP checksum (first fragment only) by RFC 1624 arithmetic (spec 3.3 step 4).
     * @return the new start offset: {@code offset + 8}, or {@code offset + 16} for an ICMP error whose quoted
     * IPv8 header was downgraded too. The new length is the old Total Length minus (new start - offset).
     */
    public static int toIpv4InPlace(final MutableDirectBuffer buffer, final int offset, final L4PseudoHeader mode)
    {
        final int headerLength = (buffer.getByte(offset) & 0xF) << 2;
        final int totalLength = buffer.getShort(offset + Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int protocol = buffer.getByte(offset + Ipv8Header.PROTOCOL_OFFSET) & 0xFF;
        final int flagsAndFragment = buffer.getShort(offset + Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final boolean firstFragment = (flagsAndFragment & Ipv8Header.FRAGMENT_OFFSET_MASK) == 0;
        final boolean wholePacket = (flagsAndFragment & (Ipv8Header.FLAG_MF | Ipv8Header.FRAGMENT_OFFSET_MASK)) == 0;

        if (protocol == IpProtocols.ICMP && wholePacket && quotesIpv8Header(buffer, offset + headerLength, totalLength - headerLength))
        {
            return downgradeIcmpError(buffer, offset, headerLength, totalLength, mode);
        }

        if (mode == L4PseudoHeader.FULL64 && firstFragment)
        {
            removeRoutingPrefixes(buffer, offset, headerLength, totalLength - headerLength);
        }
        final int start = offset + SHRINK;
        rewriteAsIpv4(buffer, offset, start, totalLength - SHRINK);
        return start;
    }

    /** ICMP error 3, 11 or 12 whose data starts with a complete IPv8 header. */
    private static boolean quotesIpv8Header(final MutableDirectBuffer buffer, final int icmpOffset, final int icmpLength)
    {
        if (icmpLength < IcmpMessage.HEADER_LENGTH + Ipv8Header.MIN_HEADER_LENGTH)
        {
            return false;
        }
        final int type = buffer.getByte(icmpOffset + IcmpMessage.TYPE_OFFSET) & 0xFF;
        if (type != IcmpMessage.TYPE_DESTINATION_UNREACHABLE && type != IcmpMessage.TYPE_TIME_EXCEEDED &&
            type != IcmpMessage.TYPE_PARAMETER_PROBLEM)
        {
            return false;
        }
        final int quotedVersionIhl = buffer.getByte(icmpOffset + IcmpMessage.DATA_OFFSET) & 0xFF;
        final int quotedHeaderLength = (quotedVersionIhl & 0xF) << 2;
        return (quotedVersionIhl >>> 4) == Ipv8Header.VERSION &&
            quotedHeaderLength >= Ipv8Header.MIN_HEADER_LENGTH &&
            quotedHeaderLength <= icmpLength - IcmpMessage.HEADER_LENGTH;
    }

    private static int downgradeIcmpError(
        final MutableDirectBuffer buffer,
        final int offset,
        final int headerLength,
        final int totalLength,
        final L4PseudoHeader mode)
    {
        final int icmpOffset = offset + headerLength;
        final int quotedOffset = icmpOffset + IcmpMessage.DATA_OFFSET;
        final int quotedAvailable = totalLength - headerLength - IcmpMessage.HEADER_LENGTH;
        final int quotedHeaderLength = (buffer.getByte(quotedOffset) & 0xF) << 2;
        final int quotedTotalLength =
            buffer.getShort(quotedOffset + Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;

        // 1. The quoted header moves up by 8 within the quote; its transport checksum (if quoted) is fixed too.
        if (mode == L4PseudoHeader.FULL64)
        {
            removeRoutingPrefixes(buffer, quotedOffset, quotedHeaderLength, quotedAvailable - quotedHeaderLength);
        }
        rewriteAsIpv4(buffer, quotedOffset, quotedOffset + SHRINK, Math.max(0, quotedTotalLength - SHRINK));

        // 2. The ICMP header moves up by 8 into the octets the quoted header freed.
        buffer.putLong(icmpOffset + SHRINK, buffer.getLong(icmpOffset));
        final int newIcmpOffset = icmpOffset + SHRINK;
        final int newIcmpLength = totalLength - headerLength - SHRINK;
        final int type = buffer.getByte(newIcmpOffset + IcmpMessage.TYPE_OFFSET) & 0xFF;
        final int code = buffer.getByte(newIcmpOffset + IcmpMessage.CODE_OFFSET) & 0xFF;
        if (type == IcmpMessage.TYPE_DESTINATION_UNREACHABLE && code == IcmpMessage.CODE_FRAGMENTATION_NEEDED)
        {
            final int mtu = buffer.getShort(newIcmpOffset + IcmpMessage.NEXT_HOP_MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (mtu > SHRINK)
            {
                buffer.putShort(newIcmpOffset + IcmpMessage.NEXT_HOP_MTU_OFFSET, (short)(mtu - SHRINK), ByteOrder.BIG_ENDIAN);
            }
        }
        buffer.putShort(newIcmpOffset + IcmpMessage.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putShort(newIcmpOffset + IcmpMessage.CHECKSUM_OFFSET,
            (short)Checksum.compute(buffer, newIcmpOffset, newIcmpLength), ByteOrder.BIG_ENDIAN);

        // 3. The outer header moves up by 16 and becomes IPv4.
        final int start = offset + 2 * SHRINK;
        rewriteAsIpv4(buffer, offset, start, totalLength - 2 * SHRINK);
        return start;
    }

    /**
     * Reads the IPv8 header at {@code from} and writes it as IPv4 at {@code to} (to >= from + 8), options
     * included. Options are moved first, backwards, because the destination may overlap them.
     */
    private static void rewriteAsIpv4(final MutableDirectBuffer buffer, final int from, final int to, final int newTotalLength)
    {
        final int headerLength = (buffer.getByte(from) & 0xF) << 2;
        final int tos = buffer.getByte(from + Ipv8Header.TOS_OFFSET);
        final int identification = buffer.getShort(from + Ipv8Header.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
        final int flagsAndFragment = buffer.getShort(from + Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN);
        final int ttlProtocol = buffer.getShort(from + Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN);
        final int sourceHost = buffer.getInt(from + Ipv8Header.SOURCE_OFFSET + 4, ByteOrder.BIG_ENDIAN);
        final int destinationHost = buffer.getInt(from + Ipv8Header.DESTINATION_OFFSET + 4, ByteOrder.BIG_ENDIAN);

        final int optionsFrom = from + Ipv8Header.OPTIONS_OFFSET;
        final int optionsTo = to + Ipv4Header.OPTIONS_OFFSET;
        if (optionsTo != optionsFrom)
        {
            for (int i = headerLength - Ipv8Header.MIN_HEADER_LENGTH - 1; i >= 0; i--)
            {
                buffer.putByte(optionsTo + i, buffer.getByte(optionsFrom + i));
            }
        }

        final int ipv4HeaderLength = headerLength - SHRINK;
        buffer.putByte(to, (byte)((Ipv4Header.VERSION << 4) | (ipv4HeaderLength >>> 2)));
        buffer.putByte(to + Ipv4Header.TOS_OFFSET, (byte)tos);
        buffer.putShort(to + Ipv4Header.TOTAL_LENGTH_OFFSET, (short)newTotalLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(to + Ipv4Header.IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        buffer.putShort(to + Ipv4Header.FLAGS_FRAGMENT_OFFSET, (short)flagsAndFragment, ByteOrder.BIG_ENDIAN);
        buffer.putShort(to + Ipv4Header.TTL_OFFSET, (short)ttlProtocol, ByteOrder.BIG_ENDIAN);
        buffer.putShort(to + Ipv4Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(to + Ipv4Header.SOURCE_OFFSET, sourceHost, ByteOrder.BIG_ENDIAN);
        buffer.putInt(to + Ipv4Header.DESTINATION_OFFSET, destinationHost, ByteOrder.BIG_ENDIAN);
        buffer.putShort(to + Ipv4Header.CHECKSUM_OFFSET,
            (short)Checksum.compute(buffer, to, ipv4HeaderLength), ByteOrder.BIG_ENDIAN);
    }

    /**
     * FULL64 only: subtract the source and destination r words from a TCP or UDP checksum, if the octets
     * holding it are present ({@code l4Available}).
     */
    private static void removeRoutingPrefixes(
        final MutableDirectBuffer buffer,
        final int ipv8Offset,
        final int headerLength,
        final int l4Available)
    {
        L4PseudoHeader.moveRoutingPrefixes(buffer, ipv8Offset + headerLength, l4Available,
            buffer.getByte(ipv8Offset + Ipv8Header.PROTOCOL_OFFSET) & 0xFF,
            buffer.getInt(ipv8Offset + Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN), 0,
            buffer.getInt(ipv8Offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN), 0);
    }
}
