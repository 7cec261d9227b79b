package org.ipv8router.bgp8.fsm;

/** The RFC 4271 section 8.1 events this FSM acts on (event numbers in brackets). */
public enum FsmEvent
{
    /** [1] operator start, active peer. */
    MANUAL_START,
    /** [2] operator stop. */
    MANUAL_STOP,
    /** [3]/[5] automatic restart after the idle hold timer. */
    AUTOMATIC_START,
    /** [4] operator start, passive peer. */
    MANUAL_START_PASSIVE,
    /** [9] */
    CONNECT_RETRY_TIMER_EXPIRES,
    /** [10] */
    HOLD_TIMER_EXPIRES,
    /** [11] */
    KEEPALIVE_TIMER_EXPIRES,
    /** [13] IdleHoldTimer_Expires. */
    IDLE_HOLD_TIMER_EXPIRES,
    /** The OpenSent hold timer of the second connection of a collision expired: that connection is dropped. */
    SECOND_HOLD_TIMER_EXPIRES,
    /** [17] TcpConnectionConfirmed: the connection we initiated is up. */
    TCP_CONNECTED,
    /** [16] Tcp_CR_Acked: a connection the peer initiated was accepted as the session's connection. */
    TCP_ACCEPTED,
    /** [18] */
    TCP_CONNECTION_FAILS,
    /** [19] a valid OPEN (checked by the session against the configuration). */
    BGP_OPEN,
    /** [21]/[22] header or OPEN error: the NOTIFICATION to send is passed with the event. */
    BGP_MESSAGE_ERROR,
    /** [24]/[25] NOTIFICATION received. */
    NOTIFICATION_RECEIVED,
    /** [26] */
    KEEPALIVE_RECEIVED,
    /** [27] UPDATE (or ROUTE-REFRESH) received and processed. */
    UPDATE_RECEIVED,
    /** [28] UPDATE error that needs a session reset; the NOTIFICATION is passed with the event. */
    UPDATE_ERROR,
    /** Local policy wants the session torn down (max-prefix, admin reset): Cease with the given subcode. */
    CEASE
}
