package org.ipv8router.daemon;

/**
 * One step of a clean stop (SIGTERM/SIGINT), registered through {@link DaemonContext#addShutdownStep}. Steps run
 * in the reverse order of registration (the last part started is the first stopped), each logged with its
 * duration; a step that throws is logged and the next one still runs. Where the integration plugs in: the BGP8
 * speaker sends NOTIFICATION Cease to every peer, the forwarding assembly stops its agents and closes its ports.
 */
public interface ShutdownStep
{
    /** Short name for the log, e.g. "bgp8 cease" or "ports". */
    String name();

    /** Stops this part. Called once, on the daemon's main thread. */
    void stop() throws Exception;
}
