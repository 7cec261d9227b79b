package org.ipv8router.bgp8.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fib.InMemoryFib;
import org.ipv8router.bgp8.policy.ImportPolicy;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.policy.StaticRouteValidator;
import org.ipv8router.bgp8.policy.ValidationState;
import org.ipv8router.bgp8.policy.Verdict;
import org.junit.jupiter.api.Test;

class RibTest
{
    static final long LOCAL_AS = 64496;
    private final FibChannel channel = new FibChannel(64, 16);
    private final InMemoryFib fib = new InMemoryFib();

    private Rib rib(final RouteValidator validator, final PolicyConfig config)
    {
        return new Rib(new ImportPolicy(config, validator), channel);
    }

    private Rib rib()
    {
        return rib(RouteValidator.allowAll(), PolicyConfig.defaults(LOCAL_AS));
    }

    static PathAttributes path(final long nextHop, final long cf, final int... asns)
    {
        final int[] p = new int[asns.length + 2];
        p[0] = Bgp.AS_SEQUENCE;
        p[1] = asns.length;
        System.arraycopy(asns, 0, p, 2, asns.length);
        return new PathAttributes(Bgp.ORIGIN_IGP, asns.length == 0 ? new int[0] : p, nextHop,
            PathAttributes.ABSENT, PathAttributes.ABSENT, false, PathAttributes.ABSENT, 0, null, cf, false, null,
            null);
    }

    static long[] pfx(final String s)
    {
        return Prefixes.parse(s);
    }

    private InMemoryFib.Entry fibEntry(final String prefix)
    {
        do
        {
            channel.flush();
            channel.drain(fib);
        }
        while (channel.backlog() > 0);
        final long[] p = pfx(prefix);
        return fib.get(p[0], (int)p[1]);
    }

    private static Verdict announce(final Rib rib, final RibPeer peer, final String prefix, final PathAttributes a)
    {
        final long[] p = pfx(prefix);
        final Verdict v = rib.announce(peer, p[0], (int)p[1], a);
        rib.endOfBurst();
        return v;
    }

    @Test
    void lowerCostFactorWinsAndFibFollowsCfChanges()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        final long nhA = (64497L << 32) | 1;
        final long nhB = (64498L << 32) | 2;
        announce(rib, a, "64497.10.0.0.0/8", path(nhA, 2000, 64497));
        announce(rib, b, "64497.10.0.0.0/8", path(nhB, 1000, 64498, 64497));
        assertSame(b, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40), "CF beats the shorter AS path (A8)");
        assertEquals(nhB, fibEntry("64497.10.0.0.0/8").nextHop());
        assertEquals(1000, fibEntry("64497.10.0.0.0/8").costFactor());
        // CF of the path via b rises above a's: best path and FIB move to a.
        announce(rib, b, "64497.10.0.0.0/8", path(nhB, 3000, 64498, 64497));
        assertSame(a, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40));
        assertEquals(nhA, fibEntry("64497.10.0.0.0/8").nextHop());
        assertEquals(64497, fibEntry("64497.10.0.0.0/8").originAsn());
    }

    @Test
    void linkCostIsAddedToReceivedCf()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497).withLinkCostFactor(5000), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        announce(rib, a, "64497.10.0.0.0/8", path(1, 1000, 64497));
        announce(rib, b, "64497.10.0.0.0/8", path(2, 3000, 64498, 64497));
        assertSame(b, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40), "1000 + 5000 > 3000");
        assertEquals(6000, rib.costFactorTotal(a, rib.peers().get(0).adjRibIn(pfx("64497.10.0.0.0/8")[0], 40)));
        rib.updatePeerPolicy(b, PeerPolicy.ebgp(64498).withLinkCostFactor(4000));
        assertSame(a, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40), "now 6000 < 7000");
    }

    @Test
    void localPrefOverridesCf()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497).withLocalPref(200), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        announce(rib, a, "64497.10.0.0.0/8", path(1, 9000, 64497));
        announce(rib, b, "64497.10.0.0.0/8", path(2, 1, 64498, 64497));
        assertSame(a, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40));
    }

    @Test
    void missingCfLosesThenAsPathLengthDecides()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        final RibPeer c = rib.addPeer("c", PeerPolicy.ebgp(64499), 3, 3);
        announce(rib, a, "198.51.100.0/24", path(1, PathAttributes.ABSENT, 64497, 1, 2));
        announce(rib, b, "198.51.100.0/24", path(2, PathAttributes.ABSENT, 64498, 2));
        assertSame(b, rib.bestPeer(pfx("198.51.100.0/24")[0], 56), "equal (missing) CF: shorter path");
        announce(rib, c, "198.51.100.0/24", path(3, 500_000, 64499, 7, 8, 9));
        assertSame(c, rib.bestPeer(pfx("198.51.100.0/24")[0], 56), "any CF beats a missing CF (R10)");
    }

    @Test
    void tieBreaksOriginMedEbgpRouterIdAddress()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 9, 9);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64497), 5, 5);
        final PathAttributes incomplete = new PathAttributes(Bgp.ORIGIN_INCOMPLETE,
            new int[] {Bgp.AS_SEQUENCE, 1, 64497}, 1, PathAttributes.ABSENT, PathAttributes.ABSENT, false,
            PathAttributes.ABSENT, 0, null, 10, false, null, null);
        announce(rib, a, "198.51.100.0/24", path(1, 10, 64497));
        announce(rib, b, "198.51.100.0/24", incomplete);
        assertSame(a, rib.bestPeer(pfx("198.51.100.0/24")[0], 56), "IGP origin beats INCOMPLETE");
        final PathAttributes med5 = new PathAttributes(Bgp.ORIGIN_IGP, new int[] {Bgp.AS_SEQUENCE, 1, 64497}, 2,
            5, PathAttributes.ABSENT, false, PathAttributes.ABSENT, 0, null, 10, false, null, null);
        final PathAttributes med1 = new PathAttributes(Bgp.ORIGIN_IGP, new int[] {Bgp.AS_SEQUENCE, 1, 64497}, 1,
            1, PathAttributes.ABSENT, false, PathAttributes.ABSENT, 0, null, 10, false, null, null);
        announce(rib, b, "198.51.100.0/24", med1);
        announce(rib, a, "198.51.100.0/24", med5);
        assertSame(b, rib.bestPeer(pfx("198.51.100.0/24")[0], 56), "lower MED from the same neighbour AS");
        announce(rib, a, "198.51.100.0/24", med1.withNextHop(9));
        assertSame(b, rib.bestPeer(pfx("198.51.100.0/24")[0], 56), "all equal: lower router id 5 wins");
        final RibPeer i = rib.addPeer("i", PeerPolicy.ibgp(LOCAL_AS), 1, 1);
        announce(rib, i, "203.0.113.0/24", path(3, 10, 64497));
        announce(rib, a, "203.0.113.0/24", path(4, 10, 64497));
        assertSame(a, rib.bestPeer(pfx("203.0.113.0/24")[0], 56), "eBGP over iBGP despite the higher id");
    }

    @Test
    void withdrawPromotesSecondBestAndLastWithdrawRemovesFibEntry()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        announce(rib, a, "64497.0.0.0.0/0", path(11, 100, 64497));
        announce(rib, b, "64497.0.0.0.0/0", path(22, 200, 64498, 64497));
        assertEquals(11, fibEntry("64497.0.0.0.0/0").nextHop());
        final long[] p = pfx("64497.0.0.0.0/0");
        rib.withdraw(a, p[0], (int)p[1]);
        rib.endOfBurst();
        assertEquals(22, fibEntry("64497.0.0.0.0/0").nextHop());
        rib.withdraw(b, p[0], (int)p[1]);
        rib.endOfBurst();
        assertNull(fibEntry("64497.0.0.0.0/0"));
        assertEquals(0, rib.locRibSize());
    }

    @Test
    void peerDownFlushesItsRoutesFromFib()
    {
        final Rib rib = rib();
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        for (int i = 0; i < 100; i++)
        {
            announce(rib, a, "10." + i + ".0.0/16", path(1, 1, 64497));
        }
        assertEquals(100, rib.locRibSize());
        assertNotNull(fibEntry("10.42.0.0/16"));
        assertEquals(100, fib.size());
        rib.peerDown(a);
        fibEntry("10.42.0.0/16");
        assertEquals(0, fib.size());
        assertEquals(0, rib.locRibSize());
        assertEquals(0, a.adjRibInSize());
    }

    @Test
    void maxPrefixTriggersListener()
    {
        final Rib rib = rib();
        final List<Integer> fired = new ArrayList<>();
        rib.maxPrefixListener((peer, limit) -> fired.add(limit));
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497).withMaxPrefixes(3), 1, 1);
        for (int i = 0; i < 3; i++)
        {
            announce(rib, a, "10." + i + ".0.0/16", path(1, 1, 64497));
        }
        assertTrue(fired.isEmpty());
        announce(rib, a, "10.9.0.0/16", path(1, 1, 64497));
        assertEquals(List.of(3), fired);
    }

    @Test
    void perRnBudgetRejectsNewest()
    {
        final Rib rib = rib(RouteValidator.allowAll(), PolicyConfig.defaults(LOCAL_AS).withMaxPrefixesPerRn(2));
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer b = rib.addPeer("b", PeerPolicy.ebgp(64498), 2, 2);
        assertEquals(Verdict.ACCEPT, announce(rib, a, "64497.10.0.0.0/8", path(1, 1, 64497)));
        assertEquals(Verdict.ACCEPT, announce(rib, a, "64497.11.0.0.0/8", path(1, 1, 64497)));
        assertEquals(Verdict.REJECT_R9_RN_BUDGET, announce(rib, a, "64497.12.0.0.0/8", path(1, 1, 64497)));
        assertEquals(Verdict.REJECT_R9_RN_BUDGET, announce(rib, b, "64497.12.0.0.0/8", path(2, 1, 64498, 64497)),
            "the budget counts prefixes over all peers");
        assertEquals(Verdict.ACCEPT, announce(rib, b, "64497.10.0.0.0/8", path(2, 1, 64498, 64497)),
            "a prefix already in the Loc-RIB does not add to the count");
        assertEquals(2, rib.prefixesOfRn(64497));
    }

    @Test
    void pendingRoutesInstallWhenValidatorAnswers()
    {
        final StaticRouteValidator v = new StaticRouteValidator();
        v.force(64497, ValidationState.UNKNOWN);
        final Rib rib = rib(v, PolicyConfig.defaults(LOCAL_AS));
        v.addListener(rib::revalidate);
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        assertEquals(Verdict.PENDING, announce(rib, a, "64497.10.0.0.0/8", path(1, 1, 64497)));
        assertNull(fibEntry("64497.10.0.0.0/8"), "held, not installed");
        v.register(64497, Set.of(64497L), 16);
        assertEquals(Verdict.ACCEPT, rib.verdictOf(a, pfx("64497.10.0.0.0/8")[0], 40));
        assertNotNull(fibEntry("64497.10.0.0.0/8"));
        // Revocation (T13): the route is withdrawn.
        v.force(64497, ValidationState.INVALID);
        assertNull(fibEntry("64497.10.0.0.0/8"));
        assertEquals(Verdict.REJECT_R7_R8_INVALID, rib.verdictOf(a, pfx("64497.10.0.0.0/8")[0], 40));
    }

    @Test
    void revalidatingASetOfRnsTouchesOnlyThoseRnsAndRoutesShowTheirState()
    {
        final StaticRouteValidator v = new StaticRouteValidator();
        for (final long rn : new long[] {64497, 64498, 64499})
        {
            v.force(rn, ValidationState.UNKNOWN);
        }
        final Rib rib = rib(v, PolicyConfig.defaults(LOCAL_AS));
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        for (final String p : new String[] {"64497.10.0.0.0/8", "64498.10.0.0.0/8", "64499.10.0.0.0/8"})
        {
            assertEquals(Verdict.PENDING, announce(rib, a, p, path(1, 1, 64497)));
        }
        // Every RN changes in the validator, but only 64497 and 64499 are announced as changed.
        v.register(64497, Set.of(64497L), 16);
        v.register(64498, Set.of(64497L), 16);
        v.force(64499, ValidationState.NOT_FOUND);
        final org.agrona.collections.LongHashSet changed = new org.agrona.collections.LongHashSet();
        changed.add(64497);
        changed.add(64499);
        assertEquals(2, rib.revalidate(changed));
        assertEquals(Verdict.ACCEPT, rib.verdictOf(a, pfx("64497.10.0.0.0/8")[0], 40));
        assertEquals(Verdict.PENDING, rib.verdictOf(a, pfx("64498.10.0.0.0/8")[0], 40), "not in the set");
        assertEquals(Verdict.REJECT_R8_NOT_FOUND, rib.verdictOf(a, pfx("64499.10.0.0.0/8")[0], 40));
        assertNotNull(fibEntry("64497.10.0.0.0/8"));
        assertNull(fibEntry("64498.10.0.0.0/8"));

        final List<RouteView> routes = rib.routes(-1);
        assertEquals(3, routes.size());
        assertEquals(pfx("64497.10.0.0.0/8")[0], routes.get(0).prefix(), "sorted by prefix");
        assertTrue(routes.get(0).best());
        assertEquals(ValidationState.VALID, routes.get(0).validation());
        assertEquals(Verdict.PENDING, routes.get(1).verdict());
        assertEquals(ValidationState.VALID, routes.get(1).validation(), "the validator's answer now, not yet applied");
        assertEquals(ValidationState.NOT_FOUND, routes.get(2).validation());
        assertEquals(1, rib.routes(64499).size());
        assertEquals("a", routes.get(2).peer());
        assertTrue(routes.get(2).toString().contains("64499.10.0.0.0/8"), routes.get(2).toString());
    }

    @Test
    void denyAllValidatorInstallsNoIpv8RouteButIpv4Passes()
    {
        final Rib rib = rib(RouteValidator.denyAll(), PolicyConfig.defaults(LOCAL_AS));
        final RibPeer a = rib.addPeer("a", PeerPolicy.ebgp(64497), 1, 1);
        assertEquals(Verdict.REJECT_R7_R8_INVALID, announce(rib, a, "64497.10.0.0.0/8", path(1, 1, 64497)));
        assertEquals(Verdict.ACCEPT, announce(rib, a, "198.51.100.0/24", path(1, 1, 64497)), "T15: RN 0 skips R8");
        assertEquals(1, rib.locRibSize());
    }

    @Test
    void nextHopResolutionExcludesUnreachableAndAddsIgpCost()
    {
        final Rib rib = rib();
        final RibPeer i1 = rib.addPeer("i1", PeerPolicy.ibgp(LOCAL_AS), 1, 1);
        final RibPeer i2 = rib.addPeer("i2", PeerPolicy.ibgp(LOCAL_AS), 2, 2);
        rib.nextHopResolver(nh -> nh == 100 ? 50 : nh == 200 ? 1 : NextHopResolver.UNREACHABLE);
        announce(rib, i1, "64497.10.0.0.0/8", path(100, 1000, 64497));
        announce(rib, i2, "64497.10.0.0.0/8", path(200, 1400, 64497));
        assertSame(i2, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40), "1000 + 50*10 > 1400 + 1*10");
        announce(rib, i2, "64497.10.0.0.0/8", path(300, 1, 64497));
        assertSame(i1, rib.bestPeer(pfx("64497.10.0.0.0/8")[0], 40), "unreachable next hop is no candidate");
    }

    static final class CollectingOutput implements RibPeer.Output
    {
        final List<String> announced = new ArrayList<>();
        final List<String> withdrawn = new ArrayList<>();
        final List<PathAttributes> attrs = new ArrayList<>();

        @Override
        public void announce(final PathAttributes a, final boolean ipv8, final long[] p, final byte[] l, final int n)
        {
            for (int i = 0; i < n; i++)
            {
                announced.add(Prefixes.format(p[i], l[i]));
                attrs.add(a);
            }
        }

        @Override
        public void withdraw(final boolean ipv8, final long[] p, final byte[] l, final int n)
        {
            for (int i = 0; i < n; i++)
            {
                withdrawn.add(Prefixes.format(p[i], l[i]));
            }
        }
    }

    @Test
    void exportNeverAdvertisesZonesRineInteriorLinksToEbgp()
    {
        final Rib rib = rib();
        final RibPeer ibgp = rib.addPeer("i", PeerPolicy.ibgp(LOCAL_AS), 1, 1);
        final RibPeer ebgp = rib.addPeer("e", PeerPolicy.ebgp(64499), 2, 2);
        final RibPeer ibgp2 = rib.addPeer("i2", PeerPolicy.ibgp(LOCAL_AS), 3, 3);
        final CollectingOutput out = new CollectingOutput();
        final CollectingOutput out2 = new CollectingOutput();
        rib.peerUp(ebgp, out, true, true, true, 0xC0000201L, (LOCAL_AS << 32) | 0xC0000201L);
        rib.peerUp(ibgp2, out2, true, true, true, 0xC0000201L, (LOCAL_AS << 32) | 0xC0000201L);
        final String[] internal = {"127.1.0.0.10.0.0.0/40", "100.1.2.3.0.0.0.0/32", "64496.222.0.0.0/16",
            "65534.10.0.0.0/8", "127.0.0.0/8"};
        for (final String s : internal)
        {
            final long[] p = pfx(s);
            rib.originate(p[0], (int)p[1], PathAttributes.originated(1));
        }
        rib.originate(pfx("64496.10.0.0.0/8")[0], 40, PathAttributes.originated(1));
        announce(rib, ibgp, "64497.20.0.0.0/8", path(5, 700, 64497));
        rib.flushExports();
        assertEquals(List.of("64496.10.0.0.0/8", "64497.20.0.0.0/8").stream().sorted().toList(),
            out.announced.stream().sorted().toList());
        final int idx = out.announced.indexOf("64496.10.0.0.0/8");
        assertEquals(0, out.attrs.get(idx).costFactor(), "originated CF = 0");
        assertEquals(LOCAL_AS, out.attrs.get(idx).firstAs(), "own AS prepended on eBGP");
        assertEquals((LOCAL_AS << 32) | 0xC0000201L, out.attrs.get(idx).nextHop(), "next-hop-self");
        final int idx2 = out.announced.indexOf("64497.20.0.0.0/8");
        assertEquals(700, out.attrs.get(idx2).costFactor(), "iBGP-learned CF passed on");
        final long[] zone = pfx("127.1.0.0.10.0.0.0/40");
        assertTrue(out2.announced.contains(Prefixes.format(zone[0], (int)zone[1])), "internal zones go to iBGP");
        assertTrue(!out2.announced.contains("64497.20.0.0.0/8"), "no iBGP to iBGP without reflection");
        assertTrue(rib.exportPolicy().blocked() >= internal.length);
        // Withdrawal is propagated.
        rib.withdrawOriginated(pfx("64496.10.0.0.0/8")[0], 40);
        rib.flushExports();
        assertEquals(List.of("64496.10.0.0.0/8"), out.withdrawn);
    }

    @Test
    void mraiDelaysAndCollapsesAdvertisements()
    {
        final Rib rib = rib();
        final RibPeer src = rib.addPeer("src", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer dst = rib.addPeer("dst", PeerPolicy.ebgp(64499).withMrai(30_000), 2, 2);
        final CollectingOutput out = new CollectingOutput();
        rib.peerUp(dst, out, true, true, true, 0xC0000201L, 0);
        announce(rib, src, "198.51.100.0/24", path(1, 10, 64497));
        assertEquals(1, rib.flushExports(1_000), "first advertisement goes out at once");
        announce(rib, src, "198.51.100.0/24", path(1, 20, 64497));
        announce(rib, src, "198.51.100.0/24", path(1, 30, 64497, 64498));
        assertEquals(0, rib.flushExports(20_000), "inside the MRAI nothing is sent");
        assertEquals(1, rib.flushExports(31_000), "after the MRAI the latest state, once");
        assertEquals(2, out.announced.size());
        assertEquals(2, out.attrs.get(1).asPathLength() - 1, "the collapsed update carries the last path");
    }
}
