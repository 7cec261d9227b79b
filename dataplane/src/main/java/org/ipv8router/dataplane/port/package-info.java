/**
 * Ports: the {@link org.ipv8router.dataplane.port.Port} contract (burst receive into a vector, burst transmit that
 * takes ownership of everything given), in-memory {@link org.ipv8router.dataplane.port.RingPort}s over
 * {@link org.ipv8router.dataplane.port.RingWire}s with a {@link org.ipv8router.dataplane.port.RingHost} to inject
 * and collect frames, and offline {@link org.ipv8router.dataplane.port.PcapPort}s.
 * <p>
 * <b>Adding a DPDK port.</b> Implement {@code Port} over an ethdev queue pair and a {@code PacketPool} over its
 * mempool (handle = {@code rte_mbuf*}, buffer address = {@code buf_addr}, data offset = {@code data_off}):
 * {@code receive} calls {@code rx_burst} and appends each mbuf with
 * {@code PacketVector.add(pool, mbuf, bufAddr, dataOff, dataLen, index)}; {@code transmit} writes back
 * {@code data_off}/{@code data_len} from the vector, calls {@code PacketVector.copyToPool} for packets of other
 * pools, then {@code tx_burst} and frees what the PMD refused. No forwarding code changes.
 */
package org.ipv8router.dataplane.port;
