package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steps 2-6 of the receive validation (length, version, IHL, Total Length, checksum) are one check shared by IPv8
 * and IPv4 with each version's sizes: both versions, entered without L2 as the 8to4 inner packet is, give the same
 * reasons at their own boundaries (28/7 for IPv8, 20/5 for IPv4).
 */
class HeaderChecksStepsTest
{
    private final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);

    @Test
    void theSharedChecksReadFieldsBothVersionsKeepAtTheSameOffsets()
    {
        assertEquals(Ipv4Header.TOTAL_LENGTH_OFFSET, Ipv8Header.TOTAL_LENGTH_OFFSET);
        assertEquals(Ipv4Header.PROTOCOL_OFFSET, Ipv8Header.PROTOCOL_OFFSET);
        assertEquals(Ipv4Header.FLAGS_FRAGMENT_OFFSET, Ipv8Header.FLAGS_FRAGMENT_OFFSET);
    }

    @Test
    void ipv4TotalLengthBoundsAndTrim()
    {
        final byte[] frame = Frames.ipv4(0xC0000201, 0xC6336407);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final Ipv4Header header = new Ipv4Header().wrap(buffer, 14);
        header.totalLength(19).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_TOO_SMALL, validator.validateIpv4(buffer, 14, 28));
        header.totalLength(29).updateChecksum();
        assertEquals(DropReason.TOTAL_LENGTH_EXCEEDS_FRAME, validator.validateIpv4(buffer, 14, 28));
        header.totalLength(20).updateChecksum();
        assertEquals(DropReason.NONE, validator.validateIpv4(buffer, 14, 28));
        assertEquals(ReceiveValidator.KIND_IPV4, validator.kind());
        assertEquals(20, validator.l3Length(), "octets after Total Length are trimmed");
        assertEquals(20, validator.l3HeaderLength());
        assertEquals(14, validator.l3Offset());
    }

    @Test
    void eachVersionUsesItsOwnMinimumAndVersion()
    {
        final byte[] v8 = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        final UnsafeBuffer b8 = new UnsafeBuffer(v8);
        assertEquals(DropReason.PACKET_TRUNCATED, validator.validateIpv8(b8, 14, 27));
        assertEquals(ReceiveValidator.KIND_NONE, validator.kind());
        assertEquals(DropReason.BAD_VERSION, validator.validateIpv4(b8, 14, 28), "an IPv8 header is not IPv4");
        v8[14] = (byte)0x86;    // IHL 6: 24 octets, enough for IPv4, not for IPv8
        assertEquals(DropReason.BAD_IHL, validator.validateIpv8(b8, 14, v8.length - 14));

        final byte[] v4 = Frames.ipv4(0xC0000201, 0xC6336407);
        final UnsafeBuffer b4 = new UnsafeBuffer(v4);
        assertEquals(DropReason.PACKET_TRUNCATED, validator.validateIpv4(b4, 14, 19));
        assertEquals(DropReason.BAD_VERSION, validator.validateIpv8(b4, 14, 28), "an IPv4 header is not IPv8");
        v4[14] = 0x46;          // IHL 6: 24 octets, within the 28-octet packet, checksum now wrong
        assertEquals(DropReason.BAD_HEADER_CHECKSUM, validator.validateIpv4(b4, 14, 28));
        v4[14] = 0x48;          // IHL 8: 32 octets, beyond the 28 available
        assertEquals(DropReason.HEADER_EXCEEDS_FRAME, validator.validateIpv4(b4, 14, 28));
    }

    @Test
    void aFailedCheckLeavesNoKindBehind()
    {
        final byte[] v8 = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
        final UnsafeBuffer b8 = new UnsafeBuffer(v8);
        assertEquals(DropReason.NONE, validator.validateIpv8(b8, 14, v8.length - 14));
        assertEquals(ReceiveValidator.KIND_IPV8, validator.kind());
        v8[20] ^= 0x01;         // a header octet: the checksum no longer verifies
        assertEquals(DropReason.BAD_HEADER_CHECKSUM, validator.validateIpv8(b8, 14, v8.length - 14));
        assertEquals(ReceiveValidator.KIND_NONE, validator.kind());
    }
}
