/**
 * Ethernet access for the host stack: {@link org.ipv8router.testbed.host.link.EthernetLink} with two
 * implementations, {@link org.ipv8router.testbed.host.link.RawEthernetSocket} (Linux AF_PACKET raw socket bound to
 * an interface, called through java.lang.foreign, errno captured per call) and
 * {@link org.ipv8router.testbed.host.link.InMemorySegment} (a hub in memory for tests without root), plus
 * {@link org.ipv8router.testbed.host.link.NetworkNamespace}, which opens sockets inside a named network namespace
 * with setns(2) on a short-lived thread instead of forking under {@code ip netns exec}.
 */
package org.ipv8router.testbed.host.link;
