package org.ipv8router.bgp8.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.BgpError;
import org.ipv8router.bgp8.testutil.NoFsmActions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 6.8 connection collision over the pure FSM: both connection orders (ours first, the peer's first),
 * both BGP Identifier orders, the OPEN arriving first on either connection, detection in OpenConfirm, Established,
 * failures of either connection, and a two-ended simulation that checks both ends always keep the same connection.
 */
class ConnectionCollisionTest
{
    private static final long LOW_ID = 0x0A00_0001L;      // 10.0.0.1
    private static final long HIGH_ID = 0xC800_0001L;     // 200.0.0.1: above 2^31, so a signed compare would fail
    private static final long LOCAL_ASN = 65001;
    private static final long PEER_ASN = 65002;

    private BgpFsmTest.Recorder r;
    private BgpFsm fsm;

    @BeforeEach
    void setUp()
    {
        r = new BgpFsmTest.Recorder();
        fsm = new BgpFsm(FsmConfig.DEFAULT.withHoldTime(9), r);
    }

    private void identity(final long localId)
    {
        fsm.localIdentity(localId, LOCAL_ASN);
    }

    /** Our connection is up (OpenSent), then the peer's arrives and is held as the second one. */
    private void outgoingThenIncoming()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        fsm.handle(FsmEvent.TCP_CONNECTED);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection());
        assertTrue(fsm.hasSecond());
        assertTrue(fsm.primaryOutgoing());
        assertEquals(240_000L, r.timers.get(FsmTimer.SECOND_HOLD), "the second connection has its own OpenSent hold");
        r.calls.clear();
    }

    /** The peer's connection arrives while ours is pending: it becomes the session's, ours is held as second. */
    private void incomingThenOutgoing()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        assertEquals(SessionState.CONNECT, fsm.state());
        assertEquals(BgpFsm.Admission.PRIMARY, fsm.incomingConnection());
        fsm.handle(FsmEvent.TCP_ACCEPTED);
        fsm.outgoingKeptAsSecond();
        fsm.secondConnected();
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertTrue(fsm.hasSecond());
        assertFalse(fsm.primaryOutgoing());
        r.calls.clear();
    }

    /**
     * Delivers the peer's OPEN on the session's connection (onSecond false) or on the held second one and checks what
     * the collision decided: the FSM's actions, its state and whether the surviving connection is the one we opened.
     */
    private void openDecides(
        final boolean onSecond,
        final int holdSeconds,
        final long peerId,
        final List<String> expectedCalls,
        final SessionState expectedState,
        final boolean keptOutgoing,
        final String why)
    {
        if (onSecond)
        {
            fsm.secondOpenReceived(holdSeconds, peerId, PEER_ASN);
        }
        else
        {
            fsm.openReceived(holdSeconds, peerId, PEER_ASN);
        }
        assertEquals(expectedCalls, r.calls, why);
        assertEquals(expectedState, fsm.state(), why);
        assertEquals(keptOutgoing, fsm.primaryOutgoing(), why);
    }

    /** Our connection reaches OpenConfirm on the peer's OPEN; the peer's own connection may still arrive as second. */
    private void openConfirmOnOurs(final long localId, final long peerId)
    {
        identity(localId);
        fsm.handle(FsmEvent.MANUAL_START);
        fsm.handle(FsmEvent.TCP_CONNECTED);
        fsm.openReceived(90, peerId, PEER_ASN);
    }

    @Test
    void outgoingFirstOpenOnOursHigherLocalIdKeepsOurs()
    {
        identity(HIGH_ID);
        outgoingThenIncoming();
        openDecides(false, 90, LOW_ID, List.of("closeSecond 6/7", "keepalive"), SessionState.OPEN_CONFIRM, true,
            "the peer's connection loses");
        assertFalse(fsm.hasSecond());
        assertFalse(r.timers.containsKey(FsmTimer.SECOND_HOLD));
        assertEquals(1, fsm.collisionsResolved());
        assertEquals(1, fsm.collisionsByIdentifier());
    }

    @Test
    void outgoingFirstOpenOnOursLowerLocalIdSwitchesToThePeers()
    {
        identity(LOW_ID);
        outgoingThenIncoming();
        openDecides(false, 90, HIGH_ID, List.of("switchToSecond 6/7"), SessionState.OPEN_SENT, false,
            "ours closed with Cease 6/7, no KEEPALIVE yet; waits for the OPEN on the surviving connection");
        assertEquals(240_000L, r.timers.get(FsmTimer.HOLD));
        fsm.openReceived(90, HIGH_ID, PEER_ASN);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
        assertEquals(1, r.established);
        assertEquals(0, r.down, "a collision is not a session failure");
    }

    @Test
    void outgoingFirstOpenOnTheirsHigherLocalIdKeepsOurs()
    {
        identity(HIGH_ID);
        outgoingThenIncoming();
        openDecides(true, 90, LOW_ID, List.of("closeSecond 6/7"), SessionState.OPEN_SENT, true,
            "still waiting for the OPEN on our connection");
        fsm.openReceived(90, LOW_ID, PEER_ASN);
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
    }

    @Test
    void outgoingFirstOpenOnTheirsLowerLocalIdSwitchesAndConfirms()
    {
        identity(LOW_ID);
        outgoingThenIncoming();
        openDecides(true, 30, HIGH_ID, List.of("switchToSecond 6/7", "keepalive"), SessionState.OPEN_CONFIRM, false,
            "KEEPALIVE goes out on the winner");
        assertEquals(9, fsm.negotiatedHoldSeconds());
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
    }

    @Test
    void incomingFirstOpenOnTheirsHigherLocalIdSwitchesToOurs()
    {
        identity(HIGH_ID);
        incomingThenOutgoing();
        openDecides(false, 90, LOW_ID, List.of("switchToSecond 6/7"), SessionState.OPEN_SENT, true,
            "the peer's connection (session's now) loses");
    }

    @Test
    void incomingFirstOpenOnTheirsLowerLocalIdKeepsTheirs()
    {
        identity(LOW_ID);
        incomingThenOutgoing();
        openDecides(false, 90, HIGH_ID, List.of("closeSecond 6/7", "keepalive"), SessionState.OPEN_CONFIRM, false,
            "the peer's connection wins");
    }

    @Test
    void incomingFirstOpenOnOursHigherLocalIdSwitchesAndConfirms()
    {
        identity(HIGH_ID);
        incomingThenOutgoing();
        openDecides(true, 90, LOW_ID, List.of("switchToSecond 6/7", "keepalive"), SessionState.OPEN_CONFIRM, true,
            "our connection wins");
    }

    @Test
    void incomingFirstOpenOnOursLowerLocalIdClosesOurs()
    {
        identity(LOW_ID);
        incomingThenOutgoing();
        openDecides(true, 90, HIGH_ID, List.of("closeSecond 6/7"), SessionState.OPEN_SENT, false,
            "our connection loses");
    }

    @Test
    void collisionDetectedInOpenConfirmOursWins()
    {
        openConfirmOnOurs(HIGH_ID, LOW_ID);
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
        assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection(), "OpenConfirm still holds a second one");
        r.calls.clear();
        fsm.secondOpenReceived(90, LOW_ID, PEER_ASN);
        assertEquals(List.of("closeSecond 6/7"), r.calls);
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
    }

    @Test
    void collisionDetectedInOpenConfirmTheirsWins()
    {
        openConfirmOnOurs(LOW_ID, HIGH_ID);
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
        assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection());
        r.calls.clear();
        fsm.secondOpenReceived(90, HIGH_ID, PEER_ASN);
        assertEquals(List.of("switchToSecond 6/7", "keepalive"), r.calls,
            "the confirmed connection is closed with Cease 6/7, the new one gets OPEN (already sent) + KEEPALIVE");
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
        assertFalse(fsm.primaryOutgoing());
        assertEquals(0, r.down);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
        assertEquals(1, fsm.establishedTransitions());
    }

    @Test
    void incomingWhileEstablishedIsRefusedWithCollisionCease()
    {
        openConfirmOnOurs(LOW_ID, HIGH_ID);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        r.calls.clear();
        assertEquals(BgpFsm.Admission.REJECT_COLLISION, fsm.incomingConnection());
        assertEquals(SessionState.ESTABLISHED, fsm.state());
        assertTrue(r.calls.isEmpty(), "the established connection is untouched");
        assertEquals(1, fsm.collisionsResolved());
    }

    @Test
    void thirdConnectionIsRefusedAndIdleRefusesAll()
    {
        assertEquals(BgpFsm.Admission.REJECT, fsm.incomingConnection(), "Idle refuses connections");
        identity(LOW_ID);
        outgoingThenIncoming();
        assertEquals(BgpFsm.Admission.REJECT_COLLISION, fsm.incomingConnection());
        assertTrue(fsm.hasSecond(), "the held second connection stays");
    }

    @Test
    void secondStillPendingWhenEstablishedIsClosed()
    {
        identity(LOW_ID);
        outgoingThenIncoming();
        // An OPEN on ours without identifier knowledge (legacy overload) does not decide; the peer then confirms.
        fsm.openReceived(90);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
        assertTrue(r.calls.contains("closeSecond 6/7"), "a collision with Established closes the newer: " + r.calls);
        assertFalse(fsm.hasSecond());
    }

    @Test
    void sessionConnectionLostFailsOverToTheSecond()
    {
        identity(HIGH_ID);
        outgoingThenIncoming();
        fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
        assertEquals(List.of("switchToSecond"), r.calls, "no NOTIFICATION on a dead connection");
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertEquals(0, r.down);
        fsm.openReceived(90, LOW_ID, PEER_ASN);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
    }

    @Test
    void peerResolvedFirstItsCeaseOnOurConnectionFailsOverInOpenConfirm()
    {
        openConfirmOnOurs(LOW_ID, HIGH_ID);
        assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection());
        r.calls.clear();
        fsm.handle(FsmEvent.NOTIFICATION_RECEIVED, BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_COLLISION, "peer"));
        assertEquals(List.of("switchToSecond"), r.calls);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertFalse(r.timers.containsKey(FsmTimer.KEEPALIVE), "no keepalives before the new OPEN");
        assertEquals(0, r.down);
    }

    @Test
    void secondFailureOrHoldExpiryDropsOnlyTheSecond()
    {
        identity(LOW_ID);
        outgoingThenIncoming();
        fsm.secondFailed();
        assertEquals(List.of("closeSecond"), r.calls);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertFalse(fsm.hasSecond());
        assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection(), "a new second one may come");
        r.calls.clear();
        fsm.handle(FsmEvent.SECOND_HOLD_TIMER_EXPIRES);
        assertEquals(List.of("closeSecond 4/0"), r.calls);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
    }

    @Test
    void pendingOutgoingIsStoppedWhenAnOpenArrivesFirst()
    {
        identity(HIGH_ID);
        fsm.handle(FsmEvent.MANUAL_START);
        assertEquals(BgpFsm.Admission.PRIMARY, fsm.incomingConnection());
        fsm.handle(FsmEvent.TCP_ACCEPTED);
        fsm.outgoingKeptAsSecond();
        r.calls.clear();
        // Our attempt never connected: not a BGP connection yet, so no collision (BIRD does the same).
        fsm.openReceived(90, LOW_ID, PEER_ASN);
        assertEquals(List.of("closeSecond", "keepalive"), r.calls);
        assertEquals(0, fsm.collisionsResolved());
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
    }

    @Test
    void goingIdleClosesTheSecondToo()
    {
        identity(LOW_ID);
        outgoingThenIncoming();
        fsm.handle(FsmEvent.MANUAL_STOP);
        assertTrue(r.calls.contains("closeSecond"), r.calls.toString());
        assertFalse(fsm.hasSecond());
        assertFalse(r.timers.containsKey(FsmTimer.SECOND_HOLD));
    }

    @Test
    void twoConnectionsFromThePeerKeepTheNewerWhateverTheIdentifiers()
    {
        for (final long localId : new long[] {LOW_ID, HIGH_ID})
        {
            setUp();
            identity(localId);
            fsm.handle(FsmEvent.MANUAL_START_PASSIVE);
            assertEquals(BgpFsm.Admission.PRIMARY, fsm.incomingConnection());
            fsm.handle(FsmEvent.TCP_ACCEPTED);
            assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection(), "the peer reconnects");
            r.calls.clear();
            fsm.secondOpenReceived(90, localId == LOW_ID ? HIGH_ID : LOW_ID, PEER_ASN);
            assertEquals(List.of("switchToSecond 6/7", "keepalive"), r.calls, "local id " + localId);
            assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
            assertFalse(fsm.primaryOutgoing());
            assertEquals(1, fsm.collisionsResolved());
            assertEquals(0, fsm.collisionsByIdentifier(), "decided by age, not by the identifiers");
        }
    }

    @Test
    void ruleComparesIdentifiersUnsignedThenAsNumbers()
    {
        assertTrue(CollisionRule.localInitiatedSurvives(0x8000_0000L, 1, 0x7FFF_FFFFL, 2));
        assertFalse(CollisionRule.localInitiatedSurvives(0x7FFF_FFFFL, 2, 0x8000_0000L, 1));
        assertTrue(CollisionRule.localInitiatedSurvives(0xFFFF_FFFFL, 1, 1, 1));
        // RFC 6286 2.3: equal identifiers (eBGP), the larger AS keeps the connection it initiated.
        assertTrue(CollisionRule.localInitiatedSurvives(7, 4_200_000_000L, 7, 65001));
        assertFalse(CollisionRule.localInitiatedSurvives(7, 65001, 7, 4_200_000_000L));
    }

    // ------------------------------------------------------------------ two ends

    /** One end: its FSM plus which physical connection ("X" = A to B, "Y" = B to A) sits in which slot. */
    private static final class End extends NoFsmActions
    {
        final BgpFsm fsm;
        final String name;
        String primary;
        String second;
        final List<String> closedWithCollision = new ArrayList<>();

        End(final String name, final long id, final long asn)
        {
            this.name = name;
            this.fsm = new BgpFsm(FsmConfig.DEFAULT, this);
            fsm.localIdentity(id, asn);
        }

        @Override
        public void closeSecond(final BgpError n)
        {
            if (n != null && n.subcode() == Bgp.CEASE_COLLISION)
            {
                closedWithCollision.add(second);
            }
            second = null;
        }

        @Override
        public void switchToSecond(final BgpError n)
        {
            if (n != null && n.subcode() == Bgp.CEASE_COLLISION)
            {
                closedWithCollision.add(primary);
            }
            primary = second;
            second = null;
        }

        @Override
        public void disconnect()
        {
            primary = null;
        }

        /**
         * Brings up both connections: the one this end initiates ("outgoing") and the peer's ("incoming"); whichever
         * came first sits in the primary slot, the other is held as second.
         */
        void connectBoth(final boolean outgoingFirst, final String outgoing, final String incoming)
        {
            if (outgoingFirst)
            {
                fsm.handle(FsmEvent.TCP_CONNECTED);
                primary = outgoing;
                assertEquals(BgpFsm.Admission.SECOND, fsm.incomingConnection(), name);
                second = incoming;
            }
            else
            {
                assertEquals(BgpFsm.Admission.PRIMARY, fsm.incomingConnection(), name);
                fsm.handle(FsmEvent.TCP_ACCEPTED);
                primary = incoming;
                fsm.outgoingKeptAsSecond();
                fsm.secondConnected();
                second = outgoing;
            }
        }

        /** Delivers the peer's OPEN on connection c (if that connection is still held here). */
        void open(final String c, final long peerId, final long peerAsn)
        {
            if (c.equals(primary))
            {
                fsm.openReceived(90, peerId, peerAsn);
            }
            else if (c.equals(second))
            {
                fsm.secondOpenReceived(90, peerId, peerAsn);
            }
        }
    }

    /**
     * Both ends active, both connections up, OPENs delivered in random orders, identifiers drawn so that the high
     * bit and equal identifiers occur: both ends must keep the same single connection and close the same one.
     */
    @Test
    void bothEndsAlwaysKeepTheSameConnection()
    {
        final Random random = new Random(0x6_8_4271L);
        final long[] ids = {1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x0A00_0001L};
        for (int i = 0; i < 2_000; i++)
        {
            final long idA = ids[random.nextInt(ids.length)];
            final long idB = random.nextInt(4) == 0 ? idA : ids[random.nextInt(ids.length)];
            final long asA = 65001;
            final long asB = random.nextBoolean() ? 65002 : 64999;
            final End a = new End("A", idA, asA);
            final End b = new End("B", idB, asB);
            // Which connection each end saw first decides its primary slot.
            a.fsm.handle(FsmEvent.MANUAL_START);
            b.fsm.handle(FsmEvent.MANUAL_START);
            a.connectBoth(random.nextBoolean(), "X", "Y");
            b.connectBoth(random.nextBoolean(), "Y", "X");
            // Each end receives the other's OPEN on both connections, in a random order.
            final String firstAtA = random.nextBoolean() ? "X" : "Y";
            final String firstAtB = random.nextBoolean() ? "X" : "Y";
            a.open(firstAtA, idB, asB);
            b.open(firstAtB, idA, asA);
            a.open(firstAtA.equals("X") ? "Y" : "X", idB, asB);
            b.open(firstAtB.equals("X") ? "Y" : "X", idA, asA);
            final String why = "ids " + Long.toHexString(idA) + "/" + Long.toHexString(idB) + " as " + asB +
                " first " + firstAtA + "/" + firstAtB;
            assertNotNull(a.primary, why);
            assertEquals(a.primary, b.primary, "both ends keep the same connection: " + why);
            assertEquals(null, a.second, why);
            assertEquals(null, b.second, why);
            assertEquals(SessionState.OPEN_CONFIRM, a.fsm.state(), why);
            assertEquals(SessionState.OPEN_CONFIRM, b.fsm.state(), why);
            final String expected = CollisionRule.localInitiatedSurvives(idA, asA, idB, asB) ? "X" : "Y";
            assertEquals(expected, a.primary, "the connection initiated by the higher identifier: " + why);
            assertEquals(List.of(expected.equals("X") ? "Y" : "X"), a.closedWithCollision, why);
            assertEquals(a.closedWithCollision, b.closedWithCollision, why);
        }
    }
}
