package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.UdpHeader;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Test;

class FrameFactoryTest
{
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameSizes.MAX_JUMBO_SIZE));
    private final Probe probe = new Probe();

    private static TrafficProfile profile(final String sizes, final int ipv4Share, final int streams)
    {
        final FlowSet flows = new FlowSet(ValueRange.parseAsn("a", "64496-64499"), ValueRange.parseHost("b",
            "10.0.0.1-10.0.0.3"), ValueRange.parseAsn("c", "4200000000-4200000001"), ValueRange.parseHost("d",
            "198.51.100.1-198.51.100.7"));
        return TrafficProfile.defaults().withFlows(flows).withSizes(FrameSizes.parse(sizes, true))
            .withIpv4Percent(ipv4Share).withStreams(streams);
    }

    /**
     * Checks one frame with the router's receive validation and an independent UDP checksum; returns the
     * validator kind.
     */
    private int validate(final int length, final int expectedSize, final L4PseudoHeader mode, final long timestamp)
    {
        assertEquals(expectedSize - FrameSizes.FCS_LENGTH, length, "frame length = size - FCS");
        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT.withL4PseudoHeader(mode));
        assertEquals(DropReason.NONE, validator.validateFrame(frame, 0, length), "size " + expectedSize);
        assertEquals(length - 14, validator.l3Length(), "no padding: IP total length fills the frame");
        final boolean v4 = validator.kind() == ReceiveValidator.KIND_IPV4;
        final long src;
        final long dst;
        final int udp;
        if (v4)
        {
            final Ipv4Header ip = new Ipv4Header().wrap(frame, 14, length - 14);
            assertTrue(ip.verifyChecksum());
            assertTrue(ip.dontFragment());
            src = ip.source() & 0xFFFF_FFFFL;
            dst = ip.destination() & 0xFFFF_FFFFL;
            udp = 14 + ip.headerLength();
            assertEquals(EtherTypes.IPV4, frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        else
        {
            final Ipv8Header ip = new Ipv8Header().wrap(frame, 14, length - 14);
            assertTrue(ip.verifyChecksum());
            assertEquals(Ipv8Header.FIRST_OCTET_NO_OPTIONS, frame.getByte(14) & 0xFF);
            src = ip.source();
            dst = ip.destination();
            udp = 14 + ip.headerLength();
            assertEquals(EtherTypes.IPV8_DEFAULT, frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        final int udpLength = length - udp;
        final L4PseudoHeader udpMode = v4 ? L4PseudoHeader.IPV4_COMPATIBLE : mode;
        assertEquals(DropReason.NONE, ReceiveValidator.validateUdp(frame, udp, udpLength, src, dst, udpMode),
            "UDP checksum of a " + expectedSize + "-octet " + (v4 ? "IPv4" : "IPv8") + " frame");
        final UdpHeader header = new UdpHeader().wrap(frame, udp, udpLength);
        assertEquals(udpLength, header.udpLength());
        assertEquals(header.computeChecksum(src, dst, udpMode), header.checksum(), "checksum equals a full compute");
        final int kind = probe.read(frame, udp + 8, udpLength - 8);
        assertEquals(!v4 && expectedSize < FrameFactory.MIN_LONG_PROBE_IPV8_SIZE ? Probe.SHORT : Probe.LONG, kind);
        assertEquals(kind == Probe.SHORT ? timestamp & 0xFFFF_FFFFL : timestamp, probe.timestamp());
        return validator.kind();
    }

    @Test
    void everySizeFrom64To1518IsAValidIpv8AndIpv4Frame()
    {
        final StringJoiner all = new StringJoiner(",");
        for (int size = FrameSizes.MIN_SIZE; size <= FrameSizes.MAX_SIZE; size++)
        {
            all.add(Integer.toString(size));
        }
        // Share 50 %: frame k is IPv4 exactly when k is odd; 1455 sizes is odd, so 2910 frames cover every
        // (size, version) pair once.
        final FrameFactory factory = new FrameFactory(profile(all.toString(), 50, 1));
        final Set<String> covered = new HashSet<>();
        long timestamp = 0x0123_4567_89AB_CDEFL;
        for (int k = 0; k < 2910; k++)
        {
            final int size = FrameSizes.MIN_SIZE + k % 1455;
            final int length = factory.write(frame, 0, timestamp);
            final int kind = validate(length, size, L4PseudoHeader.IPV4_COMPATIBLE, timestamp);
            assertEquals(k % 2 == 1 ? ReceiveValidator.KIND_IPV4 : ReceiveValidator.KIND_IPV8, kind, "frame " + k);
            assertEquals(k, probe.sequence(), "sequence numbers count up in the one stream");
            covered.add(size + "/" + kind);
            timestamp += 0x1_0000_FFFFL;
        }
        assertEquals(2910, covered.size());
    }

    @Test
    void full64PseudoHeaderAndJumboFramesValidate()
    {
        final FrameFactory factory = new FrameFactory(profile("64,70,1518,9018", 25, 1)
            .withPseudoHeader(L4PseudoHeader.FULL64));
        final int[] sizes = {64, 70, 1518, 9018};
        for (int k = 0; k < 400; k++)
        {
            final int length = factory.write(frame, 0, 1_000_000L * k + 7);
            validate(length, sizes[k % 4], L4PseudoHeader.FULL64, 1_000_000L * k + 7);
        }
    }

    @Test
    void imixIsSevenFourOneAndTheIpv4ShareIsExactPerHundred()
    {
        final FrameFactory factory = new FrameFactory(profile("imix", 10, 1));
        assertEquals(300, factory.scheduleLength());
        int small = 0;
        int medium = 0;
        int large = 0;
        int ipv4InBlock = 0;
        for (int k = 0; k < 1200; k++)
        {
            final int length = factory.write(frame, 0, k);
            final int size = length + FrameSizes.FCS_LENGTH;
            final int kind = validate(length, size, L4PseudoHeader.IPV4_COMPATIBLE, k);
            switch (size)
            {
                case 64 -> small++;
                case 594 -> medium++;
                case 1518 -> large++;
                default -> throw new AssertionError("IMIX produced a " + size + "-octet frame");
            }
            ipv4InBlock += kind == ReceiveValidator.KIND_IPV4 ? 1 : 0;
            if (k % 100 == 99)
            {
                assertEquals(10, ipv4InBlock, "IPv4 frames in frames " + (k - 99) + ".." + k);
                ipv4InBlock = 0;
            }
        }
        assertEquals(700, small);
        assertEquals(400, medium);
        assertEquals(100, large);
        assertEquals(4342.0 / 12, new FrameFactory(profile("imix", 0, 1)).profile().sizes().meanSize(), 1e-3);
    }

    @Test
    void framesWalkTheFlowsAndCountInStreamFlowModN()
    {
        final TrafficProfile profile = profile("128", 0, 3);
        final FlowSet flows = profile.flows();
        final FrameFactory factory = new FrameFactory(profile);
        final long[] expectedSequence = new long[3];
        final long total = flows.count() * 2 + 5;
        for (long k = 0; k < total; k++)
        {
            final long flow = k % flows.count();
            factory.write(frame, 0, k);
            final Ipv8Header ip = new Ipv8Header().wrap(frame, 14);
            assertEquals(flows.source(flow), ip.source(), "source of frame " + k);
            assertEquals(flows.destination(flow), ip.destination(), "destination of frame " + k);
            probe.read(frame, 14 + 28 + 8, 128 - 4 - 50);
            final int stream = (int)(flow % 3);
            assertEquals(stream, probe.stream(), "stream of frame " + k);
            assertEquals(expectedSequence[stream]++, probe.sequence(), "sequence of frame " + k);
        }
        assertEquals(expectedSequence[0], factory.sentInStream(0));
        assertEquals(total, factory.frames());
        // Taking back the newest frame of a stream works only for that frame.
        assertFalse(factory.unsend(1, 0));
        assertTrue(factory.unsend(factory.lastStream(), factory.lastSequence()));
        assertEquals(total - 1, factory.frames());
        assertTrue(Ipv8Address.asn(flows.destination(flows.count() - 1)) > 0xFFFF_FFFFL / 2,
            "32-bit ASNs are written unsigned");
    }

    @Test
    void shortProbeRefusesMoreThan256Streams()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> profile("64", 0, 257));
        assertTrue(ex.getMessage().contains("--streams"));
        profile("70", 0, 65536);
        profile("64", 100, 65536);
    }
}
