package org.ipv8router.bgp8.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 19-octet BGP message header (see the diagram on {@link Bgp}): framing, validation and the small
 * fixed-size messages (KEEPALIVE, NOTIFICATION, ROUTE-REFRESH).
 */
public final class MessageHeader
{
    private MessageHeader()
    {
    }

    public static void write(final MutableDirectBuffer buffer, final int offset, final int length, final int type)
    {
        for (int i = 0; i < Bgp.MARKER_LENGTH; i++)
        {
            buffer.putByte(offset + i, (byte)0xFF);
        }
        buffer.putShort(offset + Bgp.LENGTH_OFFSET, (short)length, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + Bgp.TYPE_OFFSET, (byte)type);
    }

    /** Length field of a header that is completely present at offset. */
    public static int length(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + Bgp.LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + Bgp.TYPE_OFFSET) & 0xFF;
    }

    /**
     * Validates a complete header (RFC 4271 section 6.1); returns null when it is fine. The length is checked
     * against the minimum for each type, so later decoders can rely on the fixed part being there.
     */
    public static BgpError validate(final DirectBuffer buffer, final int offset, final int maxLength)
    {
        for (int i = 0; i < Bgp.MARKER_LENGTH; i++)
        {
            if (buffer.getByte(offset + i) != (byte)0xFF)
            {
                return BgpError.of(Bgp.ERR_HEADER, Bgp.ERR_HEADER_NOT_SYNCHRONIZED, "marker is not all ones");
            }
        }
        final int length = length(buffer, offset);
        final int type = type(buffer, offset);
        final int min = switch (type)
        {
            case Bgp.OPEN -> Bgp.HEADER_LENGTH + OpenMessage.MIN_BODY_LENGTH;
            case Bgp.UPDATE -> Bgp.HEADER_LENGTH + 4;
            case Bgp.NOTIFICATION -> Bgp.HEADER_LENGTH + 2;
            case Bgp.KEEPALIVE -> Bgp.HEADER_LENGTH;
            case Bgp.ROUTE_REFRESH -> Bgp.HEADER_LENGTH + 4;
            default -> -1;
        };
        if (min < 0)
        {
            return BgpError.of(Bgp.ERR_HEADER, Bgp.ERR_HEADER_BAD_TYPE, new byte[] {(byte)type},
                "unknown message type " + type);
        }
        final boolean exact = type == Bgp.KEEPALIVE || type == Bgp.ROUTE_REFRESH;
        if (length < min || length > maxLength || (exact && length != min))
        {
            return BgpError.of(Bgp.ERR_HEADER, Bgp.ERR_HEADER_BAD_LENGTH, OpenMessage.lengthData(length),
                "bad length " + length + " for message type " + type);
        }
        return null;
    }

    public static int writeKeepalive(final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, offset, Bgp.HEADER_LENGTH, Bgp.KEEPALIVE);
        return Bgp.HEADER_LENGTH;
    }

    /** NOTIFICATION: error code (1), subcode (1), data (variable). */
    public static int writeNotification(final MutableDirectBuffer buffer, final int offset, final BgpError error)
    {
        final byte[] data = error.data();
        final int dataLength = Math.min(data.length, Bgp.MAX_MESSAGE_LENGTH - Bgp.HEADER_LENGTH - 2);
        final int length = Bgp.HEADER_LENGTH + 2 + dataLength;
        write(buffer, offset, length, Bgp.NOTIFICATION);
        buffer.putByte(offset + Bgp.HEADER_LENGTH, (byte)error.code());
        buffer.putByte(offset + Bgp.HEADER_LENGTH + 1, (byte)error.subcode());
        buffer.putBytes(offset + Bgp.HEADER_LENGTH + 2, data, 0, dataLength);
        return length;
    }

    public static BgpError readNotification(final DirectBuffer buffer, final int offset, final int length)
    {
        final int code = buffer.getByte(offset + Bgp.HEADER_LENGTH) & 0xFF;
        final int subcode = buffer.getByte(offset + Bgp.HEADER_LENGTH + 1) & 0xFF;
        final byte[] data = new byte[length - Bgp.HEADER_LENGTH - 2];
        buffer.getBytes(offset + Bgp.HEADER_LENGTH + 2, data);
        return new BgpError(code, subcode, data, "received from peer");
    }

    /** ROUTE-REFRESH (RFC 2918): AFI (2), reserved (1), SAFI (1). */
    public static int writeRouteRefresh(
        final MutableDirectBuffer buffer, final int offset, final int afi, final int safi)
    {
        write(buffer, offset, Bgp.HEADER_LENGTH + 4, Bgp.ROUTE_REFRESH);
        buffer.putShort(offset + Bgp.HEADER_LENGTH, (short)afi, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + Bgp.HEADER_LENGTH + 2, (byte)0);
        buffer.putByte(offset + Bgp.HEADER_LENGTH + 3, (byte)safi);
        return Bgp.HEADER_LENGTH + 4;
    }
}
