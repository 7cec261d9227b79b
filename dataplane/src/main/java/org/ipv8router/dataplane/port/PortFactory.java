package org.ipv8router.dataplane.port;

import org.ipv8router.dataplane.counters.DataplaneCounters;

/**
 * Makes the {@link Port} of one router interface from the device string of its config line
 * ({@code port dpdk DEVICE-ARGS}), so whoever assembles a router (the daemon, a test, a benchmark) needs no
 * knowledge of the port kind. The daemon looks factories up by port kind (e.g. "dpdk"); DPDK's lives in
 * native-shim.
 * <p>
 * <b>Life cycle, all on the forwarding (dataplane) thread</b>: {@link #open()} once (e.g. DPDK's EAL init, which
 * pins the calling thread to the dataplane core), then {@link #create} once per interface, then the forwarding
 * agent runs, then the ports are closed and the factory {@link #close()}d.
 */
public interface PortFactory extends AutoCloseable
{
    /**
     * Acquires what the ports share (EAL, packet pools). Idempotent; called on the thread that will forward.
     *
     * @throws RuntimeException naming what is missing (e.g. DPDK not installed, no hugepages).
     */
    void open();

    /**
     * Creates and starts the port of one interface.
     *
     * @param interfaceName the interface's name in the config (port name, counter labels).
     * @param index         the interface's port index.
     * @param deviceArgs    what the port runs on, in the factory's syntax (DPDK: PCI address, vdev string or
     *                      ethdev name).
     * @param counters      where the port registers its rx/tx counters.
     * @return the started port; the caller closes it before {@link #close()}.
     * @throws RuntimeException naming the interface and device if it is malformed, missing or does not start.
     */
    Port create(String interfaceName, int index, String deviceArgs, DataplaneCounters counters);

    /**
     * Gives a port this factory created a kernel exception path: a kernel interface (TAP) named
     * {@code kernelInterface} with the port's MAC and the given IPv4 addresses, so the kernel answers ARP and
     * terminates TCP/UDP to those addresses (BGP8 sessions, management) while the router forwards the rest; see
     * {@link KernelPathPort}. Called on the forwarding thread, after {@link #create}; the caller closes the returned
     * port (which closes both) instead of {@code port}.
     *
     * @param port            a port from {@link #create}.
     * @param kernelInterface name of the kernel interface to create (at most 15 characters).
     * @param ipv4Cidrs       addresses for the kernel interface, e.g. {@code 203.0.113.1/30}.
     * @param counters        where the kernel port's and the path's counters go.
     * @return the port to give the router.
     * @throws UnsupportedOperationException if this factory's ports have no kernel path (the default).
     * @throws RuntimeException naming the kernel interface if it cannot be created or configured.
     */
    default Port attachKernelPath(
        final Port port, final String kernelInterface, final java.util.List<String> ipv4Cidrs,
        final DataplaneCounters counters)
    {
        throw new UnsupportedOperationException("this port kind has no kernel exception path (port factory " +
            getClass().getName() + ")");
    }

    /** Releases what {@link #open()} acquired. Only after the ports are closed. Idempotent. */
    void close();
}
