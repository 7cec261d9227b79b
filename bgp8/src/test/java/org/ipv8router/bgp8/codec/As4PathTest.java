package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.RecordingHandler;
import org.junit.jupiter.api.Test;

/** RFC 6793 sections 4.2.2 (sending to a 2-octet speaker) and 4.2.3 (AS path reconstruction from AS4_PATH). */
class As4PathTest
{
    private static final int SEQ = Bgp.AS_SEQUENCE;
    private static final int SET = Bgp.AS_SET;
    private static final int T = Bgp.AS_TRANS;
    private static final int BIG1 = (int)4_200_000_001L;
    private static final int BIG2 = (int)4_200_000_002L;
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    @Test
    void mergeKeepsTheLeadingOldSpeakerAsesAndAppendsAs4Path()
    {
        // 65001 (OLD) received it from two NEW 4-octet ASes.
        assertArrayEquals(new int[] {SEQ, 3, 65001, BIG1, BIG2},
            As4Path.merge(new int[] {SEQ, 3, 65001, T, T}, new int[] {SEQ, 2, BIG1, BIG2}));
        // A sequence is cut in the middle: only the first AS of AS_PATH is new information.
        assertArrayEquals(new int[] {SEQ, 4, 65001, 65002, BIG1, BIG2},
            As4Path.merge(new int[] {SEQ, 4, 65001, 65002, T, T}, new int[] {SEQ, 3, 65002, BIG1, BIG2}));
        // Identical counts: AS4_PATH is the whole path.
        assertArrayEquals(new int[] {SEQ, 2, BIG1, BIG2},
            As4Path.merge(new int[] {SEQ, 2, T, T}, new int[] {SEQ, 2, BIG1, BIG2}));
    }

    @Test
    void mergeCountsAnAsSetAsOneAndKeepsItWhole()
    {
        assertArrayEquals(new int[] {SEQ, 1, 65001, SET, 2, 65002, 65003, SEQ, 1, BIG1},
            As4Path.merge(new int[] {SEQ, 1, 65001, SET, 2, 65002, 65003, SEQ, 1, T}, new int[] {SEQ, 1, BIG1}));
        assertEquals(3, As4Path.count(new int[] {SEQ, 1, 65001, SET, 2, 65002, 65003, SEQ, 1, T}));
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored()
    {
        final int[] asPath = {SEQ, 1, T};
        assertSame(asPath, As4Path.merge(asPath, new int[] {SEQ, 2, BIG1, BIG2}));
    }

    @Test
    void sendingToAnOldSpeakerWritesAsTransAndAs4PathAndDecodesBack()
    {
        final PathAttributes a = new PathAttributes(Bgp.ORIGIN_IGP, new int[] {SEQ, 3, 65010, BIG1, BIG2},
            0xC0000202L, PathAttributes.ABSENT, PathAttributes.ABSENT, true, 4_200_000_009L, 0x0A000009, null,
            PathAttributes.ABSENT, false, null, null);
        final UnsafeBuffer b = encode(a);
        final String wire = Hex.of(b, b.capacity());
        assertTrue(wire.contains("4002080203fdf25ba05ba0"), "AS_PATH 2-octet: 65010, AS_TRANS, AS_TRANS: " + wire);
        assertTrue(wire.contains("c0110e020300" + "00fdf2" + "fa56ea01" + "fa56ea02"),
            "AS4_PATH with the real 4-octet path: " + wire);
        assertTrue(wire.contains("c007065ba00a000009"), "AGGREGATOR with AS_TRANS: " + wire);
        assertTrue(wire.contains("c01208fa56ea090a000009"), "AS4_AGGREGATOR with the real AS: " + wire);

        final UpdateDecoder old = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        old.configure(false, false, true, false);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, old.decode(b, 0, b.capacity(), h));
        final PathAttributes back = h.attributes.get(0);
        assertArrayEquals(a.asPath(), back.asPath(), "RFC 6793 4.2.3 rebuilds the 4-octet path");
        assertEquals(4_200_000_002L, back.originAs());
        assertEquals(4_200_000_009L, back.aggregatorAs());
        assertEquals(1, old.as4PathsMerged());
    }

    @Test
    void twoOctetOnlyPathsGetNoAs4Path()
    {
        final PathAttributes a = new PathAttributes(Bgp.ORIGIN_IGP, new int[] {SEQ, 2, 65010, 65011}, 0xC0000202L,
            PathAttributes.ABSENT, PathAttributes.ABSENT, false, PathAttributes.ABSENT, 0, null,
            PathAttributes.ABSENT, false, null, null);
        final UnsafeBuffer b = encode(a);
        assertFalse(hasAttribute(b, Bgp.ATTR_AS4_PATH), "RFC 6793 4.2.2: SHOULD NOT send AS4_PATH");
        assertFalse(hasAttribute(b, Bgp.ATTR_AS4_AGGREGATOR));
    }

    @Test
    void as4PathFromAFourOctetSpeakerIsDiscarded()
    {
        // AS_PATH (4-octet) 64497, plus an AS4_PATH 4200000001 that a NEW speaker must not send.
        final String attrs = "40010100" + "4002060201" + "0000fbf1" + "400304c0000202" + "c011060201fa56ea01";
        final UpdateDecoder d = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        d.configure(true, false, true, false);
        final RecordingHandler h = decode(d, attrs);
        assertArrayEquals(new int[] {SEQ, 1, 64497}, h.attributes.get(0).asPath());
        assertEquals(1, d.attributeDiscards());
        assertEquals(0, d.as4PathsMerged());
    }

    @Test
    void aggregatorFromAnOldSpeakerMakesAs4AttributesIgnored()
    {
        // AS_PATH 65001 AS_TRANS; AGGREGATOR 65001 (not AS_TRANS: an OLD speaker aggregated); AS4_PATH BIG1.
        final String asPath = "400206" + "0202" + "fde9" + "5ba0";
        final String aggregator = "c00706" + "fde9" + "0a000001";
        final String as4Path = "c01106" + "0201" + "fa56ea01";
        final UpdateDecoder d = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        d.configure(false, false, true, false);
        final RecordingHandler h = decode(d, "40010100" + asPath + "400304c0000202" + aggregator + as4Path);
        assertArrayEquals(new int[] {SEQ, 2, 65001, T}, h.attributes.get(0).asPath());
        assertEquals(65001, h.attributes.get(0).aggregatorAs());
        assertEquals(0, d.as4PathsMerged());
    }

    @Test
    void malformedAs4PathIsDiscardedAndTheRouteKept()
    {
        final String asPath = "400206" + "0202" + "fde9" + "5ba0";
        final UpdateDecoder d = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        d.configure(false, false, true, false);
        // AS 0 inside AS4_PATH (RFC 7607: attribute discard), then a segment length overrunning the attribute.
        for (final String bad : new String[] {"c01106" + "0201" + "00000000", "c01106" + "0202" + "fa56ea01"})
        {
            final RecordingHandler h = decode(d, "40010100" + asPath + "400304c0000202" + bad);
            assertEquals(1, h.announced.size(), "the route is kept: " + bad);
            assertArrayEquals(new int[] {SEQ, 2, 65001, T}, h.attributes.get(0).asPath(), bad);
        }
        assertEquals(2, d.attributeDiscards());
    }

    private static UnsafeBuffer encode(final PathAttributes a)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final long[] p = Prefixes.parse("198.51.100.0/24");
        new UpdateEncoder(WireProfile.DEFAULT).announce(b, 0, a, false, new long[] {p[0]}, new byte[] {(byte)p[1]},
            0, 1, false, false);
        final int len = b.getShort(16, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return new UnsafeBuffer(java.util.Arrays.copyOf(b.byteArray(), len));
    }

    private static boolean hasAttribute(final UnsafeBuffer b, final int wanted)
    {
        final int withdrawn = b.getShort(19, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int p = 21 + withdrawn;
        final int end = p + 2 + (b.getShort(p, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        p += 2;
        while (p < end)
        {
            final int flags = b.getByte(p) & 0xFF;
            final int type = b.getByte(p + 1) & 0xFF;
            final boolean ext = (flags & Bgp.ATTR_FLAG_EXTENDED) != 0;
            final int len = ext ? b.getShort(p + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF : b.getByte(p + 2) & 0xFF;
            if (type == wanted)
            {
                return true;
            }
            p += (ext ? 4 : 3) + len;
        }
        return false;
    }

    private static RecordingHandler decode(final UpdateDecoder d, final String attrs)
    {
        final String body = "0000" + String.format("%04x", Hex.bytes(attrs).length) + attrs + "18c63364";
        final UnsafeBuffer b = Hex.buffer(MARKER + String.format("%04x", 19 + Hex.bytes(body).length) + "02" + body);
        final RecordingHandler h = new RecordingHandler();
        assertEquals(UpdateDecoder.Outcome.OK, d.decode(b, 0, b.capacity(), h), attrs);
        return h;
    }
}
