package org.ipv8router.bgp8.testutil;

import org.ipv8router.bgp8.codec.BgpError;
import org.ipv8router.bgp8.fsm.FsmActions;
import org.ipv8router.bgp8.fsm.FsmTimer;

/**
 * FSM actions that do nothing: the base for tests that drive a {@code BgpFsm} and care about only a few of its
 * actions, which they override.
 */
public class NoFsmActions implements FsmActions
{
    @Override
    public void connect()
    {
    }

    @Override
    public void disconnect()
    {
    }

    @Override
    public void sendOpen()
    {
    }

    @Override
    public void sendKeepalive()
    {
    }

    @Override
    public void sendNotification(final BgpError error)
    {
    }

    @Override
    public void closeSecond(final BgpError notification)
    {
    }

    @Override
    public void switchToSecond(final BgpError notification)
    {
    }

    @Override
    public void startTimer(final FsmTimer timer, final long millis)
    {
    }

    @Override
    public void stopTimer(final FsmTimer timer)
    {
    }

    @Override
    public void established()
    {
    }

    @Override
    public void sessionDown(final String reason)
    {
    }
}
