/**
 * Command-line tools on the userspace IPv8 host: {@link org.ipv8router.testbed.host.tools.Ping8},
 * {@link org.ipv8router.testbed.host.tools.Traceroute8}, {@link org.ipv8router.testbed.host.tools.Udp8},
 * {@link org.ipv8router.testbed.host.tools.Serve8} (a standing host that answers pings and echoes UDP), and
 * {@link org.ipv8router.testbed.host.tools.HostTool}, the dispatcher behind {@code testbed/bin/host-tool}. Each has
 * {@code --help}, a {@code run(args, out, err)} entry for in-process use, and exits 0 on success, 1 when the
 * network did not answer as asked, 2 on usage or set-up errors (message names the option, interface or namespace).
 * <pre>
 *  ip netns exec ns1 testbed/bin/host-tool ping8 -c 3 --iface veth0 --addr 64496.10.0.0.1/24 64496.10.0.0.2
 *  testbed/bin/host-tool traceroute8 --netns ns1 --iface veth0 --addr 64496.10.0.0.1/24 --gw 64496.10.0.0.254 64497.10.1.0.2
 *  testbed/bin/host-tool udp8 recv --netns ns2 --iface veth1 --addr 64496.10.0.0.2/24 --port 7000 --echo
 *  ip netns exec ns3 testbed/bin/host-tool serve8 --iface veth3 --addr 64497.10.1.0.2/24 --gw 64497.10.1.0.254 --udp-echo 7
 *  testbed/bin/host-tool udp8 send --netns ns1 --iface veth0 --addr 64496.10.0.0.1/24 --reply-timeout 2 64496.10.0.0.2:7000 hi
 * </pre>
 */
package org.ipv8router.testbed.host.tools;
