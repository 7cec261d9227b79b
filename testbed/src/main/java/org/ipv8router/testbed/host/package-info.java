/**
 * A userspace IPv8 host stack for test hosts (Linux has no IPv8): {@link org.ipv8router.testbed.host.Ipv8Host}
 * runs on one Ethernet interface through a raw AF_PACKET socket
 * ({@link org.ipv8router.testbed.host.link.RawEthernetSocket}, java.lang.foreign) and speaks ARP8 (dual probe,
 * spec 4.3), ICMPv8 echo and errors, UDP, and plain IPv4 towards IPv4-only neighbours (spec 3.2).
 * <p>
 * Socket API modelled on AF_INET8 / sockaddr_in8 (spec 9):
 * {@link org.ipv8router.testbed.host.Ipv8SocketAddress} (with the 16-octet sockaddr_in8 encoding),
 * {@link org.ipv8router.testbed.host.Ipv8DatagramSocket} (UDP) and
 * {@link org.ipv8router.testbed.host.Ipv8PingSocket} (ICMP echo).
 * <pre>
 *  Ipv8Host host = Ipv8Host.open(Ipv8HostConfig.builder("veth0").netns("ns1")
 *      .address("64496.10.0.0.1/24").gateway("64496.10.0.0.254").gateway("64496.10.0.0.253").build());
 *  Ipv8DatagramSocket socket = host.openDatagramSocket();
 *  socket.bind(Ipv8SocketAddress.ANY.withPort(5000));
 *  socket.send(Ipv8SocketAddress.parse("64497.10.1.0.2:5000"), bytes);
 *  Ipv8Datagram reply = socket.receive(Duration.ofSeconds(2));   // null on timeout; ICMP errors are thrown
 * </pre>
 * Tools (package {@code tools}): {@code ping8}, {@code traceroute8}, {@code udp8 send|recv}; run them with
 * {@code testbed/bin/host-tool TOOL ARGS} (root; inside a namespace with {@code ip netns exec NS} or with
 * {@code --netns NS}).
 * <p>
 * Not implemented: fragmentation and reassembly (over-MTU sends are refused, received fragments dropped and
 * counted), TCP, multicast/broadcast sending, ARP8 conflict (Primary RN) detection, XLATE8/DNS8, IPv8 options.
 */
package org.ipv8router.testbed.host;
