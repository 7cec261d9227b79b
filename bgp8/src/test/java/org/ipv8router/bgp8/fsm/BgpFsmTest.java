package org.ipv8router.bgp8.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.BgpError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BgpFsmTest
{
    static final class Recorder implements FsmActions
    {
        final List<String> calls = new ArrayList<>();
        final Map<FsmTimer, Long> timers = new EnumMap<>(FsmTimer.class);
        final List<BgpError> notifications = new ArrayList<>();
        int established;
        int down;

        @Override
        public void connect()
        {
            calls.add("connect");
        }

        @Override
        public void disconnect()
        {
            calls.add("disconnect");
        }

        @Override
        public void sendOpen()
        {
            calls.add("open");
        }

        @Override
        public void sendKeepalive()
        {
            calls.add("keepalive");
        }

        @Override
        public void sendNotification(final BgpError error)
        {
            calls.add("notification " + error.code() + "/" + error.subcode());
            notifications.add(error);
        }

        @Override
        public void closeSecond(final BgpError notification)
        {
            calls.add("closeSecond" + (notification == null ? "" : " " + notification.code() + "/" +
                notification.subcode()));
        }

        @Override
        public void switchToSecond(final BgpError notification)
        {
            calls.add("switchToSecond" + (notification == null ? "" : " " + notification.code() + "/" +
                notification.subcode()));
        }

        @Override
        public void startTimer(final FsmTimer timer, final long millis)
        {
            timers.put(timer, millis);
        }

        @Override
        public void stopTimer(final FsmTimer timer)
        {
            timers.remove(timer);
        }

        @Override
        public void established()
        {
            established++;
        }

        @Override
        public void sessionDown(final String reason)
        {
            down++;
        }
    }

    private Recorder r;
    private BgpFsm fsm;

    @BeforeEach
    void setUp()
    {
        r = new Recorder();
        fsm = new BgpFsm(FsmConfig.DEFAULT.withHoldTime(9), r);
    }

    private void establish()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        fsm.handle(FsmEvent.TCP_CONNECTED);
        fsm.openReceived(30);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
    }

    @Test
    void activeStartConnectsAndReachesEstablished()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        assertEquals(SessionState.CONNECT, fsm.state());
        assertEquals(List.of("connect"), r.calls);
        assertEquals(120_000L, r.timers.get(FsmTimer.CONNECT_RETRY));
        fsm.handle(FsmEvent.TCP_CONNECTED);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
        assertEquals(240_000L, r.timers.get(FsmTimer.HOLD), "large hold time until the OPEN arrives");
        assertTrue(!r.timers.containsKey(FsmTimer.CONNECT_RETRY));
        fsm.openReceived(30);
        assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
        assertEquals(9, fsm.negotiatedHoldSeconds(), "min(local 9, peer 30)");
        assertEquals(9_000L, r.timers.get(FsmTimer.HOLD));
        assertEquals(3_000L, r.timers.get(FsmTimer.KEEPALIVE));
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(SessionState.ESTABLISHED, fsm.state());
        assertEquals(1, r.established);
        assertEquals(List.of("connect", "open", "keepalive"), r.calls);
    }

    @Test
    void passiveStartWaitsInActive()
    {
        fsm.handle(FsmEvent.MANUAL_START_PASSIVE);
        assertEquals(SessionState.ACTIVE, fsm.state());
        assertTrue(r.calls.isEmpty());
        fsm.handle(FsmEvent.TCP_CONNECTED);
        assertEquals(SessionState.OPEN_SENT, fsm.state());
    }

    @Test
    void holdTimerExpirySendsNotification4AndBacksOff()
    {
        establish();
        r.calls.clear();
        fsm.handle(FsmEvent.HOLD_TIMER_EXPIRES);
        assertEquals(SessionState.IDLE, fsm.state());
        assertEquals(Bgp.ERR_HOLD_TIMER_EXPIRED, r.notifications.get(0).code());
        assertEquals(1, r.down);
        assertEquals(5_000L, r.timers.get(FsmTimer.IDLE_HOLD));
        assertTrue(!r.timers.containsKey(FsmTimer.KEEPALIVE));
        // Automatic restart, then a second failure doubles the idle hold time.
        fsm.handle(FsmEvent.IDLE_HOLD_TIMER_EXPIRES);
        assertEquals(SessionState.CONNECT, fsm.state());
        fsm.handle(FsmEvent.TCP_CONNECTED);
        fsm.handle(FsmEvent.HOLD_TIMER_EXPIRES);
        assertEquals(10_000L, r.timers.get(FsmTimer.IDLE_HOLD));
        for (int i = 0; i < 10; i++)
        {
            fsm.handle(FsmEvent.IDLE_HOLD_TIMER_EXPIRES);
            fsm.handle(FsmEvent.TCP_CONNECTED);
            fsm.handle(FsmEvent.HOLD_TIMER_EXPIRES);
        }
        assertEquals(120_000L, r.timers.get(FsmTimer.IDLE_HOLD), "capped at idleHoldMax");
        // A successful session resets the back-off.
        fsm.handle(FsmEvent.IDLE_HOLD_TIMER_EXPIRES);
        fsm.handle(FsmEvent.TCP_CONNECTED);
        fsm.openReceived(90);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(5, fsm.currentIdleHoldSeconds());
    }

    @Test
    void keepaliveTimerSendsKeepaliveAndRearms()
    {
        establish();
        r.calls.clear();
        r.timers.remove(FsmTimer.KEEPALIVE);
        fsm.handle(FsmEvent.KEEPALIVE_TIMER_EXPIRES);
        assertEquals(List.of("keepalive"), r.calls);
        assertEquals(3_000L, r.timers.get(FsmTimer.KEEPALIVE));
    }

    @Test
    void updateRestartsHoldTimer()
    {
        establish();
        r.timers.remove(FsmTimer.HOLD);
        fsm.handle(FsmEvent.UPDATE_RECEIVED);
        assertEquals(9_000L, r.timers.get(FsmTimer.HOLD));
    }

    @Test
    void holdTimeZeroDisablesKeepalives()
    {
        fsm = new BgpFsm(FsmConfig.DEFAULT.withHoldTime(0), r);
        establish();
        assertTrue(!r.timers.containsKey(FsmTimer.HOLD));
        assertTrue(!r.timers.containsKey(FsmTimer.KEEPALIVE));
    }

    @Test
    void notificationReceivedGoesIdleWithoutSendingOne()
    {
        establish();
        r.calls.clear();
        fsm.handle(FsmEvent.NOTIFICATION_RECEIVED, BgpError.of(6, 2, "peer shutdown"));
        assertEquals(SessionState.IDLE, fsm.state());
        assertTrue(r.notifications.isEmpty());
        assertEquals(1, r.down);
        assertTrue(r.timers.containsKey(FsmTimer.IDLE_HOLD));
    }

    @Test
    void unexpectedOpenInEstablishedIsFsmError()
    {
        establish();
        fsm.openReceived(90);
        assertEquals(SessionState.IDLE, fsm.state());
        assertEquals(Bgp.ERR_FSM, r.notifications.get(0).code());
        assertEquals(Bgp.ERR_FSM_UNEXPECTED_IN_ESTABLISHED, r.notifications.get(0).subcode());
    }

    @Test
    void keepaliveInOpenSentIsFsmError()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        fsm.handle(FsmEvent.TCP_CONNECTED);
        fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
        assertEquals(Bgp.ERR_FSM_UNEXPECTED_IN_OPENSENT, r.notifications.get(0).subcode());
    }

    @Test
    void connectFailureWaitsForRetryTimer()
    {
        fsm.handle(FsmEvent.MANUAL_START);
        fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
        assertEquals(SessionState.ACTIVE, fsm.state());
        r.calls.clear();
        fsm.handle(FsmEvent.CONNECT_RETRY_TIMER_EXPIRES);
        assertEquals(SessionState.CONNECT, fsm.state());
        assertEquals(List.of("disconnect", "connect"), r.calls);
    }

    @Test
    void manualStopSendsCeaseAdminShutdownAndStaysIdle()
    {
        establish();
        fsm.handle(FsmEvent.MANUAL_STOP);
        assertEquals(SessionState.IDLE, fsm.state());
        assertEquals(Bgp.ERR_CEASE, r.notifications.get(0).code());
        assertEquals(Bgp.CEASE_ADMIN_SHUTDOWN, r.notifications.get(0).subcode());
        assertTrue(!r.timers.containsKey(FsmTimer.IDLE_HOLD));
        fsm.handle(FsmEvent.IDLE_HOLD_TIMER_EXPIRES);
        assertEquals(SessionState.IDLE, fsm.state());
    }

    @Test
    void ceaseFromPolicySendsItsSubcode()
    {
        establish();
        fsm.handle(FsmEvent.CEASE, BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_MAX_PREFIXES, "max"));
        assertEquals(Bgp.CEASE_MAX_PREFIXES, r.notifications.get(0).subcode());
        assertEquals(SessionState.IDLE, fsm.state());
    }

    @Test
    void tcpLossInEstablishedFlushes()
    {
        establish();
        fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
        assertEquals(SessionState.IDLE, fsm.state());
        assertEquals(1, r.down);
        assertTrue(r.notifications.isEmpty());
    }
}
