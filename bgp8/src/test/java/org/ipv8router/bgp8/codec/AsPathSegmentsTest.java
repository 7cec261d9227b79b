package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.RecordingHandler;
import org.junit.jupiter.api.Test;

/**
 * The segment walk AS_PATH (2- and 4-octet) and AS4_PATH share: several segments flattened to
 * {@code [type, length, asn...]}, and AS 0 anywhere (RFC 7607) caught in each width.
 */
class AsPathSegmentsTest
{
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";
    private static final String ORIGIN = "40010100";
    private static final String NEXT_HOP = "400304c0000202";

    @Test
    void twoOctetPathWithASetThenASequenceIsFlattenedInOrder()
    {
        // AS_SET {65001, 65002}, AS_SEQUENCE {65003}
        final RecordingHandler h = new RecordingHandler();
        final String asPath = "40020a" + "0102fde9fdea" + "0201fdeb";
        assertEquals(UpdateDecoder.Outcome.OK, decode(false, ORIGIN + asPath + NEXT_HOP, h));
        assertArrayEquals(new int[] {Bgp.AS_SET, 2, 65001, 65002, Bgp.AS_SEQUENCE, 1, 65003},
            h.attributes.get(0).asPath());
    }

    @Test
    void fourOctetPathWithTwoSequencesIsFlattenedInOrder()
    {
        // AS_SEQUENCE {4200000001}, AS_SEQUENCE {64497, 4200000002}
        final RecordingHandler h = new RecordingHandler();
        final String asPath = "400210" + "0201fa56ea01" + "020200 00fbf1fa56ea02".replace(" ", "");
        assertEquals(UpdateDecoder.Outcome.OK, decode(true, ORIGIN + asPath + NEXT_HOP, h));
        assertArrayEquals(new int[] {Bgp.AS_SEQUENCE, 1, (int)4_200_000_001L, Bgp.AS_SEQUENCE, 2, 64497,
            (int)4_200_000_002L}, h.attributes.get(0).asPath());
    }

    @Test
    void asZeroInALaterSegmentOfATwoOctetPathWithdrawsTheRoute()
    {
        final RecordingHandler h = new RecordingHandler();
        final String asPath = "400208" + "0201fde9" + "02010000";
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(false, ORIGIN + asPath + NEXT_HOP, h));
        assertTrue(h.announced.isEmpty());
        assertEquals(1, h.withdrawn.size());
    }

    private static UpdateDecoder.Outcome decode(final boolean fourOctetAs, final String attrs, final RecordingHandler h)
    {
        final UpdateDecoder d = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        d.configure(fourOctetAs, false, true, false);
        final String body = "0000" + String.format("%04x", Hex.bytes(attrs).length) + attrs + "18c63364";
        final UnsafeBuffer b = Hex.buffer(MARKER + String.format("%04x", 19 + Hex.bytes(body).length) + "02" + body);
        return d.decode(b, 0, b.capacity(), h);
    }
}
