package org.ipv8router.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec 11.1 conversions and invalid inputs; spec 1.2 printer rule. */
class Ipv8AddressTextTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "64496.192.0.2.1,          0.0.251.240.192.0.2.1",
        "0.0.0.0.192.168.1.1,      0.0.0.0.192.168.1.1",
        "192.0.2.1,                0.0.0.0.192.0.2.1",
        "64497.198.51.100.7,       0.0.251.241.198.51.100.7",
        "65533.198.51.100.1,       0.0.255.253.198.51.100.1",
        "65534.10.0.0.1,           0.0.255.254.10.0.0.1",
        "65001.10.1.1.1,           0.0.253.233.10.1.1.1",
        "65536.1.2.3.4,            0.1.0.0.1.2.3.4",
        "218785.45.138.12.24,      0.3.86.161.45.138.12.24",
        "4200000000.10.0.0.1,      250.86.234.0.10.0.0.1",
        "4294967295.1.2.3.4,       255.255.255.255.1.2.3.4",
        "0.192.0.2.1,              0.0.0.0.192.0.2.1",
        "2130706432.0.0.0.0,       127.0.0.0.0.0.0.0",
        "2147483647.0.0.0.0,       127.255.255.255.0.0.0.0",
        "1677721600.0.0.0.0,       100.0.0.0.0.0.0.0",
        "1694498815.0.0.0.0,       100.255.255.255.0.0.0.0",
    })
    void convertsSpecVectorsToFullDotted(final String input, final String fullDotted)
    {
        final long address = Ipv8Address.parse(input);
        assertEquals(fullDotted, Ipv8Address.toFullDotted(address));
        assertEquals(address, Ipv8Address.parse(fullDotted), "full dotted parses back to the same value");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "64496.192.0.2.1,     0x0000FBF0C0000201",
        "0.0.0.0.192.168.1.1, 0x00000000C0A80101",
        "192.168.1.1,         0x00000000C0A80101",
        "192.0.2.1,           0x00000000C0000201",
        "64497.198.51.100.7,  0x0000FBF1C6336407",
    })
    void convertsSpecVectorsToU64(final String input, final String hex)
    {
        final long address = Ipv8Address.parse(input);
        assertEquals(Long.parseUnsignedLong(hex.substring(2), 16), address);
        assertEquals(hex, Ipv8Address.toHex(address));
    }

    @Test
    void splitsRoutingPrefixAndHost()
    {
        final long address = Ipv8Address.parse("218785.45.138.12.24");
        assertEquals(218785L, Ipv8Address.asn(address));
        assertEquals("0.3.86.161", Ipv8Address.toIpv4(Ipv8Address.routingPrefix(address)));
        assertEquals("45.138.12.24", Ipv8Address.toIpv4(Ipv8Address.host(address)));
        assertEquals(4294967295L, Ipv8Address.asn(Ipv8Address.parse("4294967295.1.2.3.4")));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "192.0.2.1,                  0.0.0.0.192.0.2.1",
        "0.0.251.240.192.0.2.1,      64496.192.0.2.1",
        "0.255.255.255.1.2.3.4,      16777215.1.2.3.4",
        "1.0.0.0.1.2.3.4,            1.0.0.0.1.2.3.4",
        "127.1.0.0.10.0.0.5,         127.1.0.0.10.0.0.5",
        "4294967295.255.255.255.255, 255.255.255.255.255.255.255.255",
    })
    void printsByTheSpecPrinterRule(final String input, final String canonical)
    {
        final long address = Ipv8Address.parse(input);
        assertEquals(canonical, Ipv8Address.toString(address));
        assertEquals(canonical, Ipv8Address.appendTo(new StringBuilder(), address).toString());
    }

    @Test
    void printsEachNotation()
    {
        final long zone = Ipv8Address.parse("127.1.0.0.10.0.0.5");
        assertEquals("2130771968.10.0.0.5", Ipv8Address.toAsnDot(zone));
        assertEquals("127.1.0.0.10.0.0.5", Ipv8Address.toFullDotted(zone));
        assertEquals("127.1.0.0-10.0.0.5", Ipv8Address.toHyphen(zone));
        assertEquals("10.0.0.5", Ipv8Address.toIpv4(Ipv8Address.host(zone)));
        assertEquals("64496-192.0.2.1", Ipv8Address.toHyphen(Ipv8Address.parse("64496.192.0.2.1")));
        assertEquals("0-192.0.2.1", Ipv8Address.toHyphen(Ipv8Address.parse("192.0.2.1")));
        assertEquals("255.255.255.255", Ipv8Address.toIpv4(-1));
        assertEquals("0x0000000000000000", Ipv8Address.toHex(0));
        assertEquals("0xFFFFFFFFFFFFFFFF", Ipv8Address.toHex(-1L));
        final StringBuilder sb = new StringBuilder("addr=");
        Ipv8Address.appendAsnDot(sb, Ipv8Address.parse("64496.192.0.2.1")).append(' ');
        Ipv8Address.appendHex(sb, 1L);
        assertEquals("addr=64496.192.0.2.1 0x0000000000000001", sb.toString());
    }

    @Test
    void ignoresSurroundingWhitespace()
    {
        assertEquals(Ipv8Address.parse("64496.192.0.2.1"), Ipv8Address.parse("  64496.192.0.2.1\t\n"));
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {
        "", "   ", "1.2.3.4.5.6.7", "1.2.3.4.5.6.7.8.9", "256.0.0.0.0.0.0.0", "01.0.0.0.0.0.0.0", "4294967296.1.2.3.4",
        "-1.1.2.3.4", "+1.1.2.3.4", "1..2.3.4", "1.2.3.4.256", "a.b.c.d.e", "2001:db8::1", "1.0.192.0.2.1",
        "1.2.3.4.", ".1.2.3.4", "1.2.3", "192.0.2.1 x", "1.2.3.4 .5", "ff.ff.0.0.224.0.0.1", "99999999999999999999.1.2.3.4",
        "64496-192.0.2.1", "1.2.3.0x4", "١.2.3.4", "0.0.0.0.0.0.0.00",
    })
    void rejectsInvalidInput(final String input)
    {
        final Ipv8AddressFormatException e = assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse(input));
        assertEquals(input, e.input());
        assertTrue(e.getMessage().contains("'" + input + "'"), () -> "message quotes the input: " + e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4.256          | octet 5 '256' is > 255 in '1.2.3.4.256'",
        "256.0.0.0.0.0.0.0    | octet 1 '256' is > 255",
        "01.0.0.0.0.0.0.0     | leading zero in octet 1 '01'",
        "4294967296.1.2.3.4   | ASN '4294967296' is > 4294967295",
        "99999999999999999999.1.2.3.4 | ASN '99999999999999999999' is > 4294967295",
        "1.0.192.0.2.1        | 6 dot-separated parts: expected 4, 5 or 8 (RFC 5396 asdot is not accepted)",
        "1.2.3.4.5.6.7        | 7 dot-separated parts: expected 4, 5 or 8 in",
        "1.2.3.4.5.6.7.8.9    | 9 dot-separated parts",
        "-1.1.2.3.4           | ASN '-1' has a sign",
        "+1.1.2.3.4           | ASN '+1' has a sign",
        "1..2.3.4             | octet 2 is empty",
        "a.b.c.d.e            | ASN 'a' is not a decimal number",
        "1.2.3.ff             | octet 4 'ff' is not a decimal number (hex octets are not accepted)",
        "2001:db8::1          | IPv6 notation is not an IPv8 address",
        "64496-192.0.2.1      | (the hyphen form <RN>-<LA> is accepted only when enabled)",
        "12345                | 1 dot-separated part: expected 4, 5 or 8",
    })
    void namesTheOffendingPart(final String input, final String expectedFragment)
    {
        final Ipv8AddressFormatException e = assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse(input));
        assertTrue(e.getMessage().contains(expectedFragment),
            () -> "expected '" + expectedFragment + "' in: " + e.getMessage());
    }

    @Test
    void emptyInputSaysSo()
    {
        final Ipv8AddressFormatException e = assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse(""));
        assertEquals("empty address in ''", e.getMessage());
    }

    @Test
    void formatExceptionIsAnIllegalArgumentException()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv8Address.parse("x"));
        assertTrue(e instanceof Ipv8AddressFormatException);
    }

    @Test
    void acceptsHyphenFormOnlyWhenEnabled()
    {
        assertEquals(Ipv8Address.parse("64496.192.0.2.1"), Ipv8Address.parse("64496-192.0.2.1", true));
        assertEquals(Ipv8Address.parse("127.2.0.0.10.0.0.5"), Ipv8Address.parse("127.2.0.0-10.0.0.5", true));
        assertEquals(Ipv8Address.parse("4294967295.1.2.3.4"), Ipv8Address.parse("4294967295-1.2.3.4", true));
        assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse("127.2.0.0-10.0.0.5"));
        assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse("64496-192.0.2.1", false));
        // the other notations still work with the flag on
        assertEquals(Ipv8Address.parse("64496.192.0.2.1"), Ipv8Address.parse("0.0.251.240.192.0.2.1", true));
    }

    @ParameterizedTest(name = "hyphen form rejects ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "-192.0.2.1             | routing number before '-' is empty",
        "64496-192.0.2          | local address '192.0.2' after '-' has 3 dot-separated parts",
        "64496-192.0.2.1-5      | more than one '-'",
        "1.2-192.0.2.1          | must be a decimal ASN or 4 dotted octets",
        "4294967296-1.2.3.4     | routing number (ASN) '4294967296' is > 4294967295",
        "127.2.0.256-10.0.0.5   | routing-number octet 4 '256' is > 255",
        "64496-192.0.2.01       | leading zero in local-address octet 4 '01'",
    })
    void hyphenFormIsStrictToo(final String input, final String expectedFragment)
    {
        final Ipv8AddressFormatException e =
            assertThrows(Ipv8AddressFormatException.class, () -> Ipv8Address.parse(input, true));
        assertTrue(e.getMessage().contains(expectedFragment),
            () -> "expected '" + expectedFragment + "' in: " + e.getMessage());
    }
}
