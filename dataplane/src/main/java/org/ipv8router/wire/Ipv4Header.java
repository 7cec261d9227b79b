package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the IPv4 header (RFC 791): 20 octets plus options, IHL 5..15. Used for r = 0 traffic,
 * downgraded packets (spec 3.3) and the 8to4 outer header (spec 5.1).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |  0
 *  |  = 4  | 5..15 |               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |R|D|M|     Fragment Offset     |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |        Header Checksum        |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options + padding (only if IHL > 5)        | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Addresses are returned as {@code int} (compare unsigned); {@code Ipv8Address.of(0, n)} widens one.
 */
public final class Ipv4Header extends Flyweight
{
    public static final int VERSION = 4;
    public static final int MIN_IHL = 5;
    public static final int MAX_IHL = 15;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;
    public static final int FIRST_OCTET_NO_OPTIONS = 0x45;
    public static final int DEFAULT_TTL = 64;
    public static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;
    public static final int OPTIONS_OFFSET = 20;

    public static final int FLAG_RESERVED = 0x8000;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    public Ipv4Header wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    public Ipv4Header wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public int version()
    {
        return (buffer.getByte(offset) >>> 4) & 0xF;
    }

    public int ihl()
    {
        return buffer.getByte(offset) & 0xF;
    }

    /** Writes version 4 and the given IHL. */
    public Ipv4Header ihl(final int ihl)
    {
        mutableBuffer.putByte(offset, (byte)((VERSION << 4) | (ihl & 0xF)));
        return this;
    }

    public int headerLength()
    {
        return (buffer.getByte(offset) & 0xF) << 2;
    }

    public int tos()
    {
        return buffer.getByte(offset + TOS_OFFSET) & 0xFF;
    }

    public Ipv4Header tos(final int tos)
    {
        mutableBuffer.putByte(offset + TOS_OFFSET, (byte)tos);
        return this;
    }

    public int totalLength()
    {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv4Header totalLength(final int totalLength)
    {
        mutableBuffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int identification()
    {
        return buffer.getShort(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv4Header identification(final int identification)
    {
        mutableBuffer.putShort(offset + IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int flagsAndFragmentOffset()
    {
        return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv4Header flagsAndFragmentOffset(final int word)
    {
        mutableBuffer.putShort(offset + FLAGS_FRAGMENT_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public boolean dontFragment()
    {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    public Ipv4Header dontFragment(final boolean set)
    {
        final int word = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? word | FLAG_DF : word & ~FLAG_DF);
    }

    public boolean moreFragments()
    {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    public Ipv4Header moreFragments(final boolean set)
    {
        final int word = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? word | FLAG_MF : word & ~FLAG_MF);
    }

    public int fragmentOffset()
    {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    public Ipv4Header fragmentOffset(final int units)
    {
        return flagsAndFragmentOffset((flagsAndFragmentOffset() & ~FRAGMENT_OFFSET_MASK) | (units & FRAGMENT_OFFSET_MASK));
    }

    public boolean isFragment()
    {
        return (flagsAndFragmentOffset() & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    public Ipv4Header ttl(final int ttl)
    {
        mutableBuffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    public int protocol()
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    public Ipv4Header protocol(final int protocol)
    {
        mutableBuffer.putByte(offset + PROTOCOL_OFFSET, (byte)protocol);
        return this;
    }

    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public Ipv4Header checksum(final int checksum)
    {
        mutableBuffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int source()
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public Ipv4Header source(final int address)
    {
        mutableBuffer.putInt(offset + SOURCE_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int destination()
    {
        return buffer.getInt(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public Ipv4Header destination(final int address)
    {
        mutableBuffer.putInt(offset + DESTINATION_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int optionsLength()
    {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    public int payloadLength()
    {
        return totalLength() - headerLength();
    }

    public int computeChecksum()
    {
        final long sum = Checksum.sum(buffer, offset, CHECKSUM_OFFSET) +
            Checksum.sum(buffer, offset + SOURCE_OFFSET, headerLength() - SOURCE_OFFSET);
        return Checksum.finish(sum);
    }

    public Ipv4Header updateChecksum()
    {
        return checksum(computeChecksum());
    }

    public boolean verifyChecksum()
    {
        return Checksum.verify(buffer, offset, headerLength());
    }

    /** As {@link Ipv8Header#decrementTtl()}: RFC 1624 incremental checksum update. */
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
     * Writes an option-less 20-octet header and computes its checksum.
     *
     * @return the header length, 20.
     */
    public int writeHeader(
        final int tos,
        final int totalLength,
        final int identification,
        final int flagsAndFragmentOffset,
        final int ttl,
        final int protocol,
        final int source,
        final int destination)
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
