package org.ipv8router.bgp8.fsm;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.BgpError;

/**
 * The RFC 4271 section 8 session state machine for one peer, as a pure class: {@link #handle} takes an event
 * and calls {@link FsmActions}; there is no socket, thread or clock in here.
 * <p>
 * Connection collision (RFC 4271 6.8): RFC 4271 runs one FSM per TCP connection; we run one per peer with two
 * connection slots. The session's connection is the one the states below describe; while in OpenSent or
 * OpenConfirm the FSM can also hold a <em>second</em> connection (incoming, or our own outgoing attempt that was
 * still pending when the peer's connection arrived) on which our OPEN is sent. As soon as an OPEN arrives on
 * either connection the peer's BGP Identifier is known and {@link CollisionRule} decides: the loser is closed
 * with NOTIFICATION Cease / Connection Collision Resolution (RFC 4486 subcode 7), the winner carries on (in
 * OpenConfirm if it had the OPEN). The RFC only requires the check against OpenConfirm connections and allows it
 * against OpenSent ones once the identifier is known; deciding at the first OPEN gives the same winner on both
 * ends, because both ends apply the same rule to the same two identifiers. An incoming connection while
 * Established is refused with the same Cease (CollisionDetectEstablishedState off). When the session's
 * connection fails or gets a NOTIFICATION while a second one is waiting (a peer that resolved the collision
 * before us), the second one takes over instead of the session going to Idle.
 * <p>
 * Other simplifications against RFC 4271 (documented, deliberate): no DelayOpen; AllowAutomaticStop is always
 * on (every error goes to Idle with the idle hold timer, which doubles on consecutive failures).
 */
public final class BgpFsm
{
    private final FsmConfig config;
    private final FsmActions actions;
    private volatile SessionState state = SessionState.IDLE; // read by monitoring threads
    private boolean started;
    private boolean passive;
    private int negotiatedHoldSeconds;
    private int idleHoldSeconds;
    private String lastError = "";
    private long establishedTransitions;
    private long localId;
    private long localAsn;
    private boolean primaryOutgoing;
    private boolean secondPresent;
    private boolean secondOutgoing;
    private boolean secondUp;
    private long collisionsResolved;
    /** Collisions decided by comparing BGP Identifiers (not by one connection already being Established). */
    private long collisionsByIdentifier;

    /** How the session should treat a connection the peer opened. */
    public enum Admission
    {
        /** Idle: refuse it (close without a message). */
        REJECT,
        /** Established, or a collision is already pending: send Cease 6/7 on it and close it. */
        REJECT_COLLISION,
        /** Connect or Active: it becomes the session's connection (fire {@link FsmEvent#TCP_ACCEPTED}). */
        PRIMARY,
        /** OpenSent or OpenConfirm: hold it as the second connection and send our OPEN on it. */
        SECOND
    }

    public BgpFsm(final FsmConfig config, final FsmActions actions)
    {
        this.config = config;
        this.actions = actions;
        this.idleHoldSeconds = config.idleHoldSeconds();
        this.passive = config.passive();
    }

    public SessionState state()
    {
        return state;
    }

    public int negotiatedHoldSeconds()
    {
        return negotiatedHoldSeconds;
    }

    public int currentIdleHoldSeconds()
    {
        return idleHoldSeconds;
    }

    public String lastError()
    {
        return lastError;
    }

    public long establishedTransitions()
    {
        return establishedTransitions;
    }

    /** Our BGP Identifier and AS number, the local half of the collision rule. */
    public void localIdentity(final long bgpId, final long asn)
    {
        localId = bgpId;
        localAsn = asn;
    }

    /** Whether a second connection is held (a collision not yet decided). */
    public boolean hasSecond()
    {
        return secondPresent;
    }

    /** Whether the session's connection is the one we initiated. */
    public boolean primaryOutgoing()
    {
        return primaryOutgoing;
    }

    /** Collisions decided (a connection closed with Cease 6/7), including connections refused while Established. */
    public long collisionsResolved()
    {
        return collisionsResolved;
    }

    /** @return collisions decided by the BGP Identifier rule (a subset of {@link #collisionsResolved()}). */
    public long collisionsByIdentifier()
    {
        return collisionsByIdentifier;
    }

    /** A connection the peer opened has been accepted: what to do with it. */
    public Admission incomingConnection()
    {
        return switch (state)
        {
            case IDLE -> Admission.REJECT;
            case CONNECT, ACTIVE -> Admission.PRIMARY;
            case OPEN_SENT, OPEN_CONFIRM ->
            {
                if (secondPresent)
                {
                    yield Admission.REJECT_COLLISION;
                }
                admitSecond(false);
                yield Admission.SECOND;
            }
            case ESTABLISHED ->
            {
                collisionsResolved++;
                yield Admission.REJECT_COLLISION;
            }
        };
    }

    /**
     * The peer's connection became the session's connection while our own connection attempt was still pending:
     * that attempt is kept as the second connection (OpenSent only).
     */
    public void outgoingKeptAsSecond()
    {
        if (state == SessionState.OPEN_SENT && !secondPresent)
        {
            admitSecond(true);
        }
    }

    /** The pending outgoing attempt held as the second connection is up; the session sends our OPEN on it. */
    public void secondConnected()
    {
        if (secondPresent)
        {
            secondUp = true;
        }
    }

    /**
     * A valid OPEN arrived on the second connection: the peer's BGP Identifier is known, the collision is decided.
     */
    public void secondOpenReceived(final int peerHoldSeconds, final long peerId, final long peerAsn)
    {
        if (!secondPresent)
        {
            return;
        }
        collisionsResolved++;
        if (state != SessionState.OPEN_SENT && state != SessionState.OPEN_CONFIRM)
        {
            dropSecond(collisionCease("the session is " + state));
            return;
        }
        countIdentifierDecision();
        if (primaryWins(peerId, peerAsn))
        {
            dropSecond(collisionCease("keeping the " + direction(primaryOutgoing) + " connection"));
            return;
        }
        promoteSecond(collisionCease("keeping the " + direction(secondOutgoing) + " connection"));
        state = SessionState.OPEN_SENT;
        openSent(FsmEvent.BGP_OPEN, null, peerHoldSeconds);
    }

    /** The second connection failed (closed, NOTIFICATION, bad message, connect failure): drop it. */
    public void secondFailed()
    {
        if (secondPresent)
        {
            dropSecond(null);
        }
    }

    public void handle(final FsmEvent event)
    {
        handle(event, null, 0);
    }

    public void handle(final FsmEvent event, final BgpError error)
    {
        handle(event, error, 0);
    }

    /** Called with the peer's hold time when the event is {@link FsmEvent#BGP_OPEN} (no collision check). */
    public void openReceived(final int peerHoldSeconds)
    {
        handle(FsmEvent.BGP_OPEN, null, peerHoldSeconds);
    }

    /**
     * A valid OPEN arrived on the session's connection. When a second connection is held the collision is decided
     * first: if the second connection wins, this one is closed (Cease 6/7) and the FSM stays in OpenSent waiting
     * for the OPEN on the second one.
     */
    public void openReceived(final int peerHoldSeconds, final long peerId, final long peerAsn)
    {
        if (secondPresent && !secondUp)
        {
            // Our attempt never became a BGP connection: no collision, stop it (as BIRD does).
            dropSecond(null);
        }
        if (secondPresent && state == SessionState.OPEN_SENT)
        {
            collisionsResolved++;
            countIdentifierDecision();
            if (primaryWins(peerId, peerAsn))
            {
                dropSecond(collisionCease("keeping the " + direction(primaryOutgoing) + " connection"));
            }
            else
            {
                promoteSecond(collisionCease("keeping the " + direction(secondOutgoing) + " connection"));
                actions.startTimer(FsmTimer.HOLD, config.openSentHoldSeconds() * 1000L);
                return;
            }
        }
        handle(FsmEvent.BGP_OPEN, null, peerHoldSeconds);
    }

    /**
     * Counts a collision decided by the BGP Identifiers: only one between our connection and the peer's. Two
     * connections both opened by the peer are decided by age in {@link #primaryWins}, not by the identifiers.
     */
    private void countIdentifierDecision()
    {
        if (primaryOutgoing != secondOutgoing)
        {
            collisionsByIdentifier++;
        }
    }

    private boolean primaryWins(final long peerId, final long peerAsn)
    {
        if (primaryOutgoing == secondOutgoing)
        {
            // Both opened by the peer (we never run two attempts of our own): not a collision the identifiers can
            // decide; the peer only opens another connection when it lost the first, so the newer one wins.
            return false;
        }
        return CollisionRule.localInitiatedSurvives(localId, localAsn, peerId, peerAsn) == primaryOutgoing;
    }

    private static String direction(final boolean outgoing)
    {
        return outgoing ? "outgoing" : "incoming";
    }

    private static BgpError collisionCease(final String why)
    {
        return BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_COLLISION, "connection collision: " + why);
    }

    private void admitSecond(final boolean outgoing)
    {
        secondPresent = true;
        secondOutgoing = outgoing;
        secondUp = !outgoing;
        actions.startTimer(FsmTimer.SECOND_HOLD, config.openSentHoldSeconds() * 1000L);
    }

    private void dropSecond(final BgpError notification)
    {
        secondPresent = false;
        actions.stopTimer(FsmTimer.SECOND_HOLD);
        actions.closeSecond(notification);
    }

    /** The second connection replaces the session's connection; the caller sets the state and timers. */
    private void promoteSecond(final BgpError notification)
    {
        secondPresent = false;
        primaryOutgoing = secondOutgoing;
        actions.stopTimer(FsmTimer.SECOND_HOLD);
        actions.stopTimer(FsmTimer.KEEPALIVE);
        actions.switchToSecond(notification);
    }

    /** The session's connection failed while a second one waits: carry on with the second one in OpenSent. */
    private void failOverToSecond(final String reason)
    {
        lastError = reason + " (continuing on the second connection)";
        promoteSecond(null);
        state = SessionState.OPEN_SENT;
        actions.startTimer(FsmTimer.HOLD, config.openSentHoldSeconds() * 1000L);
    }

    private void handle(final FsmEvent event, final BgpError error, final int peerHold)
    {
        switch (event)
        {
            case MANUAL_START, MANUAL_START_PASSIVE, AUTOMATIC_START ->
            {
                if (event != FsmEvent.AUTOMATIC_START)
                {
                    started = true;
                    passive = event == FsmEvent.MANUAL_START_PASSIVE || config.passive();
                    idleHoldSeconds = config.idleHoldSeconds();
                }
                if (state == SessionState.IDLE && started)
                {
                    start();
                }
                return;
            }
            case MANUAL_STOP ->
            {
                started = false;
                if (state == SessionState.OPEN_SENT || state == SessionState.OPEN_CONFIRM ||
                    state == SessionState.ESTABLISHED)
                {
                    actions.sendNotification(BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_ADMIN_SHUTDOWN, "manual stop"));
                }
                toIdle("manual stop", false);
                actions.stopTimer(FsmTimer.IDLE_HOLD);
                return;
            }
            case IDLE_HOLD_TIMER_EXPIRES ->
            {
                if (state == SessionState.IDLE && started)
                {
                    start();
                }
                return;
            }
            case SECOND_HOLD_TIMER_EXPIRES ->
            {
                if (secondPresent)
                {
                    dropSecond(BgpError.of(Bgp.ERR_HOLD_TIMER_EXPIRED, 0, "no OPEN in time on the second connection"));
                }
                return;
            }
            default ->
            {
            }
        }
        switch (state)
        {
            case IDLE -> { } // RFC 4271: every other event is ignored in Idle
            case CONNECT, ACTIVE -> connectOrActive(event, error, peerHold);
            case OPEN_SENT -> openSent(event, error, peerHold);
            case OPEN_CONFIRM -> openConfirm(event, error);
            case ESTABLISHED -> established(event, error);
        }
    }

    private void start()
    {
        actions.startTimer(FsmTimer.CONNECT_RETRY, config.connectRetrySeconds() * 1000L);
        if (passive)
        {
            state = SessionState.ACTIVE;
        }
        else
        {
            state = SessionState.CONNECT;
            actions.connect();
        }
    }

    private void connectOrActive(final FsmEvent event, final BgpError error, final int peerHold)
    {
        switch (event)
        {
            case CONNECT_RETRY_TIMER_EXPIRES ->
            {
                actions.disconnect();
                actions.startTimer(FsmTimer.CONNECT_RETRY, config.connectRetrySeconds() * 1000L);
                if (!passive)
                {
                    state = SessionState.CONNECT;
                    actions.connect();
                }
            }
            case TCP_CONNECTED, TCP_ACCEPTED ->
            {
                primaryOutgoing = event == FsmEvent.TCP_CONNECTED;
                actions.stopTimer(FsmTimer.CONNECT_RETRY);
                actions.sendOpen();
                // RFC 4271 8.2.2: a large hold time (4 minutes suggested) until the peer's OPEN arrives.
                actions.startTimer(FsmTimer.HOLD, config.openSentHoldSeconds() * 1000L);
                state = SessionState.OPEN_SENT;
            }
            case TCP_CONNECTION_FAILS ->
            {
                actions.disconnect();
                // Stay in Active and wait for the connect retry timer (or an incoming connection).
                state = SessionState.ACTIVE;
            }
            case BGP_MESSAGE_ERROR, UPDATE_ERROR, CEASE ->
            {
                if (error != null)
                {
                    actions.sendNotification(error);
                }
                toIdle(error == null ? event.name() : error.toString(), true);
            }
            default -> toIdle("unexpected " + event + " in " + state, true);
        }
    }

    private void openSent(final FsmEvent event, final BgpError error, final int peerHold)
    {
        switch (event)
        {
            case BGP_OPEN ->
            {
                negotiatedHoldSeconds = Math.min(config.holdTimeSeconds(), peerHold);
                actions.sendKeepalive();
                armHoldAndKeepalive();
                state = SessionState.OPEN_CONFIRM;
            }
            case TCP_CONNECTION_FAILS ->
            {
                if (secondPresent)
                {
                    failOverToSecond("TCP connection lost in OpenSent");
                    return;
                }
                actions.disconnect();
                actions.stopTimer(FsmTimer.HOLD);
                actions.startTimer(FsmTimer.CONNECT_RETRY, config.connectRetrySeconds() * 1000L);
                state = SessionState.ACTIVE;
            }
            case HOLD_TIMER_EXPIRES -> fail(BgpError.of(Bgp.ERR_HOLD_TIMER_EXPIRED, 0, "no OPEN in time"));
            case BGP_MESSAGE_ERROR, UPDATE_ERROR, CEASE -> fail(error);
            case NOTIFICATION_RECEIVED ->
            {
                if (secondPresent)
                {
                    failOverToSecond("NOTIFICATION " + error + " in OpenSent");
                    return;
                }
                toIdle("NOTIFICATION " + error, true);
            }
            default -> fail(BgpError.of(Bgp.ERR_FSM, Bgp.ERR_FSM_UNEXPECTED_IN_OPENSENT,
                event + " in OpenSent"));
        }
    }

    private void openConfirm(final FsmEvent event, final BgpError error)
    {
        switch (event)
        {
            case KEEPALIVE_RECEIVED ->
            {
                if (secondPresent)
                {
                    // The peer confirmed this connection before an OPEN came on the other one: RFC 4271 6.8, a
                    // collision with an Established connection closes the newer one.
                    collisionsResolved++;
                    dropSecond(collisionCease("the session is Established"));
                }
                restartHold();
                state = SessionState.ESTABLISHED;
                idleHoldSeconds = config.idleHoldSeconds();
                establishedTransitions++;
                actions.established();
            }
            case KEEPALIVE_TIMER_EXPIRES ->
            {
                actions.sendKeepalive();
                restartKeepalive();
            }
            case HOLD_TIMER_EXPIRES -> fail(BgpError.of(Bgp.ERR_HOLD_TIMER_EXPIRED, 0, "hold timer expired"));
            case TCP_CONNECTION_FAILS, NOTIFICATION_RECEIVED ->
            {
                final String reason = event == FsmEvent.TCP_CONNECTION_FAILS ? "TCP connection lost in OpenConfirm" :
                    "NOTIFICATION " + error;
                if (secondPresent)
                {
                    failOverToSecond(reason);
                    return;
                }
                toIdle(reason, true);
            }
            case BGP_MESSAGE_ERROR, UPDATE_ERROR, CEASE -> fail(error);
            default -> fail(BgpError.of(Bgp.ERR_FSM, Bgp.ERR_FSM_UNEXPECTED_IN_OPENCONFIRM,
                event + " in OpenConfirm"));
        }
    }

    private void established(final FsmEvent event, final BgpError error)
    {
        switch (event)
        {
            case KEEPALIVE_RECEIVED, UPDATE_RECEIVED -> restartHold();
            case KEEPALIVE_TIMER_EXPIRES ->
            {
                actions.sendKeepalive();
                restartKeepalive();
            }
            case HOLD_TIMER_EXPIRES -> fail(BgpError.of(Bgp.ERR_HOLD_TIMER_EXPIRED, 0, "hold timer expired"));
            case TCP_CONNECTION_FAILS -> toIdle("TCP connection lost", true);
            case NOTIFICATION_RECEIVED -> toIdle("NOTIFICATION " + error, true);
            case BGP_MESSAGE_ERROR, UPDATE_ERROR, CEASE -> fail(error);
            default -> fail(BgpError.of(Bgp.ERR_FSM, Bgp.ERR_FSM_UNEXPECTED_IN_ESTABLISHED,
                event + " in Established"));
        }
    }

    private void armHoldAndKeepalive()
    {
        restartHold();
        restartKeepalive();
    }

    private void restartHold()
    {
        if (negotiatedHoldSeconds > 0)
        {
            actions.startTimer(FsmTimer.HOLD, negotiatedHoldSeconds * 1000L);
        }
        else
        {
            actions.stopTimer(FsmTimer.HOLD);
        }
    }

    private void restartKeepalive()
    {
        if (negotiatedHoldSeconds > 0)
        {
            actions.startTimer(FsmTimer.KEEPALIVE, Math.max(1, negotiatedHoldSeconds / 3) * 1000L);
        }
        else
        {
            actions.stopTimer(FsmTimer.KEEPALIVE);
        }
    }

    private void fail(final BgpError error)
    {
        if (error != null)
        {
            actions.sendNotification(error);
        }
        toIdle(error == null ? "error" : error.toString(), true);
    }

    private void toIdle(final String reason, final boolean automaticRestart)
    {
        final SessionState previous = state;
        lastError = reason;
        actions.stopTimer(FsmTimer.CONNECT_RETRY);
        actions.stopTimer(FsmTimer.HOLD);
        actions.stopTimer(FsmTimer.KEEPALIVE);
        actions.disconnect();
        if (secondPresent)
        {
            dropSecond(null);
        }
        state = SessionState.IDLE;
        if (previous != SessionState.IDLE)
        {
            actions.sessionDown(reason);
        }
        if (automaticRestart && started)
        {
            actions.startTimer(FsmTimer.IDLE_HOLD, idleHoldSeconds * 1000L);
            idleHoldSeconds = Math.min(config.idleHoldMaxSeconds(), Math.max(1, idleHoldSeconds * 2));
        }
    }
}
