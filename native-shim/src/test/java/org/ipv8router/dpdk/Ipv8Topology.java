package org.ipv8router.dpdk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;

/**
 * The issue 3 example router for the DPDK tests, and IPv8 frames for it (built here byte by byte, with an
 * RFC 1071 checksum of its own, so the router's arithmetic is checked against an independent one).
 * <pre>
 *   p0 internal 64496.192.0.2.254/24   host H1 64496.192.0.2.1 (static neighbour)
 *   p1 external 203.0.113.1/30         upstream N 203.0.113.2 (static neighbour, IPv8 capable)
 *   route 64497.0.0.0.0/0 via 203.0.113.2
 * </pre>
 */
final class Ipv8Topology
{
    static final long P0_MAC = 0x02_00_5E_00_00_10L;
    static final long P1_MAC = 0x02_00_5E_00_00_11L;
    static final long H1_MAC = 0x02_00_00_00_01_01L;
    static final long N_MAC = 0x02_00_00_00_02_02L;
    static final long H1 = address(64496, 192, 0, 2, 1);
    static final long N = address(0, 203, 0, 113, 2);
    static final long FAR = address(64497, 198, 51, 100, 7);
    static final int IPV8_ETHERTYPE = 0x8080;

    private Ipv8Topology()
    {
    }

    static long address(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    /** The spec with explicit interface MACs (so every port kind rewrites the same source MAC). */
    static RouterSpec.Builder spec()
    {
        return spec(N_MAC);
    }

    /** {@link #spec()} with another MAC for the upstream N (e.g. a real veth's). */
    static RouterSpec.Builder spec(final long nMac)
    {
        return RouterSpec.builder()
            .localAsn(64496)
            .addInterface(new RouterSpec.Interface("p0", 0, P0_MAC, 0,
                List.of(new RouterSpec.Address(address(64496, 192, 0, 2, 254), 56)), RouterSpec.Role.INTERNAL,
                List.of(), List.of()))
            .addInterface(new RouterSpec.Interface("p1", 1, P1_MAC, 0,
                List.of(new RouterSpec.Address(address(0, 203, 0, 113, 1), 62)), RouterSpec.Role.EXTERNAL,
                List.of(), List.of()))
            .route(address(64497, 0, 0, 0, 0), 32, N)
            .neighbor(null, N, nMac, NeighborCapability.IPV8)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8);
    }

    /** An IPv8 UDP packet in an Ethernet frame from H1 to the router's p0 MAC. */
    static byte[] udpFrame(final long src, final long dst, final int ttl, final int payloadLength, final int seq)
    {
        final byte[] data = new byte[payloadLength];
        for (int k = 0; k < data.length; k++)
        {
            data[k] = (byte)(seq * 7 + k);
        }
        final ByteBuffer udp = ByteBuffer.allocate(8 + data.length).order(ByteOrder.BIG_ENDIAN);
        udp.putShort(0, (short)(40000 + (seq & 0xFFF))).putShort(2, (short)53).putShort(4, (short)(8 + data.length));
        udp.put(8, data);
        return ether(P0_MAC, H1_MAC, ipv8(src, dst, ttl, 17, udp.array()));
    }

    static byte[] ipv8(final long src, final long dst, final int ttl, final int protocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(28 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put(0, (byte)0x87);
        b.putShort(2, (short)(28 + payload.length));
        b.put(8, (byte)ttl);
        b.put(9, (byte)protocol);
        b.putLong(12, src);
        b.putLong(20, dst);
        b.put(28, payload);
        final byte[] a = b.array();
        final int sum = checksum(a, 0, 28);
        a[10] = (byte)(sum >>> 8);
        a[11] = (byte)sum;
        return a;
    }

    static byte[] ether(final long dst, final long src, final byte[] l3)
    {
        final byte[] frame = new byte[14 + l3.length];
        putMac(frame, 0, dst);
        putMac(frame, 6, src);
        frame[12] = (byte)(IPV8_ETHERTYPE >>> 8);
        frame[13] = (byte)IPV8_ETHERTYPE;
        System.arraycopy(l3, 0, frame, 14, l3.length);
        return frame;
    }

    static void putMac(final byte[] frame, final int at, final long mac)
    {
        for (int k = 0; k < 6; k++)
        {
            frame[at + k] = (byte)(mac >>> (40 - 8 * k));
        }
    }

    static long mac(final byte[] frame, final int at)
    {
        long mac = 0;
        for (int k = 0; k < 6; k++)
        {
            mac = (mac << 8) | (frame[at + k] & 0xFF);
        }
        return mac;
    }

    /** RFC 1071 ones' complement sum over [offset, offset + length), complemented. */
    static int checksum(final byte[] a, final int offset, final int length)
    {
        long sum = 0;
        for (int k = 0; k < length; k += 2)
        {
            sum += ((a[offset + k] & 0xFF) << 8) | (k + 1 < length ? a[offset + k + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    /** What the router must send on p1 for a frame from H1 routed to N: TTL - 1, checksum fixed, MACs rewritten. */
    static byte[] routedToN(final byte[] in)
    {
        final byte[] out = in.clone();
        putMac(out, 0, N_MAC);
        putMac(out, 6, P1_MAC);
        out[14 + 8] = (byte)((in[14 + 8] & 0xFF) - 1);
        out[14 + 10] = 0;
        out[14 + 11] = 0;
        final int sum = checksum(out, 14, 28);
        out[14 + 10] = (byte)(sum >>> 8);
        out[14 + 11] = (byte)sum;
        return out;
    }
}
