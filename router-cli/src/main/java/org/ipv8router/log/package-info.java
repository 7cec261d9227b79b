/**
 * Structured logging ({@link org.ipv8router.log.Log}: one line per event, level, component, event, key=value) and
 * the rate-limited SEC-ALERT records of spec 7.3 ({@link org.ipv8router.log.SecAlertLog} with a
 * {@link org.ipv8router.log.TokenBucket} per {@link org.ipv8router.log.SecAlertKind}).
 * <p>
 * Hot path rule: forwarding threads never call the log. A border filter drop is counted (the drop reason counter,
 * an atomic add per vector); {@link org.ipv8router.log.SecAlertMonitor} on a control plane thread turns counter
 * increases into alert records. Nothing on the forwarding thread allocates, locks or does I/O for an alert.
 */
package org.ipv8router.log;
