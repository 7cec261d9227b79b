package org.ipv8router.bgp8.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fib.InMemoryFib;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.testutil.Speakers;
import org.ipv8router.bgp8.testutil.Speakers.Node;
import org.junit.jupiter.api.Test;

/** BGP8 to BGP8 between speaker instances in one JVM over loopback TCP. */
class Bgp8LoopbackTest
{
    private static final long[] ROUTE = Prefixes.parse("64499.10.0.0.0/8");

    private static InMemoryFib.Entry entry(final Node n, final long[] p)
    {
        return n.fib().get(p[0], (int)p[1]);
    }

    @Test
    void ipv8RoutesCarryCostFactorAndBestPathFollowsCfChanges() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node a = s.start("127.0.0.11", 64496, SpeakerConfig.of(64496, 1, null));
            final Node b = s.start("127.0.0.12", 64497, SpeakerConfig.of(64497, 1, null));
            final Node c = s.start("127.0.0.13", 64498, SpeakerConfig.of(64498, 1, null));
            final Node d = s.start("127.0.0.14", 64499, SpeakerConfig.of(64499, 1, null));
            // D originates; B and C learn it over links with CF 1000 and 3000; A learns it from both.
            final BgpSession[] bd = s.connect(b, 64497, d, 64499, PeerPolicy.ebgp(64499).withLinkCostFactor(1000),
                PeerPolicy.ebgp(64497), false, true);
            final BgpSession[] cd = s.connect(c, 64498, d, 64499, PeerPolicy.ebgp(64499).withLinkCostFactor(3000),
                PeerPolicy.ebgp(64498), false, true);
            // B and C see their links to A as expensive (CF 10,000), so they never prefer a path back through A.
            final BgpSession[] ab = s.connect(a, 64496, b, 64497, PeerPolicy.ebgp(64497),
                PeerPolicy.ebgp(64496).withLinkCostFactor(10_000), false, true);
            final BgpSession[] ac = s.connect(a, 64496, c, 64498, PeerPolicy.ebgp(64498),
                PeerPolicy.ebgp(64496).withLinkCostFactor(10_000), false, true);
            for (final BgpSession[] pair : new BgpSession[][] {bd, cd, ab, ac})
            {
                assertTrue(Speakers.await(() -> pair[0].state() == SessionState.ESTABLISHED &&
                    pair[1].state() == SessionState.ESTABLISHED, 15_000), "session " + pair[0].config().name());
            }
            assertTrue(a.speaker.query(() -> ab[0].ipv8Negotiated() && ab[0].peerOpen().bgp8()));
            final long endpoint = ((Speakers.ipv4("198.51.100.1") & 0xFFFF_FFFFL) << 16) | 443;
            d.speaker.originate(ROUTE[0], (int)ROUTE[1], (64499L << 32) | Speakers.ipv4("127.0.0.14"),
                new long[] {endpoint});

            assertTrue(Speakers.await(() -> entry(a, ROUTE) != null && entry(a, ROUTE).costFactor() == 1000, 10_000),
                "A installs the route via B with CF 0 + 1000: " + entry(a, ROUTE));
            final InMemoryFib.Entry viaB = entry(a, ROUTE);
            assertEquals((64497L << 32) | Speakers.ipv4("127.0.0.12"), viaB.nextHop(), "next hop is B's IPv8 address");
            assertEquals(64499, viaB.originAsn());
            assertEquals(endpoint, viaB.endpoint8to4(), "8TO4-ENDPOINT travels two BGP8 hops into the FIB");
            assertTrue(Speakers.await(() -> a.speaker.query(() -> ac[0].ribPeer().adjRibIn(ROUTE[0], (int)ROUTE[1]))
                != null, 10_000), "the path via C arrives too");
            assertEquals(3000, a.speaker.query(() -> a.speaker.rib().costFactorTotal(ac[0].ribPeer(),
                ac[0].ribPeer().adjRibIn(ROUTE[0], (int)ROUTE[1]))), "the path via C carries CF 3000");

            // The link B-D gets worse: B re-advertises with CF 5000 and A moves to C.
            b.speaker.updatePeerPolicy(bd[0], PeerPolicy.ebgp(64499).withLinkCostFactor(5000));
            assertTrue(Speakers.await(() -> entry(a, ROUTE) != null && entry(a, ROUTE).costFactor() == 3000, 10_000),
                "A switches to C: " + entry(a, ROUTE));
            assertEquals((64498L << 32) | Speakers.ipv4("127.0.0.13"), entry(a, ROUTE).nextHop());

            // Withdraw at the origin removes the route everywhere.
            d.speaker.withdrawOriginated(ROUTE[0], (int)ROUTE[1]);
            assertTrue(Speakers.await(() -> entry(a, ROUTE) == null, 10_000), "withdraw reaches A's FIB");
        }
    }

    @Test
    void ipv4RoutesFlowBothWaysAndSessionLossFlushes() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node a = s.start("127.0.0.21", 65001, SpeakerConfig.of(65001, 1, null));
            final Node b = s.start("127.0.0.22", 65002, SpeakerConfig.of(65002, 1, null));
            final BgpSession[] ab = s.connect(a, 65001, b, 65002, PeerPolicy.ebgp(65002), PeerPolicy.ebgp(65001),
                true, true);
            assertTrue(Speakers.await(() -> ab[0].state() == SessionState.ESTABLISHED, 15_000));
            final long[] pa = Prefixes.parse("198.51.100.0/24");
            final long[] pb = Prefixes.parse("203.0.113.0/24");
            a.speaker.originate(pa[0], (int)pa[1], Speakers.ipv4("127.0.0.21"));
            b.speaker.originate(pb[0], (int)pb[1], Speakers.ipv4("127.0.0.22"));
            assertTrue(Speakers.await(() -> entry(b, pa) != null && entry(a, pb) != null, 10_000));
            assertEquals(Speakers.ipv4("127.0.0.21") & 0xFFFF_FFFFL, entry(b, pa).nextHop());
            assertEquals(65001, entry(b, pa).originAsn());
            // ROUTE-REFRESH: B asks A to re-send; A receives the request and re-advertises its route.
            final long updatesBefore = b.speaker.query(() -> ab[1].updatesReceived());
            assertTrue(b.speaker.requestRouteRefresh(ab[1]));
            assertTrue(Speakers.await(() -> a.speaker.query(() -> ab[0].routeRefreshesReceived()) == 2, 5_000),
                "one ROUTE-REFRESH per negotiated family (IPv4 and IPv8)");
            assertTrue(Speakers.await(() -> b.speaker.query(() -> ab[1].updatesReceived()) > updatesBefore, 5_000),
                "A re-advertised after the refresh");
            assertTrue(entry(b, pa) != null);
            // B goes away: A flushes B's routes from its FIB.
            b.speaker.close();
            assertTrue(Speakers.await(() -> entry(a, pb) == null, 10_000), "session loss flushes");
            assertTrue(Speakers.await(() -> a.speaker.query(() -> ab[0].state()) != SessionState.ESTABLISHED, 5_000));
        }
    }

    /**
     * Both ends active and released at the same moment (their I/O threads held while the neighbours are added), so
     * each end holds its own connection and the peer's: RFC 4271 6.8 must leave one connection, the same at both
     * ends, the one initiated by the higher BGP Identifier. The identifiers are chosen against the address order
     * (and across the sign bit), so a rule based on addresses or signed compares would fail.
     */
    @Test
    void bothSidesActiveKeepTheConnectionOfTheHigherBgpIdentifier() throws Exception
    {
        final int[][] ids = {{0x0A00_0001, 0xC800_0001}, {0xC800_0001, 0x0A00_0001}};
        long collisionsA = 0;
        long collisionsB = 0;
        for (int round = 0; round < 4; round++)
        {
            final int idA = ids[round % 2][0];
            final int idB = ids[round % 2][1];
            try (Speakers s = new Speakers())
            {
                final Node a = s.start("127.0.0.43", 65001, idA, SpeakerConfig.of(65001, 1, null));
                final Node b = s.start("127.0.0.44", 65002, idB, SpeakerConfig.of(65002, 1, null));
                final long[] pa = Prefixes.parse("198.51.100.0/24");
                a.speaker.originate(pa[0], (int)pa[1], Speakers.ipv4("127.0.0.43"));
                final var gate = Speakers.hold(a.speaker, b.speaker);
                final var fa = java.util.concurrent.CompletableFuture.supplyAsync(() -> a.speaker.addPeer(
                    new PeerConfig("b", new java.net.InetSocketAddress("127.0.0.44", b.port()),
                    new java.net.InetSocketAddress("127.0.0.43", 0), 65002, Speakers.FAST, PeerPolicy.ebgp(65002),
                    true, false, 0, 0)));
                final var fb = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.speaker.addPeer(
                    new PeerConfig("a", new java.net.InetSocketAddress("127.0.0.43", a.port()),
                    new java.net.InetSocketAddress("127.0.0.44", 0), 65001, Speakers.FAST, PeerPolicy.ebgp(65001),
                    true, false, 0, 0)));
                Thread.sleep(200); // both addPeer commands are queued behind the held I/O threads
                gate.countDown();
                final BgpSession sa = fa.get(10, java.util.concurrent.TimeUnit.SECONDS);
                final BgpSession sb = fb.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(Speakers.await(() -> sa.state() == SessionState.ESTABLISHED &&
                    sb.state() == SessionState.ESTABLISHED, 15_000), "both active: " + sa.state() + "/" + sb.state());
                assertTrue(Speakers.await(() -> entry(b, pa) != null, 10_000), "routes flow over the survivor");
                Thread.sleep(1_000); // a disagreement shows as a closed connection within milliseconds
                final String why = "round " + round + " ids " + Integer.toHexString(idA) + "/" +
                    Integer.toHexString(idB);
                assertEquals(SessionState.ESTABLISHED, a.speaker.query(sa::state), "stays up: " + why);
                assertEquals(SessionState.ESTABLISHED, b.speaker.query(sb::state), "stays up: " + why);
                assertEquals(1, a.speaker.query(() -> sa.fsm().establishedTransitions()), why);
                assertEquals(1, b.speaker.query(() -> sb.fsm().establishedTransitions()), why);
                final boolean aInitiated = a.speaker.query(sa::initiatedLocally);
                assertEquals(!aInitiated, b.speaker.query(sb::initiatedLocally),
                    "one TCP connection, initiated by exactly one end: " + why);
                final long ca = a.speaker.query(sa::collisionsResolved);
                final long cb = b.speaker.query(sb::collisionsResolved);
                // A connection that reached Established before the other's OPEN arrived wins by RFC 4271 6.8's
                // Established rule whatever the identifiers; only identifier decisions predict the survivor.
                final long byIdA = a.speaker.query(sa::collisionsByIdentifier);
                final long byIdB = b.speaker.query(sb::collisionsByIdentifier);
                if (byIdA > 0 || byIdB > 0)
                {
                    assertEquals(Integer.compareUnsigned(idA, idB) > 0, aInitiated,
                        "the connection initiated by the higher BGP Identifier survives: " + why + "; collisions " +
                        "at a " + ca + " (" + byIdA + " by identifier), at b " + cb + " (" + byIdB + ")");
                }
                collisionsA += ca;
                collisionsB += cb;
                assertNotNull(entry(b, pa), why);
            }
        }
        assertTrue(collisionsA > 0 && collisionsB > 0,
            "the held start produced real collisions at both ends: " + collisionsA + "/" + collisionsB);
    }

    /** RFC 4271 6.8: a new connection from an Established neighbour is refused with Cease 6/7, the session stays. */
    @Test
    void incomingConnectionWhileEstablishedGetsCollisionCease() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node a = s.start("127.0.0.61", 65001, SpeakerConfig.of(65001, 1, null));
            final Node b = s.start("127.0.0.62", 65002, SpeakerConfig.of(65002, 1, null));
            final BgpSession[] ab = s.connect(a, 65001, b, 65002, PeerPolicy.ebgp(65002), PeerPolicy.ebgp(65001),
                true, false);
            assertTrue(Speakers.await(() -> ab[0].state() == SessionState.ESTABLISHED &&
                ab[1].state() == SessionState.ESTABLISHED, 15_000));
            try (java.net.Socket raw = new java.net.Socket())
            {
                raw.bind(new java.net.InetSocketAddress("127.0.0.62", 0)); // from the neighbour's address
                raw.connect(new java.net.InetSocketAddress("127.0.0.61", a.port()));
                raw.setSoTimeout(5_000);
                final byte[] m = raw.getInputStream().readNBytes(21);
                assertEquals(21, m.length, "a NOTIFICATION");
                assertEquals(Bgp.NOTIFICATION, m[18]);
                assertEquals(Bgp.ERR_CEASE, m[19]);
                assertEquals(Bgp.CEASE_COLLISION, m[20]);
                assertEquals(-1, raw.getInputStream().read(), "then closed");
            }
            Thread.sleep(200);
            assertEquals(SessionState.ESTABLISHED, a.speaker.query(ab[0]::state));
            assertEquals(1, a.speaker.query(() -> ab[0].fsm().establishedTransitions()));
            assertEquals(1, a.speaker.query(ab[0]::collisionsResolved));
        }
    }

    /**
     * MRAI per neighbour over real sessions: the initial table goes out at once; a change right after it waits
     * until the (jittered, 0.75..1.0) interval has passed, then arrives. Only a lower bound is asserted (the MRAI
     * guarantees it), the upper bound is a generous timeout.
     */
    @Test
    void mraiHoldsBackChangesAfterAnAdvertisement() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node a = s.start("127.0.0.45", 65001, SpeakerConfig.of(65001, 1, null));
            final Node b = s.start("127.0.0.46", 65002, SpeakerConfig.of(65002, 1, null));
            final long[] p1 = Prefixes.parse("198.51.100.0/24");
            final long[] p2 = Prefixes.parse("203.0.113.0/24");
            a.speaker.originate(p1[0], (int)p1[1], Speakers.ipv4("127.0.0.45"));
            final BgpSession[] ab = s.connect(a, 65001, b, 65002, PeerPolicy.ebgp(65002).withMrai(3_000),
                PeerPolicy.ebgp(65001), true, false);
            assertTrue(Speakers.await(() -> entry(b, p1) != null, 15_000), "initial table not delayed");
            final long firstSeen = System.nanoTime();
            a.speaker.originate(p2[0], (int)p2[1], Speakers.ipv4("127.0.0.45"));
            assertTrue(Speakers.await(() -> entry(b, p2) != null, 15_000), "sent once the MRAI has passed");
            final long waitedMs = (System.nanoTime() - firstSeen) / 1_000_000;
            // 2.25 s minus the delivery latency of the first route; without MRAI it arrives within milliseconds.
            assertTrue(waitedMs >= 1_500, "held back by MRAI 3 s (jitter >= 2.25 s), waited " + waitedMs + " ms");
            assertEquals(SessionState.ESTABLISHED, ab[0].state());
        }
    }

    @Test
    void maxPrefixTearsDownWithCease1() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node a = s.start("127.0.0.31", 65001, SpeakerConfig.of(65001, 1, null));
            final Node b = s.start("127.0.0.32", 65002, SpeakerConfig.of(65002, 1, null));
            for (int i = 0; i < 5; i++)
            {
                final long[] p = Prefixes.parse("10." + i + ".0.0/16");
                b.speaker.originate(p[0], (int)p[1], Speakers.ipv4("127.0.0.32"));
            }
            final BgpSession[] ab = s.connect(a, 65001, b, 65002, PeerPolicy.ebgp(65002).withMaxPrefixes(3),
                PeerPolicy.ebgp(65001), true, false);
            assertTrue(Speakers.await(() -> b.speaker.query(() -> ab[1].lastNotificationReceived()) != null, 15_000));
            final var n = b.speaker.query(() -> ab[1].lastNotificationReceived());
            assertEquals(Bgp.ERR_CEASE, n.code());
            assertEquals(Bgp.CEASE_MAX_PREFIXES, n.subcode());
            assertNotNull(a.speaker.query(() -> ab[0].lastNotificationSent()));
            assertEquals(0, a.fib().size(), "routes of the torn-down session are flushed");
        }
    }
}
