package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.testutil.Speakers;

/**
 * The checks the BIRD, FRR and GoBGP interop tests share about one session with a legacy (IPv4-only) daemon:
 * what it negotiated, a Cease NOTIFICATION from it, and hold-timer expiry while it is frozen.
 */
final class LegacyPeerChecks
{
    private LegacyPeerChecks()
    {
    }

    /** We offer IPv8 (AFI 1/SAFI 241) and capability 239 too: the daemon must simply not negotiate them. */
    static void assertIpv4Only(final Speakers.Node us, final BgpSession session)
    {
        assertTrue(us.speaker.query(() -> session.ipv4Negotiated() && !session.ipv8Negotiated() &&
            !session.peerOpen().bgp8()), "legacy peer: IPv4 only");
    }

    /** Waits for a NOTIFICATION from the daemon and checks it is a Cease. */
    static void assertCeaseReceived(final Speakers.Node us, final BgpSession session)
    {
        assertTrue(Speakers.await(() -> us.speaker.query(() -> session.lastNotificationReceived()) != null, 10_000),
            "NOTIFICATION received");
        assertEquals(Bgp.ERR_CEASE, us.speaker.query(() -> session.lastNotificationReceived().code()));
    }

    /** A route of the daemon's, by its parsed prefix, is in our FIB. */
    static boolean inFib(final Speakers.Node us, final long[] prefix)
    {
        return us.fib().get(prefix[0], 48) != null;
    }

    /**
     * Freezes the daemon (SIGSTOP): we must send NOTIFICATION 4 (hold timer expired) and flush the daemon's route;
     * once it is thawed (SIGCONT) the session must come back with that route.
     */
    static void assertHoldTimerExpiryAndRecovery(
        final Daemon peer, final Speakers.Node us, final BgpSession session, final long[] route) throws Exception
    {
        peer.signal("STOP");
        try
        {
            assertTrue(Speakers.await(() -> us.speaker.query(() -> session.lastNotificationSent()) != null &&
                us.speaker.query(() -> session.lastNotificationSent().code()) == Bgp.ERR_HOLD_TIMER_EXPIRED,
                15_000), "hold timer expired");
            assertTrue(Speakers.await(() -> !inFib(us, route), 5_000), "flushed on hold expiry");
        }
        finally
        {
            peer.signal("CONT");
        }
        assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED && inFib(us, route), 30_000),
            "recovered after hold-timer expiry: " + session.state());
    }

    /** After the Cease the session must come back: a new Established transition, with the daemon's route. */
    static void assertReestablished(
        final Speakers.Node us, final BgpSession session, final long transitionsBefore, final long[] route)
    {
        assertTrue(Speakers.await(() -> us.speaker.query(() -> session.fsm().establishedTransitions()) >
            transitionsBefore && session.state() == SessionState.ESTABLISHED && inFib(us, route), 20_000),
            "re-established after the restart");
    }

    /**
     * Kills the daemon (our side must flush its route) and starts it again with the same config: the session and
     * the route must come back.
     */
    static void assertPeerRestartRecovery(
        final Daemon peer, final String name, final Speakers.Node us, final BgpSession session, final long[] route)
        throws Exception
    {
        peer.stop();
        assertTrue(Speakers.await(() -> !inFib(us, route), 15_000), "flushed when " + name + " died");
        peer.start();
        assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED && inFib(us, route), 30_000),
            "session and routes back after the " + name + " restart");
    }
}
