package org.ipv8router.dpdk;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.UdpHeader;

/**
 * The issue 3 example router, as a {@link RouterSpec} for stand-alone DPDK runs ({@link DpdkForwarder}
 * {@code --pipeline ipv8}, the forwarding benchmark) that have no config file, and the IPv8 frames it forwards.
 * <pre>
 *   p0 internal 64496.192.0.2.254/24   MAC 02:00:00:00:00:10   host H1 64496.192.0.2.1, MAC 02:00:00:00:01:01
 *   p1 external 203.0.113.1/30         MAC 02:00:00:00:00:11   upstream N 203.0.113.2, MAC 02:00:00:00:02:02
 *   route 64497.0.0.0.0/0 via 203.0.113.2; both neighbours static (no ARP8 on the benchmark path)
 * </pre>
 * Interface MACs are set, not taken from the ports, so frames built here reach the router on any PMD.
 */
public final class ExampleRouter
{
    public static final long P0_MAC = 0x02_00_00_00_00_10L;
    public static final long P1_MAC = 0x02_00_00_00_00_11L;
    public static final long H1_MAC = 0x02_00_00_00_01_01L;
    public static final long N_MAC = 0x02_00_00_00_02_02L;
    public static final long H1 = address(64496, 192, 0, 2, 1);
    public static final long N = address(0, 203, 0, 113, 2);
    /** IPv8 EtherType of the default wire profile. */
    public static final int IPV8_ETHERTYPE = 0x8080;
    /** Shortest Ethernet frame without FCS: 14 + 28 (IPv8) + 8 (UDP) + 10 octets of data. */
    public static final int MIN_FRAME_LENGTH = 60;

    private ExampleRouter()
    {
    }

    /** @return r.r.r.r.n.n.n.n as a 64-bit address (asn = r). */
    public static long address(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    /** @return the spec: p0 is port index 0, p1 port index 1. */
    public static RouterSpec spec()
    {
        return spec(true);
    }

    /** @param fastPath false builds the router without its fused fast path (same behaviour, every node runs). */
    public static RouterSpec spec(final boolean fastPath)
    {
        return RouterSpec.builder()
            .fastPath(fastPath)
            .localAsn(64496)
            .addInterface(new RouterSpec.Interface("p0", 0, P0_MAC, 0,
                List.of(new RouterSpec.Address(address(64496, 192, 0, 2, 254), 56)), RouterSpec.Role.INTERNAL,
                List.of(), List.of()))
            .addInterface(new RouterSpec.Interface("p1", 1, P1_MAC, 0,
                List.of(new RouterSpec.Address(address(0, 203, 0, 113, 1), 62)), RouterSpec.Role.EXTERNAL,
                List.of(), List.of()))
            .route(address(64497, 0, 0, 0, 0), 32, N)
            .neighbor(null, N, N_MAC, NeighborCapability.IPV8)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8)
            .build();
    }

    /**
     * A frame from H1 to p0 that the router forwards out of p1 to N: IPv8 UDP (checksum 0, as IPv4 allows)
     * from H1 to 64497.198.51.100.(seq mod 256), TTL 64, header checksum set.
     *
     * @param seq    varies the destination host and the UDP source port.
     * @param length frame length without FCS, at least {@link #MIN_FRAME_LENGTH}.
     * @return the frame.
     */
    public static byte[] forwardedFrame(final int seq, final int length)
    {
        if (length < MIN_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("frame length must be >= " + MIN_FRAME_LENGTH + ", got " + length);
        }
        final byte[] frame = new byte[length];
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        putMac(frame, 0, P0_MAC);
        putMac(frame, 6, H1_MAC);
        frame[12] = (byte)(IPV8_ETHERTYPE >>> 8);
        frame[13] = (byte)IPV8_ETHERTYPE;
        final int l3Length = length - 14;
        new Ipv8Header().wrap(buffer, 14, l3Length)
            .ihl(Ipv8Header.MIN_IHL)
            .totalLength(l3Length)
            .ttl(Ipv8Header.DEFAULT_TTL)
            .protocol(17)
            .source(H1)
            .destination(address(64497, 198, 51, 100, seq & 0xFF))
            .updateChecksum();
        new UdpHeader().wrap(buffer, 14 + Ipv8Header.MIN_HEADER_LENGTH, l3Length - Ipv8Header.MIN_HEADER_LENGTH)
            .sourcePort(40000 + (seq & 0xFFF))
            .destinationPort(9)
            .udpLength(l3Length - Ipv8Header.MIN_HEADER_LENGTH)
            .checksum(0);
        for (int k = 14 + Ipv8Header.MIN_HEADER_LENGTH + 8; k < length; k++)
        {
            frame[k] = (byte)(seq + k);
        }
        return frame;
    }

    private static void putMac(final byte[] frame, final int at, final long mac)
    {
        for (int k = 0; k < 6; k++)
        {
            frame[at + k] = (byte)(mac >>> (40 - 8 * k));
        }
    }
}
