package org.ipv8router.daemon;

import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlHandlers;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.log.Log;
import org.ipv8router.log.SecAlertLog;

/** What a {@link DaemonModule} gets from the daemon. */
public interface DaemonContext
{
    /** The configuration in force (after a reload, the new one). */
    RouterConfig config();

    /** The instance name (names the counters file and control socket by default). */
    String instance();

    /** How the daemon was started (paths of the config, socket, counters and pid files). */
    DaemonOptions options();

    /**
     * Asks the daemon to stop cleanly, e.g. when a module hits a failure it cannot recover from (a port that
     * vanished). Returns at once; the stop runs on the daemon's main thread.
     *
     * @param reason logged as the stop's trigger.
     */
    void requestStop(String reason);

    /** The router's counters file: allocate port, node and drop reason counters here. */
    DataplaneCounters counters();

    /** The structured log. */
    Log log();

    /** SEC-ALERT records; the BGP8 speaker raises 19.7 (prefix_too_specific) here. */
    SecAlertLog secAlerts();

    /** The control commands: register handlers (replaces placeholders with the same words). */
    ControlHandlers handlers();

    /** Adds a step to the clean stop; steps run in reverse order of registration. */
    void addShutdownStep(ShutdownStep step);

    /** Adds a part that applies reloads. */
    void addReloadTarget(ReloadTarget target);
}
