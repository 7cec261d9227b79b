package org.ipv8router.daemon.forward;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.Ipv8Address;

/**
 * Control-plane frame helpers (cold path): locate the IP header of a punted Ethernet frame, describe a frame for
 * the debug log, build an ICMPv8 echo request (spec 6.2: protocol 1, ICMPv4 type numbers, RFC 1071 checksum over
 * the ICMP message only).
 * <pre>
 *  IPv8 header (28 octets, spec 2.1)            ICMP echo (8 octets + data)
 *  0  0x87 | tos | total length                 0  type 8/0 | code 0 | checksum
 *  4  identification | flags+fragment           4  identifier | sequence
 *  8  ttl | protocol 1 | header checksum        8  data ...
 *  12 source (64 bit)   20 destination (64 bit)
 * </pre>
 */
final class Frames
{
    static final int ETHERNET_HEADER = 14;
    static final int IPV8_HEADER = 28;
    static final int ICMP_HEADER = 8;
    static final int PROTOCOL_ICMP = 1;
    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;
    static final int DEFAULT_TTL = 64;

    private Frames()
    {
    }

    /** @return offset of the IP header after the Ethernet (and VLAN) header, or -1 if not IPv4/IPv8. */
    static int ipOffset(final DirectBuffer frame, final int offset, final int length)
    {
        if (length < ETHERNET_HEADER + 20)
        {
            return -1;
        }
        int at = offset + 12;
        int type = frame.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (type == 0x8100)
        {
            at += 4;
            type = frame.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        final int ip = at + 2;
        if (ip >= offset + length)
        {
            return -1;
        }
        final int version = (frame.getByte(ip) >>> 4) & 0xF;
        return version == 8 || version == 4 ? ip : -1;
    }

    /** @return source address of the IP packet at {@code ip} (r = 0 for IPv4). */
    static long source(final DirectBuffer frame, final int ip)
    {
        return isV8(frame, ip) ? frame.getLong(ip + 12, ByteOrder.BIG_ENDIAN) :
            frame.getInt(ip + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    static long destination(final DirectBuffer frame, final int ip)
    {
        return isV8(frame, ip) ? frame.getLong(ip + 20, ByteOrder.BIG_ENDIAN) :
            frame.getInt(ip + 16, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    static boolean isV8(final DirectBuffer frame, final int ip)
    {
        return ((frame.getByte(ip) >>> 4) & 0xF) == 8;
    }

    static int headerLength(final DirectBuffer frame, final int ip)
    {
        return (frame.getByte(ip) & 0xF) << 2;
    }

    static int protocol(final DirectBuffer frame, final int ip)
    {
        return frame.getByte(ip + 9) & 0xFF;
    }

    static int ttl(final DirectBuffer frame, final int ip)
    {
        return frame.getByte(ip + 8) & 0xFF;
    }

    /** One short phrase for the debug log: "ipv8 17 64496.192.0.2.1 > 0.0.0.0.203.0.113.1" or "ethertype 0x0806". */
    static String describe(final DirectBuffer frame, final int offset, final int length)
    {
        final int ip = ipOffset(frame, offset, length);
        if (ip < 0)
        {
            return length >= ETHERNET_HEADER ?
                String.format("ethertype 0x%04x", frame.getShort(offset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF) :
                "runt";
        }
        return (isV8(frame, ip) ? "ipv8" : "ipv4") + " proto " + protocol(frame, ip) + " " +
            Ipv8Address.toString(source(frame, ip)) + " > " + Ipv8Address.toString(destination(frame, ip));
    }

    /**
     * An ICMPv8 echo request as an IPv8 packet (no L2 header: it enters the graph at ip8-lookup).
     *
     * @return the packet octets.
     */
    static byte[] echoRequest(final long source, final long destination, final int identifier, final int sequence,
        final int dataLength, final long sentNanos)
    {
        final int total = IPV8_HEADER + ICMP_HEADER + dataLength;
        final byte[] bytes = new byte[total];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        b.putByte(0, (byte)0x87);
        b.putShort(2, (short)total, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short)sequence, ByteOrder.BIG_ENDIAN);
        b.putByte(8, (byte)DEFAULT_TTL);
        b.putByte(9, (byte)PROTOCOL_ICMP);
        b.putLong(12, source, ByteOrder.BIG_ENDIAN);
        b.putLong(20, destination, ByteOrder.BIG_ENDIAN);
        b.putShort(10, (short)Checksum.compute(b, 0, IPV8_HEADER), ByteOrder.BIG_ENDIAN);
        final int icmp = IPV8_HEADER;
        b.putByte(icmp, (byte)ECHO_REQUEST);
        b.putShort(icmp + 4, (short)identifier, ByteOrder.BIG_ENDIAN);
        b.putShort(icmp + 6, (short)sequence, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < dataLength; i++)
        {
            bytes[icmp + ICMP_HEADER + i] = (byte)(i < 8 ? sentNanos >>> (56 - 8 * i) : 0x20 + i % 64);
        }
        b.putShort(icmp + 2, (short)Checksum.compute(b, icmp, ICMP_HEADER + dataLength), ByteOrder.BIG_ENDIAN);
        return bytes;
    }
}
