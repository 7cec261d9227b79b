/**
 * The control socket: a UNIX domain socket ({@link org.ipv8router.control.ControlServer}) speaking line-delimited
 * JSON ({@link org.ipv8router.control.ControlProtocol}, versioned), operational commands registered in
 * {@link org.ipv8router.control.ControlHandlers} as {@link org.ipv8router.control.ControlHandler}s, and the
 * client the CLI uses ({@link org.ipv8router.control.ControlClient}).
 */
package org.ipv8router.control;
