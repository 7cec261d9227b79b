package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Header;

/**
 * The transport "ports" of a packet as the flow tables see them, packed {@code source << 16 | destination}:
 * <pre>
 *   TCP, UDP (first fragment, ports present)       source port, destination port
 *   ICMP echo request (8) / echo reply (0)         identifier in both halves (the reply carries the same one)
 *   anything else, non-first fragments              {@link #NONE} (no ports)
 * </pre>
 * The fixed-header fields used sit at the same offsets in IPv4 and IPv8, so one reader serves both.
 */
final class L4Ports
{
    static final long NONE = -1L;

    private L4Ports()
    {
    }

    /**
     * @param packet       the IP packet (offset 0 = IP header).
     * @param headerLength IHL x 4 of that header.
     * @return {@code source << 16 | destination}, or {@link #NONE}.
     */
    static long of(final DirectBuffer packet, final int headerLength)
    {
        final int protocol = packet.getByte(Ipv8Header.PROTOCOL_OFFSET) & 0xFF;
        final int fragmentOffset =
            packet.getShort(Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & Ipv8Header.FRAGMENT_OFFSET_MASK;
        final int totalLength = packet.getShort(Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (fragmentOffset != 0 || totalLength - headerLength < 8 || packet.capacity() < headerLength + 8)
        {
            return NONE;
        }
        if (protocol == IpProtocols.TCP || protocol == IpProtocols.UDP)
        {
            return packet.getInt(headerLength, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        }
        if (protocol == IpProtocols.ICMP)
        {
            final int type = packet.getByte(headerLength + IcmpMessage.TYPE_OFFSET) & 0xFF;
            if (type == IcmpMessage.TYPE_ECHO_REQUEST || type == IcmpMessage.TYPE_ECHO_REPLY)
            {
                final int id = packet.getShort(headerLength + IcmpMessage.IDENTIFIER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                return ((long)id << 16) | id;
            }
        }
        return NONE;
    }

    static int source(final long ports)
    {
        return (int)(ports >>> 16) & 0xFFFF;
    }

    static int destination(final long ports)
    {
        return (int)ports & 0xFFFF;
    }
}
