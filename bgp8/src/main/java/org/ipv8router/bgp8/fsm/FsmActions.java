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

    void startTimer(FsmTimer timer, long millis);

    void stopTimer(FsmTimer timer);

    /** The session reached Established: start sending routes. */
    void established();

    /** The session left Established (or never got there): flush the peer's routes. */
    void sessionDown(String reason);
}
