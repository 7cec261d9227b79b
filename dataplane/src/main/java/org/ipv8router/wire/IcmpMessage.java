package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ICMPv8 message (spec 6.2, A6: IP protocol 1, ICMPv4 type/code numbering), which is also
 * an ICMPv4 message. Wrap it with the IP payload length: the checksum covers the whole message and
 * nothing else (no pseudo-header).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |           Checksum            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Rest of header                         |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data ...  (errors: offending IP header + first 8 data octets)|  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  Rest of header by type:
 *   Echo (0, 8):          | Identifier (2)        | Sequence (2)          |
 *   Dest. unreachable 3:  | unused (2)            | Next-hop MTU (2) code 4|
 *   Time exceeded 11:     | unused (4)                                    |
 *   Parameter problem 12: | Pointer (1) | unused (3)                      |
 *   Redirect 5 (ICMPv8):  | unused (4)  | then an 8-octet IPv8 gateway at 8 (A31), data at 16 |
 * </pre>
 */
public final class IcmpMessage extends Flyweight
{
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    public static final int POINTER_OFFSET = 4;
    public static final int DATA_OFFSET = 8;
    /** ICMPv8 redirect: 64-bit gateway after the rest field (A31), quoted data after it. */
    public static final int REDIRECT_GATEWAY_OFFSET = 8;
    public static final int REDIRECT_DATA_OFFSET = 16;
    public static final int HEADER_LENGTH = 8;
    /** Data octets of the offending packet quoted after its IP header in an error (RFC 792). */
    public static final int ERROR_QUOTED_DATA_LENGTH = 8;
    /** Maximum length of a whole error datagram (RFC 1812 4.3.2.3, spec 6.2). */
    public static final int ERROR_MAX_DATAGRAM_LENGTH = 576;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_REDIRECT = 5;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;

    /** Destination unreachable: Tier 2 miss. */
    public static final int CODE_NET_UNREACHABLE = 0;
    /** Destination unreachable: ARP8/ARP4 resolution failed. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination unreachable: fragmentation needed and DF set; next-hop MTU in the rest field. */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Destination unreachable: destination ASN unknown (Tier 1 miss, spec 6.2 / A30). */
    public static final int CODE_DESTINATION_ASN_UNKNOWN = 6;
    /** Destination unreachable: administratively prohibited (filters, egress validation). */
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 13;
    public static final int CODE_TTL_EXCEEDED_IN_TRANSIT = 0;
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    public static final int CODE_POINTER_INDICATES_ERROR = 0;
    public static final int CODE_REDIRECT_NETWORK = 0;
    public static final int CODE_REDIRECT_HOST = 1;
    public static final int CODE_REDIRECT_TOS_NETWORK = 2;
    public static final int CODE_REDIRECT_TOS_HOST = 3;
    public static final int CODE_ECHO = 0;

    public IcmpMessage wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    /** Wraps a message of {@code length} octets (the IP payload length). */
    public IcmpMessage wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public IcmpMessage type(final int type)
    {
        mutableBuffer.putByte(offset + TYPE_OFFSET, (byte)type);
        return this;
    }

    public int code()
    {
        return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
    }

    public IcmpMessage code(final int code)
    {
        mutableBuffer.putByte(offset + CODE_OFFSET, (byte)code);
        return this;
    }

    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public IcmpMessage checksum(final int checksum)
    {
        mutableBuffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** The 4-octet rest-of-header field as one big-endian int. */
    public int rest()
    {
        return buffer.getInt(offset + REST_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public IcmpMessage rest(final int rest)
    {
        mutableBuffer.putInt(offset + REST_OFFSET, rest, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int identifier()
    {
        return buffer.getShort(offset + IDENTIFIER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public IcmpMessage identifier(final int identifier)
    {
        mutableBuffer.putShort(offset + IDENTIFIER_OFFSET, (short)identifier, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public int sequence()
    {
        return buffer.getShort(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public IcmpMessage sequence(final int sequence)
    {
        mutableBuffer.putShort(offset + SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Next-hop MTU of a type 3 code 4 message (RFC 1191). */
    public int nextHopMtu()
    {
        return buffer.getShort(offset + NEXT_HOP_MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public IcmpMessage nextHopMtu(final int mtu)
    {
        mutableBuffer.putShort(offset + NEXT_HOP_MTU_OFFSET, (short)mtu, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Octet pointer of a type 12 message. */
    public int pointer()
    {
        return buffer.getByte(offset + POINTER_OFFSET) & 0xFF;
    }

    public IcmpMessage pointer(final int pointer)
    {
        mutableBuffer.putByte(offset + POINTER_OFFSET, (byte)pointer);
        return this;
    }

    /** The 8-octet IPv8 gateway of a received ICMPv8 redirect; check {@code length() >= 16} first. */
    public long redirectGateway()
    {
        return buffer.getLong(offset + REDIRECT_GATEWAY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** True for the error types whose data quotes an offending packet (3, 5, 11, 12). */
    public boolean isError()
    {
        return isErrorType(type());
    }

    public static boolean isErrorType(final int type)
    {
        return type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_TIME_EXCEEDED ||
            type == TYPE_PARAMETER_PROBLEM || type == TYPE_REDIRECT;
    }

    /** Checksum over the wrapped {@link #length()} octets with the checksum field left out. */
    public int computeChecksum()
    {
        final long sum = Checksum.sum(buffer, offset, CHECKSUM_OFFSET) +
            Checksum.sum(buffer, offset + REST_OFFSET, length - REST_OFFSET);
        return Checksum.finish(sum);
    }

    public IcmpMessage updateChecksum()
    {
        return checksum(computeChecksum());
    }

    public boolean verifyChecksum()
    {
        return Checksum.verify(buffer, offset, length);
    }

    /**
     * Writes the 8-octet header of an echo request or reply; the caller places any data after it and
     * then calls {@link #updateChecksum()} with the message wrapped at its full length.
     */
    public IcmpMessage writeEchoHeader(final int type, final int identifier, final int sequence)
    {
        return type(type).code(CODE_ECHO).checksum(0).identifier(identifier).sequence(sequence);
    }

    /**
     * Writes a complete error message (type 3, 11 or 12) into the wrapped window: header, then
     * {@code quotedLength} octets copied from the offending packet, then the checksum. The window length
     * becomes the message length.
     *
     * @param rest         rest-of-header (next-hop MTU for 3/4, pointer << 24 for 12, else 0).
     * @param quoted       buffer holding the offending IP packet.
     * @param quotedOffset start of its IP header.
     * @param quotedLength octets to quote; see {@link #errorQuoteLength(int, int, int)}.
     * @return the message length, 8 + quotedLength.
     */
    public int writeError(
        final int type,
        final int code,
        final int rest,
        final DirectBuffer quoted,
        final int quotedOffset,
        final int quotedLength)
    {
        type(type).code(code).checksum(0).rest(rest);
        mutableBuffer.putBytes(offset + DATA_OFFSET, quoted, quotedOffset, quotedLength);
        length = DATA_OFFSET + quotedLength;
        updateChecksum();
        return length;
    }

    /**
     * How much of an offending packet an error quotes: its header plus at least 8 data octets (RFC 792),
     * more up to {@code maxDatagramLength} for the whole error datagram (RFC 1812; at most 576).
     *
     * @param offendingHeaderLength IHL x 4 of the offending packet.
     * @param offendingTotalLength  its Total Length (already trimmed to what was received).
     * @param errorHeaderLength     header length of the IP packet that will carry the error (28 or 20).
     * @param maxDatagramLength     cap for the whole error datagram, e.g. {@link #ERROR_MAX_DATAGRAM_LENGTH}.
     */
    public static int errorQuoteLength(
        final int offendingHeaderLength,
        final int offendingTotalLength,
        final int errorHeaderLength,
        final int maxDatagramLength)
    {
        final int room = maxDatagramLength - errorHeaderLength - HEADER_LENGTH;
        final int minimum = Math.min(offendingTotalLength, offendingHeaderLength + ERROR_QUOTED_DATA_LENGTH);
        return Math.max(minimum, Math.min(offendingTotalLength, room));
    }
}
