package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.testutil.RecordingHandler;
import org.junit.jupiter.api.Test;

class UpdateRoundTripTest
{
    private final WireProfile profile = WireProfile.DEFAULT;

    private static PathAttributes attrs(final long nextHop, final long cf)
    {
        return new PathAttributes(Bgp.ORIGIN_IGP, new int[] {Bgp.AS_SEQUENCE, 2, 64497, 64498}, nextHop, 5, 200,
            false, PathAttributes.ABSENT, 0, new int[] {0xFDE80001}, cf, false,
            new long[] {(0xC6336401L << 16) | 443}, null);
    }

    @Test
    void manyIpv4PrefixesSplitIntoSeveralMessagesAndDecodeBack()
    {
        final int n = 3000;
        final long[] p = new long[n];
        final byte[] l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = (0x0A000000L + ((long)i << 8));
            l[i] = 56;
        }
        final PathAttributes a = attrs(0xC0000202L, 77);
        final UpdateEncoder enc = new UpdateEncoder(profile);
        final UpdateDecoder dec = new UpdateDecoder(profile, new AttributeInterner());
        dec.configure(true, true, true, true);
        final RecordingHandler h = new RecordingHandler();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        int done = 0;
        int messages = 0;
        while (done < n)
        {
            done += enc.announce(b, 0, a, false, p, l, done, n - done, true, true);
            assertTrue(enc.lastLength() <= 4096);
            assertNull(MessageHeader.validate(b, 0, 4096));
            assertEquals(UpdateDecoder.Outcome.OK, dec.decode(b, 0, enc.lastLength(), h));
            messages++;
        }
        assertTrue(messages > 1, "3000 /24s cannot fit one message");
        assertEquals(n, h.announced.size());
        assertEquals("10.0.0.0/24", h.announced.get(0));
        assertEquals("10.11.183.0/24", h.announced.get(n - 1));
        assertEquals(a, h.attributes.get(0));
        assertSame(h.attributes.get(0), h.attributes.get(n - 1), "attribute sets are interned");
    }

    @Test
    void ipv8AnnounceAndWithdrawRoundTrip()
    {
        final Random r = new Random(7);
        final int n = 500;
        final long[] p = new long[n];
        final byte[] l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            final int len = 32 + r.nextInt(17);
            p[i] = (((long)(64496 + r.nextInt(100))) << 32 | (r.nextInt() & 0xFFFF_FFFFL)) & Prefixes.mask(len);
            l[i] = (byte)len;
        }
        final PathAttributes a = attrs((64496L << 32) | 0xC0000201L, 12345);
        final UpdateEncoder enc = new UpdateEncoder(profile);
        final UpdateDecoder dec = new UpdateDecoder(profile, new AttributeInterner());
        dec.configure(true, true, true, true);
        final RecordingHandler h = new RecordingHandler();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        int done = 0;
        while (done < n)
        {
            done += enc.announce(b, 0, a, true, p, l, done, n - done, true, true);
            assertEquals(UpdateDecoder.Outcome.OK, dec.decode(b, 0, enc.lastLength(), h));
        }
        done = 0;
        while (done < n)
        {
            done += enc.withdraw(b, 0, true, p, l, done, n - done);
            assertEquals(UpdateDecoder.Outcome.OK, dec.decode(b, 0, enc.lastLength(), h));
        }
        assertEquals(n, h.announced.size());
        assertEquals(h.announced, h.withdrawn);
        assertEquals(a, h.attributes.get(0));
        assertEquals(Prefixes.format(p[17], l[17]), h.announced.get(17));
    }

    @Test
    void ipv4WithdrawRoundTrip()
    {
        final UpdateEncoder enc = new UpdateEncoder(profile);
        final UpdateDecoder dec = new UpdateDecoder(profile, new AttributeInterner());
        final RecordingHandler h = new RecordingHandler();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final long[] p = Prefixes.parse("198.51.100.0/24");
        enc.withdraw(b, 0, false, new long[] {p[0]}, new byte[] {(byte)p[1]}, 0, 1);
        assertEquals(UpdateDecoder.Outcome.OK, dec.decode(b, 0, enc.lastLength(), h));
        assertEquals("198.51.100.0/24", h.withdrawn.get(0));
    }
}
