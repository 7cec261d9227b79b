package org.ipv8router.bgp8.fsm;

/** The session timers (RFC 4271 section 10 plus the IdleHoldTimer of section 8.1.1). */
public enum FsmTimer
{
    CONNECT_RETRY, HOLD, KEEPALIVE, IDLE_HOLD
}
