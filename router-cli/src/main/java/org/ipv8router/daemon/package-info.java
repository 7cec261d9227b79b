/**
 * The ipv8-router daemon ({@code ipv8 router}): life cycle in {@link org.ipv8router.daemon.RouterDaemon}, signals in
 * {@link org.ipv8router.daemon.Signals}.
 * <p>
 * <b>Seams for the integration.</b> The daemon knows nothing of the forwarding assembly, BGP8 or WHOIS8; they
 * plug in as {@link org.ipv8router.daemon.DaemonModule}s (supplied to
 * {@link org.ipv8router.cli.RouterCommand#RouterCommand(java.util.function.Function)}), and from their
 * {@link org.ipv8router.daemon.DaemonContext} they:
 * <ul>
 *   <li>read the configuration and allocate counters in the daemon's counters file;</li>
 *   <li>register {@link org.ipv8router.control.ControlHandler}s under the words the CLI forwards
 *       ("show interfaces", "show route", "show fib", "show arp8", "show bgp", "clear bgp", "show whois8",
 *       "ping8"), replacing the "not available in this build" placeholders;</li>
 *   <li>add {@link org.ipv8router.daemon.ShutdownStep}s (BGP8 NOTIFICATION Cease, stop agents, close ports),
 *       run in reverse order after the control socket closes;</li>
 *   <li>add a {@link org.ipv8router.daemon.ReloadTarget} that checks, then applies, the
 *       {@link org.ipv8router.config.ConfigDiff} of a SIGHUP reload;</li>
 *   <li>raise control plane SEC-ALERTs (19.7) through {@link org.ipv8router.log.SecAlertLog}; the data plane
 *       ones come from drop counters through {@link org.ipv8router.log.SecAlertMonitor} without any call.</li>
 * </ul>
 * The forwarding assembly is one such module: {@link org.ipv8router.daemon.forward.ForwardingModule}.
 */
package org.ipv8router.daemon;
