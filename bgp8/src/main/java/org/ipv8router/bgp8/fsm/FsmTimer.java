package org.ipv8router.bgp8.fsm;

/**
 * The session timers (RFC 4271 section 10 plus the IdleHoldTimer of section 8.1.1). SECOND_HOLD is the OpenSent
 * hold timer of the second connection held during a connection collision (RFC 4271 6.8): RFC 4271 runs one FSM
 * per connection, we run one FSM per peer with a second connection slot, so that slot needs its own hold timer.
 */
public enum FsmTimer
{
    CONNECT_RETRY, HOLD, KEEPALIVE, IDLE_HOLD, SECOND_HOLD
}
