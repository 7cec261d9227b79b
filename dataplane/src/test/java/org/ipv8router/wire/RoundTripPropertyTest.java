package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encode -> decode -> equal for every flyweight, with random field values, random 64-bit addresses and
 * random (also odd) buffer offsets; a second, fresh flyweight instance reads what the first one wrote.
 */
class RoundTripPropertyTest
{
    private static final int MAC_MAX = 0xFFFF;

    @Test
    void ipv8Header()
    {
        forAll(0x27_0001L, g -> ipv8Header(
            g.intIn("offset", 0, 17),
            g.intIn("ihl", 7, 15),
            g.intIn("tos", 0, 255),
            g.intIn("totalLength", 0, 0xFFFF),
            g.intIn("identification", 0, 0xFFFF),
            g.bool("df"),
            g.bool("mf"),
            g.intIn("fragmentOffset", 0, 0x1FFF),
            g.intIn("ttl", 0, 255),
            g.intIn("protocol", 0, 255),
            g.anyLong("source"),
            g.anyLong("destination")));
    }

    private static void ipv8Header(
        final int offset,
        final int ihl,
        final int tos,
        final int totalLength,
        final int identification,
        final boolean df,
        final boolean mf,
        final int fragmentOffset,
        final int ttl,
        final int protocol,
        final long source,
        final long destination)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 60]);
        new Ipv8Header().wrap(buffer, offset)
            .ihl(ihl).tos(tos).totalLength(totalLength).identification(identification)
            .dontFragment(df).moreFragments(mf).fragmentOffset(fragmentOffset)
            .ttl(ttl).protocol(protocol).source(source).destination(destination)
            .updateChecksum();

        final Ipv8Header read = new Ipv8Header().wrap(buffer, offset, 60);
        assertEquals(8, read.version());
        assertEquals(ihl, read.ihl());
        assertEquals(ihl * 4, read.headerLength());
        assertEquals(tos, read.tos());
        assertEquals(totalLength, read.totalLength());
        assertEquals(identification, read.identification());
        assertEquals(df, read.dontFragment());
        assertEquals(mf, read.moreFragments());
        assertEquals(fragmentOffset, read.fragmentOffset());
        assertEquals(ttl, read.ttl());
        assertEquals(protocol, read.protocol());
        assertEquals(source, read.source());
        assertEquals(destination, read.destination());
        assertEquals(Ipv8Address.routingPrefix(source), buffer.getInt(offset + 12, java.nio.ByteOrder.BIG_ENDIAN));
        assertEquals(Ipv8Address.host(destination), buffer.getInt(offset + 24, java.nio.ByteOrder.BIG_ENDIAN));
        assertTrue(read.verifyChecksum());
        assertEquals(Reference.checksumWithFieldZeroed(buffer, offset, ihl * 4, 10), read.checksum());
    }

    @Test
    void ipv4Header()
    {
        forAll(0x27_0002L, g -> ipv4Header(
            g.intIn("offset", 0, 17),
            g.intIn("ihl", 5, 15),
            g.intIn("tos", 0, 255),
            g.intIn("totalLength", 0, 0xFFFF),
            g.intIn("identification", 0, 0xFFFF),
            g.intIn("flagsAndFragment", 0, 0xFFFF),
            g.intIn("ttl", 0, 255),
            g.intIn("protocol", 0, 255),
            g.anyInt("source"),
            g.anyInt("destination")));
    }

    private static void ipv4Header(
        final int offset,
        final int ihl,
        final int tos,
        final int totalLength,
        final int identification,
        final int flagsAndFragment,
        final int ttl,
        final int protocol,
        final int source,
        final int destination)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 60]);
        new Ipv4Header().wrap(buffer, offset)
            .ihl(ihl).tos(tos).totalLength(totalLength).identification(identification)
            .flagsAndFragmentOffset(flagsAndFragment)
            .ttl(ttl).protocol(protocol).source(source).destination(destination)
            .updateChecksum();

        final Ipv4Header read = new Ipv4Header().wrap(buffer, offset, 60);
        assertEquals(4, read.version());
        assertEquals(ihl, read.ihl());
        assertEquals(tos, read.tos());
        assertEquals(totalLength, read.totalLength());
        assertEquals(identification, read.identification());
        assertEquals(flagsAndFragment, read.flagsAndFragmentOffset());
        assertEquals((flagsAndFragment & 0x4000) != 0, read.dontFragment());
        assertEquals((flagsAndFragment & 0x2000) != 0, read.moreFragments());
        assertEquals(flagsAndFragment & 0x1FFF, read.fragmentOffset());
        assertEquals(ttl, read.ttl());
        assertEquals(protocol, read.protocol());
        assertEquals(source, read.source());
        assertEquals(destination, read.destination());
        assertTrue(read.verifyChecksum());
        assertEquals(Reference.checksumWithFieldZeroed(buffer, offset, ihl * 4, 10), read.checksum());
    }

    @Test
    void arp8Packet()
    {
        forAll(0x27_0003L, g -> arp8Packet(
            g.intIn("offset", 0, 9),
            g.intIn("etherType", 0x0600, 0xFFFF),
            g.intIn("operation", 1, 2),
            g.longIn("senderMac", 0, 0xFFFF_FFFF_FFFFL),
            g.anyLong("senderAddress"),
            g.longIn("targetMac", 0, 0xFFFF_FFFF_FFFFL),
            g.anyLong("targetAddress")));
    }

    private static void arp8Packet(
        final int offset,
        final int etherType,
        final int operation,
        final long senderMac,
        final long senderAddress,
        final long targetMac,
        final long targetAddress)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 36]);
        assertEquals(36, new ArpPacket().wrap(buffer, offset)
            .writeArp8(etherType, operation, senderMac, senderAddress, targetMac, targetAddress));

        final ArpPacket read = new ArpPacket().wrap(buffer, offset, 36);
        assertEquals(1, read.hardwareType());
        assertEquals(etherType, read.protocolType());
        assertEquals(6, read.hardwareLength());
        assertEquals(8, read.protocolLength());
        assertTrue(read.isArp8());
        assertEquals(36, read.packetLength());
        assertEquals(operation, read.operation());
        assertEquals(senderMac, read.senderHardwareAddress());
        assertEquals(senderAddress, read.senderProtocolAddress());
        assertEquals(targetMac, read.targetHardwareAddress());
        assertEquals(targetAddress, read.targetProtocolAddress());
    }

    @Test
    void arp4Packet()
    {
        forAll(0x27_0004L, g -> arp4Packet(
            g.intIn("offset", 0, 9),
            g.intIn("operation", 1, 2),
            g.longIn("senderMac", 0, 0xFFFF_FFFF_FFFFL),
            g.anyInt("senderAddress"),
            g.longIn("targetMac", 0, 0xFFFF_FFFF_FFFFL),
            g.anyInt("targetAddress")));
    }

    private static void arp4Packet(
        final int offset,
        final int operation,
        final long senderMac,
        final int senderAddress,
        final long targetMac,
        final int targetAddress)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 28]);
        assertEquals(28, new ArpPacket().wrap(buffer, offset)
            .writeArp4(operation, senderMac, senderAddress, targetMac, targetAddress));

        final ArpPacket read = new ArpPacket().wrap(buffer, offset, 28);
        assertEquals(EtherTypes.IPV4, read.protocolType());
        assertFalse(read.isArp8());
        assertEquals(28, read.packetLength());
        assertEquals(operation, read.operation());
        assertEquals(senderMac, read.senderHardwareAddress());
        assertEquals(Ipv8Address.of(0, senderAddress), read.senderProtocolAddress());
        assertEquals(targetMac, read.targetHardwareAddress());
        assertEquals(Ipv8Address.of(0, targetAddress), read.targetProtocolAddress());
    }

    @Test
    void icmpMessage()
    {
        forAll(0x27_0005L, g -> icmpMessage(
            g.intIn("offset", 0, 9),
            g.intIn("type", 0, 255),
            g.intIn("code", 0, 255),
            g.intIn("identifier", 0, 0xFFFF),
            g.intIn("sequence", 0, 0xFFFF),
            g.bytes("data", 0, 100)));
    }

    private static void icmpMessage(
        final int offset,
        final int type,
        final int code,
        final int identifier,
        final int sequence,
        final byte[] data)
    {
        final int length = 8 + data.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + length]);
        final IcmpMessage write = new IcmpMessage().wrap(buffer, offset, length);
        write.type(type).code(code).checksum(0).identifier(identifier).sequence(sequence);
        buffer.putBytes(offset + 8, data);
        write.updateChecksum();

        final IcmpMessage read = new IcmpMessage().wrap(buffer, offset, length);
        assertEquals(type, read.type());
        assertEquals(code, read.code());
        assertEquals(identifier, read.identifier());
        assertEquals(sequence, read.sequence());
        assertEquals((identifier << 16) | sequence, read.rest());
        assertEquals(sequence, read.nextHopMtu(), "next-hop MTU shares the octets of the sequence");
        assertEquals(identifier >>> 8, read.pointer(), "pointer shares the first octet of the rest field");
        assertTrue(read.verifyChecksum());
        assertEquals(Reference.checksumWithFieldZeroed(buffer, offset, length, 2), read.checksum());
        assertEquals(DropReason.NONE, ReceiveValidator.validateIcmp(buffer, offset, length));
    }

    @Test
    void icmpRedirectGatewayAndMtu()
    {
        forAll(0x27_0006L, g -> icmpRedirectGatewayAndMtu(
            g.anyLong("gateway"),
            g.intIn("mtu", 0, 0xFFFF)));
    }

    private static void icmpRedirectGatewayAndMtu(
        final long gateway,
        final int mtu)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final IcmpMessage message = new IcmpMessage().wrap(buffer, 0, 16);
        message.type(IcmpMessage.TYPE_REDIRECT).code(IcmpMessage.CODE_REDIRECT_HOST).rest(0).nextHopMtu(mtu);
        buffer.putLong(IcmpMessage.REDIRECT_GATEWAY_OFFSET, gateway, java.nio.ByteOrder.BIG_ENDIAN);
        assertEquals(gateway, message.redirectGateway());
        assertEquals(mtu, message.nextHopMtu());
        assertTrue(message.isError());
    }

    @Test
    void udpHeader()
    {
        forAll(0x27_0007L, g -> udpHeader(
            g.intIn("offset", 0, 9),
            g.intIn("sourcePort", 0, 0xFFFF),
            g.intIn("destinationPort", 0, 0xFFFF),
            g.anyLong("source"),
            g.anyLong("destination"),
            g.oneOf("mode", L4PseudoHeader.values()),
            g.bytes("data", 0, 100)));
    }

    private static void udpHeader(
        final int offset,
        final int sourcePort,
        final int destinationPort,
        final long source,
        final long destination,
        final L4PseudoHeader mode,
        final byte[] data)
    {
        final int length = 8 + data.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + length]);
        final UdpHeader write = new UdpHeader().wrap(buffer, offset, length);
        write.writeHeader(sourcePort, destinationPort, length);
        buffer.putBytes(offset + 8, data);
        write.updateChecksum(source, destination, mode);

        final UdpHeader read = new UdpHeader().wrap(buffer, offset, length);
        assertEquals(sourcePort, read.sourcePort());
        assertEquals(destinationPort, read.destinationPort());
        assertEquals(length, read.udpLength());
        assertTrue(read.verifyChecksum(source, destination, mode));
        assertEquals(Reference.udpChecksum(buffer, offset, length, source, destination, mode), read.checksum());
        assertEquals(DropReason.NONE, ReceiveValidator.validateUdp(buffer, offset, length, source, destination, mode));
    }

    @Test
    void ethernetFrame()
    {
        forAll(0x27_0008L, g -> ethernetFrame(
            g.intIn("offset", 0, 9),
            g.longIn("destination", 0, 0xFFFF_FFFF_FFFFL),
            g.longIn("source", 0, 0xFFFF_FFFF_FFFFL),
            g.intIn("etherType", 0x0600, 0xFFFF),
            g.bool("tagged"),
            g.intIn("priority", 0, 7),
            g.intIn("vlanId", 0, 4095)));
    }

    private static void ethernetFrame(
        final int offset,
        final long destination,
        final long source,
        final int etherType,
        final boolean tagged,
        final int priority,
        final int vlanId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 64]);
        final EthernetFrame write = new EthernetFrame().wrap(buffer, offset, 64);
        final int headerLength = tagged ?
            write.writeVlanHeader(destination, source, EthernetFrame.tci(priority, vlanId), etherType) :
            write.writeHeader(destination, source, etherType);

        final EthernetFrame read = new EthernetFrame().wrap(buffer, offset, 64);
        assertEquals(destination, read.destination());
        assertEquals(source, read.source());
        final boolean hasVlan = tagged || etherType == EtherTypes.VLAN;
        assertEquals(hasVlan, read.hasVlan());
        assertEquals(headerLength, tagged ? 18 : 14);
        if (tagged)
        {
            assertEquals(etherType, read.etherType());
            assertEquals(vlanId, read.vlanId());
            assertEquals(priority, read.priority());
            assertEquals(18, read.payloadOffset());
            assertEquals(46, read.payloadLength());
        }
        else if (!hasVlan)
        {
            assertEquals(etherType, read.etherType());
            assertEquals(EthernetFrame.NO_VLAN, read.vlanId());
            assertEquals(14, read.payloadOffset());
        }
        assertEquals(destination, EthernetFrame.parseMac(EthernetFrame.formatMac(destination)));
    }

    @Test
    void profileEtherTypeDrivesArp8AndIpv8Demux()
    {
        forAll(0x27_0009L, g -> profileEtherTypeDrivesArp8AndIpv8Demux(
            g.intIn("etherType", 0x0600, 0xFFFF),
            g.anyLong("senderAddress"),
            g.anyLong("targetAddress")));
    }

    private static void profileEtherTypeDrivesArp8AndIpv8Demux(
        final int etherType,
        final long senderAddress,
        final long targetAddress)
    {
        if (etherType == EtherTypes.IPV4 || etherType == EtherTypes.ARP || etherType == EtherTypes.VLAN ||
            etherType == EtherTypes.QINQ || etherType == EtherTypes.IPV6)
        {
            return;
        }
        final WireProfile profile = WireProfile.DEFAULT.withIpv8EtherType(etherType);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[60]);
        final int l2 = new EthernetFrame().wrap(buffer, 0).writeHeader(EthernetFrame.BROADCAST_MAC, 0x020000000001L, EtherTypes.ARP);
        new ArpPacket().wrap(buffer, l2).writeArp8Request(profile.ipv8EtherType(), 0x020000000001L, senderAddress, targetAddress);
        final ReceiveValidator validator = new ReceiveValidator(profile);
        assertEquals(DropReason.NONE, validator.validateFrame(buffer, 0, 60));
        assertEquals(ReceiveValidator.KIND_ARP8, validator.kind());
    }
}
