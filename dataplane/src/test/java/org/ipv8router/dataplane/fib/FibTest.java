package org.ipv8router.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FibTest
{
    private static final int OWN_ASN = 64496;
    private static final int FOREIGN_ASN = 218785;
    private static final int ZONE = 0x7F01_0000; // 127.1.0.0

    private Fib fib;
    private int hopA;
    private int hopB;
    private int hopC;

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static long addr(final int r, final int n)
    {
        return Ipv8Address.of(r, n);
    }

    @BeforeEach
    void setUp()
    {
        fib = new Fib(FibConfig.defaults().withMaxAsns(1000).withIpv4Groups(256).withLocalTableGroups(64, 64)
            .withNextHopCapacity(64));
        final NextHopTable hops = fib.nextHops();
        hopA = hops.addConnected(1, addr(OWN_ASN, ip(222, 0, 0, 1)));
        hopB = hops.addEightToFour(2, ip(198, 51, 100, 7));
        hopC = hops.addConnected(3, addr(0x6400_0001, ip(10, 0, 0, 2))); // RINE peer 100.0.0.1
    }

    @Test
    void ipv4TableForRZero()
    {
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(0, ip(192, 0, 2, 0)), 56, hopA));
        assertEquals(hopA, fib.lookup(addr(0, ip(192, 0, 2, 9))));
        final int miss = fib.lookup(addr(0, ip(192, 0, 3, 9)));
        assertTrue(Fib.isMiss(miss));
        assertEquals(0, Fib.icmpCode(miss), "Tier 2 miss is net unreachable");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(0, 32, hopB), "IPv4 default 0.0.0.0/0 is 64-bit /32");
        assertEquals(hopB, fib.lookup(addr(0, ip(8, 8, 8, 8))));
        assertEquals(Fib.MISS_ASN_UNREACHABLE, fib.lookup(addr(FOREIGN_ASN, ip(8, 8, 8, 8))),
            "the IPv4 default is not a Tier 1 default");
    }

    @Test
    void localRHasItsOwnTier2Table()
    {
        assertTrue(fib.addLocalR(OWN_ASN));
        assertFalse(fib.addLocalR(OWN_ASN));
        assertEquals(Dir24_8.Layout.DIR_24_8, fib.localTable(OWN_ASN).layout());
        assertTrue(fib.addLocalR(ZONE));
        assertEquals(Dir24_8.Layout.DIR_16_8_8, fib.localTable(ZONE).layout(), "127.x zones use the small layout");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(OWN_ASN, ip(10, 1, 0, 0)), 48, hopA));
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(OWN_ASN, ip(10, 1, 2, 3)), 64, hopB),
            "local tables take host routes longer than /16");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(ZONE, ip(10, 1, 0, 0)), 56, hopC));
        assertEquals(hopA, fib.lookup(addr(OWN_ASN, ip(10, 1, 2, 4))));
        assertEquals(hopB, fib.lookup(addr(OWN_ASN, ip(10, 1, 2, 3))));
        assertEquals(hopC, fib.lookup(addr(ZONE, ip(10, 1, 0, 200))));
        assertEquals(Fib.MISS_NET_UNREACHABLE, fib.lookup(addr(ZONE, ip(10, 1, 1, 200))), "zones are separate");
        assertEquals(Fib.MISS_NET_UNREACHABLE, fib.lookup(addr(0, ip(10, 1, 2, 4))), "r = 0 is separate");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(0, 0, hopC));
        assertEquals(Fib.MISS_NET_UNREACHABLE, fib.lookup(addr(ZONE, ip(10, 9, 9, 9))),
            "the global default never catches local misses");
        assertArrayEquals(new int[] {OWN_ASN, ZONE}, java.util.Arrays.stream(fib.localRs()).sorted().toArray());
    }

    @Test
    void foreignRGoesThroughTier1WithDefaultAndMissCodes()
    {
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(FOREIGN_ASN, 0), 32, hopA), "whole-ASN route");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(FOREIGN_ASN, ip(45, 138, 0, 0)), 48, hopB));
        assertEquals(RouteResult.REJECTED_TOO_SPECIFIC, fib.addRoute(addr(FOREIGN_ASN, ip(45, 138, 12, 0)), 56, hopC));
        assertEquals(hopB, fib.lookup(addr(FOREIGN_ASN, ip(45, 138, 12, 1))));
        assertEquals(hopA, fib.lookup(addr(FOREIGN_ASN, ip(45, 139, 12, 1))));
        final int miss = fib.lookup(addr(65533, ip(1, 2, 3, 4)));
        assertTrue(Fib.isMiss(miss));
        assertEquals(6, Fib.icmpCode(miss), "Tier 1 miss is ASN unreachable");
        assertEquals(RouteResult.INSTALLED, fib.addRoute(0, 0, hopC));
        assertEquals(hopC, fib.lookup(addr(65533, ip(1, 2, 3, 4))));
        assertEquals(hopA, fib.lookup(addr(FOREIGN_ASN, ip(1, 2, 3, 4))));
        assertEquals(Fib.MISS_NET_UNREACHABLE, fib.lookup(addr(0, ip(1, 2, 3, 4))),
            "the 64-bit default is for foreign r only");
        assertEquals(RouteResult.REMOVED, fib.removeRoute(0, 0));
        assertEquals(Fib.MISS_ASN_UNREACHABLE, fib.lookup(addr(65533, ip(1, 2, 3, 4))));
        assertEquals(1, fib.resultCount(RouteResult.REJECTED_TOO_SPECIFIC));
    }

    @Test
    void removingLocalRSendsItsTrafficToTier1AndReleasesItsNextHops()
    {
        fib.addLocalR(OWN_ASN);
        fib.addRoute(addr(OWN_ASN, ip(10, 0, 0, 0)), 40, hopA);
        assertEquals(2, fib.nextHops().refCount(hopA));
        assertTrue(fib.removeLocalR(OWN_ASN));
        assertFalse(fib.isLocalR(OWN_ASN));
        assertNull(fib.localTable(OWN_ASN));
        assertEquals(1, fib.nextHops().refCount(hopA));
        assertEquals(Fib.MISS_ASN_UNREACHABLE, fib.lookup(addr(OWN_ASN, ip(10, 0, 0, 1))));
        assertFalse(fib.removeLocalR(OWN_ASN));
    }

    @Test
    void rejectsMalformedRoutesWithAReason()
    {
        assertEquals(RouteResult.REJECTED_AGGREGATE, fib.addRoute(0xFBF0_0000_0000_0000L, 16, hopA));
        assertEquals(RouteResult.REJECTED_INVALID_LENGTH, fib.addRoute(0, 65, hopA));
        assertEquals(RouteResult.REJECTED_INVALID_LENGTH, fib.addRoute(0, -1, hopA));
        assertEquals(RouteResult.REJECTED_HOST_BITS, fib.addRoute(addr(FOREIGN_ASN, ip(45, 138, 0, 1)), 48, hopA));
        assertEquals(RouteResult.REJECTED_HOST_BITS, fib.addRoute(1, 0, hopA));
        assertEquals(RouteResult.REJECTED_RESERVED_R, fib.addRoute(addr(-1, 0), 32, hopA));
        assertEquals(RouteResult.REJECTED_UNKNOWN_NEXT_HOP, fib.addRoute(addr(FOREIGN_ASN, 0), 32, 60));
        assertEquals(RouteResult.NOT_FOUND, fib.removeRoute(addr(FOREIGN_ASN, 0), 32));
        assertFalse(RouteResult.REJECTED_AGGREGATE.isSuccess());
        assertTrue(RouteResult.REJECTED_AGGREGATE.description().contains("several ASNs"));
        assertEquals(1, fib.resultCount(RouteResult.REJECTED_AGGREGATE));
        assertEquals(2, fib.resultCount(RouteResult.REJECTED_INVALID_LENGTH));
        assertThrows(IllegalArgumentException.class, () -> fib.addLocalR(0));
        assertThrows(IllegalArgumentException.class, () -> fib.addLocalR(-1));
    }

    @Test
    void asnCountBoundSurfacesAsAResult()
    {
        final Fib small = new Fib(FibConfig.defaults().withMaxAsns(2).withIpv4Groups(1).withNextHopCapacity(8));
        final int hop = small.nextHops().addConnected(0, 5);
        assertEquals(RouteResult.INSTALLED, small.addRoute(addr(1, 0), 32, hop));
        assertEquals(RouteResult.INSTALLED, small.addRoute(addr(2, 0), 32, hop));
        assertEquals(RouteResult.REJECTED_ASN_LIMIT, small.addRoute(addr(3, 0), 32, hop));
        assertEquals(1, small.resultCount(RouteResult.REJECTED_ASN_LIMIT));
        assertEquals(1, small.asnTable().asnLimitHits());
        assertEquals(3, small.nextHops().refCount(hop), "a refused route takes no reference");
    }

    @Test
    void nextHopReferencesFollowRoutes()
    {
        final NextHopTable hops = fib.nextHops();
        assertEquals(1, hops.refCount(hopA));
        fib.addRoute(addr(0, ip(10, 0, 0, 0)), 40, hopA);
        fib.addRoute(addr(FOREIGN_ASN, 0), 32, hopA);
        assertEquals(3, hops.refCount(hopA));
        assertEquals(RouteResult.REPLACED, fib.addRoute(addr(FOREIGN_ASN, 0), 32, hopB));
        assertEquals(2, hops.refCount(hopA));
        assertEquals(2, hops.refCount(hopB));
        assertEquals(RouteResult.REMOVED, fib.removeRoute(addr(0, ip(10, 0, 0, 0)), 40));
        assertEquals(1, hops.refCount(hopA));
        assertEquals(hops.addConnected(1, addr(OWN_ASN, ip(222, 0, 0, 1))), hopA, "identical next hops are shared");
        assertEquals(2, hops.refCount(hopA));
        assertEquals(NextHopTable.CONNECTED, hops.kind(hopA));
        assertEquals(NextHopTable.EIGHT_TO_FOUR, hops.kind(hopB));
        assertEquals(ip(198, 51, 100, 7), hops.ipv4Endpoint(hopB));
        assertEquals(2, hops.port(hopB));
        assertEquals(NextHopTable.DROP, hops.kind(NextHopTable.DROP_INDEX));
        assertEquals(NextHopTable.LOCAL, hops.kind(NextHopTable.LOCAL_INDEX));
        assertEquals(RouteResult.INSTALLED, fib.addRoute(addr(0, ip(10, 0, 0, 1)), 64, NextHopTable.LOCAL_INDEX));
        assertEquals(NextHopTable.LOCAL_INDEX, fib.lookup(addr(0, ip(10, 0, 0, 1))));
        assertThrows(IllegalStateException.class, () -> hops.release(NextHopTable.DROP_INDEX));
    }

    @Test
    void releasedNextHopIndexWaitsForReaders()
    {
        final NextHopTable hops = fib.nextHops();
        final int reader = fib.readers().register();
        final int x = hops.addConnected(9, 99);
        hops.release(x);
        assertFalse(hops.isLive(x));
        final int y = hops.addConnected(9, 100);
        assertNotEquals(x, y, "a worker may still hold index " + x);
        fib.readers().quiescent(reader);
        assertEquals(x, hops.addConnected(9, 101), "reused after the grace period");
        fib.readers().unregister(reader);
    }

    @Test
    void batchApplyReportsEachResult()
    {
        final FibUpdateBatch batch = new FibUpdateBatch(8);
        assertTrue(batch.add(addr(0, ip(10, 0, 0, 0)), 40, hopA));
        assertTrue(batch.add(addr(FOREIGN_ASN, ip(45, 0, 0, 0)), 40, hopB));
        assertTrue(batch.add(addr(FOREIGN_ASN, ip(45, 0, 0, 0)), 60, hopB));
        assertTrue(batch.remove(addr(0, ip(10, 0, 0, 0)), 40));
        assertTrue(batch.remove(addr(0, ip(11, 0, 0, 0)), 40));
        assertEquals(2, fib.apply(batch));
        assertEquals(RouteResult.INSTALLED, batch.result(0));
        assertEquals(RouteResult.INSTALLED, batch.result(1));
        assertEquals(RouteResult.REJECTED_TOO_SPECIFIC, batch.result(2));
        assertEquals(RouteResult.REMOVED, batch.result(3));
        assertEquals(RouteResult.NOT_FOUND, batch.result(4));
        assertEquals(hopB, fib.lookup(addr(FOREIGN_ASN, ip(45, 1, 2, 3))));
        assertEquals(Fib.MISS_NET_UNREACHABLE, fib.lookup(addr(0, ip(10, 1, 2, 3))));
        batch.clear();
        assertEquals(0, batch.count());
        for (int i = 0; i < 8; i++)
        {
            assertTrue(batch.remove(0, 0));
        }
        assertFalse(batch.add(0, 0, hopA), "full");
    }

    @Test
    void batchLookupEqualsSingleLookups()
    {
        fib.addLocalR(ZONE);
        fib.addRoute(addr(0, ip(10, 0, 0, 0)), 40, hopA);
        fib.addRoute(addr(ZONE, ip(10, 0, 0, 0)), 40, hopB);
        fib.addRoute(addr(FOREIGN_ASN, 0), 32, hopC);
        final long[] dsts = {addr(0, ip(10, 1, 1, 1)), addr(ZONE, ip(10, 1, 1, 1)), addr(FOREIGN_ASN, 7),
            addr(5, 7), addr(0, ip(11, 0, 0, 0)), addr(ZONE, ip(11, 0, 0, 0))};
        final int[] results = new int[dsts.length];
        fib.lookup(dsts, results, dsts.length);
        assertArrayEquals(new int[] {hopA, hopB, hopC, Fib.MISS_ASN_UNREACHABLE, Fib.MISS_NET_UNREACHABLE,
            Fib.MISS_NET_UNREACHABLE}, results);
        for (int i = 0; i < dsts.length; i++)
        {
            assertEquals(fib.lookup(dsts[i]), results[i]);
        }
    }

    @Test
    void routeReadsBackWhatIsInstalled()
    {
        fib.addLocalR(ZONE);
        fib.addRoute(addr(ZONE, ip(10, 0, 0, 0)), 40, hopB);
        fib.addRoute(addr(FOREIGN_ASN, ip(45, 0, 0, 0)), 40, hopA);
        assertEquals(hopB, fib.route(addr(ZONE, ip(10, 0, 0, 0)), 40));
        assertEquals(hopA, fib.route(addr(FOREIGN_ASN, ip(45, 0, 0, 0)), 40));
        assertEquals(Dir24_8.NO_ROUTE, fib.route(addr(FOREIGN_ASN, ip(45, 0, 0, 0)), 41));
        assertSame(fib.asnTable(), fib.asnTable());
    }

    @Test
    void localRCountIsBounded()
    {
        final Fib small = new Fib(new FibConfig(10, 4, 1, 1, 1, 2, 8, 2));
        small.addLocalR(ZONE);
        small.addLocalR(ZONE + 1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> small.addLocalR(ZONE + 2));
        assertTrue(ex.getMessage().contains("127.1.0.2"), ex.getMessage());
    }
}
