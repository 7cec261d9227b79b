package org.ipv8router.bgp8.fsm;

import org.ipv8router.bgp8.codec.BgpError;

/**
 * What the FSM asks its owner to do. The FSM itself touches no socket and no clock, so it is tested by
 * feeding events and recording these calls.
 */
public interface FsmActions
{
    void connect();

    void disconnect();

    void sendOpen();

    void sendKeepalive();

    void sendNotification(BgpError error);

    /**
     * Connection collision: sends the NOTIFICATION (when not null) on the second connection, closes it and leaves
     * the session's connection alone.
     */
    void closeSecond(BgpError notification);

    /**
     * Connection collision: sends the NOTIFICATION (when not null) on the session's connection, closes it, and
     * makes the second connection the session's connection (with the OPEN it already received, if any).
     */
    void switchToSecond(BgpError notification);

    void startTimer(FsmTimer timer, long millis);

    void stopTimer(FsmTimer timer);

    /** The session reached Established: start sending routes. */
    void established();

    /** The session left Established (or never got there): flush the peer's routes. */
    void sessionDown(String reason);
}
