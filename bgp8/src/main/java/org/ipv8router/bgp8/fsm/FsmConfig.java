package org.ipv8router.bgp8.fsm;

/**
 * Timer configuration of one session, in seconds. Defaults are RFC 4271 section 10 values and the spec's
 * profile (hold 90 s, keepalive 30 s, connect retry 120 s); idle hold starts at 5 s and doubles on every
 * consecutive failure up to 120 s (damping of flapping peers, RFC 4271 8.1.1 DampPeerOscillations).
 */
public record FsmConfig(
    int holdTimeSeconds,
    int connectRetrySeconds,
    int idleHoldSeconds,
    int idleHoldMaxSeconds,
    int openSentHoldSeconds,
    boolean passive)
{
    public static final FsmConfig DEFAULT = new FsmConfig(90, 120, 5, 120, 240, false);

    public FsmConfig
    {
        if (holdTimeSeconds != 0 && holdTimeSeconds < 3)
        {
            throw new IllegalArgumentException("hold time " + holdTimeSeconds + " s must be 0 or >= 3");
        }
        if (connectRetrySeconds < 1 || idleHoldSeconds < 0 || idleHoldMaxSeconds < idleHoldSeconds)
        {
            throw new IllegalArgumentException("bad timers: connect retry " + connectRetrySeconds +
                " s, idle hold " + idleHoldSeconds + ".." + idleHoldMaxSeconds + " s");
        }
    }

    public FsmConfig withPassive(final boolean newPassive)
    {
        return new FsmConfig(holdTimeSeconds, connectRetrySeconds, idleHoldSeconds, idleHoldMaxSeconds,
            openSentHoldSeconds, newPassive);
    }

    public FsmConfig withHoldTime(final int seconds)
    {
        return new FsmConfig(seconds, connectRetrySeconds, idleHoldSeconds, idleHoldMaxSeconds,
            openSentHoldSeconds, passive);
    }

    public FsmConfig withConnectRetry(final int seconds)
    {
        return new FsmConfig(holdTimeSeconds, seconds, idleHoldSeconds, idleHoldMaxSeconds,
            openSentHoldSeconds, passive);
    }

    public FsmConfig withIdleHold(final int seconds, final int maxSeconds)
    {
        return new FsmConfig(holdTimeSeconds, connectRetrySeconds, seconds, maxSeconds,
            openSentHoldSeconds, passive);
    }
}
