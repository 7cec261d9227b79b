package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.ipv8router.dataplane.neighbor.NeighborCapability.IPV4_ONLY;
import static org.ipv8router.dataplane.neighbor.NeighborCapability.IPV8;
import static org.ipv8router.dataplane.neighbor.NeighborCapability.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The spec 3.2 table, row by row, and its invariant over random addresses. */
class WireVersionTest
{
    private static final int[] OWN = {64496};

    private static long a(final String text)
    {
        return Ipv8Address.parse(text);
    }

    private static WireVersion choose(final String source, final String destination, final NeighborCapability cap)
    {
        return WireVersion.choose(a(source), a(destination), cap, OWN);
    }

    @Test
    void table()
    {
        // src.r = 0 and dst.r = 0: IPv4 whatever the neighbour.
        assertEquals(WireVersion.IPV4, choose("10.0.0.1", "10.0.0.2", IPV8));
        assertEquals(WireVersion.IPV4, choose("10.0.0.1", "10.0.0.2", IPV4_ONLY));
        // IPv8 neighbour: IPv8 otherwise, also towards r = 0 from an ASN source (keeps attribution).
        assertEquals(WireVersion.IPV8, choose("64496.10.0.0.1", "64496.10.0.0.2", IPV8));
        assertEquals(WireVersion.IPV8, choose("64496.10.0.0.1", "64497.10.0.0.2", IPV8));
        assertEquals(WireVersion.IPV8, choose("64496.10.0.0.1", "10.0.0.2", IPV8));
        assertEquals(WireVersion.IPV8, choose("10.0.0.1", "64497.10.0.0.2", IPV8));
        // IPv4-only neighbour: downgrade for r = 0 or our own ASN, refuse a foreign ASN.
        assertEquals(WireVersion.IPV4, choose("64496.10.0.0.1", "10.0.0.2", IPV4_ONLY));
        assertEquals(WireVersion.IPV4, choose("64496.10.0.0.1", "64496.10.0.0.2", IPV4_ONLY));
        assertEquals(WireVersion.REFUSE, choose("64496.10.0.0.1", "64497.10.0.0.2", IPV4_ONLY));
        assertEquals(WireVersion.REFUSE, choose("10.0.0.1", "64497.10.0.0.2", IPV4_ONLY));
        // Unknown capability never gets a version-8 header.
        assertEquals(WireVersion.REFUSE, choose("64496.10.0.0.1", "64496.10.0.0.2", UNKNOWN));
    }

    @Test
    void onlyProvenIpv8NeighboursEverGetVersion8()
    {
        final Random random = new Random(0x3_2L);
        final int[] rs = {0, 64496, 64497, 0x7F010000};
        for (int i = 0; i < 20_000; i++)
        {
            final long source = Ipv8Address.of(rs[random.nextInt(rs.length)], random.nextInt());
            final long destination = Ipv8Address.of(rs[random.nextInt(rs.length)], random.nextInt());
            for (final NeighborCapability cap : new NeighborCapability[] {UNKNOWN, IPV4_ONLY})
            {
                assertNotEquals(WireVersion.IPV8, WireVersion.choose(source, destination, cap, OWN));
            }
            final WireVersion toIpv8 = WireVersion.choose(source, destination, IPV8, OWN);
            final boolean bothZero = Ipv8Address.routingPrefix(source) == 0 && Ipv8Address.routingPrefix(destination) == 0;
            assertEquals(bothZero ? WireVersion.IPV4 : WireVersion.IPV8, toIpv8);
        }
    }
}
