package org.ipv8router.wire;

import java.util.stream.IntStream;

import org.ipv8router.testsupport.RandomCases.Gen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips of every notation and containment against an independent bit-by-bit reference. */
class Ipv8AddressPropertiesTest
{
    /** Addresses every property sees explicitly, one per case right after the min/max/zero cases. */
    private static final long[] SPECIAL_ADDRESSES = {
        0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0000_FFFF_FFFF_FFFFL, 0x0100_0000_0000_0000L,
        0x0000_0000_7FFF_FFFFL, 0x0000_0000_8000_0000L, 0x0000_0000_FFFF_FFFFL, 0x00FF_FFFF_FFFF_FFFFL};

    /**
     * Any 64-bit value, with the edges (0, -1, r = 0, r < 2^24) made likely: one of four generators picked
     * evenly per draw (any long; r = 0 with any n; r < 2^24; one of the special values).
     */
    private static long address(final Gen g, final String name)
    {
        final int special = g.caseIndex() - 3;
        if (special >= 0 && special < SPECIAL_ADDRESSES.length)
        {
            return g.record(name, SPECIAL_ADDRESSES[special]);
        }
        return switch (g.choice(4))
        {
            case 0 -> g.anyLong(name);
            case 1 -> g.longIn(name, 0, 0xFFFF_FFFFL);
            case 2 -> g.longIn(name, 0, (1L << 56) - 1);
            default -> g.record(name, SPECIAL_ADDRESSES[g.choice(SPECIAL_ADDRESSES.length)]);
        };
    }

    static IntStream prefixLengths()
    {
        return IntStream.rangeClosed(0, 64);
    }

    @Test
    void fullDottedRoundTrips()
    {
        forAll(0xA8_0001L, g -> fullDottedRoundTrips(address(g, "address")));
    }

    private static void fullDottedRoundTrips(final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toFullDotted(address)));
    }

    @Test
    void asnDotRoundTrips()
    {
        forAll(0xA8_0002L, g -> asnDotRoundTrips(address(g, "address")));
    }

    private static void asnDotRoundTrips(final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toAsnDot(address)));
    }

    @Test
    void canonicalTextRoundTrips()
    {
        forAll(0xA8_0003L, g -> canonicalTextRoundTrips(address(g, "address")));
    }

    private static void canonicalTextRoundTrips(final long address)
    {
        final String text = Ipv8Address.toString(address);
        assertEquals(address, Ipv8Address.parse(text));
        assertEquals(text, Ipv8Address.appendTo(new StringBuilder(), address).toString());
    }

    @Test
    void hyphenFormRoundTripsWhenEnabled()
    {
        forAll(0xA8_0004L, g -> hyphenFormRoundTripsWhenEnabled(address(g, "address")));
    }

    private static void hyphenFormRoundTripsWhenEnabled(final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toHyphen(address), true));
    }

    @Test
    void ipv4RoundTripsWithRZero()
    {
        forAll(0xA8_0010L, g -> ipv4RoundTripsWithRZero(g.anyInt("n")));
    }

    private static void ipv4RoundTripsWithRZero(final int n)
    {
        assertEquals(Ipv8Address.of(0, n), Ipv8Address.parse(Ipv8Address.toIpv4(n)));
    }

    @Test
    void hexMatchesTheValue()
    {
        forAll(0xA8_0005L, g -> hexMatchesTheValue(address(g, "address")));
    }

    private static void hexMatchesTheValue(final long address)
    {
        assertEquals(address, Long.parseUnsignedLong(Ipv8Address.toHex(address).substring(2), 16));
    }

    /** classify() agrees with the pre-existing bit predicates. */
    @Test
    void classifyAgreesWithPredicates()
    {
        forAll(0xA8_0006L, g -> classifyAgreesWithPredicates(address(g, "address")));
    }

    private static void classifyAgreesWithPredicates(final long address)
    {
        final AddressClass c = Ipv8Address.classify(address);
        assertEquals(Ipv8Address.isIpv4Compatible(address), c == AddressClass.IPV4_COMPATIBLE);
        assertEquals(Ipv8Address.isInternalZone(address), c.isInternalZone());
        assertEquals(Ipv8Address.isInterop(address), c == AddressClass.INTEROP_DMZ);
        assertEquals(Ipv8Address.isRine(address), c == AddressClass.RINE);
        assertEquals(Ipv8Address.isBroadcastClass(address), c == AddressClass.BROADCAST);
        assertEquals(Ipv8Address.isCrossAsnMulticast(address), c == AddressClass.CROSS_ASN_MULTICAST);
        assertEquals(Ipv8Address.isReservedR(address), c == AddressClass.RESERVED);
    }

    /** Prefix lengths 0..64 with the networks built from random addresses. */
    @Test
    void prefixFullDottedRoundTrips()
    {
        forAll(0xA8_0011L, g -> prefixFullDottedRoundTrips(address(g, "address"), g.intIn("p", 0, 64)));
    }

    private static void prefixFullDottedRoundTrips(final long address, final int p)
    {
        final Ipv8Prefix prefix = Ipv8Prefix.covering(address, p);
        assertEquals(prefix, Ipv8Prefix.parse(prefix.toFullDotted()));
        assertEquals(prefix, Ipv8Prefix.parse(prefix.toString()));
        assertEquals(prefix, Ipv8Prefix.of(prefix.address(), prefix.length()));
    }

    @Test
    void prefixAsnDotRoundTrips()
    {
        forAll(0xA8_0012L, g -> prefixAsnDotRoundTrips(address(g, "address"), g.intIn("p", 32, 64)));
    }

    private static void prefixAsnDotRoundTrips(final long address, final int p)
    {
        final Ipv8Prefix prefix = Ipv8Prefix.covering(address, p);
        final String asnDot = prefix.toAsnDot();
        assertTrue(asnDot.endsWith("/" + (p - 32)), asnDot);
        assertEquals(prefix, Ipv8Prefix.parse(asnDot));
    }

    @Test
    void containsAgreesWithBitByBitReference()
    {
        forAll(0xA8_0013L, g -> containsAgreesWithBitByBitReference(
            address(g, "network"),
            g.intIn("p", 0, 64),
            address(g, "candidate"),
            g.intIn("sharedBits", 0, 64)));
    }

    private static void containsAgreesWithBitByBitReference(
        final long network,
        final int p,
        final long candidate,
        final int sharedBits)
    {
        final Ipv8Prefix prefix = Ipv8Prefix.covering(network, p);
        // make candidates inside the prefix likely: copy the first sharedBits bits of the network
        final long near = sharedBits == 0 ? candidate :
            (prefix.address() & referenceMask(sharedBits)) | (candidate & ~referenceMask(sharedBits));
        for (final long c : new long[]{candidate, near})
        {
            final boolean expected = sameLeadingBits(prefix.address(), c, p);
            assertEquals(expected, prefix.contains(c));
            assertEquals(expected, Ipv8Prefix.contains(network, p, c));
        }
    }

    /** Every length 0..64: few enough to check them all. */
    @ParameterizedTest(name = "/{0}")
    @MethodSource("prefixLengths")
    void maskAgreesWithReference(final int p)
    {
        assertEquals(referenceMask(p), Ipv8Prefix.mask64(p), () -> "mask64(" + p + ")");
    }

    /** Reference: compare the first p bits one by one, most significant first. */
    private static boolean sameLeadingBits(final long a, final long b, final int p)
    {
        for (int i = 0; i < p; i++)
        {
            final int bit = 63 - i;
            if (((a >>> bit) & 1) != ((b >>> bit) & 1))
            {
                return false;
            }
        }
        return true;
    }

    /** Reference mask built bit by bit. */
    private static long referenceMask(final int p)
    {
        long mask = 0;
        for (int i = 0; i < p; i++)
        {
            mask |= 1L << (63 - i);
        }
        return mask;
    }
}
