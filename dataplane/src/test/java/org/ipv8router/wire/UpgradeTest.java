package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec 3.4/3.5: upgrade 4 -> 8 in place is the exact inverse of the downgrade of a non-ICMP-error packet. */
class UpgradeTest
{
    @Test
    void upgradeUndoesDowngradeForEveryHeaderAndBothPseudoHeaderModes()
    {
        forAll(0xA9_0001L, g -> roundTrip(
            RandomIpv8Packet.draw(g),
            g.intIn("full64", 0, 1) == 1));
    }

    private static void roundTrip(final RandomIpv8Packet packet, final boolean full64)
    {
        if (packet.protocol() == IpProtocols.ICMP)
        {
            return; // ICMP errors are downgraded with their quote; the upgrade leaves quotes alone by design
        }
        final int headerLength = packet.headerLength();
        final int totalLength = packet.totalLength();
        final UnsafeBuffer buffer = packet.write(0);
        final byte[] original = new byte[totalLength];
        buffer.getBytes(0, original);

        final L4PseudoHeader mode = full64 ? L4PseudoHeader.FULL64 : L4PseudoHeader.IPV4_COMPATIBLE;
        final int start = Downgrade.toIpv4InPlace(buffer, 0, mode);
        assertEquals(Downgrade.SHRINK, start);
        assertEquals(4, (buffer.getByte(start) >>> 4) & 0xF);
        final boolean fits = headerLength - Downgrade.SHRINK <= Upgrade.MAX_IPV4_HEADER_LENGTH;
        assertTrue(fits, "every IPv8 header shrinks to an IPv4 header that can grow back");
        final int sourceR = (int)(packet.source() >>> 32);
        final int destinationR = (int)(packet.destination() >>> 32);
        assertTrue(Upgrade.toIpv8InPlace(buffer, 0, sourceR, destinationR, mode));
        final byte[] back = new byte[totalLength];
        buffer.getBytes(0, back);
        assertArrayEquals(original, back);
    }

    @Test
    void ipv4HeaderWithMoreThan32OctetsOfOptionsIsNotUpgraded()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 + 60]);
        buffer.putByte(8, (byte)0x4F); // IHL 15 = 60 octets: 68 would exceed the IPv8 maximum
        buffer.putShort(8 + 2, (short)60, java.nio.ByteOrder.BIG_ENDIAN);
        final byte[] before = buffer.byteArray().clone();
        assertFalse(Upgrade.toIpv8InPlace(buffer, 0, 1, 2, L4PseudoHeader.IPV4_COMPATIBLE));
        assertArrayEquals(before, buffer.byteArray(), "nothing written");
    }

    @Test
    void upgradedUdpChecksumVerifiesUnderTheFull64PseudoHeader()
    {
        // UDP 10.0.0.1:5000 -> 10.0.0.2:53 with a checksum over the IPv4 pseudo-header; after the upgrade with r
        // values and FULL64 the checksum must equal one computed from scratch over the 64-bit pseudo-header.
        final byte[] data = {1, 2, 3, 4, 5};
        final int udpLength = 8 + data.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 + 20 + udpLength]);
        final int v4 = 8;
        buffer.putByte(v4, (byte)0x45);
        buffer.putShort(v4 + 2, (short)(20 + udpLength), java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putByte(v4 + 8, (byte)64);
        buffer.putByte(v4 + 9, (byte)IpProtocols.UDP);
        buffer.putInt(v4 + 12, 0x0A000001, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(v4 + 16, 0x0A000002, java.nio.ByteOrder.BIG_ENDIAN);
        final int udp = v4 + 20;
        buffer.putShort(udp, (short)5000, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 2, (short)53, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 4, (short)udpLength, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putBytes(udp + 8, data);
        buffer.putShort(udp + 6, (short)udpChecksum(buffer, udp, udpLength, 0, 0x0A000001, 0, 0x0A000002),
            java.nio.ByteOrder.BIG_ENDIAN);
        assertTrue(Upgrade.toIpv8InPlace(buffer, 0, 64496, 64497, L4PseudoHeader.FULL64));
        final int expected = udpChecksum(buffer, udp, udpLength, 64496, 0x0A000001, 64497, 0x0A000002);
        assertEquals(expected, buffer.getShort(udp + 6, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF);
        assertTrue(Checksum.verify(buffer, 0, 28), "IPv8 header checksum");
    }

    /** UDP checksum over a pseudo-header with the r words (r = 0 gives the IPv4 pseudo-header's sum). */
    private static int udpChecksum(
        final UnsafeBuffer buffer, final int udp, final int udpLength, final int srcR, final int srcN, final int dstR,
        final int dstN)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[udpLength]);
        copy.putBytes(0, buffer, udp, udpLength);
        copy.putShort(6, (short)0, java.nio.ByteOrder.BIG_ENDIAN);
        final long sum = Checksum.sumWords32(srcR) + Checksum.sumWords32(srcN) + Checksum.sumWords32(dstR) +
            Checksum.sumWords32(dstN) + IpProtocols.UDP + udpLength + Checksum.sum(copy, 0, udpLength);
        final int c = Checksum.finish(sum);
        return c == 0 ? 0xFFFF : c;
    }
}
