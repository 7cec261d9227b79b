/**
 * The IPv8 wire layer: zero-allocation flyweights over Agrona buffers for every header the router reads or
 * writes, the Internet checksum, the receive validation of spec 2.5, 8to4 and the 8-to-4 downgrade.
 * <p>
 * Pieces: {@link org.ipv8router.wire.EthernetFrame}, {@link org.ipv8router.wire.Ipv8Header},
 * {@link org.ipv8router.wire.Ipv4Header}, {@link org.ipv8router.wire.ArpPacket} (ARP4 and ARP8),
 * {@link org.ipv8router.wire.IcmpMessage}, {@link org.ipv8router.wire.UdpHeader},
 * {@link org.ipv8router.wire.EightToFour}, {@link org.ipv8router.wire.Downgrade},
 * {@link org.ipv8router.wire.Checksum}, {@link org.ipv8router.wire.ReceiveValidator} returning a
 * {@link org.ipv8router.wire.DropReason}, configured by an immutable {@link org.ipv8router.wire.WireProfile}.
 * <p>
 * Decisions taken here where the spec leaves room (to be copied into docs/profile.md):
 * <ul>
 *   <li>IPv8 header 28 octets, IHL 7-15, RFC 1071 header checksum (A1, A2); ICMPv8 = protocol 1 with ICMPv4
 *       numbering (A6); ARP8 = RFC 826 with PTYPE = IPv8 EtherType and PLEN 8 (A21).</li>
 *   <li>Source checks (spec 2.5 step 6) drop: r = ff.ff.ff.ff (any n) and the IPv4 limited broadcast
 *       0.0.0.0.255.255.255.255; any multicast (cross-ASN r, or n in 224/4); the unassigned r range
 *       ff.ff.f0.00-ff.ff.ff.fe ("never forwarded", spec 1.5); the all-zero source, except "bootstrap" which
 *       is defined as an unfragmented UDP datagram to port 67 (DHCP8 server port).</li>
 *   <li>A frame whose Ethernet source MAC has the group bit set is dropped before L3.</li>
 *   <li>IPv4 frames get the same checks with IPv4 sizes; an IPv4 source is treated as the r = 0 address.</li>
 *   <li>QinQ (0x88A8) and nested tags are not handled: unknown EtherType.</li>
 *   <li>8to4 encapsulation copies the inner ToS and DF to the outer header, TTL 64, and leaves the inner
 *       packet untouched (its TTL is the forwarding stage's job); decapsulation refuses outer fragments and
 *       requires inner Total Length = outer payload.</li>
 *   <li>UDP checksum inside IPv8 uses the IPv4-compatible pseudo-header unless the profile says full64 (A19).</li>
 * </ul>
 */
package org.ipv8router.wire;
