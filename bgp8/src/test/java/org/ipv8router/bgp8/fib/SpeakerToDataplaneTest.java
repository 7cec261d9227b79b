package org.ipv8router.bgp8.fib;

import static org.ipv8router.bgp8.testutil.RingRouter.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.ipv8router.bgp8.fib.DataplaneRouteSink.Outcome;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.bgp8.testutil.RingRouter;
import org.ipv8router.bgp8.testutil.Speakers;
import org.ipv8router.bgp8.testutil.Speakers.Node;
import org.ipv8router.dataplane.fib.Fib;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, FIB programming, against the real dataplane: BGP8 speakers on loopback, the receiving speaker's
 * best-path changes go through the lock-free {@link FibChannel} into a {@link DataplaneRouteSink} running as the
 * FIB writer on its own thread, into a {@link org.ipv8router.dataplane.forward.Router} whose worker forwards test
 * packets. Best-path changes move the packets; a withdraw removes the FIB entry; a session loss flushes the
 * peer's routes.
 */
class SpeakerToDataplaneTest
{
    private static final long P16 = a(64497, 198, 51, 0, 0);
    private static final long DST = a(64497, 198, 51, 100, 7);
    private static final long V4 = a(0, 198, 51, 100, 0);

    /** Origin speaker asn at ip peers with the router speaker; it advertises next hop nh (a RingRouter neighbour). */
    private static BgpSession[] peer(final Node origin, final long asn, final Node router, final long nh,
        final long linkCf)
    {
        final BgpSession atRouter = router.speaker.addPeer(new PeerConfig("AS" + asn, new InetSocketAddress(origin.ip,
            origin.port()), new InetSocketAddress(router.ip, 0), asn, Speakers.FAST.withPassive(true),
            PeerPolicy.ebgp(asn).withLinkCostFactor(linkCf), true, true, 0, 0));
        final BgpSession atOrigin = origin.speaker.addPeer(new PeerConfig("AS64496", new InetSocketAddress(router.ip,
            router.port()), new InetSocketAddress(origin.ip, 0), 64496, Speakers.FAST, PeerPolicy.ebgp(64496), true,
            true, nh, nh));
        assertTrue(Speakers.await(() -> atRouter.state() == SessionState.ESTABLISHED &&
            atOrigin.state() == SessionState.ESTABLISHED, 15_000), "session with AS" + asn);
        return new BgpSession[] {atOrigin, atRouter};
    }

    /**
     * The port a packet from H1 to dst leaves on (1, 2), -1 when the router answers with ICMPv8 3/6, 0 when it
     * neither forwards nor answers (its ICMP error rate limit).
     */
    private static int egress(final RingRouter r, final long dst)
    {
        r.sendFromH1(dst);
        final List<byte[]> p1 = r.sent(1);
        final List<byte[]> p2 = r.sent(2);
        final List<byte[]> back = r.sent(0);
        if (!p1.isEmpty() || !p2.isEmpty())
        {
            assertEquals(1, p1.size() + p2.size());
            assertTrue(back.isEmpty());
            return p1.isEmpty() ? 2 : 1;
        }
        if (back.isEmpty())
        {
            return 0; // ICMP error rate limit (while polling in a loop)
        }
        assertEquals(1, back.size(), "an ICMPv8 error back to H1");
        assertEquals(3, RingRouter.u8(back.get(0), 14 + 28));
        assertEquals(6, RingRouter.u8(back.get(0), 14 + 29), "code 6: ASN unreachable");
        return -1;
    }

    private static boolean installed(final RingRouter r, final long dst)
    {
        return !Fib.isMiss(r.router.fib().lookup(dst));
    }

    @Test
    void bestPathChangesWithdrawsAndSessionLossReachTheRouter() throws Exception
    {
        try (Speakers s = new Speakers(); RingRouter r = new RingRouter())
        {
            final Node router = s.start("127.0.0.51", 64496, SpeakerConfig.of(64496, 1, null));
            final Node viaN1 = s.start("127.0.0.52", 64497, SpeakerConfig.of(64497, 1, null));
            final Node viaN2 = s.start("127.0.0.53", 64498, SpeakerConfig.of(64498, 1, null));
            final DataplaneRouteSink sink = new DataplaneRouteSink(r.router, router.speaker.fib());
            final AgentRunner writer = sink.start(new SleepingMillisIdleStrategy(1));
            try
            {
                peer(viaN1, 64497, router, RingRouter.N1, 1000);
                peer(viaN2, 64498, router, RingRouter.N2, 3000);
                viaN1.speaker.originate(P16, 48, 0);
                viaN1.speaker.originate(V4, 56, 0);
                viaN2.speaker.originate(P16, 48, 0);
                assertTrue(Speakers.await(() -> installed(r, DST) && installed(r, a(0, 198, 51, 100, 7)), 10_000),
                    "routes programmed");
                assertTrue(Speakers.await(() -> router.speaker.routes().size() == 3, 10_000));
                assertEquals(1, egress(r, DST), "best path: AS64497 (CF 1000) via N1");

                // The path via N1 is withdrawn: the best path moves to N2 (a replace in the FIB).
                viaN1.speaker.withdrawOriginated(P16, 48);
                assertTrue(Speakers.await(() -> egress(r, DST) == 2, 10_000), "moved to N2");
                assertTrue(sink.count(Outcome.REPLACED) >= 1);

                // The last path goes too: the FIB entry is removed and the router answers ICMPv8 3/6.
                viaN2.speaker.withdrawOriginated(P16, 48);
                assertTrue(Speakers.await(() -> !installed(r, DST), 10_000), "withdraw removes the FIB entry");
                assertEquals(-1, egress(r, DST));

                // Both announce again; then AS64497's speaker dies: its routes are flushed, AS64498's take over.
                viaN1.speaker.originate(P16, 48, 0);
                viaN2.speaker.originate(P16, 48, 0);
                assertTrue(Speakers.await(() -> egress(r, DST) == 1, 10_000));
                viaN1.speaker.close();
                assertTrue(Speakers.await(() -> !installed(r, a(0, 198, 51, 100, 7)), 15_000),
                    "session loss flushes the IPv4 route that only AS64497 had");
                assertTrue(Speakers.await(() -> egress(r, DST) == 2, 10_000), "AS64498's path is programmed");
                viaN2.speaker.close();
                assertTrue(Speakers.await(() -> !installed(r, DST), 15_000), "second session loss empties the FIB");
                assertEquals(-1, egress(r, DST));
                assertEquals(0, sink.failures(), "no change failed");
                assertTrue(Speakers.await(() -> sink.installedRoutes() == 0, 5_000));
            }
            finally
            {
                writer.close();
            }
        }
    }
}
