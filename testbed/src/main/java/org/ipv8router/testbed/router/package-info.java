/**
 * Real router daemons for end-to-end tests: {@link org.ipv8router.testbed.router.RouterDaemon} starts the daemon
 * (shaded jar or a classpath) in its own JVM, inside a network namespace if asked, waits for its control socket
 * or log lines, talks to it over the control socket and the counters file, and stops or kills it. The two-ASN
 * fabric and the gateway-pair daemon tests both use it.
 */
package org.ipv8router.testbed.router;
