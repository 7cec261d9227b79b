/**
 * Classic libpcap files (Ethernet link type) in pure Java: {@link org.ipv8router.pcap.PcapReader} (both byte
 * orders, micro- and nanosecond timestamps, clear errors for truncated or corrupt files) and
 * {@link org.ipv8router.pcap.PcapWriter} (little-endian, microseconds). Both allocate nothing per record.
 */
package org.ipv8router.pcap;
