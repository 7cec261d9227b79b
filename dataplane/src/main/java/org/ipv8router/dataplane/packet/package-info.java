/**
 * Packet buffers and bursts: {@link org.ipv8router.dataplane.packet.PacketPool} (buffers named by a {@code long}
 * handle; {@link org.ipv8router.dataplane.packet.SlabPacketPool} off-heap, a DPDK mempool later) and
 * {@link org.ipv8router.dataplane.packet.PacketVector} (a structure-of-arrays burst with per-packet metadata and
 * an Agrona flyweight over the packet data).
 * <p>
 * <b>Ownership in one sentence:</b> exactly one holder owns a packet at any time (a port's receive path, a vector,
 * a node that detached it, a port's transmit), and that holder either hands it on or frees it to the pool recorded
 * next to its handle.
 * <p>
 * <b>Threading in one sentence:</b> pools and vectors are single-threaded; each belongs to one forwarding agent,
 * and packets cross threads only as copied frames (see {@code RingPort}).
 * <p>
 * <b>Crossing pools:</b> {@link org.ipv8router.dataplane.packet.PacketVector#copyToPool(int,
 * org.ipv8router.dataplane.packet.PacketPool)} is the single place a packet is copied between pools; ports call it
 * from {@code transmit} when their medium needs its own buffers.
 */
package org.ipv8router.dataplane.packet;
