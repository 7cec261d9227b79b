/**
 * Gateway-pair (.254/.253) failover checks usable from any test set-up: {@link
 * org.ipv8router.testbed.gwpair.FailoverProbe} sends a numbered flow through caller-supplied send/receive
 * functions, injects a failure mid-flow and measures loss and recovery time.
 */
package org.ipv8router.testbed.gwpair;
