/**
 * Counters in a memory-mapped file, Aeron CnC style: {@link org.ipv8router.dataplane.counters.DataplaneCounters}
 * (writer side: per-port, per-node and per-drop-reason counters allocated up front, then updated on the hot path
 * by reference), {@link org.ipv8router.dataplane.counters.DropReasons} (the drop reason code registry),
 * {@link org.ipv8router.dataplane.counters.CountersFile} and
 * {@link org.ipv8router.dataplane.counters.CountersSnapshot} (lock-free read-only view for other processes),
 * layout in {@link org.ipv8router.dataplane.counters.CountersFileDescriptor}.
 */
package org.ipv8router.dataplane.counters;
