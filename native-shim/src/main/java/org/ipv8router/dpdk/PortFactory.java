package org.ipv8router.dpdk;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.port.Port;

/**
 * Makes the dataplane {@link Port} of one router interface from the interface's device string in the config, so
 * whoever assembles a router (daemon, test, benchmark) does not need to know the port kind.
 * <p>
 * Lifecycle, all on the dataplane thread: {@link #open()} once (e.g. DPDK's EAL init, which pins the calling
 * thread to the dataplane core), then {@link #create} once per interface, then run the forwarding agent, then
 * close the ports and {@link #close()} the factory.
 * <p>
 * Provisional: a daemon-side seam with the same job exists in router-cli; the two are to be reconciled into one
 * interface in dataplane. Keep implementations to this shape.
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
     * @param index         the interface's port index (position in the router's port list).
     * @param deviceArgs    what the port runs on, in the factory's syntax (DPDK: PCI address, vdev string or
     *                      ethdev name).
     * @param counters      where the port registers its rx/tx counters.
     * @return the started port; the caller closes it before {@link #close()}.
     * @throws IllegalArgumentException if deviceArgs is malformed; a RuntimeException naming the interface and
     *                                  device if the device does not exist or fails to start.
     */
    Port create(String interfaceName, int index, String deviceArgs, DataplaneCounters counters);

    /** Releases what {@link #open()} acquired. Only after the ports are closed. Idempotent. */
    void close();
}
