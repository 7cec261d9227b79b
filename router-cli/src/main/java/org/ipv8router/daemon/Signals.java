package org.ipv8router.daemon;

import org.ipv8router.log.Log;

/**
 * Maps POSIX signals to daemon requests: SIGTERM and SIGINT to a clean stop, SIGHUP to a reload. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported: present and working on JDK 25, no JVM flag needed; tested by
 * the forked-daemon test). The JVM runs each handler on a short-lived thread of its own; the handlers only queue a
 * request, the daemon's main thread does the work.
 */
public final class Signals
{
    private Signals()
    {
    }

    /** Installs the handlers for {@code daemon}. */
    public static void install(final RouterDaemon daemon, final Log log)
    {
        handle("TERM", () -> daemon.requestStop("SIGTERM"), log);
        handle("INT", () -> daemon.requestStop("SIGINT"), log);
        handle("HUP", () -> daemon.requestReload("SIGHUP"), log);
    }

    private static void handle(final String name, final Runnable action, final Log log)
    {
        try
        {
            final sun.misc.SignalHandler previous =
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            if (previous == sun.misc.SignalHandler.SIG_IGN)
            {
                // The JVM keeps a signal the parent ignored ignored (nohup, '&' in a script): say so, since then
                // that signal does nothing here; the others still work.
                log.warn("daemon", "signal-ignored-by-parent", "signal", "SIG" + name,
                    "effect", "this signal does nothing (started under nohup or in the background of a script?)");
            }
        }
        catch (final IllegalArgumentException e)
        {
            // The JVM reserves some signals under some options (e.g. -Xrs); say so rather than fail.
            log.warn("daemon", "signal-not-handled", "signal", "SIG" + name, "error", e.getMessage());
        }
    }
}
