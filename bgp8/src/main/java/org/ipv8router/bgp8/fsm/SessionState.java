package org.ipv8router.bgp8.fsm;

/** RFC 4271 section 8.2.2 session states. */
public enum SessionState
{
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
}
