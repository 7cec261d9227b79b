package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.RecordingHandler;
import org.junit.jupiter.api.Test;

/** The hex examples of bgp8-whois8.md 11.2 and 11.4. */
class SpecVectorTest
{
    static final String OPEN_57 =
        "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 39 01 04 fb f0 00 5a " +
        "c0 00 02 01 1c 02 1a 01 04 00 01 00 01 01 04 00 01 00 f1 02 00 41 04 00 " +
        "00 fb f0 ef 04 01 01 00 00";
    static final String UPDATE_79 =
        "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 4f 02 00 00 00 38 " +
        "40 01 01 00 40 02 06 02 01 00 00 fb f1 " +
        "80 0e 14 00 01 f1 08 00 00 fb f1 c0 00 02 02 00 30 00 00 fb f1 0a 00 " +
        "c0 ff 11 01 00 08 01 00 00 27 10 02 00 09 c6 33 64 01 01 bb";
    static final String WITHDRAW_36 =
        "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 24 02 00 00 00 0d " +
        "80 0f 0a 00 01 f1 30 00 00 fb f1 0a 00";
    static final String IPV4_58 =
        "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 3a 02 00 00 00 1f " +
        "40 01 01 00 40 02 06 02 01 00 00 fb f1 40 03 04 c0 00 02 02 " +
        "c0 ff 08 01 00 08 01 00 00 27 10 18 c6 33 64";

    private final WireProfile profile = WireProfile.DEFAULT;

    @Test
    void openEncodesExactlyAsTheSpecExample()
    {
        final OpenMessage open = OpenMessage.local(64496, 90, 0xC0000201, true, true, profile);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final int len = open.encode(b, 0, profile);
        assertEquals(57, len);
        assertEquals(OPEN_57.replace(" ", ""), Hex.of(b, len));
    }

    @Test
    void openDecodesTheSpecExample()
    {
        final UnsafeBuffer b = Hex.buffer(OPEN_57);
        assertNull(MessageHeader.validate(b, 0, 4096));
        final OpenMessage.Result r = OpenMessage.decode(b, 19, 57 - 19, profile);
        assertNull(r.error());
        final OpenMessage open = r.open();
        assertEquals(64496, open.asn());
        assertEquals(90, open.holdTime());
        assertEquals(0xC0000201, open.bgpId());
        assertTrue(open.supports(1, 1));
        assertTrue(open.supports(1, 241));
        assertTrue(open.routeRefresh());
        assertTrue(open.bgp8());
        assertEquals(1, open.bgp8CfVersion());
        assertEquals(1, open.bgp8Mechanisms());
    }

    @Test
    void openWithFourOctetAsUsesAsTrans()
    {
        final OpenMessage open = OpenMessage.local(4_200_000_000L, 90, 1, true, false, profile);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final int len = open.encode(b, 0, profile);
        final OpenMessage back = OpenMessage.decode(b, 19, len - 19, profile).open();
        assertEquals(Bgp.AS_TRANS, back.myAs());
        assertEquals(4_200_000_000L, back.asn());
        assertFalse(back.bgp8());
    }

    @Test
    void ipv8UpdateDecodesWithCostFactorAndEndpoint()
    {
        final UnsafeBuffer b = Hex.buffer(UPDATE_79);
        assertEquals(79, b.capacity());
        final UpdateDecoder d = new UpdateDecoder(profile, new AttributeInterner());
        d.configure(true, false, true, true);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, d.decode(b, 0, 79, h));
        assertEquals(List.of("64497.10.0.0.0/16"), h.announced);
        final PathAttributes a = h.attributes.get(0);
        assertEquals(10_000, a.costFactor());
        assertEquals(Prefixes.parse("0.0.251.241.192.0.2.2/64")[0], a.nextHop());
        assertArrayEquals(new long[] {(0xC6336401L << 16) | 443}, a.endpoints8to4());
        assertEquals(64497, a.originAs());
        assertEquals(Bgp.ORIGIN_IGP, a.origin());
    }

    @Test
    void ipv8WithdrawDecodes()
    {
        final UnsafeBuffer b = Hex.buffer(WITHDRAW_36);
        final UpdateDecoder d = new UpdateDecoder(profile, new AttributeInterner());
        d.configure(true, false, true, true);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, d.decode(b, 0, 36, h));
        assertEquals(List.of("64497.10.0.0.0/16"), h.withdrawn);
    }

    @Test
    void ipv4UpdateWithContainerDecodes()
    {
        final UnsafeBuffer b = Hex.buffer(IPV4_58);
        final UpdateDecoder d = new UpdateDecoder(profile, new AttributeInterner());
        d.configure(true, false, true, false);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, d.decode(b, 0, 58, h));
        assertEquals(List.of("198.51.100.0/24"), h.announced);
        assertEquals(0xC0000202L, h.attributes.get(0).nextHop());
        assertEquals(10_000, h.attributes.get(0).costFactor());
    }

    @Test
    void ipv8FamilyIgnoredWhenNotNegotiated()
    {
        final UnsafeBuffer b = Hex.buffer(UPDATE_79);
        final UpdateDecoder d = new UpdateDecoder(profile, new AttributeInterner());
        d.configure(true, false, true, false);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, d.decode(b, 0, 79, h));
        assertTrue(h.announced.isEmpty());
    }

    @Test
    void nlriVectorsOfSection11_2RoundTrip()
    {
        final String[][] cases = {
            {"64496.0.0.0.0/0", "2000 00fb f0"},
            {"64497.10.0.0.0/8", "28 0000fbf1 0a"},
            {"64497.10.0.0.0/16", "30 0000fbf1 0a00"},
            {"64497.10.1.2.0/24", "38 0000fbf1 0a0102"},
        };
        final UpdateEncoder enc = new UpdateEncoder(profile);
        for (final String[] c : cases)
        {
            final long[] p = Prefixes.parse(c[0]);
            final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
            enc.withdraw(b, 0, true, new long[] {p[0]}, new byte[] {(byte)p[1]}, 0, 1);
            final String hex = Hex.of(b, enc.lastLength());
            final String nlri = c[1].replace(" ", "");
            assertTrue(hex.endsWith(nlri), c[0] + " encoded as " + hex + ", expected NLRI " + nlri);
        }
    }

    @Test
    void keepaliveIsNineteenOctets()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        assertEquals(19, MessageHeader.writeKeepalive(b, 0));
        assertEquals("ffffffffffffffffffffffffffffffff001304", Hex.of(b, 19));
    }
}
