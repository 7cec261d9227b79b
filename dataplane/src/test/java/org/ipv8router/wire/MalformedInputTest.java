package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind yields the right {@link DropReason}, and never an exception. */
class MalformedInputTest
{
    private final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);

    private DropReason validate(final byte[] frame)
    {
        return validator.validateFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    /** Copy of the first {@code length} octets in an exactly sized buffer: any over-read throws. */
    private DropReason validateTruncated(final byte[] frame, final int length)
    {
        final byte[] cut = java.util.Arrays.copyOf(frame, length);
        return validator.validateFrame(new UnsafeBuffer(cut), 0, length);
    }

    private static void rewriteIpv8Checksum(final byte[] frame, final int l3)
    {
        new Ipv8Header().wrap(new UnsafeBuffer(frame), l3).updateChecksum();
    }

    @Test
    void validFramesOfEveryKind()
    {
        assertEquals(DropReason.NONE, validate(Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST)));
        assertEquals(ReceiveValidator.KIND_IPV8, validator.kind());
        assertEquals(EthernetFrame.NO_VLAN, validator.vlanId());
        assertEquals(DropReason.NONE, validate(Frames.ipv8(EtherTypes.IPV8_DEFAULT, true, Frames.SRC, Frames.DST)));
        assertEquals(100, validator.vlanId());
        assertEquals(18, validator.l3Offset());
        assertEquals(DropReason.NONE, validate(Frames.ipv4(0xC0000201, 0xC6336407)));
        assertEquals(ReceiveValidator.KIND_IPV4, validator.kind());
        assertEquals(20, validator.l3HeaderLength());
        assertEquals(DropReason.NONE, validate(Frames.arp8(EtherTypes.IPV8_DEFAULT)));
        assertEquals(ReceiveValidator.KIND_ARP8, validator.kind());
        assertEquals(DropReason.NONE, validate(Frames.arp4()));
        assertEquals(ReceiveValidator.KIND_ARP4, validator.kind());
    }

    @Test
    void truncatedIpv8FrameAtEveryLength()
    {
        final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        for (int length = 0; length < frame.length; length++)
        {
            final DropReason expected = length < 14 ? DropReason.FRAME_TRUNCATED :
                length < 14 + 28 ? DropReason.PACKET_TRUNCATED : DropReason.TOTAL_LENGTH_EXCEEDS_FRAME;
            assertEquals(expected, validateTruncated(frame, length), "length " + length);
            assertEquals(ReceiveValidator.KIND_NONE, validator.kind());
        }
        assertEquals(DropReason.NONE, validateTruncated(frame, frame.length));
    }

    @Test
    void truncatedVlanFrameAtEveryLength()
    {
        final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, true, Frames.SRC, Frames.DST);
        for (int length = 0; length < frame.length; length++)
        {
            final DropReason expected = length < 18 ? DropReason.FRAME_TRUNCATED :
                length < 18 + 28 ? DropReason.PACKET_TRUNCATED : DropReason.TOTAL_LENGTH_EXCEEDS_FRAME;
            assertEquals(expected, validateTruncated(frame, length), "length " + length);
        }
    }

    @Test
    void truncatedIpv4FrameAtEveryLength()
    {
        final byte[] frame = Frames.ipv4(0xC0000201, 0xC6336407);
        for (int length = 0; length < frame.length; length++)
        {
            final DropReason expected = length < 14 ? DropReason.FRAME_TRUNCATED :
                length < 14 + 20 ? DropReason.PACKET_TRUNCATED : DropReason.TOTAL_LENGTH_EXCEEDS_FRAME;
            assertEquals(expected, validateTruncated(frame, length), "length " + length);
        }
    }

    @Test
    void truncatedArpFramesAtEveryLength()
    {
        final byte[] arp8 = Frames.arp8(EtherTypes.IPV8_DEFAULT);
        for (int length = 14; length < arp8.length; length++)
        {
            assertEquals(DropReason.ARP_TRUNCATED, validateTruncated(arp8, length), "ARP8 length " + length);
        }
        final byte[] arp4 = Frames.arp4();
        for (int length = 14; length < arp4.length; length++)
        {
            assertEquals(DropReason.ARP_TRUNCATED, validateTruncated(arp4, length), "ARP4 length " + length);
        }
    }

    @Test
    void badIhl()
    {
        for (int ihl = 0; ihl < 7; ihl++)
        {
            final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
            frame[14] = (byte)(0x80 | ihl);
            assertEquals(DropReason.BAD_IHL, validate(frame), "IHL " + ihl);
        }
        for (int ihl = 10; ihl <= 15; ihl++)
        {
            // 36-octet packet: IHL 10+ (40+ octets) cannot fit.
            final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
            frame[14] = (byte)(0x80 | ihl);
            assertEquals(DropReason.HEADER_EXCEEDS_FRAME, validate(frame), "IHL " + ihl);
        }
        final byte[] v4 = Frames.ipv4(0xC0000201, 0xC6336407);
        v4[14] = 0x44;
        assertEquals(DropReason.BAD_IHL, validate(v4));
    }

    @Test
    void badTotalLength()
    {
        final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 14);
        header.totalLength(27).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_TOO_SMALL, validate(frame));
        header.totalLength(0).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_TOO_SMALL, validate(frame));
        header.totalLength(37).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_EXCEEDS_FRAME, validate(frame));
        header.totalLength(0xFFFF).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_EXCEEDS_FRAME, validate(frame));
        header.totalLength(28).updateChecksum();
        assertEquals(DropReason.NONE, validate(frame), "a bare header is a valid packet");
        assertEquals(28, validator.l3Length(), "trailing octets trimmed as L2 padding");
    }

    @Test
    void everySingleBitFlipOutsideVersionIhlAndLengthIsABadChecksum()
    {
        final byte[] good = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        int checked = 0;
        for (int octet = 1; octet < 28; octet++)
        {
            if (octet == 2 || octet == 3)
            {
                continue; // Total Length: caught earlier as a length error
            }
            for (int bit = 0; bit < 8; bit++)
            {
                final byte[] frame = good.clone();
                frame[14 + octet] ^= (byte)(1 << bit);
                assertEquals(DropReason.BAD_HEADER_CHECKSUM, validate(frame), "octet " + octet + " bit " + bit);
                checked++;
            }
        }
        assertEquals(25 * 8, checked);
        final byte[] v4 = Frames.ipv4(0xC0000201, 0xC6336407);
        v4[14 + 8] = 1;
        assertEquals(DropReason.BAD_HEADER_CHECKSUM, validate(v4));
    }

    @Test
    void wrongVersion()
    {
        for (int version = 0; version < 16; version++)
        {
            if (version == 8)
            {
                continue;
            }
            final byte[] frame = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
            frame[14] = (byte)((version << 4) | 7);
            assertEquals(DropReason.BAD_VERSION, validate(frame), "version " + version + " on the IPv8 EtherType");
        }
        final byte[] v6On0800 = Frames.ipv4(0xC0000201, 0xC6336407);
        v6On0800[14] = 0x65;
        assertEquals(DropReason.BAD_VERSION, validate(v6On0800));
        final byte[] emptyOn0800 = java.util.Arrays.copyOf(Frames.ipv4(0xC0000201, 0xC6336407), 14);
        assertEquals(DropReason.PACKET_TRUNCATED, validate(emptyOn0800));
    }

    @Test
    void sourceChecks()
    {
        assertEquals(DropReason.SOURCE_MULTICAST, sourceCase(0xFFFF0001E0000005L)); // ff.ff.00.01 (OSPF8)
        assertEquals(DropReason.SOURCE_MULTICAST, sourceCase(0x00000000E0000001L)); // r = 0, n in 224/4
        assertEquals(DropReason.SOURCE_MULTICAST, sourceCase(0x0000FBF0EF000001L)); // AS-local multicast
        assertEquals(DropReason.SOURCE_BROADCAST, sourceCase(-1L));
        assertEquals(DropReason.SOURCE_BROADCAST, sourceCase(0xFFFFFFFF01020304L)); // r = ff.ff.ff.ff, any n
        assertEquals(DropReason.SOURCE_BROADCAST, sourceCase(0x00000000FFFFFFFFL)); // IPv4 limited broadcast
        assertEquals(DropReason.SOURCE_RESERVED, sourceCase(0xFFFFF00001020304L));
        assertEquals(DropReason.SOURCE_UNSPECIFIED, sourceCase(0L));
        assertEquals(DropReason.NONE, sourceCase(0x7F01000010000005L), "internal zone source is fine here");
        assertEquals(DropReason.NONE, sourceCase(0x00000000C0000201L), "r = 0 on a v8 header (A16)");

        final byte[] bootstrap = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, 0L, -1L, IpProtocols.UDP, 67);
        assertEquals(DropReason.NONE, validate(bootstrap), "all-zero source allowed for DHCP8 bootstrap");
        final byte[] notBootstrap = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, 0L, -1L, IpProtocols.UDP, 53);
        assertEquals(DropReason.SOURCE_UNSPECIFIED, validate(notBootstrap));

        assertEquals(DropReason.SOURCE_MULTICAST, validate(Frames.ipv4(0xE0000001, 0xC6336407)));
        assertEquals(DropReason.SOURCE_BROADCAST, validate(Frames.ipv4(0xFFFFFFFF, 0xC6336407)));
        assertEquals(DropReason.SOURCE_UNSPECIFIED, validate(Frames.ipv4(0, 0xC6336407)));
    }

    private DropReason sourceCase(final long source)
    {
        return validate(Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, source, Frames.DST));
    }

    @Test
    void l2Demux()
    {
        final byte[] ipv6 = Frames.ipv8(EtherTypes.IPV6, false, Frames.SRC, Frames.DST);
        assertEquals(DropReason.UNKNOWN_ETHERTYPE, validate(ipv6));
        final byte[] qinq = Frames.ipv8(EtherTypes.QINQ, false, Frames.SRC, Frames.DST);
        assertEquals(DropReason.UNKNOWN_ETHERTYPE, validate(qinq));
        final byte[] multicastSource = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        multicastSource[6] |= 1;
        assertEquals(DropReason.SOURCE_MAC_MULTICAST, validate(multicastSource));

        final ReceiveValidator on88b5 = new ReceiveValidator(WireProfile.DEFAULT.withIpv8EtherType(0x88B5));
        final byte[] frame88b5 = Frames.ipv8(0x88B5, true, Frames.SRC, Frames.DST);
        assertEquals(DropReason.NONE, on88b5.validateFrame(new UnsafeBuffer(frame88b5), 0, frame88b5.length));
        final byte[] frame8080 = Frames.ipv8(0x8080, false, Frames.SRC, Frames.DST);
        assertEquals(DropReason.UNKNOWN_ETHERTYPE, on88b5.validateFrame(new UnsafeBuffer(frame8080), 0, frame8080.length));
        final byte[] frame0888 = Frames.ipv8(0x0888, false, Frames.SRC, Frames.DST);
        final ReceiveValidator on0888 = new ReceiveValidator(WireProfile.DEFAULT.withIpv8EtherType(0x0888));
        assertEquals(DropReason.NONE, on0888.validateFrame(new UnsafeBuffer(frame0888), 0, frame0888.length));
    }

    @Test
    void badArpFields()
    {
        assertEquals(DropReason.ARP_BAD_HTYPE, arpCase(0, 6));
        assertEquals(DropReason.ARP_BAD_HLEN, arpCase(4, 8));
        assertEquals(DropReason.ARP_BAD_PTYPE, arpShort(2, 0x86DD));
        assertEquals(DropReason.ARP_BAD_PLEN, arpCase(5, 4), "PTYPE 0x8080 with PLEN 4");
        assertEquals(DropReason.ARP_BAD_OPERATION, arpShort(6, 3));
        assertEquals(DropReason.ARP_BAD_OPERATION, arpShort(6, 0));

        final byte[] arp4Plen8 = Frames.arp4();
        arp4Plen8[14 + 5] = 8;
        assertEquals(DropReason.ARP_BAD_PLEN, validate(arp4Plen8), "PTYPE 0x0800 with PLEN 8");

        final ReceiveValidator on88b5 = new ReceiveValidator(WireProfile.DEFAULT.withIpv8EtherType(0x88B5));
        final byte[] arp8Default = Frames.arp8(EtherTypes.IPV8_DEFAULT);
        assertEquals(DropReason.ARP_BAD_PTYPE, on88b5.validateFrame(new UnsafeBuffer(arp8Default), 0, arp8Default.length),
            "ARP8 PTYPE must be the configured IPv8 EtherType");
        final byte[] arp888b5 = Frames.arp8(0x88B5);
        assertEquals(DropReason.NONE, on88b5.validateFrame(new UnsafeBuffer(arp888b5), 0, arp888b5.length));
    }

    private DropReason arpCase(final int octet, final int value)
    {
        final byte[] frame = Frames.arp8(EtherTypes.IPV8_DEFAULT);
        frame[14 + octet] = (byte)value;
        return validate(frame);
    }

    private DropReason arpShort(final int octet, final int value)
    {
        final byte[] frame = Frames.arp8(EtherTypes.IPV8_DEFAULT);
        new UnsafeBuffer(frame).putShort(14 + octet, (short)value, ByteOrder.BIG_ENDIAN);
        return validate(frame);
    }

    @Test
    void truncatedAndBadIcmpAndUdp()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int length = 0; length < 8; length++)
        {
            assertEquals(DropReason.ICMP_TRUNCATED, ReceiveValidator.validateIcmp(buffer, 0, length));
            assertEquals(DropReason.UDP_TRUNCATED, ReceiveValidator.validateUdp(buffer, 0, length, 1L, 2L,
                L4PseudoHeader.IPV4_COMPATIBLE));
        }
        new IcmpMessage().wrap(buffer, 0, 8).writeEchoHeader(8, 1, 1).updateChecksum();
        assertEquals(DropReason.NONE, ReceiveValidator.validateIcmp(buffer, 0, 8));
        buffer.putByte(7, (byte)2);
        assertEquals(DropReason.ICMP_BAD_CHECKSUM, ReceiveValidator.validateIcmp(buffer, 0, 8));

        final UdpHeader udp = new UdpHeader().wrap(buffer, 0);
        udp.writeHeader(1, 2, 7);
        assertEquals(DropReason.UDP_BAD_LENGTH, ReceiveValidator.validateUdp(buffer, 0, 20, 1L, 2L, L4PseudoHeader.FULL64));
        udp.udpLength(21);
        assertEquals(DropReason.UDP_BAD_LENGTH, ReceiveValidator.validateUdp(buffer, 0, 20, 1L, 2L, L4PseudoHeader.FULL64));
        udp.udpLength(20);
        assertEquals(DropReason.NONE, ReceiveValidator.validateUdp(buffer, 0, 20, 1L, 2L, L4PseudoHeader.FULL64),
            "checksum 0 means none");
        udp.checksum(0x1234);
        assertEquals(DropReason.UDP_BAD_CHECKSUM, ReceiveValidator.validateUdp(buffer, 0, 20, 1L, 2L, L4PseudoHeader.FULL64));
    }

    @Test
    void badEightToFour()
    {
        final EightToFour decap = new EightToFour(253);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[56]);
        new Ipv8Header().wrap(buffer, 20).writeHeader(0, 36, 0, Ipv8Header.FLAG_DF, 64, 1, Frames.SRC, Frames.DST);
        assertEquals(56, EightToFour.encapsulate(buffer, 0, 36, 0xCB007101, 0xC6336401, 253, 7));
        final Ipv4Header outer = new Ipv4Header().wrap(buffer, 0);
        assertTrue(outer.dontFragment(), "outer DF copied from inner DF");
        assertEquals(DropReason.NONE, decap.decapsulate(buffer, 0, 56));

        for (int length = 0; length < 56; length++)
        {
            // Below 20 no outer header; from 20 on the outer Total Length (56) exceeds what arrived.
            assertEquals(DropReason.EIGHT_TO_FOUR_BAD_OUTER, decap.decapsulate(new UnsafeBuffer(java.util.Arrays.copyOf(buffer.byteArray(), length)),
                0, length), "length " + length);
        }
        assertEquals(DropReason.EIGHT_TO_FOUR_BAD_OUTER, new EightToFour(254).decapsulate(buffer, 0, 56), "other protocol");

        outer.moreFragments(true).updateChecksum();
        assertEquals(DropReason.EIGHT_TO_FOUR_FRAGMENTED, decap.decapsulate(buffer, 0, 56));
        outer.moreFragments(false).fragmentOffset(3).updateChecksum();
        assertEquals(DropReason.EIGHT_TO_FOUR_FRAGMENTED, decap.decapsulate(buffer, 0, 56));
        outer.fragmentOffset(0).updateChecksum();
        outer.ttl(1);
        assertEquals(DropReason.EIGHT_TO_FOUR_BAD_OUTER, decap.decapsulate(buffer, 0, 56), "bad outer checksum");
        outer.updateChecksum();

        buffer.putByte(20, (byte)0x47);
        assertEquals(DropReason.EIGHT_TO_FOUR_BAD_INNER, decap.decapsulate(buffer, 0, 56), "inner version 4");
        buffer.putByte(20, (byte)0x87);
        new Ipv8Header().wrap(buffer, 20).totalLength(35);
        assertEquals(DropReason.EIGHT_TO_FOUR_BAD_INNER, decap.decapsulate(buffer, 0, 56), "inner length != outer payload");
        outer.totalLength(20 + 20).updateChecksum();
        assertEquals(DropReason.EIGHT_TO_FOUR_BAD_INNER, decap.decapsulate(buffer, 0, 56), "inner shorter than 28");
    }

    /** Random bytes of any length never make the validator throw or read out of bounds. */
    @Test
    void randomBytesNeverThrow()
    {
        forAll(0x3A_0001L, 3000, g -> randomBytesNeverThrow(g.bytes("frame", 0, 120), g.intIn("variant", 0, 3)));
    }

    private void randomBytesNeverThrow(final byte[] frame, final int variant)
    {
        // Steer a share of the inputs past the L2 demux so the L3 checks see random data too.
        if (frame.length >= 14 && variant > 0)
        {
            final int type = variant == 1 ? EtherTypes.IPV8_DEFAULT : variant == 2 ? EtherTypes.IPV4 : EtherTypes.ARP;
            frame[6] &= (byte)0xFE;
            new UnsafeBuffer(frame).putShort(12, (short)type, ByteOrder.BIG_ENDIAN);
        }
        final DropReason reason = validator.validateFrame(new UnsafeBuffer(frame), 0, frame.length);
        assertNotNull(reason);
        if (reason == DropReason.NONE)
        {
            assertTrue(validator.l3Offset() + validator.l3Length() <= frame.length);
        }
        assertNotNull(new EightToFour(253).decapsulate(new UnsafeBuffer(frame), 0, frame.length));
    }

    @Test
    void dropReasonLabelsAreStableSnakeCaseAndUnique()
    {
        final Set<String> labels = new HashSet<>();
        for (final DropReason reason : DropReason.values())
        {
            assertTrue(reason.label().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), reason.label());
            assertEquals(reason.name().toLowerCase(java.util.Locale.ROOT), reason.label(), "label = lower-case name");
            assertTrue(labels.add(reason.label()), "duplicate " + reason.label());
            assertTrue(!reason.description().isBlank());
            assertEquals(reason, DropReason.fromLabel(reason.label()));
            assertEquals(reason, DropReason.fromOrdinal(reason.ordinal()));
        }
        assertEquals(DropReason.values().length, DropReason.count());
        assertEquals("none", DropReason.NONE.label());
        assertEquals("bad_header_checksum", DropReason.BAD_HEADER_CHECKSUM.label());
        assertTrue(DropReason.NONE.isValid());
    }

    @Test
    void wireProfileRejectsBadSettingsByName()
    {
        assertEquals(0x8080, WireProfile.DEFAULT.ipv8EtherType());
        assertTrue(WireProfile.DEFAULT.acceptV8On0800());
        assertEquals(L4PseudoHeader.IPV4_COMPATIBLE, WireProfile.DEFAULT.l4PseudoHeader());
        assertEquals(253, WireProfile.DEFAULT.eightToFourProtocol());
        assertEquals(0x88B5, WireProfile.DEFAULT.withIpv8EtherType(0x88B5).ipv8EtherType());
        assertEquals(0x0888, WireProfile.DEFAULT.withIpv8EtherType(0x0888).ipv8EtherType());

        final IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
            () -> WireProfile.DEFAULT.withIpv8EtherType(0x05DC));
        assertTrue(low.getMessage().contains("0x05DC"), low.getMessage());
        final IllegalArgumentException ipv4 = assertThrows(IllegalArgumentException.class,
            () -> WireProfile.DEFAULT.withIpv8EtherType(0x0800));
        assertTrue(ipv4.getMessage().contains("0x0800"), ipv4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WireProfile.DEFAULT.withIpv8EtherType(0x8100));
        assertThrows(IllegalArgumentException.class, () -> WireProfile.DEFAULT.withEightToFourProtocol(256));
        assertThrows(IllegalArgumentException.class, () -> WireProfile.DEFAULT.withEightToFourProtocol(17));
        assertThrows(IllegalArgumentException.class, () -> WireProfile.DEFAULT.withL4PseudoHeader(null));
        assertEquals(L4PseudoHeader.FULL64, L4PseudoHeader.fromConfigName("full64"));
        assertThrows(IllegalArgumentException.class, () -> L4PseudoHeader.fromConfigName("full-64"));
        assertEquals(WireProfile.DEFAULT, WireProfile.DEFAULT.withIpv8EtherType(0x88B5).withIpv8EtherType(0x8080));
    }

    @Test
    void macFormatAndParse()
    {
        assertEquals("02:00:00:00:00:01", EthernetFrame.formatMac(0x020000000001L));
        assertEquals(0xFFFFFFFFFFFFL, EthernetFrame.parseMac("FF:ff:ff:ff:ff:ff"));
        assertEquals(0x0A1B2C3D4E5FL, EthernetFrame.parseMac("0a-1b-2c-3d-4e-5f"));
        assertThrows(IllegalArgumentException.class, () -> EthernetFrame.parseMac("02:00:00:00:00"));
        assertThrows(IllegalArgumentException.class, () -> EthernetFrame.parseMac("02:00:00:00:00:0g"));
        assertThrows(IllegalArgumentException.class, () -> EthernetFrame.parseMac("02:00:00:00:00.01"));
        assertTrue(EthernetFrame.isMulticastMac(EthernetFrame.BROADCAST_MAC));
        assertTrue(!EthernetFrame.isMulticastMac(0x020000000001L));
    }
}
