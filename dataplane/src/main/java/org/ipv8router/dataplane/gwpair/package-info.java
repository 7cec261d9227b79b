/**
 * The .254/.253 active-active gateway pair's control side (spec 7.7, docs/profile.md section 9), kept apart from
 * the forwarding graph as BIRD/GoBGP keep codec, FSM and I/O apart:
 * <ul>
 *   <li>{@link org.ipv8router.dataplane.gwpair.GatewayPairHello}: flyweight codec of the 32-octet hello (UDP8 port
 *       8254 to {@code 255.255.0.0.224.0.0.1}, TTL 255);</li>
 *   <li>{@link org.ipv8router.dataplane.gwpair.GatewayPairTimers}: hello/dead/preempt timers, port, announcements;</li>
 *   <li>{@link org.ipv8router.dataplane.gwpair.GatewayPairFsm}: per-segment state machine, time passed in (tests
 *       use a fake clock);</li>
 *   <li>{@link org.ipv8router.dataplane.gwpair.GatewayPairSpeaker}: all pairs of one
 *       {@link org.ipv8router.dataplane.forward.Router}: sends hellos and gratuitous ARP8/ARP through the router's
 *       {@link org.ipv8router.dataplane.forward.ControlTxQueue}, parses punted hellos, applies decisions to the
 *       router's {@link org.ipv8router.dataplane.forward.GatewayPairTable}, counts. One thread; the daemon runs it
 *       on its forwarding control thread ({@code GatewayPairModule}), tests on their own.</li>
 * </ul>
 */
package org.ipv8router.dataplane.gwpair;
