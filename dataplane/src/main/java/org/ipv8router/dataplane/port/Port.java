package org.ipv8router.dataplane.port;

import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * A network port as the forwarding engine sees it: burst receive into a {@link PacketVector}, burst transmit from
 * one. In-memory rings ({@link RingPort}), pcap files ({@link PcapPort}) and DPDK ethdev queues implement it, and
 * forwarding code never knows which one it talks to.
 * <p>
 * <b>Ownership.</b>
 * <ul>
 *   <li>{@link #receive(PacketVector)} appends at most {@code into.remaining()} packets; from then on
 *       {@code into} owns them. The port sets the ingress port to {@link #index()} and, where known, the receive
 *       timestamp.</li>
 *   <li>{@link #transmit(PacketVector)} takes ownership of every live (not detached) packet in {@code from},
 *       whatever happens: packets it sends are gone, packets it cannot send (ring full, link down, I/O error) are
 *       freed to their pools and counted as tx drops. On return {@code from} is empty.</li>
 *   <li>Pools: a port sends packets from any {@link org.ipv8router.dataplane.packet.PacketPool}. Where the
 *       medium cannot take a buffer of that pool as is (a DPDK port given a non-mbuf packet), the port's
 *       {@code transmit} copies it into a buffer of its own; {@code RingPort} and {@code PcapPort} always copy
 *       the frame octets into their medium (ring, file), like a NIC's DMA, and free the buffer.</li>
 * </ul>
 * <b>Threading.</b> At most one thread calls {@code receive} at a time and at most one calls {@code transmit}
 * at a time (normally both are the port's forwarding agent). {@link #name()}, {@link #index()}, {@link #mtu()},
 * {@link #macAddress()} and {@link #counters()} are immutable; {@link #isLinkUp()} and {@link #isEndOfInput()}
 * may be read from any thread. {@link #close()} is called once, after every thread using the port has stopped.
 */
public interface Port extends AutoCloseable
{
    /** Default L3 MTU of Ethernet ports. */
    int DEFAULT_MTU = 1500;

    /** @return the port's name, unique in the router (used in counter labels and config). */
    String name();

    /** @return the port's index, unique and small (the tx port number forwarding writes into packets). */
    int index();

    /**
     * Receives a burst.
     *
     * @param into vector to append to; at most {@code into.remaining()} packets are added.
     * @return the number of packets appended (0 if none is waiting, the link is down or input ended).
     */
    int receive(PacketVector into);

    /**
     * Transmits a burst, taking ownership of all of it (see the class comment).
     *
     * @param from packets to send; empty on return.
     * @return the number of packets sent.
     */
    int transmit(PacketVector from);

    /** @return the largest L3 packet (Ethernet payload) the port carries, in octets. */
    int mtu();

    /** @return the port's MAC address in the low 48 bits (first octet most significant). */
    long macAddress();

    /** @return true if the link is up; a down port receives nothing and drops what it is given. */
    boolean isLinkUp();

    /**
     * Offline input: true once a finite source (a pcap file) has delivered everything, so an offline run can
     * stop. Live ports always return false.
     *
     * @return true if no packet will ever be received again.
     */
    default boolean isEndOfInput()
    {
        return false;
    }

    /** @return the port's rx/tx counters. */
    PortCounters counters();

    /** Releases the port's resources. Only after all threads using it have stopped. */
    void close();
}
