package org.ipv8router.whois8;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RnPrefixPropertiesTest
{
    @Property
    void formatThenParseIsIdentity(@ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) final long rn,
        @ForAll final int host, @ForAll @IntRange(min = 0, max = 32) final int hostLen)
    {
        final int masked = hostLen == 0 ? 0 : host & (int)(0xFFFF_FFFFL << (32 - hostLen));
        final long prefix = RnPrefix.prefix64(rn, masked);
        final int[] len = new int[1];
        assertEquals(prefix, RnPrefix.parse(RnPrefix.format(prefix, 32 + hostLen), len));
        assertEquals(32 + hostLen, len[0]);
    }

    @Property
    void aPrefixCoversEveryMoreSpecificPrefixBuiltFromIt(@ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) final long rn,
        @ForAll final int host, @ForAll @IntRange(min = 32, max = 48) final int outerLen,
        @ForAll @IntRange(min = 0, max = 16) final int extra)
    {
        final long addr = RnPrefix.prefix64(rn, host);
        final long outer = addr & (-1L << (64 - outerLen));
        final int innerLen = Math.min(64, outerLen + extra);
        final long inner = addr & (-1L << (64 - innerLen));
        assertTrue(RnPrefix.covers(outer, outerLen, inner, innerLen));
        // flipping a bit inside the outer prefix takes the inner prefix out of it
        final long other = inner ^ (1L << (64 - outerLen));
        assertTrue(!RnPrefix.covers(outer, outerLen, other, innerLen));
    }
}
