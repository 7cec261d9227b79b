package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec 3.3: downgrade 8 -> 4 in place, including options and ICMP errors quoting an IPv8 header. */
class DowngradeTest
{
    private static final String OFFENDING_TTL1 =
        "87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07 00 00 fb f0 c0 00 02 01 " +
        "08 00 f7 ef 00 07 00 09";
    private static final long ROUTER = 0x0000FBF0C00002FEL;

    @Test
    void plainDowngradeKeepsEveryFieldAndThePayload()
    {
        forAll(0xD6_0001L, g -> plainDowngradeKeepsEveryFieldAndThePayload(
            g.intIn("offset", 0, 9),
            RandomIpv8Packet.draw(g)));
    }

    private static void plainDowngradeKeepsEveryFieldAndThePayload(final int offset, final RandomIpv8Packet packet)
    {
        if (packet.protocol() == IpProtocols.ICMP)
        {
            return; // ICMP errors have their own test below
        }
        final int headerLength = packet.headerLength();
        final int totalLength = packet.totalLength();
        final byte[] payload = packet.payload();
        final UnsafeBuffer buffer = packet.write(offset);

        final int start = Downgrade.toIpv4InPlace(buffer, offset, L4PseudoHeader.IPV4_COMPATIBLE);
        assertEquals(offset + 8, start);
        final Ipv4Header ipv4 = new Ipv4Header().wrap(buffer, start, totalLength - 8);
        assertEquals(4, ipv4.version());
        assertEquals(packet.ihl() - 2, ipv4.ihl());
        assertEquals(packet.tos(), ipv4.tos());
        assertEquals(totalLength - 8, ipv4.totalLength());
        assertEquals(packet.identification(), ipv4.identification());
        assertEquals(packet.flagsAndFragment(), ipv4.flagsAndFragmentOffset());
        assertEquals(packet.ttl(), ipv4.ttl());
        assertEquals(packet.protocol(), ipv4.protocol());
        assertEquals(Ipv8Address.host(packet.source()), ipv4.source());
        assertEquals(Ipv8Address.host(packet.destination()), ipv4.destination());
        assertTrue(ipv4.verifyChecksum());
        final byte[] optionsAfter = new byte[headerLength - 28];
        buffer.getBytes(start + 20, optionsAfter);
        assertArrayEquals(java.util.Arrays.copyOf(packet.options(), headerLength - 28), optionsAfter);
        final byte[] payloadAfter = new byte[payload.length];
        buffer.getBytes(start + ipv4.headerLength(), payloadAfter);
        assertArrayEquals(payload, payloadAfter);
        // Structurally valid IPv4; only the (random) source may still be refused.
        final DropReason reason = new ReceiveValidator(WireProfile.DEFAULT).validateIpv4(buffer, start, totalLength - 8);
        assertTrue(reason == DropReason.NONE || reason.name().startsWith("SOURCE_"), reason.label());
    }

    /** Builds the expected IPv4 ICMP error independently: IPv4 flyweights quoting a hand-built IPv4 header. */
    private static byte[] expectedIpv4Error(final int type, final int code, final int rest, final int outerIhl)
    {
        final UnsafeBuffer quoted = new UnsafeBuffer(new byte[28]);
        new Ipv4Header().wrap(quoted, 0).writeHeader(0, 28, 0, 0, 1, IpProtocols.ICMP, 0xC6336407, 0xC0000201);
        quoted.putBytes(20, Hex.bytes("08 00 f7 ef 00 07 00 09"));

        final int outerHeaderLength = outerIhl * 4 - 8;
        final int total = outerHeaderLength + 8 + 28;
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[total]);
        final Ipv4Header outer = new Ipv4Header().wrap(expected, 0);
        outer.writeHeader(0, total, 0, 0, 64, IpProtocols.ICMP, 0xC00002FE, 0xC6336407);
        if (outerIhl > 7)
        {
            outer.ihl(outerIhl - 2);
            for (int i = 20; i < outerHeaderLength; i++)
            {
                expected.putByte(i, (byte)(i == outerHeaderLength - 1 ? 0 : 1)); // NOPs then EOL
            }
            outer.updateChecksum();
        }
        new IcmpMessage().wrap(expected, outerHeaderLength, 0).writeError(type, code, rest, quoted, 0, 28);
        return expected.byteArray();
    }

    private static UnsafeBuffer ipv8Error(final int type, final int code, final int rest, final int outerIhl)
    {
        final UnsafeBuffer offending = new UnsafeBuffer(Hex.bytes(OFFENDING_TTL1));
        final int headerLength = outerIhl * 4;
        final int total = headerLength + 8 + 36;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[total]);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 0);
        header.writeHeader(0, total, 0, 0, 64, IpProtocols.ICMP, ROUTER, 0x0000FBF1C6336407L);
        header.ihl(outerIhl);
        for (int i = 28; i < headerLength; i++)
        {
            buffer.putByte(i, (byte)(i == headerLength - 1 ? 0 : 1));
        }
        header.updateChecksum();
        new IcmpMessage().wrap(buffer, headerLength, 0).writeError(type, code, rest, offending, 0, 36);
        return buffer;
    }

    @Test
    void timeExceededErrorAndItsQuoteAreDowngraded()
    {
        final UnsafeBuffer buffer = ipv8Error(IcmpMessage.TYPE_TIME_EXCEEDED, 0, 0, 7);
        final int start = Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.IPV4_COMPATIBLE);
        assertEquals(16, start);
        final byte[] expected = expectedIpv4Error(IcmpMessage.TYPE_TIME_EXCEEDED, 0, 0, 7);
        assertEquals(Hex.of(expected), Hex.of(buffer, start, 72 - 16));
    }

    @Test
    void fragmentationNeededMtuShrinksByEight()
    {
        final UnsafeBuffer buffer = ipv8Error(IcmpMessage.TYPE_DESTINATION_UNREACHABLE,
            IcmpMessage.CODE_FRAGMENTATION_NEEDED, 1492, 7);
        final int start = Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.FULL64);
        final byte[] expected = expectedIpv4Error(IcmpMessage.TYPE_DESTINATION_UNREACHABLE,
            IcmpMessage.CODE_FRAGMENTATION_NEEDED, 1484, 7);
        assertEquals(Hex.of(expected), Hex.of(buffer, start, 72 - 16));
        assertEquals(1484, new IcmpMessage().wrap(buffer, start + 20, 36).nextHopMtu());
    }

    @Test
    void icmpErrorWithOuterOptionsMovesTheOptions()
    {
        for (int ihl = 8; ihl <= 15; ihl++)
        {
            final UnsafeBuffer buffer = ipv8Error(IcmpMessage.TYPE_PARAMETER_PROBLEM, 0, 20 << 24, ihl);
            final int length = buffer.capacity();
            final int start = Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.IPV4_COMPATIBLE);
            final byte[] expected = expectedIpv4Error(IcmpMessage.TYPE_PARAMETER_PROBLEM, 0, 20 << 24, ihl);
            assertEquals(Hex.of(expected), Hex.of(buffer, start, length - 16), "IHL " + ihl);
            final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
            assertEquals(DropReason.NONE, validator.validateIpv4(buffer, start, length - 16));
            assertEquals(DropReason.NONE, ReceiveValidator.validateIcmp(buffer, validator.l4Offset(), validator.l4Length()));
        }
    }

    @Test
    void echoIsNotAnErrorAndOnlyTheHeaderChanges()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[36 + 28]);
        new Ipv8Header().wrap(buffer, 0).writeHeader(0, 64, 0, 0, 64, IpProtocols.ICMP, ROUTER, 0x0000FBF1C6336407L);
        // Echo data that happens to look like an IPv8 header must stay untouched.
        new IcmpMessage().wrap(buffer, 28, 36).writeEchoHeader(IcmpMessage.TYPE_ECHO_REPLY, 7, 9);
        buffer.putBytes(36, Hex.bytes(OFFENDING_TTL1), 0, 28);
        new IcmpMessage().wrap(buffer, 28, 36).updateChecksum();
        final byte[] icmpBefore = new byte[36];
        buffer.getBytes(28, icmpBefore);
        assertEquals(8, Downgrade.toIpv4InPlace(buffer, 0, L4PseudoHeader.IPV4_COMPATIBLE));
        final byte[] icmpAfter = new byte[36];
        buffer.getBytes(28, icmpAfter);
        assertArrayEquals(icmpBefore, icmpAfter);
    }
}
