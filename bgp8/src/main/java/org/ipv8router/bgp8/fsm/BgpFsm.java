package org.ipv8router.bgp8.fsm;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.BgpError;

/**
 * The RFC 4271 section 8 session state machine for one peer, as a pure class: {@link #handle} takes an event
 * and calls {@link FsmActions}; there is no socket, thread or clock in here.
 * <p>
 * Simplifications against RFC 4271 (documented, deliberate): no DelayOpen, no optional
 * CollisionDetectEstablishedState (the session layer resolves collisions), AllowAutomaticStop is always on
 * (every error goes to Idle with the idle hold timer, which doubles on consecutive failures).
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

    /**
     * Connection collision (RFC 4271 6.8) resolved in favour of a new incoming connection while in OpenSent or
     * OpenConfirm: the old connection is dropped by the caller and the FSM goes back to wait for the new one
     * (no Idle, no sessionDown: nothing was established). The caller then fires {@link FsmEvent#TCP_CONNECTED}.
     */
    public void collisionReplaced()
    {
        if (state == SessionState.OPEN_SENT || state == SessionState.OPEN_CONFIRM)
        {
            actions.stopTimer(FsmTimer.HOLD);
            actions.stopTimer(FsmTimer.KEEPALIVE);
            state = SessionState.ACTIVE;
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

    /** Called with the peer's hold time when the event is {@link FsmEvent#BGP_OPEN}. */
    public void openReceived(final int peerHoldSeconds)
    {
        handle(FsmEvent.BGP_OPEN, null, peerHoldSeconds);
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
            case TCP_CONNECTED ->
            {
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
                actions.disconnect();
                actions.stopTimer(FsmTimer.HOLD);
                actions.startTimer(FsmTimer.CONNECT_RETRY, config.connectRetrySeconds() * 1000L);
                state = SessionState.ACTIVE;
            }
            case HOLD_TIMER_EXPIRES -> fail(BgpError.of(Bgp.ERR_HOLD_TIMER_EXPIRED, 0, "no OPEN in time"));
            case BGP_MESSAGE_ERROR, UPDATE_ERROR, CEASE -> fail(error);
            case NOTIFICATION_RECEIVED -> toIdle("NOTIFICATION " + error, true);
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
            case TCP_CONNECTION_FAILS -> toIdle("TCP connection lost in OpenConfirm", true);
            case NOTIFICATION_RECEIVED -> toIdle("NOTIFICATION " + error, true);
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
