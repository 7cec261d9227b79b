package org.ipv8router.daemon;

/**
 * A part of the router the daemon starts after the configuration is checked, the counters file is open and the
 * control socket listens: the forwarding assembly, the BGP8 speaker, the WHOIS8 client. This is the seam through
 * which the integration wires them in; {@link RouterDaemon} itself knows none of them.
 * <p>
 * In {@link #start} a module reads the configuration from the context, allocates its counters there, registers
 * its control handlers (replacing the "not available in this build" placeholders, e.g. "show route"), its
 * {@link ShutdownStep}s and its {@link ReloadTarget}. Modules start in list order; if one throws, the daemon
 * stops what already started (shutdown steps) and exits 1.
 */
public interface DaemonModule
{
    /** Short name for the log. */
    String name();

    /** Starts the module. */
    void start(DaemonContext context) throws Exception;
}
