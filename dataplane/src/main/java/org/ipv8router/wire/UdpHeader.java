package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a UDP header (RFC 768) inside IPv8 or IPv4.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Length (header + data)    |           Checksum            |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data ...                                                        8
 * </pre>
 * The checksum covers a pseudo-header (see {@link L4PseudoHeader} for the two v1 layouts, A19), the header
 * and the data. A transmitted checksum of 0 means "none"; a computed 0 is sent as 0xFFFF.
 */
public final class UdpHeader extends Flyweight
{
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;
    /** Checksum field value meaning "not computed". */
    public static final int NO_CHECKSUM = 0;
    public static final int PORT_DHCP_SERVER = 67;
    public static final int PORT_DHCP_CLIENT = 68;

    public UdpHeader wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    public UdpHeader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public int sourcePort()
    {
        return buffer.getShort(offset + SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public UdpHeader sourcePort(final int port)
    {
        mutableBuffer.putShort(offset + SOURCE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int destinationPort()
    {
        return buffer.getShort(offset + DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public UdpHeader destinationPort(final int port)
    {
        mutableBuffer.putShort(offset + DESTINATION_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** The UDP Length field: header plus data in octets. */
    public int udpLength()
    {
        return buffer.getShort(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public UdpHeader udpLength(final int udpLength)
    {
        mutableBuffer.putShort(offset + LENGTH_OFFSET, (short)udpLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public UdpHeader checksum(final int checksum)
    {
        mutableBuffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * The checksum this datagram should carry, over {@link #udpLength()} octets, the checksum field left
     * out. Never returns 0 (RFC 768: a computed 0 is sent as 0xFFFF).
     */
    public int computeChecksum(final long source, final long destination, final L4PseudoHeader mode)
    {
        final int udpLength = udpLength();
        final long sum = mode.sum(source, destination, IpProtocols.UDP, udpLength) +
            Checksum.sum(buffer, offset, CHECKSUM_OFFSET) +
            Checksum.sum(buffer, offset + HEADER_LENGTH, udpLength - HEADER_LENGTH);
        final int checksum = Checksum.finish(sum);
        return checksum == 0 ? 0xFFFF : checksum;
    }

    /** {@link #computeChecksum} with the v1 default IPv4-compatible pseudo-header. */
    public int computeChecksumIpv4Compatible(final long source, final long destination)
    {
        return computeChecksum(source, destination, L4PseudoHeader.IPV4_COMPATIBLE);
    }

    /** {@link #computeChecksum} with the full 64-bit pseudo-header (A19 knob). */
    public int computeChecksumFull64(final long source, final long destination)
    {
        return computeChecksum(source, destination, L4PseudoHeader.FULL64);
    }

    public UdpHeader updateChecksum(final long source, final long destination, final L4PseudoHeader mode)
    {
        return checksum(computeChecksum(source, destination, mode));
    }

    /** True when the checksum is absent (0) or correct. Call only when udpLength() fits the packet. */
    public boolean verifyChecksum(final long source, final long destination, final L4PseudoHeader mode)
    {
        if (checksum() == NO_CHECKSUM)
        {
            return true;
        }
        final int udpLength = udpLength();
        final long sum = mode.sum(source, destination, IpProtocols.UDP, udpLength) +
            Checksum.sum(buffer, offset, udpLength);
        return Checksum.fold(sum) == 0xFFFF;
    }

    /**
     * Writes the header with a zero checksum; put the data after it, then call {@link #updateChecksum}.
     *
     * @return the header length, 8.
     */
    public int writeHeader(final int sourcePort, final int destinationPort, final int udpLength)
    {
        sourcePort(sourcePort).destinationPort(destinationPort).udpLength(udpLength).checksum(NO_CHECKSUM);
        return HEADER_LENGTH;
    }
}
