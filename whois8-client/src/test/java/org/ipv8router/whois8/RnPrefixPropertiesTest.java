package org.ipv8router.whois8;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Properties of {@link RnPrefix} over seeded random cases (the first cases are the edges of every range); a
 * failure message names the case and its inputs so it can be replayed.
 */
class RnPrefixPropertiesTest
{
    private static final int TRIES = 1000;
    private static final long[] EDGE_RNS = {1, 2, 64496, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};
    private static final int[] EDGE_HOSTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xC000_0201};

    @Test
    void formatThenParseIsIdentity()
    {
        final SplittableRandom random = new SplittableRandom(0x57_0001);
        for (int i = 0; i < TRIES; i++)
        {
            final long rn = i < EDGE_RNS.length ? EDGE_RNS[i] : random.nextLong(1, 0x1_0000_0000L);
            final int host = i < EDGE_HOSTS.length ? EDGE_HOSTS[i] : random.nextInt();
            final int hostLen = i <= 32 ? i : random.nextInt(0, 33);
            final int masked = hostLen == 0 ? 0 : host & (int)(0xFFFF_FFFFL << (32 - hostLen));
            final long prefix = RnPrefix.prefix64(rn, masked);
            final int[] len = new int[1];
            final String text = RnPrefix.format(prefix, 32 + hostLen);
            final String inputs = "case " + i + ": rn=" + rn + " host=0x" + Integer.toHexString(host) + " hostLen=" + hostLen +
                " text=" + text;
            assertEquals(prefix, RnPrefix.parse(text, len), inputs);
            assertEquals(32 + hostLen, len[0], inputs);
        }
    }

    @Test
    void aPrefixCoversEveryMoreSpecificPrefixBuiltFromIt()
    {
        final SplittableRandom random = new SplittableRandom(0x57_0002);
        for (int i = 0; i < TRIES; i++)
        {
            final long rn = i < EDGE_RNS.length ? EDGE_RNS[i] : random.nextLong(1, 0x1_0000_0000L);
            final int host = i < EDGE_HOSTS.length ? EDGE_HOSTS[i] : random.nextInt();
            final int outerLen = i <= 16 ? 32 + i : random.nextInt(32, 49);
            final int extra = i <= 16 ? 16 - i : random.nextInt(0, 17);
            final long addr = RnPrefix.prefix64(rn, host);
            final long outer = addr & (-1L << (64 - outerLen));
            final int innerLen = Math.min(64, outerLen + extra);
            final long inner = addr & (-1L << (64 - innerLen));
            final String inputs = "case " + i + ": rn=" + rn + " host=0x" + Integer.toHexString(host) + " outerLen=" + outerLen +
                " extra=" + extra;
            assertEquals(true, RnPrefix.covers(outer, outerLen, inner, innerLen), inputs);
            // flipping the last bit inside the outer prefix takes the inner prefix out of it
            final long other = inner ^ (1L << (64 - outerLen));
            assertFalse(RnPrefix.covers(outer, outerLen, other, innerLen), inputs);
        }
    }
}
