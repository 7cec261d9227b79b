package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every packet and frame test vector of spec 11.3 and 11.4, built byte for byte with the flyweights and
 * parsed back.
 */
class SpecVectorsTest
{
    private static final long SRC_64496 = 0x0000FBF0C0000201L;   // 64496.192.0.2.1
    private static final long DST_64497 = 0x0000FBF1C6336407L;   // 64497.198.51.100.7
    private static final long ROUTER_64496 = 0x0000FBF0C00002FEL; // 64496.192.0.2.254

    private static final String ECHO_REQUEST =
        "87 00 00 24 00 00 00 00 40 01 54 ba 00 00 fb f0 c0 00 02 01 00 00 fb f1 c6 33 64 07 " +
        "08 00 f7 fd 00 01 00 01";
    private static final String OFFENDING_TTL1 =
        "87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07 00 00 fb f0 c0 00 02 01 " +
        "08 00 f7 ef 00 07 00 09";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final Ipv8Header ipv8 = new Ipv8Header();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final IcmpMessage icmp = new IcmpMessage();
    private final UdpHeader udp = new UdpHeader();
    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();

    private static void assertBytes(final String expectedHex, final UnsafeBuffer buffer, final int offset, final int length)
    {
        assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(buffer, offset, length));
    }

    private int writeEchoRequest(final int offset)
    {
        ipv8.wrap(buffer, offset).writeHeader(0, 36, 0, 0, 64, IpProtocols.ICMP, SRC_64496, DST_64497);
        icmp.wrap(buffer, offset + 28, 8).writeEchoHeader(IcmpMessage.TYPE_ECHO_REQUEST, 1, 1).updateChecksum();
        return 36;
    }

    @Test
    void echoRequestBuiltByteForByte()
    {
        final int length = writeEchoRequest(0);
        assertBytes(ECHO_REQUEST, buffer, 0, length);
    }

    @Test
    void echoRequestParsesBack()
    {
        final UnsafeBuffer in = new UnsafeBuffer(Hex.bytes(ECHO_REQUEST));
        ipv8.wrap(in, 0);
        assertEquals(8, ipv8.version());
        assertEquals(7, ipv8.ihl());
        assertEquals(28, ipv8.headerLength());
        assertEquals(36, ipv8.totalLength());
        assertEquals(64, ipv8.ttl());
        assertEquals(IpProtocols.ICMP, ipv8.protocol());
        assertEquals(0x54ba, ipv8.checksum());
        assertEquals(0x54ba, ipv8.computeChecksum());
        assertTrue(ipv8.verifyChecksum());
        assertEquals(SRC_64496, ipv8.source());
        assertEquals(DST_64497, ipv8.destination());
        assertFalse(ipv8.dontFragment());
        icmp.wrap(in, 28, 8);
        assertEquals(IcmpMessage.TYPE_ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0xf7fd, icmp.checksum());
        assertEquals(1, icmp.identifier());
        assertEquals(1, icmp.sequence());
        assertTrue(icmp.verifyChecksum());
    }

    @Test
    void afterOneHopTtlAndIncrementalChecksum()
    {
        writeEchoRequest(0);
        assertEquals(63, ipv8.wrap(buffer, 0).decrementTtl());
        assertBytes(
            "87 00 00 24 00 00 00 00 3f 01 55 ba 00 00 fb f0 c0 00 02 01 00 00 fb f1 c6 33 64 07 08 00 f7 fd 00 01 00 01",
            buffer, 0, 36);
        assertEquals(ipv8.computeChecksum(), ipv8.checksum());
    }

    @Test
    void downgradedToIpv4()
    {
        writeEchoRequest(0);
        final int start = Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.IPV4_COMPATIBLE);
        assertEquals(8, start);
        assertBytes("45 00 00 1c 00 00 00 00 40 01 8e a5 c0 00 02 01 c6 33 64 07 08 00 f7 fd 00 01 00 01",
            buffer, start, 28);
        ipv4.wrap(buffer, start, 28);
        assertEquals(0x8ea5, ipv4.checksum());
        assertTrue(ipv4.verifyChecksum());
        assertEquals(0xC0000201, ipv4.source());
        assertEquals(0xC6336407, ipv4.destination());
    }

    @Test
    void ipv4HeaderBuiltForDowngradedForm()
    {
        ipv4.wrap(buffer, 0).writeHeader(0, 28, 0, 0, 64, IpProtocols.ICMP, 0xC0000201, 0xC6336407);
        assertBytes("45 00 00 1c 00 00 00 00 40 01 8e a5 c0 00 02 01 c6 33 64 07", buffer, 0, 20);
    }

    @Test
    void ipv8HeaderWithZeroRoutingPrefixes()
    {
        ipv8.wrap(buffer, 0).writeHeader(0, 36, 0, 0, 64, IpProtocols.ICMP,
            Ipv8Address.of(0, 0xC0000201), Ipv8Address.of(0, 0xC6336407));
        assertBytes("87 00 00 24 00 00 00 00 40 01 4c 9d 00 00 00 00 c0 00 02 01 00 00 00 00 c6 33 64 07",
            buffer, 0, 28);
    }

    @Test
    void udpWithBothPseudoHeaders()
    {
        final long source = 0x0000FBF00A000001L;      // 64496.10.0.0.1
        final long destination = 0x0000000008080808L; // 0.0.0.0.8.8.8.8
        ipv8.wrap(buffer, 0).writeHeader(0, 41, 0x1234, Ipv8Header.FLAG_DF, 64, IpProtocols.UDP, source, destination);
        udp.wrap(buffer, 28).writeHeader(40000, 53, 13);
        buffer.putBytes(36, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertBytes(
            "87 00 00 29 12 34 40 00 40 11 d0 8e 00 00 fb f0 0a 00 00 01 00 00 00 00 08 08 08 08 " +
            "9c 40 00 35 00 0d 00 00 68 65 6c 6c 6f", buffer, 0, 41);

        assertEquals(0x057c, udp.computeChecksumIpv4Compatible(source, destination));
        assertEquals(0x098b, udp.computeChecksumFull64(source, destination));

        udp.updateChecksum(source, destination, L4PseudoHeader.IPV4_COMPATIBLE);
        assertTrue(udp.verifyChecksum(source, destination, L4PseudoHeader.IPV4_COMPATIBLE));
        assertFalse(udp.verifyChecksum(source, destination, L4PseudoHeader.FULL64));
        assertEquals(DropReason.NONE, ReceiveValidator.validateUdp(buffer, 28, 13, source, destination,
            L4PseudoHeader.IPV4_COMPATIBLE));
        udp.updateChecksum(source, destination, L4PseudoHeader.FULL64);
        assertEquals(0x098b, udp.checksum());
        assertTrue(udp.verifyChecksum(source, destination, L4PseudoHeader.FULL64));
        assertEquals(DropReason.UDP_BAD_CHECKSUM, ReceiveValidator.validateUdp(buffer, 28, 13, source, destination,
            L4PseudoHeader.IPV4_COMPATIBLE));

        // Parse back.
        udp.wrap(buffer, 28, 13);
        assertEquals(40000, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(13, udp.udpLength());
        ipv8.wrap(buffer, 0);
        assertTrue(ipv8.dontFragment());
        assertEquals(0x1234, ipv8.identification());
        assertEquals(0xd08e, ipv8.checksum());
    }

    @Test
    void downgradeWithFull64FixesUdpChecksum()
    {
        final long source = 0x0000FBF00A000001L;
        final long destination = 0x0000000008080808L;
        ipv8.wrap(buffer, 0).writeHeader(0, 41, 0x1234, Ipv8Header.FLAG_DF, 64, IpProtocols.UDP, source, destination);
        udp.wrap(buffer, 28).writeHeader(40000, 53, 13);
        buffer.putBytes(36, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        udp.updateChecksum(source, destination, L4PseudoHeader.FULL64);
        assertEquals(0x098b, udp.checksum());

        final int start = Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.FULL64);
        assertEquals(0x057c, udp.wrap(buffer, 28, 13).checksum(), "r words removed: the IPv4-compatible value");
        assertTrue(ipv4.wrap(buffer, start, 33).verifyChecksum());
        assertEquals(33, ipv4.totalLength());
    }

    @Test
    void timeExceededAnswer()
    {
        final UnsafeBuffer offending = new UnsafeBuffer(Hex.bytes(OFFENDING_TTL1));
        assertTrue(ipv8.wrap(offending, 0).verifyChecksum());
        final int quote = IcmpMessage.errorQuoteLength(28, 36, 28, IcmpMessage.ERROR_MAX_DATAGRAM_LENGTH);
        assertEquals(36, quote);

        final int icmpLength = icmp.wrap(buffer, 28, 0).writeError(
            IcmpMessage.TYPE_TIME_EXCEEDED, IcmpMessage.CODE_TTL_EXCEEDED_IN_TRANSIT, 0, offending, 0, quote);
        assertEquals(44, icmpLength);
        ipv8.wrap(buffer, 0).writeHeader(0, 28 + icmpLength, 0, 0, 64, IpProtocols.ICMP,
            ROUTER_64496, ipv8Source(offending));
        assertBytes(
            "87 00 00 48 00 00 00 00 40 01 53 99 00 00 fb f0 c0 00 02 fe 00 00 fb f1 c6 33 64 07 " +
            "0b 00 f4 ff 00 00 00 00 87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07 " +
            "00 00 fb f0 c0 00 02 01 08 00 f7 ef 00 07 00 09", buffer, 0, 72);

        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        assertEquals(DropReason.NONE, validator.validateIpv8(buffer, 0, 72));
        assertEquals(DropReason.NONE, ReceiveValidator.validateIcmp(buffer, validator.l4Offset(), validator.l4Length()));
        icmp.wrap(buffer, 28, 44);
        assertTrue(icmp.isError());
        assertEquals(IcmpMessage.TYPE_TIME_EXCEEDED, icmp.type());
        assertEquals(0xf4ff, icmp.checksum());
    }

    private long ipv8Source(final UnsafeBuffer packet)
    {
        return new Ipv8Header().wrap(packet, 0).source();
    }

    @Test
    void fragmentationNeededIcmpPart()
    {
        final UnsafeBuffer offending = new UnsafeBuffer(Hex.bytes(OFFENDING_TTL1));
        final int length = icmp.wrap(buffer, 0, 0).writeError(IcmpMessage.TYPE_DESTINATION_UNREACHABLE,
            IcmpMessage.CODE_FRAGMENTATION_NEEDED, 1492, offending, 0, 36);
        assertEquals(44, length);
        assertBytes("03 04 f7 27 00 00 05 d4 " + OFFENDING_TTL1, buffer, 0, 44);
        icmp.wrap(buffer, 0, 44);
        assertEquals(1492, icmp.nextHopMtu());
        assertTrue(icmp.verifyChecksum());
    }

    @Test
    void eightToFourOuterHeader()
    {
        writeEchoRequest(20);
        final int length = EightToFour.encapsulate(buffer, 0, 36, 0xCB007101, 0xC6336401,
            IpProtocols.EIGHT_TO_FOUR_DEFAULT, 0);
        assertEquals(56, length);
        assertBytes("45 00 00 38 00 00 00 00 40 fd 13 93 cb 00 71 01 c6 33 64 01 " + ECHO_REQUEST, buffer, 0, 56);

        final EightToFour decap = new EightToFour(WireProfile.DEFAULT.eightToFourProtocol());
        assertEquals(DropReason.NONE, decap.decapsulate(buffer, 0, 56));
        assertEquals(20, decap.innerOffset());
        assertEquals(36, decap.innerLength());
        assertEquals(0xCB007101, decap.outerSource());
        assertEquals(0xC6336401, decap.outerDestination());
        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        assertEquals(DropReason.NONE, validator.validateIpv8(buffer, decap.innerOffset(), decap.innerLength()));
    }

    @Test
    void arp8RequestFrame()
    {
        final long mac = 0x020000000001L;
        final int l2 = ethernet.wrap(buffer, 0).writeHeader(EthernetFrame.BROADCAST_MAC, mac, EtherTypes.ARP);
        final int l3 = arp.wrap(buffer, l2).writeArp8Request(WireProfile.DEFAULT.ipv8EtherType(), mac,
            ROUTER_64496, 0x0000FBF0C000020AL);
        assertEquals(36, l3);
        assertBytes(
            "ff ff ff ff ff ff 02 00 00 00 00 01 08 06 " +
            "00 01 80 80 06 08 00 01 02 00 00 00 00 01 00 00 fb f0 c0 00 02 fe " +
            "00 00 00 00 00 00 00 00 fb f0 c0 00 02 0a", buffer, 0, l2 + l3);

        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        assertEquals(DropReason.NONE, validator.validateFrame(buffer, 0, EthernetFrame.MIN_FRAME_LENGTH));
        assertEquals(ReceiveValidator.KIND_ARP8, validator.kind());
        assertEquals(36, validator.l3Length());
        arp.wrap(buffer, validator.l3Offset(), validator.l3Length());
        assertTrue(arp.isArp8());
        assertEquals(ArpPacket.OPERATION_REQUEST, arp.operation());
        assertEquals(mac, arp.senderHardwareAddress());
        assertEquals(ROUTER_64496, arp.senderProtocolAddress());
        assertEquals(0L, arp.targetHardwareAddress());
        assertEquals(0x0000FBF0C000020AL, arp.targetProtocolAddress());
        assertFalse(arp.isGratuitous());
    }

    @Test
    void arp4ProbeFrame()
    {
        final long mac = 0x020000000001L;
        final int l2 = ethernet.wrap(buffer, 0).writeHeader(EthernetFrame.BROADCAST_MAC, mac, EtherTypes.ARP);
        final int l3 = arp.wrap(buffer, l2).writeArp4Request(mac, 0xC00002FE, 0xC000020A);
        assertEquals(28, l3);
        assertBytes(
            "ff ff ff ff ff ff 02 00 00 00 00 01 08 06 " +
            "00 01 08 00 06 04 00 01 02 00 00 00 00 01 c0 00 02 fe 00 00 00 00 00 00 c0 00 02 0a",
            buffer, 0, l2 + l3);

        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        assertEquals(DropReason.NONE, validator.validateFrame(buffer, 0, l2 + l3));
        assertEquals(ReceiveValidator.KIND_ARP4, validator.kind());
        arp.wrap(buffer, validator.l3Offset(), validator.l3Length());
        assertFalse(arp.isArp8());
        assertEquals(0x00000000C00002FEL, arp.senderProtocolAddress(), "ARP4 address comes back with r = 0");
        assertEquals(0x00000000C000020AL, arp.targetProtocolAddress());
    }

    @Test
    void echoRequestInFrameValidatesOnConfiguredEtherTypeAndOn0800()
    {
        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        final int l2 = ethernet.wrap(buffer, 0).writeHeader(0x020000000002L, 0x020000000001L, EtherTypes.IPV8_DEFAULT);
        writeEchoRequest(l2);
        // Padded to the Ethernet minimum: the L3 length must be trimmed to Total Length.
        assertEquals(DropReason.NONE, validator.validateFrame(buffer, 0, EthernetFrame.MIN_FRAME_LENGTH));
        assertEquals(ReceiveValidator.KIND_IPV8, validator.kind());
        assertEquals(14, validator.l3Offset());
        assertEquals(36, validator.l3Length());
        assertEquals(42, validator.l4Offset());
        assertEquals(8, validator.l4Length());

        ethernet.etherType(EtherTypes.IPV4);
        assertEquals(DropReason.NONE, validator.validateFrame(buffer, 0, 50));
        assertEquals(ReceiveValidator.KIND_IPV8, validator.kind());
        final ReceiveValidator strict = new ReceiveValidator(WireProfile.DEFAULT.withAcceptV8On0800(false));
        assertEquals(DropReason.V8_ON_0800_DISABLED, strict.validateFrame(buffer, 0, 50));
    }
}
