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

    /** What a step does when it runs: {@link #stop()} as a lambda. */
    @FunctionalInterface
    interface Action
    {
        void stop() throws Exception;
    }

    /**
     * A step from its log name and its action, so that a module registers its stop in one expression.
     *
     * @param name   short name for the log.
     * @param action what {@link #stop()} runs; what it throws, {@link #stop()} throws.
     */
    static ShutdownStep of(final String name, final Action action)
    {
        return new ShutdownStep()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public void stop() throws Exception
            {
                action.stop();
            }
        };
    }
}
