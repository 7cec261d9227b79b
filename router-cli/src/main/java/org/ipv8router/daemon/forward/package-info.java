/**
 * The forwarding assembly of the daemon: {@link org.ipv8router.daemon.forward.ForwardingModule} runs the IPv8
 * {@link org.ipv8router.dataplane.forward.Router} over the ports of the config ({@code port ring}, {@code port pcap},
 * and any kind with a {@link org.ipv8router.dataplane.port.PortFactory} in the
 * {@link org.ipv8router.daemon.forward.PortFactoryRegistry}, e.g. DPDK), on a forwarding thread and a control-plane
 * thread (FIB writer, punt consumer); serves {@code show interfaces|route|fib summary|arp8}, {@code ping8} and
 * {@code ring inject|capture}; applies reloads live (routes, neighbours, zone permits) and refuses what needs a
 * restart. See router-cli/DAEMON.md for the commands' JSON schemas and the threading rules.
 */
package org.ipv8router.daemon.forward;
