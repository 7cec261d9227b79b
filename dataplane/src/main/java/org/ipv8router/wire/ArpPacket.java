package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ARP packet (EtherType 0x0806): plain RFC 826 ARP for IPv4 ("ARP4", PTYPE 0x0800,
 * PLEN 4) and the v1 ARP8 format (spec 4.2, A21: PTYPE = the IPv8 EtherType in use, PLEN 8). The two differ
 * only in PLEN, so the offsets of THA and TPA depend on it.
 * <pre>
 *  ARP8 (PLEN 8, 36 octets):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      HTYPE = 1 (Ethernet)     |  PTYPE = IPv8 EtherType 0x8080|  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   HLEN = 6    |   PLEN = 8    | OPER (1 request, 2 reply)     |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SHA sender MAC (octets 0-3)                  |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      SHA (octets 4-5)         |  SPA sender r.r (octets 0-1)  | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 SPA r.r.n.n (octets 2-5)                      | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      SPA n.n (octets 6-7)     |  THA target MAC (octets 0-1)  | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            THA (octets 2-5), zero in requests                 | 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            TPA target r.r.r.r                                 | 28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            TPA target n.n.n.n                                 | 32
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  ARP4 (RFC 826, PTYPE 0x0800, PLEN 4, 28 octets): same first 14 octets, then
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      SHA (octets 4-5)         |  SPA n.n (octets 0-1)         | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      SPA n.n (octets 2-3)     |  THA target MAC (octets 0-1)  | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            THA (octets 2-5), zero in requests                 | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            TPA target n.n.n.n                                 | 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Protocol addresses are returned as a 64-bit IPv8 address; an ARP4 address comes back with r = 0.
 */
public final class ArpPacket extends Flyweight
{
    public static final int HTYPE_OFFSET = 0;
    public static final int PTYPE_OFFSET = 2;
    public static final int HLEN_OFFSET = 4;
    public static final int PLEN_OFFSET = 5;
    public static final int OPERATION_OFFSET = 6;
    public static final int SHA_OFFSET = 8;
    public static final int SPA_OFFSET = 14;
    /** THA and TPA offsets in ARP8 (PLEN 8). */
    public static final int ARP8_THA_OFFSET = 22;
    public static final int ARP8_TPA_OFFSET = 28;
    /** THA and TPA offsets in ARP4 (PLEN 4). */
    public static final int ARP4_THA_OFFSET = 18;
    public static final int ARP4_TPA_OFFSET = 24;
    /** The fixed part up to and including OPER. */
    public static final int FIXED_LENGTH = 8;
    public static final int ARP8_LENGTH = 36;
    public static final int ARP4_LENGTH = 28;

    public static final int HTYPE_ETHERNET = 1;
    public static final int HLEN_ETHERNET = 6;
    public static final int PLEN_ARP4 = 4;
    public static final int PLEN_ARP8 = 8;
    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;

    public ArpPacket wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    public ArpPacket wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public int hardwareType()
    {
        return buffer.getShort(offset + HTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public int protocolType()
    {
        return buffer.getShort(offset + PTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public int hardwareLength()
    {
        return buffer.getByte(offset + HLEN_OFFSET) & 0xFF;
    }

    public int protocolLength()
    {
        return buffer.getByte(offset + PLEN_OFFSET) & 0xFF;
    }

    public int operation()
    {
        return buffer.getShort(offset + OPERATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public ArpPacket operation(final int operation)
    {
        mutableBuffer.putShort(offset + OPERATION_OFFSET, (short)operation, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** PLEN 8: an ARP8 packet (PTYPE checked by {@link ReceiveValidator}). */
    public boolean isArp8()
    {
        return protocolLength() == PLEN_ARP8;
    }

    /** Length of the packet as its PLEN implies: 36 for ARP8, 28 for ARP4 (with HLEN 6). */
    public int packetLength()
    {
        return FIXED_LENGTH + 2 * (hardwareLength() + protocolLength());
    }

    public long senderHardwareAddress()
    {
        return EthernetFrame.readMac(buffer, offset + SHA_OFFSET);
    }

    public long senderProtocolAddress()
    {
        return readProtocolAddress(offset + SPA_OFFSET);
    }

    public long targetHardwareAddress()
    {
        return EthernetFrame.readMac(buffer, offset + (isArp8() ? ARP8_THA_OFFSET : ARP4_THA_OFFSET));
    }

    public long targetProtocolAddress()
    {
        return readProtocolAddress(offset + (isArp8() ? ARP8_TPA_OFFSET : ARP4_TPA_OFFSET));
    }

    /** True when sender and target protocol addresses are equal: a gratuitous request or reply (announcement). */
    public boolean isGratuitous()
    {
        return senderProtocolAddress() == targetProtocolAddress();
    }

    private long readProtocolAddress(final int index)
    {
        return isArp8() ?
            buffer.getLong(index, ByteOrder.BIG_ENDIAN) :
            buffer.getInt(index, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * Writes a complete ARP8 packet.
     *
     * @param ipv8EtherType PTYPE: the IPv8 EtherType in use ({@link WireProfile#ipv8EtherType()}).
     * @return the packet length, 36.
     */
    public int writeArp8(
        final int ipv8EtherType,
        final int operation,
        final long senderMac,
        final long senderAddress,
        final long targetMac,
        final long targetAddress)
    {
        writeFixed(ipv8EtherType, PLEN_ARP8, operation, senderMac);
        mutableBuffer.putLong(offset + SPA_OFFSET, senderAddress, ByteOrder.BIG_ENDIAN);
        writeMac(offset + ARP8_THA_OFFSET, targetMac);
        mutableBuffer.putLong(offset + ARP8_TPA_OFFSET, targetAddress, ByteOrder.BIG_ENDIAN);
        return ARP8_LENGTH;
    }

    /**
     * Writes a complete ARP4 (RFC 826) packet.
     *
     * @return the packet length, 28.
     */
    public int writeArp4(
        final int operation,
        final long senderMac,
        final int senderAddress,
        final long targetMac,
        final int targetAddress)
    {
        writeFixed(EtherTypes.IPV4, PLEN_ARP4, operation, senderMac);
        mutableBuffer.putInt(offset + SPA_OFFSET, senderAddress, ByteOrder.BIG_ENDIAN);
        writeMac(offset + ARP4_THA_OFFSET, targetMac);
        mutableBuffer.putInt(offset + ARP4_TPA_OFFSET, targetAddress, ByteOrder.BIG_ENDIAN);
        return ARP4_LENGTH;
    }

    /** ARP8 request (THA 0) for {@code targetAddress}; send it broadcast (spec 4.3). */
    public int writeArp8Request(final int ipv8EtherType, final long senderMac, final long senderAddress, final long targetAddress)
    {
        return writeArp8(ipv8EtherType, OPERATION_REQUEST, senderMac, senderAddress, 0L, targetAddress);
    }

    /** ARP8 reply to a requester. */
    public int writeArp8Reply(
        final int ipv8EtherType,
        final long senderMac,
        final long senderAddress,
        final long targetMac,
        final long targetAddress)
    {
        return writeArp8(ipv8EtherType, OPERATION_REPLY, senderMac, senderAddress, targetMac, targetAddress);
    }

    /** Gratuitous ARP8: a request with SPA = TPA = own address (spec 4.2), sent broadcast. */
    public int writeArp8Gratuitous(final int ipv8EtherType, final long senderMac, final long ownAddress)
    {
        return writeArp8(ipv8EtherType, OPERATION_REQUEST, senderMac, ownAddress, 0L, ownAddress);
    }

    /** ARP4 request (THA 0) for {@code targetAddress}, the probe that follows ARP8 (spec 4.3). */
    public int writeArp4Request(final long senderMac, final int senderAddress, final int targetAddress)
    {
        return writeArp4(OPERATION_REQUEST, senderMac, senderAddress, 0L, targetAddress);
    }

    public int writeArp4Reply(final long senderMac, final int senderAddress, final long targetMac, final int targetAddress)
    {
        return writeArp4(OPERATION_REPLY, senderMac, senderAddress, targetMac, targetAddress);
    }

    public int writeArp4Gratuitous(final long senderMac, final int ownAddress)
    {
        return writeArp4(OPERATION_REQUEST, senderMac, ownAddress, 0L, ownAddress);
    }

    private void writeFixed(final int protocolType, final int protocolLength, final int operation, final long senderMac)
    {
        mutableBuffer.putShort(offset + HTYPE_OFFSET, (short)HTYPE_ETHERNET, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + PTYPE_OFFSET, (short)protocolType, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putByte(offset + HLEN_OFFSET, (byte)HLEN_ETHERNET);
        mutableBuffer.putByte(offset + PLEN_OFFSET, (byte)protocolLength);
        mutableBuffer.putShort(offset + OPERATION_OFFSET, (short)operation, ByteOrder.BIG_ENDIAN);
        writeMac(offset + SHA_OFFSET, senderMac);
    }

    private void writeMac(final int index, final long mac)
    {
        mutableBuffer.putShort(index, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        mutableBuffer.putInt(index + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }
}
