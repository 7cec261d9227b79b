package org.ipv8router.wire;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

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

    @Property
    void ipv8Header(
        @ForAll @IntRange(min = 0, max = 17) final int offset,
        @ForAll @IntRange(min = 7, max = 15) final int ihl,
        @ForAll @IntRange(min = 0, max = 255) final int tos,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int totalLength,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int identification,
        @ForAll final boolean df,
        @ForAll final boolean mf,
        @ForAll @IntRange(min = 0, max = 0x1FFF) final int fragmentOffset,
        @ForAll @IntRange(min = 0, max = 255) final int ttl,
        @ForAll @IntRange(min = 0, max = 255) final int protocol,
        @ForAll final long source,
        @ForAll final long destination)
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

    @Property
    void ipv4Header(
        @ForAll @IntRange(min = 0, max = 17) final int offset,
        @ForAll @IntRange(min = 5, max = 15) final int ihl,
        @ForAll @IntRange(min = 0, max = 255) final int tos,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int totalLength,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int identification,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int flagsAndFragment,
        @ForAll @IntRange(min = 0, max = 255) final int ttl,
        @ForAll @IntRange(min = 0, max = 255) final int protocol,
        @ForAll final int source,
        @ForAll final int destination)
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

    @Property
    void arp8Packet(
        @ForAll @IntRange(min = 0, max = 9) final int offset,
        @ForAll @IntRange(min = 0x0600, max = 0xFFFF) final int etherType,
        @ForAll @IntRange(min = 1, max = 2) final int operation,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long senderMac,
        @ForAll final long senderAddress,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long targetMac,
        @ForAll final long targetAddress)
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

    @Property
    void arp4Packet(
        @ForAll @IntRange(min = 0, max = 9) final int offset,
        @ForAll @IntRange(min = 1, max = 2) final int operation,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long senderMac,
        @ForAll final int senderAddress,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long targetMac,
        @ForAll final int targetAddress)
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

    @Property
    void icmpMessage(
        @ForAll @IntRange(min = 0, max = 9) final int offset,
        @ForAll @IntRange(min = 0, max = 255) final int type,
        @ForAll @IntRange(min = 0, max = 255) final int code,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int identifier,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int sequence,
        @ForAll @Size(max = 100) final byte[] data)
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

    @Property
    void icmpRedirectGatewayAndMtu(@ForAll final long gateway, @ForAll @IntRange(min = 0, max = 0xFFFF) final int mtu)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final IcmpMessage message = new IcmpMessage().wrap(buffer, 0, 16);
        message.type(IcmpMessage.TYPE_REDIRECT).code(IcmpMessage.CODE_REDIRECT_HOST).rest(0).nextHopMtu(mtu);
        buffer.putLong(IcmpMessage.REDIRECT_GATEWAY_OFFSET, gateway, java.nio.ByteOrder.BIG_ENDIAN);
        assertEquals(gateway, message.redirectGateway());
        assertEquals(mtu, message.nextHopMtu());
        assertTrue(message.isError());
    }

    @Property
    void udpHeader(
        @ForAll @IntRange(min = 0, max = 9) final int offset,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int sourcePort,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int destinationPort,
        @ForAll final long source,
        @ForAll final long destination,
        @ForAll final L4PseudoHeader mode,
        @ForAll @Size(max = 100) final byte[] data)
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

    @Property
    void ethernetFrame(
        @ForAll @IntRange(min = 0, max = 9) final int offset,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long destination,
        @ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) final long source,
        @ForAll @IntRange(min = 0x0600, max = 0xFFFF) final int etherType,
        @ForAll final boolean tagged,
        @ForAll @IntRange(min = 0, max = 7) final int priority,
        @ForAll @IntRange(min = 0, max = 4095) final int vlanId)
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

    @Property
    void profileEtherTypeDrivesArp8AndIpv8Demux(
        @ForAll @IntRange(min = 0x0600, max = 0xFFFF) final int etherType,
        @ForAll final long senderAddress,
        @ForAll final long targetAddress)
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
