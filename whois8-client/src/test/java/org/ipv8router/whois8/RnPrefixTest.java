package org.ipv8router.whois8;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RnPrefixTest
{
    @Test
    void parsesAsnDotFormIntoSixtyFourBitPrefixAndLength()
    {
        final int[] len = new int[1];
        // spec §11.2: 64497.10.0.0.0/8 is 64-bit /40, NLRI octets 00 00 fb f1 0a
        assertEquals(0x0000_FBF1_0A00_0000L, RnPrefix.parse("64497.10.0.0.0/8", len));
        assertEquals(40, len[0]);
        assertEquals(0x0000_FBF0_0000_0000L, RnPrefix.parse("64496.0.0.0.0/0", len));
        assertEquals(32, len[0]);
        assertEquals("64497.10.1.0.0/16", RnPrefix.format(RnPrefix.parse("64497.10.1.0.0/16", len), len[0]));
    }

    @Test
    void rejectsMalformedRoutesNamingThePart()
    {
        final int[] len = new int[1];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RnPrefix.parse("64497.10.0.0/8", len))
            .getMessage().contains("64497.10.0.0/8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RnPrefix.parse("64497.10.1.0.0/8", len))
            .getMessage().contains("host bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RnPrefix.parse("64497.256.0.0.0/8", len))
            .getMessage().contains("octet"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RnPrefix.parse("64497.10.0.0.0/33", len))
            .getMessage().contains("host length"));
        assertThrows(IllegalArgumentException.class, () -> RnPrefix.parse("4294967296.10.0.0.0/8", len));
    }

    @Test
    void coversComparesOnlyTheOuterLengthBits()
    {
        final long tenSlash8 = RnPrefix.prefix64(64497, 0x0A00_0000);
        assertTrue(RnPrefix.covers(tenSlash8, 40, RnPrefix.prefix64(64497, 0x0A01_0000), 48));
        assertTrue(RnPrefix.covers(tenSlash8, 40, tenSlash8, 40));
        assertFalse(RnPrefix.covers(tenSlash8, 40, RnPrefix.prefix64(64497, 0x0B00_0000), 40));
        assertFalse(RnPrefix.covers(tenSlash8, 40, RnPrefix.prefix64(64498, 0x0A00_0000), 48));
        assertFalse(RnPrefix.covers(tenSlash8, 40, RnPrefix.prefix64(64497, 0), 32), "shorter never covered");
    }
}
