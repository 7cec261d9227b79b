package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Checksum;

/** Test packet builders and readers (L3 and Ethernet), independent of the code under test where it matters. */
final class Pkt
{
    static final long ETH_IPV8 = 0x8080;

    private Pkt()
    {
    }

    static byte[] hex(final String text)
    {
        final String s = text.replaceAll("\\s+", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    /** IPv8 packet: 28-octet header, checksum computed, then payload. */
    static byte[] ipv8(final long src, final long dst, final int ttl, final int protocol, final int flags, final byte[] payload)
    {
        final ByteBuffer b = header(0x87, 28, ttl, protocol, flags, payload);
        b.putLong(12, src);
        b.putLong(20, dst);
        return withChecksum(b, 28);
    }

    /** IPv4 packet: 20-octet header, checksum computed, then payload. */
    static byte[] ipv4(final int src, final int dst, final int ttl, final int protocol, final int flags, final byte[] payload)
    {
        final ByteBuffer b = header(0x45, 20, ttl, protocol, flags, payload);
        b.putInt(12, src);
        b.putInt(16, dst);
        return withChecksum(b, 20);
    }

    /**
     * The fields IPv4 and IPv8 keep at the same offsets (version/IHL, total length, flags, TTL, protocol) and the
     * payload behind a header of {@code headerLength} octets; the caller adds the addresses.
     */
    private static ByteBuffer header(
        final int versionIhl, final int headerLength, final int ttl, final int protocol, final int flags,
        final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put(0, (byte)versionIhl);
        b.putShort(2, (short)(headerLength + payload.length));
        b.putShort(6, (short)flags);
        b.put(8, (byte)ttl);
        b.put(9, (byte)protocol);
        b.put(headerLength, payload);
        return b;
    }

    private static byte[] withChecksum(final ByteBuffer b, final int headerLength)
    {
        final byte[] a = b.array();
        setChecksum(a, 0, headerLength, 10);
        return a;
    }

    /** UDP datagram with zero checksum. */
    static byte[] udp(final int srcPort, final int dstPort, final byte[] data)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.putShort(0, (short)srcPort).putShort(2, (short)dstPort).putShort(4, (short)(8 + data.length));
        b.put(8, data);
        return b.array();
    }

    static void setChecksum(final byte[] a, final int offset, final int length, final int field)
    {
        a[offset + field] = 0;
        a[offset + field + 1] = 0;
        final int c = Checksum.compute(new UnsafeBuffer(a), offset, length);
        a[offset + field] = (byte)(c >>> 8);
        a[offset + field + 1] = (byte)c;
    }

    static boolean checksumOk(final byte[] a, final int offset, final int length)
    {
        return Checksum.verify(new UnsafeBuffer(a), offset, length);
    }

    static byte[] ether(final long dst, final long src, final int type, final byte[] l3)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + l3.length);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short)type);
        b.put(14, l3);
        return b.array();
    }

    static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b.put(at + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    static long mac(final byte[] frame, final int at)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (frame[at + i] & 0xFF);
        }
        return m;
    }

    static int etherType(final byte[] frame)
    {
        return ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
    }

    static byte[] l3(final byte[] frame)
    {
        final byte[] out = new byte[frame.length - 14];
        System.arraycopy(frame, 14, out, 0, out.length);
        return out;
    }

    static byte[] arp8(final int op, final long sha, final long spa, final long tha, final long tpa)
    {
        final ByteBuffer b = arp(0x8080, 8, op, sha, tha);
        b.putLong(14, spa);
        b.putLong(28, tpa);
        return b.array();
    }

    static byte[] arp4(final int op, final long sha, final int spa, final long tha, final int tpa)
    {
        final ByteBuffer b = arp(0x0800, 4, op, sha, tha);
        b.putInt(14, spa);
        b.putInt(24, tpa);
        return b.array();
    }

    /**
     * An Ethernet ARP packet (hardware type 1, 6-octet MACs) for a protocol whose addresses are
     * {@code protocolLength} octets: fixed part, sender MAC at 8, target MAC at 14 + protocolLength; the caller
     * writes the protocol addresses (sender at 14, target at 20 + protocolLength).
     */
    private static ByteBuffer arp(
        final int protocolType, final int protocolLength, final int op, final long sha, final long tha)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + 2 * (6 + protocolLength));
        b.putShort(0, (short)1).putShort(2, (short)protocolType).put(4, (byte)6).put(5, (byte)protocolLength)
            .putShort(6, (short)op);
        putMac(b, 8, sha);
        putMac(b, 14 + protocolLength, tha);
        return b;
    }

    static int u8(final byte[] a, final int at)
    {
        return a[at] & 0xFF;
    }

    static int u16(final byte[] a, final int at)
    {
        return ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
    }

    static long u64(final byte[] a, final int at)
    {
        return ByteBuffer.wrap(a).getLong(at);
    }
}
