package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the IPv8 header (spec 2.1, 2.2; A1: 28 octets, IHL 7..15): the IPv4 header with both
 * addresses widened to 64 bits.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |  0
 *  |  = 8  | 7..15 |  (DSCP|ECN)   |   (header + payload, octets)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |R|D|M|     Fragment Offset     |  4
 *  |                               | |F|F|   (8-octet units)       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |        Header Checksum        |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Source ASN Prefix          (r.r.r.r)             | 12  \ source: one
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      > big-endian
 *  |              Source Host Address        (n.n.n.n)             | 16  / 64-bit word
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Destination ASN Prefix     (r.r.r.r)             | 20  \ destination
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      > likewise
 *  |              Destination Host Address   (n.n.n.n)             | 24  /
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Options + padding (only if IHL > 7)              | 28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum is RFC 1071 over the header only (IHL x 4 octets, options included), spec 2.3 / A2.
 */
public final class Ipv8Header extends Flyweight
{
    public static final int VERSION = 8;
    public static final int MIN_IHL = 7;
    public static final int MAX_IHL = 15;
    public static final int MIN_HEADER_LENGTH = 28;
    public static final int MAX_HEADER_LENGTH = 60;
    /** First octet of an option-less header: version 8, IHL 7. */
    public static final int FIRST_OCTET_NO_OPTIONS = 0x87;
    public static final int DEFAULT_TTL = 64;

    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 20;
    public static final int OPTIONS_OFFSET = 28;

    /** Masks on the 16-bit flags/fragment word. */
    public static final int FLAG_RESERVED = 0x8000;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** Wraps a header that may extend to the end of the buffer. */
    public Ipv8Header wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    /** Wraps a packet of {@code length} octets starting with this header. */
    public Ipv8Header wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public int version()
    {
        return (buffer.getByte(offset) >>> 4) & 0xF;
    }

    /** Header length in 32-bit words. */
    public int ihl()
    {
        return buffer.getByte(offset) & 0xF;
    }

    /** Writes version 8 and the given IHL. */
    public Ipv8Header ihl(final int ihl)
    {
        mutableBuffer.putByte(offset, (byte)((VERSION << 4) | (ihl & 0xF)));
        return this;
    }

    /** Header length in octets, IHL x 4. */
    public int headerLength()
    {
        return (buffer.getByte(offset) & 0xF) << 2;
    }

    public int tos()
    {
        return buffer.getByte(offset + TOS_OFFSET) & 0xFF;
    }

    public Ipv8Header tos(final int tos)
    {
        mutableBuffer.putByte(offset + TOS_OFFSET, (byte)tos);
        return this;
    }

    public int totalLength()
    {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv8Header totalLength(final int totalLength)
    {
        mutableBuffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int identification()
    {
        return buffer.getShort(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv8Header identification(final int identification)
    {
        mutableBuffer.putShort(offset + IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** The whole 16-bit flags + fragment offset word. */
    public int flagsAndFragmentOffset()
    {
        return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv8Header flagsAndFragmentOffset(final int word)
    {
        mutableBuffer.putShort(offset + FLAGS_FRAGMENT_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public boolean dontFragment()
    {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    public Ipv8Header dontFragment(final boolean set)
    {
        final int word = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? word | FLAG_DF : word & ~FLAG_DF);
    }

    public boolean moreFragments()
    {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    public Ipv8Header moreFragments(final boolean set)
    {
        final int word = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? word | FLAG_MF : word & ~FLAG_MF);
    }

    /** Fragment offset in 8-octet units. */
    public int fragmentOffset()
    {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    public Ipv8Header fragmentOffset(final int units)
    {
        return flagsAndFragmentOffset((flagsAndFragmentOffset() & ~FRAGMENT_OFFSET_MASK) | (units & FRAGMENT_OFFSET_MASK));
    }

    /** True for any fragment: MF set or a non-zero offset. */
    public boolean isFragment()
    {
        return (flagsAndFragmentOffset() & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    public Ipv8Header ttl(final int ttl)
    {
        mutableBuffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    public int protocol()
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    public Ipv8Header protocol(final int protocol)
    {
        mutableBuffer.putByte(offset + PROTOCOL_OFFSET, (byte)protocol);
        return this;
    }

    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv8Header checksum(final int checksum)
    {
        mutableBuffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Source r.r.r.r.n.n.n.n as one big-endian 64-bit value (see {@link Ipv8Address}). */
    public long source()
    {
        return buffer.getLong(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public Ipv8Header source(final long address)
    {
        mutableBuffer.putLong(offset + SOURCE_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public long destination()
    {
        return buffer.getLong(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public Ipv8Header destination(final long address)
    {
        mutableBuffer.putLong(offset + DESTINATION_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Octets of options, IHL x 4 - 28. */
    public int optionsLength()
    {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    /** Octets of payload according to Total Length. */
    public int payloadLength()
    {
        return totalLength() - headerLength();
    }

    /** The header checksum the header should carry (the checksum field itself is left out of the sum). */
    public int computeChecksum()
    {
        final long sum = Checksum.sum(buffer, offset, CHECKSUM_OFFSET) +
            Checksum.sum(buffer, offset + SOURCE_OFFSET, headerLength() - SOURCE_OFFSET);
        return Checksum.finish(sum);
    }

    /** Computes and stores the header checksum. */
    public Ipv8Header updateChecksum()
    {
        return checksum(computeChecksum());
    }

    /** True when the stored header checksum is correct. */
    public boolean verifyChecksum()
    {
        return Checksum.verify(buffer, offset, headerLength());
    }

    /**
     * Decrements TTL by one and patches the checksum incrementally (RFC 1624): the TTL|Protocol word drops
     * by 0x0100, so the checksum rises by 0x0100 with end-around carry (spec 2.3). The caller must have
     * checked TTL > 1 (spec 7.1 step 6); a TTL of 0 wraps to 255.
     *
     * @return the new TTL.
     */
    public int decrementTtl()
    {
        final int index = offset + TTL_OFFSET;
        final int oldWord = buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newWord = (oldWord - 0x0100) & 0xFFFF;
        mutableBuffer.putShort(index, (short)newWord, ByteOrder.BIG_ENDIAN);
        checksum(Checksum.update16(checksum(), oldWord, newWord));
        return newWord >>> 8;
    }

    /**
     * Writes an option-less 28-octet header (version 8, IHL 7) and computes its checksum.
     *
     * @return the header length, 28.
     */
    public int writeHeader(
        final int tos,
        final int totalLength,
        final int identification,
        final int flagsAndFragmentOffset,
        final int ttl,
        final int protocol,
        final long source,
        final long destination)
    {
        ihl(MIN_IHL)
            .tos(tos)
            .totalLength(totalLength)
            .identification(identification)
            .flagsAndFragmentOffset(flagsAndFragmentOffset)
            .ttl(ttl)
            .protocol(protocol)
            .checksum(0)
            .source(source)
            .destination(destination)
            .updateChecksum();
        return MIN_HEADER_LENGTH;
    }
}
