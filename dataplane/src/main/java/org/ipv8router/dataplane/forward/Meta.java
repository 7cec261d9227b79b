package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Header;

/**
 * Per-packet metadata the forwarding nodes pass along in {@code PacketVector.aux}, and version-agnostic readers of
 * the L3 header (after ethernet-input the packet data starts at the IP header).
 * <pre>
 *   63      56 55      48 47                                            0
 *  +----------+----------+-----------------------------------------------+
 *  |  flags   | L2 hdr   |  stage value                                  |
 *  +----------+----------+-----------------------------------------------+
 *   flags:  DECAP (arrived 8to4-encapsulated), XLATE8 (route to the XLATE8 next hop), ENCAP (we encapsulated),
 *           CAP_IPV8 (neighbour proved IPv8), TTL_DECREMENTED (ip8-rewrite ran: icmp-error quotes the TTL as received)
 *   L2 hdr: length of the stripped Ethernet header (+ outer IPv4 after decap), so punt can restore the frame
 *   value:  lookup..neighbour: next-hop index | neighbour..l2-rewrite: neighbour MAC | icmp-error: error spec
 * </pre>
 * Packets the router originates (ICMP errors, ARP) carry {@link #LOCAL_INGRESS} as their ingress port: no TTL
 * decrement, no ingress filters.
 */
final class Meta
{
    static final long F_DECAP = 1L << 56;
    static final long F_XLATE8 = 1L << 57;
    static final long F_ENCAP = 1L << 58;
    static final long F_CAP_IPV8 = 1L << 59;
    static final long F_TTL_DECREMENTED = 1L << 60;
    static final long VALUE_MASK = (1L << 48) - 1;
    static final long L2_MASK = 0xFFL << 48;

    /** Ingress port of packets the router itself originates. */
    static final int LOCAL_INGRESS = 0x7FFF_FFFF;

    private Meta()
    {
    }

    static long value(final long aux)
    {
        return aux & VALUE_MASK;
    }

    static long withValue(final long aux, final long value)
    {
        return (aux & ~VALUE_MASK) | (value & VALUE_MASK);
    }

    static int l2Length(final long aux)
    {
        return (int)((aux >>> 48) & 0xFF);
    }

    static long withL2Length(final long aux, final int length)
    {
        return (aux & ~L2_MASK) | ((long)(length & 0xFF) << 48);
    }

    /** An ICMP error request for the icmp-error node: why the offending packet drops and what to answer. */
    static long icmpSpec(final long aux, final int dropReason, final int type, final int code, final int rest)
    {
        final long value = ((long)(dropReason & 0xFF) << 40) | ((long)(type & 0xFF) << 32) |
            ((long)(code & 0xFF) << 24) | (rest & 0xFF_FFFFL);
        return withValue(aux, value);
    }

    static int icmpReason(final long aux)
    {
        return (int)((aux >>> 40) & 0xFF);
    }

    static int icmpType(final long aux)
    {
        return (int)((aux >>> 32) & 0xFF);
    }

    static int icmpCode(final long aux)
    {
        return (int)((aux >>> 24) & 0xFF);
    }

    static int icmpRest(final long aux)
    {
        return (int)(aux & 0xFF_FFFF);
    }

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    // Readers at the absolute address of the L3 header (PacketVector.dataAddress(i)), for the nodes that only look
    // at fixed header fields: no flyweight re-wrap per packet per node. Only for packets ethernet-input validated
    // (or the router built), whose fixed header is known to be in the buffer.

    static int versionAt(final long l3)
    {
        return (UnsafeApi.getByte(l3) >>> 4) & 0xF;
    }

    static int ttlAt(final long l3)
    {
        return UnsafeApi.getByte(l3 + Ipv8Header.TTL_OFFSET) & 0xFF; // offset 8 in IPv4 too
    }

    /** 64-bit source at an L3 address; an IPv4 source is the r = 0 address. */
    static long sourceAt(final long l3)
    {
        return versionAt(l3) == Ipv8Header.VERSION ?
            bigEndianLong(l3 + Ipv8Header.SOURCE_OFFSET) : bigEndianInt(l3 + Ipv4Header.SOURCE_OFFSET) & 0xFFFF_FFFFL;
    }

    /** 64-bit destination at an L3 address; an IPv4 destination is the r = 0 address. */
    static long destinationAt(final long l3)
    {
        return versionAt(l3) == Ipv8Header.VERSION ?
            bigEndianLong(l3 + Ipv8Header.DESTINATION_OFFSET) :
            bigEndianInt(l3 + Ipv4Header.DESTINATION_OFFSET) & 0xFFFF_FFFFL;
    }

    private static long bigEndianLong(final long address)
    {
        final long value = UnsafeApi.getLong(address);
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    private static int bigEndianInt(final long address)
    {
        final int value = UnsafeApi.getInt(address);
        return NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    static int version(final DirectBuffer packet)
    {
        return (packet.getByte(0) >>> 4) & 0xF;
    }

    static int headerLength(final DirectBuffer packet)
    {
        return (packet.getByte(0) & 0xF) << 2;
    }

    /** 64-bit source; an IPv4 source is the r = 0 address. */
    static long source(final DirectBuffer packet)
    {
        return version(packet) == Ipv8Header.VERSION ?
            packet.getLong(Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN) :
            packet.getInt(Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** 64-bit destination; an IPv4 destination is the r = 0 address. */
    static long destination(final DirectBuffer packet)
    {
        return version(packet) == Ipv8Header.VERSION ?
            packet.getLong(Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN) :
            packet.getInt(Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    static int protocol(final DirectBuffer packet)
    {
        return packet.getByte(Ipv8Header.PROTOCOL_OFFSET) & 0xFF; // offset 9 in both versions
    }

    static int flagsAndFragment(final DirectBuffer packet)
    {
        return packet.getShort(Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF; // 6 in both
    }

    static int totalLength(final DirectBuffer packet)
    {
        return packet.getShort(Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF; // 2 in both
    }

    static int routingPrefix(final long address)
    {
        return (int)(address >>> 32);
    }

    /** r = 0 with n in 10/8, 172.16/12 or 192.168/16 (spec 19.5). */
    static boolean isRfc1918Ipv4(final long address)
    {
        if ((address >>> 32) != 0)
        {
            return false;
        }
        final int n = (int)address;
        return (n >>> 24) == 10 || (n >>> 20) == 0xAC1 || (n >>> 16) == 0xC0A8;
    }

    /** Cross-ASN protocol multicast ff.ff.00.01 - ff.ff.00.05 (spec 19.6). */
    static boolean isBorderMulticast(final long address)
    {
        final int r = (int)(address >>> 32);
        return r >= 0xFFFF_0001 && r <= 0xFFFF_0005;
    }
}
