package org.ipv8router.perf;

import java.nio.ByteOrder;
import java.util.Random;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.UdpHeader;
import org.ipv8router.wire.WireProfile;

/**
 * Realistic test frames for the codec and checksum benchmarks: minimum-size (60 octets without FCS) Ethernet frames
 * carrying an option-less IPv8 header and a UDP datagram with a correct checksum, each with its own source and
 * destination, laid out off-heap one per {@value #STRIDE} octets (two cache lines, as packet buffers are).
 * <pre>
 *   +0      +14                 +42      +50          +60
 *   | eth   | IPv8 header (28)  | UDP 8  | payload 10 |
 * </pre>
 * Sources and destinations are documentation-style unicast addresses (r = 64496..64511, foreign r up to 4200000000)
 * so that every frame passes receive validation.
 */
final class Frames
{
    static final int STRIDE = 128;
    static final int FRAME_LENGTH = EthernetFrame.MIN_FRAME_LENGTH;
    static final int L3_OFFSET = EthernetFrame.HEADER_LENGTH;
    static final int TOTAL_LENGTH = FRAME_LENGTH - EthernetFrame.HEADER_LENGTH;
    static final int UDP_LENGTH = TOTAL_LENGTH - Ipv8Header.MIN_HEADER_LENGTH;

    private Frames()
    {
    }

    /** A 64-byte aligned off-heap buffer for {@code count} frames. */
    static UnsafeBuffer allocate(final int count)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * STRIDE, 64));
    }

    static long randomSource(final Random rnd)
    {
        return Ipv8Address.of(64496 + rnd.nextInt(16), 0xC000_0200 | rnd.nextInt(254) + 1);
    }

    static long randomDestination(final Random rnd)
    {
        return Ipv8Address.of(1 + rnd.nextInt(2_000_000_000), (0x0A00_0000 | rnd.nextInt(1 << 24)));
    }

    /**
     * Writes {@code count} valid frames into {@code buffer} at {@code i * STRIDE}; the UDP checksum uses the
     * pseudo-header of {@code profile}.
     */
    static void fill(final UnsafeBuffer buffer, final int count, final Random rnd, final WireProfile profile)
    {
        final EthernetFrame eth = new EthernetFrame();
        final Ipv8Header ip = new Ipv8Header();
        for (int i = 0; i < count; i++)
        {
            final int base = i * STRIDE;
            eth.wrap(buffer, base, FRAME_LENGTH).destination(0x02_00_00_00_00_01L).source(0x02_00_00_00_00_02L + i);
            buffer.putShort(base + EthernetFrame.ETHER_TYPE_OFFSET, (short)profile.ipv8EtherType(), ByteOrder.BIG_ENDIAN);
            final long src = randomSource(rnd);
            final long dst = randomDestination(rnd);
            final int udp = base + L3_OFFSET + Ipv8Header.MIN_HEADER_LENGTH;
            buffer.putShort(udp + UdpHeader.SOURCE_PORT_OFFSET, (short)(1024 + rnd.nextInt(60000)), ByteOrder.BIG_ENDIAN);
            buffer.putShort(udp + UdpHeader.DESTINATION_PORT_OFFSET, (short)53, ByteOrder.BIG_ENDIAN);
            buffer.putShort(udp + UdpHeader.LENGTH_OFFSET, (short)UDP_LENGTH, ByteOrder.BIG_ENDIAN);
            buffer.putShort(udp + UdpHeader.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
            for (int p = udp + UdpHeader.HEADER_LENGTH; p < base + FRAME_LENGTH; p++)
            {
                buffer.putByte(p, (byte)rnd.nextInt());
            }
            final L4PseudoHeader mode = profile.l4PseudoHeader();
            int udpChecksum = Checksum.finish(mode.sum(src, dst, IpProtocols.UDP, UDP_LENGTH) +
                Checksum.sum(buffer, udp, UDP_LENGTH));
            if (udpChecksum == 0)
            {
                udpChecksum = 0xFFFF;
            }
            buffer.putShort(udp + UdpHeader.CHECKSUM_OFFSET, (short)udpChecksum, ByteOrder.BIG_ENDIAN);
            ip.wrap(buffer, base + L3_OFFSET, TOTAL_LENGTH)
                .writeHeader(0, TOTAL_LENGTH, rnd.nextInt(1 << 16), Ipv8Header.FLAG_DF, 2 + rnd.nextInt(250),
                    IpProtocols.UDP, src, dst);
        }
    }
}
