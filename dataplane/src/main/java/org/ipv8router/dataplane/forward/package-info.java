/**
 * The IPv8 forwarding path (spec sections 3-7) as a VPP-style graph of small nodes, and its assembly.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.ipv8router.dataplane.forward.RouterSpec}: what the router is (interfaces bound to port indices,
 *       roles, zones, peer ASNs, local ASNs, static routes, 8to4 peers, static neighbours, zone permits, XLATE8
 *       next hop, ACL8 lists, egress permits and mode, return-flow sizing, timers), as plain data.</li>
 *   <li>{@link org.ipv8router.dataplane.forward.Router#create}: builds FIB, neighbour caches, zone table, graph
 *       and worker over any {@link org.ipv8router.dataplane.port.Port}s (ring, pcap, DPDK).</li>
 *   <li>{@link org.ipv8router.dataplane.forward.RouterAgent}: the Agrona agent (duty cycle) of the worker;
 *       {@link org.ipv8router.dataplane.forward.Router#start} runs it on its own thread,
 *       {@link org.ipv8router.dataplane.forward.Router#runToEndOfInput} on the caller's (offline).</li>
 *   <li>{@link org.ipv8router.dataplane.forward.PuntQueue}: frames for the control plane (SPSC ring).</li>
 * </ul>
 *
 * <h2>Nodes (names as in the counters)</h2>
 * {@code ip8-fast} (start node: the fused common case straight to port-output, everything else untouched to
 * ethernet-input; see {@code FastPathNode}, switched per interface by
 * {@link org.ipv8router.dataplane.forward.FastPathEligibility}, off with {@code RouterSpec.fastPath(false)}),
 * {@code ethernet-input} (spec 2.5 validation, 802.1Q, demux), {@code ip8-input}, {@code ip4-input},
 * {@code arp-input} (ARP4/ARP8: answers for our addresses, feeds the caches), {@code 8to4-decap},
 * {@code role-filter} (spec 7.3), {@code ip4-return-flow} (spec 3.5: IPv4 replies to downgraded flows get their r
 * values back), {@code zone-filter} (spec 7.4), {@code ip8-local} (our addresses, broadcast,
 * multicast), {@code ip8-ttl}, {@code ip8-lookup} (batch two-tier FIB lookup), {@code ip8-acl8} (spec 7.6),
 * {@code ip8-egress-filter}, {@code ip8-egress-validate} (spec 7.5),
 * {@code ip8-rewrite} (TTL, RFC 1624 checksum), {@code 8to4-encap}, {@code ip8-neighbor} (ARP8 dual probe,
 * bounded hold queue), {@code ip8-tx-decide} (spec 3.2), {@code ip8-downgrade} (spec 3.3; records return flows),
 * {@code 8to4-encap-v4only}, {@code ip8-mtu} (PTB 3/4 or slow-path fragmentation), {@code l2-rewrite},
 * {@code port-output}, {@code punt}, {@code icmp-error} (spec 6.2), {@code drop}. Arcs only go forward; the four
 * loops (ICMP errors back to lookup, released packets, failed neighbours, router-originated ARP and fragments) go
 * through a bounded re-injection queue that the worker empties into the graph before each pass.
 *
 * <h2>Threading</h2>
 * v1 runs one worker (one {@code RouterAgent}) for all ports. It owns the graph, the neighbour caches, the held
 * packets, the re-injection queues and the pools its ports receive into; nothing on that path locks or allocates.
 * The control plane, on other threads, (a) writes routes through {@link org.ipv8router.dataplane.fib.Fib}
 * (single writer, lock-free readers, QSBR: the worker reports a quiescent point after every duty cycle),
 * (b) reads punted frames from the {@code PuntQueue}, (c) reads the counters file. Scaling out means one
 * {@code Router}-like assembly per worker, each with its own graph and caches, sharing the FIB (it supports several
 * QSBR readers); packets cross workers only in bursts through Agrona rings ({@code RingPort}).
 *
 * <h2>Decisions taken here (v1)</h2>
 * <ul>
 *   <li>Transmit decision (3.2): a version-8 header only to a neighbour that proved IPv8 (ARP8 answer or static
 *       {@code ipv8}); r = 0 on both ends always leaves as IPv4 (A16); an IPv4-only neighbour gets a downgrade
 *       only when dst.r is 0 or local (A17); for a foreign dst.r it gets 8to4 to the configured endpoint of that
 *       ASN, else the packet drops as {@code no_8to4_endpoint} with ICMPv8 3/6. So in the example
 *       (upstream 203.0.113.2, r = 0, route for 64497 via it): declared {@code ipv8}, the packet leaves as IPv8
 *       (dst.r foreign, neighbour capable); declared {@code ipv4}, it cannot be downgraded and, with no
 *       {@code ipv8 8to4 peer 64497 ...}, drops with ICMPv8 3/6 back to the source.</li>
 *   <li>Zone traffic (7.4): "foreign" = dst.r neither an own ASN nor an own zone (r = 0 included); such packets
 *       are routed to the XLATE8 next hop (looked up as the FIB key, its neighbour resolved) or dropped as
 *       {@code zone_no_xlate8}. The source zone is not checked against the ingress interface's zones.</li>
 *   <li>External ingress (19.1): source r must be 0 or in the interface's peer-ASN list (no list = any) and never
 *       one of our own (local) r values. 8to4-decapsulated packets get the external rules whatever the port.</li>
 *   <li>Downgrade records return-flow state ({@link org.ipv8router.dataplane.forward.ReturnFlowTable}, spec 3.5
 *       "XLATE8-lite"); replies get both r values back (the IPv8 host sees the address it sent to). Details and
 *       reasons: docs/profile.md 5.4.</li>
 *   <li>8to4 for an IPv4-only next hop sends the outer packet to that same neighbour; a route whose next hop is an
 *       8to4 endpoint routes the outer packet by an IPv4 lookup of the endpoint. A configured
 *       {@code 8to4 peer} installs a Tier 1 route for its ASN unless a static one exists.</li>
 *   <li>ICMP errors quote the header as received (TTL decrement undone), are rate limited per ingress interface
 *       (token bucket, 100/s burst 50 by default) and re-enter the graph at {@code ip8-lookup}.</li>
 *   <li>ACL8 (7.6) filters packets arriving on an interface that has a permit list (no list: no filtering);
 *       egress validation (7.5) checks internal -&gt; external packets against the Zone Server's permits. Both
 *       tables are RCU-published by the control plane; {@link org.ipv8router.dataplane.forward.ForwardingFeatures}
 *       says where each optional feature is active.</li>
 *   <li>Gateway pair (7.7): {@link org.ipv8router.dataplane.forward.GatewayPairTable} holds each pair's VIPs,
 *       virtual MACs and two live bits (own VIP active, peer VIP held) that the control plane flips without
 *       blocking the worker; ethernet-input, arp-input and ip8-local read them. Hellos, timers and the takeover
 *       decision live in {@code org.ipv8router.dataplane.gwpair}; their frames go out through the
 *       {@link org.ipv8router.dataplane.forward.ControlTxQueue}.</li>
 *   <li>Egress frames carry no VLAN tag; VRFs (7.8) are not in this package.</li>
 *   <li>The fused fast path {@code ip8-fast} skips the small nodes for the common case. Every optional feature
 *       must keep it away where the feature applies, or packets bypass the feature's node: today's features are
 *       read live by ip8-fast ({@link org.ipv8router.dataplane.forward.ForwardingFeatures}, the held VIPs of
 *       {@link org.ipv8router.dataplane.forward.GatewayPairTable}); a feature without such a check blocks ports in
 *       {@link org.ipv8router.dataplane.forward.FastPathEligibility} ({@link
 *       org.ipv8router.dataplane.forward.Router#fastPath()}).</li>
 * </ul>
 */
package org.ipv8router.dataplane.forward;
