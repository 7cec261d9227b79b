package org.ipv8router.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * 8to4 tunnelling for v1 (spec 5.1, A20): a whole IPv8 packet carried as the payload of a plain 20-octet
 * IPv4 header with IP protocol 253 (configurable), across IPv4-only transit.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  4    |  5    | ToS (inner's) |  Total Length = 20 + inner    |  0  \
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      |
 *  |         Identification        |0|D|0|   Fragment Offset = 0   |  4   |
 *  |                               | |F| |   (DF copied from inner)|      | outer IPv4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      | header,
 *  |   TTL = 64    | Protocol = 253|        Header Checksum        |  8   | 20 octets
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      |
 *  |          Source: local 8to4 endpoint (IPv4)                   | 12   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      |
 *  |          Destination: remote 8to4 endpoint (IPv4)             | 16  /
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  8    |  IHL  |  inner IPv8 packet, unchanged ...               20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Encapsulation writes the outer header into the 20 octets of headroom in front of the inner packet (the
 * way a DPDK mbuf prepend works); it does not touch the inner packet, whose TTL the forwarding stage has
 * already decremented once for this hop. Decapsulation validates the outer header and locates the inner
 * packet, which must then go through {@link ReceiveValidator#validateIpv8} and full ingress filtering.
 * One decapsulating instance per worker thread; results are read from its accessors.
 */
public final class EightToFour
{
    public static final int OUTER_HEADER_LENGTH = Ipv4Header.MIN_HEADER_LENGTH;
    public static final int OUTER_TTL = 64;
    /** Inner MTU on a path with IPv4 MTU 1500 (spec 5.1). */
    public static final int INNER_MTU_ON_1500 = 1500 - OUTER_HEADER_LENGTH;

    private final int protocol;
    private final Ipv4Header outer = new Ipv4Header();

    private int innerOffset;
    private int innerLength;
    private int outerSource;
    private int outerDestination;

    /** @param protocol the 8to4 IPv4 protocol number, {@link WireProfile#eightToFourProtocol()}. */
    public EightToFour(final int protocol)
    {
        this.protocol = protocol;
    }

    /**
     * Writes the outer IPv4 header for the IPv8 packet that starts at {@code outerOffset + 20}.
     *
     * @param buffer         holding headroom and inner packet.
     * @param outerOffset    where the outer header goes (inner offset - 20).
     * @param innerLength    Total Length of the inner IPv8 packet.
     * @param source         local 8to4 endpoint IPv4 address.
     * @param destination    remote 8to4 endpoint IPv4 address.
     * @param protocol       8to4 protocol number (default 253).
     * @param identification outer IPv4 Identification.
     * @return the length of the whole outer packet, 20 + innerLength.
     */
    public static int encapsulate(
        final MutableDirectBuffer buffer,
        final int outerOffset,
        final int innerLength,
        final int source,
        final int destination,
        final int protocol,
        final int identification)
    {
        final int innerOffset = outerOffset + OUTER_HEADER_LENGTH;
        final int innerTos = buffer.getByte(innerOffset + Ipv8Header.TOS_OFFSET) & 0xFF;
        final int innerFlags = buffer.getShort(innerOffset + Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN);
        final int totalLength = OUTER_HEADER_LENGTH + innerLength;

        buffer.putByte(outerOffset, (byte)Ipv4Header.FIRST_OCTET_NO_OPTIONS);
        buffer.putByte(outerOffset + Ipv4Header.TOS_OFFSET, (byte)innerTos);
        buffer.putShort(outerOffset + Ipv4Header.TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(outerOffset + Ipv4Header.IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        buffer.putShort(outerOffset + Ipv4Header.FLAGS_FRAGMENT_OFFSET, (short)(innerFlags & Ipv8Header.FLAG_DF),
            ByteOrder.BIG_ENDIAN);
        buffer.putByte(outerOffset + Ipv4Header.TTL_OFFSET, (byte)OUTER_TTL);
        buffer.putByte(outerOffset + Ipv4Header.PROTOCOL_OFFSET, (byte)protocol);
        buffer.putShort(outerOffset + Ipv4Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(outerOffset + Ipv4Header.SOURCE_OFFSET, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(outerOffset + Ipv4Header.DESTINATION_OFFSET, destination, ByteOrder.BIG_ENDIAN);
        buffer.putShort(outerOffset + Ipv4Header.CHECKSUM_OFFSET,
            (short)Checksum.compute(buffer, outerOffset, OUTER_HEADER_LENGTH), ByteOrder.BIG_ENDIAN);
        return totalLength;
    }

    /**
     * Validates an outer IPv4 packet (from the L3 offset, e.g. {@link ReceiveValidator#l3Offset()}) and
     * locates the inner IPv8 packet.
     *
     * @param length octets available from {@code offset}.
     * @return {@link DropReason#NONE} and sets {@link #innerOffset()}, {@link #innerLength()},
     * {@link #outerSource()}, {@link #outerDestination()}; otherwise an 8to4 drop reason.
     */
    public DropReason decapsulate(final DirectBuffer buffer, final int offset, final int length)
    {
        innerOffset = 0;
        innerLength = 0;
        if (length < OUTER_HEADER_LENGTH)
        {
            return DropReason.EIGHT_TO_FOUR_BAD_OUTER;
        }
        outer.wrap(buffer, offset, length);
        final int headerLength = outer.headerLength();
        final int totalLength = outer.totalLength();
        if (outer.version() != Ipv4Header.VERSION ||
            headerLength < Ipv4Header.MIN_HEADER_LENGTH ||
            totalLength < headerLength ||
            totalLength > length ||
            outer.protocol() != protocol ||
            !outer.verifyChecksum())
        {
            return DropReason.EIGHT_TO_FOUR_BAD_OUTER;
        }
        if (outer.isFragment())
        {
            return DropReason.EIGHT_TO_FOUR_FRAGMENTED;
        }
        final int inner = offset + headerLength;
        final int available = totalLength - headerLength;
        if (available < Ipv8Header.MIN_HEADER_LENGTH ||
            ((buffer.getByte(inner) >>> 4) & 0xF) != Ipv8Header.VERSION ||
            (buffer.getShort(inner + Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) != available)
        {
            return DropReason.EIGHT_TO_FOUR_BAD_INNER;
        }
        outerSource = outer.source();
        outerDestination = outer.destination();
        innerOffset = inner;
        innerLength = available;
        return DropReason.NONE;
    }

    /** Absolute offset of the inner IPv8 packet after a successful {@link #decapsulate}. */
    public int innerOffset()
    {
        return innerOffset;
    }

    /** Length of the inner IPv8 packet (= the outer payload). */
    public int innerLength()
    {
        return innerLength;
    }

    /** Outer IPv4 source: the remote endpoint, to check against configured/learned endpoints. */
    public int outerSource()
    {
        return outerSource;
    }

    public int outerDestination()
    {
        return outerDestination;
    }

    public int protocol()
    {
        return protocol;
    }
}
