package org.ipv8router.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips of every notation and containment against an independent bit-by-bit reference. */
class Ipv8AddressPropertiesTest
{
    /** Any 64-bit value, with the edges (0, -1, r = 0, r < 2^24) made likely. */
    @Provide
    Arbitrary<Long> addresses()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.integers().map(n -> n & 0xFFFF_FFFFL),
            Arbitraries.longs().between(0, (1L << 56) - 1),
            Arbitraries.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0000_FFFF_FFFF_FFFFL, 0x0100_0000_0000_0000L));
    }

    @Property
    void fullDottedRoundTrips(@ForAll("addresses") final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toFullDotted(address)));
    }

    @Property
    void asnDotRoundTrips(@ForAll("addresses") final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toAsnDot(address)));
    }

    @Property
    void canonicalTextRoundTrips(@ForAll("addresses") final long address)
    {
        final String text = Ipv8Address.toString(address);
        assertEquals(address, Ipv8Address.parse(text));
        assertEquals(text, Ipv8Address.appendTo(new StringBuilder(), address).toString());
    }

    @Property
    void hyphenFormRoundTripsWhenEnabled(@ForAll("addresses") final long address)
    {
        assertEquals(address, Ipv8Address.parse(Ipv8Address.toHyphen(address), true));
    }

    @Property
    void ipv4RoundTripsWithRZero(@ForAll final int n)
    {
        assertEquals(Ipv8Address.of(0, n), Ipv8Address.parse(Ipv8Address.toIpv4(n)));
    }

    @Property
    void hexMatchesTheValue(@ForAll("addresses") final long address)
    {
        assertEquals(address, Long.parseUnsignedLong(Ipv8Address.toHex(address).substring(2), 16));
    }

    /** classify() agrees with the pre-existing bit predicates. */
    @Property
    void classifyAgreesWithPredicates(@ForAll("addresses") final long address)
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
    @Property
    void prefixFullDottedRoundTrips(@ForAll("addresses") final long address, @ForAll @IntRange(min = 0, max = 64) final int p)
    {
        final Ipv8Prefix prefix = Ipv8Prefix.covering(address, p);
        assertEquals(prefix, Ipv8Prefix.parse(prefix.toFullDotted()));
        assertEquals(prefix, Ipv8Prefix.parse(prefix.toString()));
        assertEquals(prefix, Ipv8Prefix.of(prefix.address(), prefix.length()));
    }

    @Property
    void prefixAsnDotRoundTrips(@ForAll("addresses") final long address, @ForAll @IntRange(min = 32, max = 64) final int p)
    {
        final Ipv8Prefix prefix = Ipv8Prefix.covering(address, p);
        final String asnDot = prefix.toAsnDot();
        assertTrue(asnDot.endsWith("/" + (p - 32)), asnDot);
        assertEquals(prefix, Ipv8Prefix.parse(asnDot));
    }

    @Property
    void containsAgreesWithBitByBitReference(
        @ForAll("addresses") final long network,
        @ForAll @IntRange(min = 0, max = 64) final int p,
        @ForAll("addresses") final long candidate,
        @ForAll @IntRange(min = 0, max = 64) final int sharedBits)
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

    @Property
    void maskAgreesWithReference(@ForAll @IntRange(min = 0, max = 64) final int p)
    {
        assertEquals(referenceMask(p), Ipv8Prefix.mask64(p));
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
