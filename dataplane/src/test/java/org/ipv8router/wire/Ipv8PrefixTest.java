package org.ipv8router.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec 11.1 prefix vectors, spec 1.7 notation and the /16 rule (A7, A8). */
class Ipv8PrefixTest
{
    @Test
    void asnDotAndFullDottedFormsAreTheSamePrefix()
    {
        final Ipv8Prefix asnDot = Ipv8Prefix.parse("218785.45.138.12.0/24");
        final Ipv8Prefix fullDotted = Ipv8Prefix.parse("0.3.86.161.45.138.12.0/56");
        assertEquals(asnDot, fullDotted);
        assertEquals(56, asnDot.length());
        assertEquals(24, asnDot.hostLength());
        assertEquals("0.3.86.161.45.138.12.0/56", asnDot.toFullDotted());
        assertEquals("218785.45.138.12.0/24", fullDotted.toAsnDot());
        assertEquals("218785.45.138.12.0/24", fullDotted.toString());
    }

    @Test
    void containsSpecVectors()
    {
        final Ipv8Prefix prefix = Ipv8Prefix.parse("218785.45.138.12.0/24");
        assertTrue(prefix.contains(Ipv8Address.parse("218785.45.138.12.200")));
        assertTrue(prefix.contains(Ipv8Address.parse("218785.45.138.12.0")));
        assertTrue(prefix.contains(Ipv8Address.parse("218785.45.138.12.255")));
        assertFalse(prefix.contains(Ipv8Address.parse("218785.45.138.13.0")));
        assertFalse(prefix.contains(Ipv8Address.parse("218786.45.138.12.200")), "another ASN");
        assertFalse(prefix.contains(Ipv8Address.parse("45.138.12.200")), "the same n with r = 0");
        assertTrue(Ipv8Prefix.contains(prefix.address(), prefix.length(), Ipv8Address.parse("218785.45.138.12.7")));
    }

    @Test
    void wholeAsnPrefix()
    {
        final Ipv8Prefix asn = Ipv8Prefix.parse("14061.0.0.0.0/0");
        assertEquals(Ipv8Prefix.parse("0.0.54.237.0.0.0.0/32"), asn);
        assertEquals(32, asn.length());
        assertEquals(0, asn.hostLength());
        assertTrue(asn.contains(Ipv8Address.parse("14061.255.255.255.255")));
        assertFalse(asn.contains(Ipv8Address.parse("14062.0.0.0.0")));
        assertEquals(Ipv8Address.parse("14061.255.255.255.255"), asn.last());
        assertEquals("14061.0.0.0.0/0", asn.toString());
    }

    @Test
    void ipv4PrefixIsTheRZeroPrefix()
    {
        final Ipv8Prefix ipv4 = Ipv8Prefix.parse("198.51.100.0/24");
        assertEquals(Ipv8Prefix.parse("0.0.0.0.198.51.100.0/56"), ipv4);
        assertEquals(Ipv8Prefix.parse("0.198.51.100.0/24"), ipv4);
        assertEquals("0.0.0.0.198.51.100.0/56", ipv4.toString(), "r = 0 prints full dotted (printer rule)");
        assertEquals("0.198.51.100.0/24", ipv4.toAsnDot());
        assertEquals(Ipv8Prefix.parse("0.0.0.0/0"), Ipv8Prefix.parse("0.0.0.0.0.0.0.0/32"));
    }

    @Test
    void slashSixteenRule()
    {
        assertFalse(Ipv8Prefix.parse("64496.10.20.128.0/17").isInjectableFromExternalPeer(), "ASN.x/17 rejected");
        assertTrue(Ipv8Prefix.parse("64496.10.20.0.0/16").isInjectableFromExternalPeer(), "ASN.x/16 accepted");
        assertTrue(Ipv8Prefix.parse("64496.0.0.0.0/0").isInjectableFromExternalPeer(), "whole ASN accepted");
        assertFalse(Ipv8Prefix.parse("0.0.0.0.0.0.0.0/31").isInjectableFromExternalPeer(), "spans several ASNs");
        assertFalse(Ipv8Prefix.parse("0.0.0.0.0.0.0.0/0").isInjectableFromExternalPeer());
        assertFalse(Ipv8Prefix.parse("64496.192.0.2.1/32").isInjectableFromExternalPeer());
        for (int p = 0; p <= 64; p++)
        {
            assertEquals(p >= 32 && p <= 48, Ipv8Prefix.isInjectableFromExternalPeer(0L, p), "P = " + p);
        }
    }

    @Test
    void flippingOneBitLeavesThePrefixExactlyWhenTheBitIsAHostBit()
    {
        final long network = Ipv8Address.parse("218785.45.138.12.200");
        for (int p = 0; p <= 64; p++)
        {
            final Ipv8Prefix prefix = Ipv8Prefix.covering(network, p);
            for (int i = 0; i < 64; i++) // i counts from the most significant bit
            {
                final long flipped = prefix.address() ^ (1L << (63 - i));
                assertEquals(i >= p, prefix.contains(flipped), "P = " + p + ", bit " + i);
                assertEquals(i >= p, Ipv8Prefix.contains(network, p, flipped), "static, P = " + p + ", bit " + i);
            }
        }
    }

    @Test
    void maskHelper()
    {
        assertEquals(0L, Ipv8Prefix.mask64(0));
        assertEquals(0x8000_0000_0000_0000L, Ipv8Prefix.mask64(1));
        assertEquals(0xFFFF_FFFF_0000_0000L, Ipv8Prefix.mask64(32));
        assertEquals(0xFFFF_FFFF_FFFF_0000L, Ipv8Prefix.mask64(48));
        assertEquals(-1L, Ipv8Prefix.mask64(64));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "64496.192.0.2.1/24    | host bits set beyond /24 in '64496.192.0.2.1/24': the prefix is 64496.192.0.2.0/24",
        "0.0.251.240.192.0.2.1/56 | the prefix is 0.0.251.240.192.0.2.0/56",
        "192.0.2.1/24          | the prefix is 192.0.2.0/24",
        "64496.192.0.2.0       | missing '/<length>'",
        "64496.192.0.2.0/      | prefix length (host-part bits) is empty",
        "64496.192.0.2.0/33    | prefix length (host-part bits) '33' is > 32",
        "0.0.0.0.0.0.0.0/65    | prefix length (64-bit, full dotted notation) '65' is > 64",
        "192.0.2.0/33          | '33' is > 32",
        "64496.192.0.2.0/024   | leading zero in prefix length",
        "64496.192.0.2.0/+24   | has a sign",
        "64496.192.0.2.0/2a    | is not a decimal number",
        "64496.192.0.2.0/24/8  | more than one '/'",
        "64496.192.0.2.256/24  | octet 5 '256' is > 255",
        "1.0.192.0.2.0/24      | 6 dot-separated parts",
        "/24                   | empty address",
    })
    void rejectsBadPrefixesNamingThePart(final String input, final String expectedFragment)
    {
        final Ipv8AddressFormatException e = assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Prefix.parse(input));
        assertTrue(e.getMessage().contains(expectedFragment), () -> "expected '" + expectedFragment + "' in: " + e.getMessage());
    }

    @Test
    void strictAndNormalisingFactories()
    {
        final long address = Ipv8Address.parse("64496.192.0.2.1");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv8Prefix.of(address, 56));
        assertTrue(e.getMessage().contains("0.0.251.240.192.0.2.0/56"), e.getMessage());
        assertEquals(Ipv8Prefix.parse("64496.192.0.2.0/24"), Ipv8Prefix.covering(address, 56));
        assertEquals(Ipv8Prefix.parse("64496.192.0.2.1/32"), Ipv8Prefix.of(address, 64));
        assertThrows(IllegalArgumentException.class, () -> Ipv8Prefix.of(0, 65));
        assertThrows(IllegalArgumentException.class, () -> Ipv8Prefix.covering(0, -1));
        assertThrows(IllegalStateException.class, () -> Ipv8Prefix.parse("0.0.0.0.0.0.0.0/16").hostLength());
        assertThrows(IllegalStateException.class, () -> Ipv8Prefix.parse("0.0.0.0.0.0.0.0/16").toAsnDot());
        assertEquals("0.0.0.0.0.0.0.0/16", Ipv8Prefix.parse("0.0.0.0.0.0.0.0/16").toString());
    }

    @Test
    void prefixContainsPrefix()
    {
        final Ipv8Prefix outer = Ipv8Prefix.parse("64496.10.0.0.0/8");
        assertTrue(outer.contains(Ipv8Prefix.parse("64496.10.20.0.0/16")));
        assertTrue(outer.contains(outer));
        assertFalse(Ipv8Prefix.parse("64496.10.20.0.0/16").contains(outer));
        assertFalse(outer.contains(Ipv8Prefix.parse("64496.11.0.0.0/16")));
    }

    @Test
    void hyphenFormPrefixOnlyWhenEnabled()
    {
        assertEquals(Ipv8Prefix.parse("64496.192.0.2.0/24"), Ipv8Prefix.parse("64496-192.0.2.0/24", true));
        assertEquals(Ipv8Prefix.parse("127.2.0.0.10.0.0.0/40"), Ipv8Prefix.parse("127.2.0.0-10.0.0.0/8", true));
        assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Prefix.parse("64496-192.0.2.0/24"));
    }

    @Test
    void valueSemanticsAndOrder()
    {
        final Ipv8Prefix a = Ipv8Prefix.parse("64496.10.0.0.0/8");
        assertEquals(a, Ipv8Prefix.parse("0.0.251.240.10.0.0.0/40"));
        assertEquals(a.hashCode(), Ipv8Prefix.parse("0.0.251.240.10.0.0.0/40").hashCode());
        assertNotEquals(a, Ipv8Prefix.parse("64496.10.0.0.0/9"));
        assertTrue(a.compareTo(Ipv8Prefix.parse("64496.10.0.0.0/9")) < 0);
        assertTrue(Ipv8Prefix.parse("4200000000.0.0.0.0/0").compareTo(a) > 0, "unsigned order of the address");
    }
}
