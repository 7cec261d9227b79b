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

    /** Releases what {@link #open()} acquired. Only after the ports are closed. Idempotent. */
    void close();
}
