package org.ipv8router.daemon;

import org.ipv8router.log.Log;

/**
 * Maps POSIX signals to daemon requests: SIGTERM and SIGINT to a clean stop, SIGHUP to a reload. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported: present and working on JDK 25, no JVM flag needed; tested by
 * the forked-daemon test). The JVM runs each handler on a short-lived thread of its own; the handlers only queue a
 * request, the daemon's main thread does the work. A second SIGTERM/SIGINT while a stop is under way exits at once
 * (exit code 1), for a stop step that hangs.
 */
public final class Signals
{
    private Signals()
    {
    }

    /** Installs the handlers for {@code daemon}. */
    public static void install(final RouterDaemon daemon, final Log log)
    {
        final java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
        handle("TERM", () -> stop(daemon, "SIGTERM", stops, log), log);
        handle("INT", () -> stop(daemon, "SIGINT", stops, log), log);
        handle("HUP", () -> daemon.requestReload("SIGHUP"), log);
    }

    /** The first stop signal stops cleanly; a second one while that is under way exits at once (a stuck step). */
    private static void stop(
        final RouterDaemon daemon, final String signal, final java.util.concurrent.atomic.AtomicInteger stops,
        final Log log)
    {
        if (stops.incrementAndGet() == 1)
        {
            daemon.requestStop(signal);
            return;
        }
        log.error("daemon", "forced-exit", "signal", signal, "reason", "second stop signal while stopping");
        Runtime.getRuntime().halt(1);
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
