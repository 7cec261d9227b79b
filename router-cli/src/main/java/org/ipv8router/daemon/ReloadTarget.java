package org.ipv8router.daemon;

import org.ipv8router.config.ConfigDiff;
import org.ipv8router.config.RouterConfig;

/**
 * A part of the router that applies configuration changes live (SIGHUP), registered through
 * {@link DaemonContext#addReloadTarget}. A reload is two-phase:
 * <ol>
 *   <li>{@link #check} on every target: a target refuses a diff it cannot apply (the reload is then refused as a
 *       whole and the running configuration is kept, as for a config that does not parse);</li>
 *   <li>{@link #apply} on every target, in registration order, with only the difference: the forwarding assembly
 *       adds/removes routes, neighbours, 8to4 peers and interfaces without restarting the data plane; the BGP8
 *       speaker touches only the sessions whose neighbour changed.</li>
 * </ol>
 * Both run on the daemon's main thread, never concurrently with another reload or the stop.
 */
public interface ReloadTarget
{
    /** Short name for the log, e.g. "forwarding" or "bgp8". */
    String name();

    /**
     * Refuses a diff this target cannot apply live.
     *
     * @throws Exception whose message says what cannot be applied and why.
     */
    default void check(final ConfigDiff diff, final RouterConfig before, final RouterConfig after) throws Exception
    {
    }

    /**
     * Applies the difference. Throwing here leaves the target as it managed; the daemon logs the failure and
     * reports the configuration as partially applied.
     */
    void apply(ConfigDiff diff, RouterConfig before, RouterConfig after) throws Exception;
}
