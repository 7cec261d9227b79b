package org.ipv8router.dataplane.gwpair;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pair state machine against a fake clock (ms -> ns by hand). */
class GatewayPairFsmTest
{
    private static final long MS = 1_000_000L;
    private final List<String> log = new ArrayList<>();
    private final GatewayPairFsm.Listener listener = new GatewayPairFsm.Listener()
    {
        public void onOwnVipActive(final String reason)
        {
            log.add("own " + reason);
        }

        public void onPeerVipHeld(final boolean held, final String reason)
        {
            log.add((held ? "takeover " : "give-back ") + reason);
        }

        public void onPeerState(final GatewayPairFsm.PeerState from, final GatewayPairFsm.PeerState to, final String reason)
        {
            log.add("peer " + from + "->" + to);
        }
    };

    private GatewayPairFsm fsm(final GatewayPairTimers timers)
    {
        return new GatewayPairFsm(timers, listener);
    }

    @Test
    void ownVipIsActiveAtStartAndThePeerIsTakenOverAfterTheDeadInterval()
    {
        final GatewayPairFsm f = fsm(GatewayPairTimers.DEFAULTS);
        f.start(0);
        assertTrue(f.ownActive());
        assertEquals(List.of("own start"), log);
        f.onHello(500 * MS, true, false);
        assertEquals(GatewayPairFsm.PeerState.UP, f.peer());
        f.onHello(1500 * MS, true, false);
        f.poll(4499 * MS);
        assertFalse(f.peerHeld(), "2999 ms after the last hello the peer is still alive");
        f.poll(4500 * MS);
        assertTrue(f.peerHeld());
        assertEquals(GatewayPairFsm.PeerState.DOWN, f.peer());
        assertEquals(List.of("own start", "peer UNKNOWN->UP", "peer UP->DOWN", "takeover peer down"), log);
        assertEquals(GatewayPairHello.FLAG_OWN_ACTIVE | GatewayPairHello.FLAG_HOLDS_PEER, f.helloFlags());
    }

    @Test
    void aPeerNeverHeardIsTakenOverOneDeadIntervalAfterStart()
    {
        final GatewayPairFsm f = fsm(GatewayPairTimers.DEFAULTS);
        f.start(10_000 * MS);
        f.poll(12_999 * MS);
        assertFalse(f.peerHeld());
        assertEquals(GatewayPairFsm.PeerState.UNKNOWN, f.peer());
        f.poll(13_000 * MS);
        assertTrue(f.peerHeld());
    }

    @Test
    void theVipIsGivenBackOnlyWhenThePeerSaysItsOwnIsActive()
    {
        final GatewayPairFsm f = fsm(GatewayPairTimers.DEFAULTS);
        f.start(0);
        f.poll(3000 * MS);
        assertTrue(f.peerHeld());
        f.onHello(3100 * MS, false, true);   // peer back, still in its preempt delay: we keep its VIP
        assertTrue(f.peerHeld());
        assertEquals(GatewayPairFsm.PeerState.UP, f.peer());
        f.onHello(4100 * MS, true, false);
        assertFalse(f.peerHeld());
        assertEquals("give-back peer back and active", log.get(log.size() - 1));
        f.poll(6000 * MS);
        assertFalse(f.peerHeld(), "hellos keep the peer alive");
    }

    @Test
    void withAPreemptDelayTheOwnVipWaitsWhileThePeerHoldsIt()
    {
        final GatewayPairFsm f = fsm(GatewayPairTimers.DEFAULTS.withPreemptDelayMs(10_000));
        f.start(0);
        assertFalse(f.ownActive());
        f.onHello(200 * MS, true, true);      // the survivor still holds our VIP
        assertFalse(f.ownActive());
        for (long t = 1200; t < 9_000; t += 1000)
        {
            f.onHello(t * MS, true, true);
            f.poll((t + 999) * MS);
            assertFalse(f.ownActive());
            assertFalse(f.peerHeld(), "the peer is alive: never take its VIP");
        }
        f.poll(10_000 * MS);
        assertTrue(f.ownActive());
        assertEquals("own preempt delay over", log.get(log.size() - 1));
    }

    @Test
    void withAPreemptDelayAnUnansweredOwnVipIsClaimedAtOnce()
    {
        final GatewayPairFsm a = fsm(GatewayPairTimers.DEFAULTS.withPreemptDelayMs(60_000));
        a.start(0);
        a.onHello(100 * MS, true, false);     // the peer does not hold our VIP: nobody answers it
        assertTrue(a.ownActive());
        assertEquals("own peer does not hold our VIP", log.get(log.size() - 1));

        log.clear();
        final GatewayPairFsm b = fsm(GatewayPairTimers.DEFAULTS.withPreemptDelayMs(60_000));
        b.start(0);
        b.poll(3000 * MS);                    // nobody there at all
        assertTrue(b.ownActive());
        assertTrue(b.peerHeld());
        assertEquals(List.of("peer UNKNOWN->DOWN", "own peer down", "takeover peer down"), log);
    }

    @Test
    void aHealedPartitionConverges()
    {
        final GatewayPairFsm even = fsm(GatewayPairTimers.DEFAULTS);
        final GatewayPairFsm odd = fsm(GatewayPairTimers.DEFAULTS);
        even.start(0);
        odd.start(0);
        even.poll(3000 * MS);
        odd.poll(3000 * MS);
        assertTrue(even.peerHeld() && odd.peerHeld(), "split: each answers for both");
        even.onHello(3500 * MS, (odd.helloFlags() & 1) != 0, (odd.helloFlags() & 2) != 0);
        odd.onHello(3500 * MS, (even.helloFlags() & 1) != 0, (even.helloFlags() & 2) != 0);
        assertFalse(even.peerHeld());
        assertFalse(odd.peerHeld());
        assertTrue(even.ownActive() && odd.ownActive());
    }

    @Test
    void aResigningPeerIsTakenOverAtOnceAndComesBackNormally()
    {
        final GatewayPairFsm f = fsm(GatewayPairTimers.DEFAULTS);
        f.start(0);
        f.onHello(100 * MS, true, false);
        f.onResign(200 * MS);
        assertTrue(f.peerHeld(), "no dead interval to wait for");
        assertEquals(GatewayPairFsm.PeerState.DOWN, f.peer());
        assertEquals("takeover peer down", log.get(log.size() - 1));
        f.onHello(5000 * MS, true, false);
        assertFalse(f.peerHeld());
        assertEquals(GatewayPairFsm.PeerState.UP, f.peer());
    }

    @Test
    void timersAreChecked()
    {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> GatewayPairTimers.DEFAULTS.withDeadIntervalMs(900));
        assertTrue(e.getMessage().contains("dead interval 900 ms must be above the hello interval (1000 ms)"),
            e.getMessage());
    }
}
