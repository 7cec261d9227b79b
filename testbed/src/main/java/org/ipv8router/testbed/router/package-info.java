/**
 * Real router daemons for end-to-end tests: {@link org.ipv8router.testbed.router.RouterDaemonProcess} starts the
 * shaded router jar in its own JVM (inside a network namespace if asked), waits for log lines, runs {@code show}
 * commands against it and stops or kills it.
 */
package org.ipv8router.testbed.router;
