package org.ipv8router.perf.pktgen;

import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.L4PseudoHeader;

/**
 * What the generated frames look like: flows, sizes, the IPv4 share, streams and the constant header fields.
 *
 * @param flows           address ranges the frames cycle through.
 * @param sizes           frame sizes (FCS included) and their order.
 * @param ipv4Percent     0..100: share of IPv4 (r = 0) frames, spread evenly over every 100 frames.
 * @param streams         1..65536: flow index mod streams is the stream a frame counts in (its sequence space).
 * @param sourceMac       Ethernet source, low 48 bits.
 * @param destinationMac  Ethernet destination, low 48 bits.
 * @param ipv8EtherType   EtherType of IPv8 frames (0x8080 by default, spec A3).
 * @param sourcePort      UDP source port.
 * @param destinationPort UDP destination port.
 * @param ttl             IP time to live.
 * @param pseudoHeader    pseudo-header of the UDP checksum inside IPv8 (IPv4 frames always use RFC 768's).
 */
public record TrafficProfile(
    FlowSet flows,
    FrameSizes sizes,
    int ipv4Percent,
    int streams,
    long sourceMac,
    long destinationMac,
    int ipv8EtherType,
    int sourcePort,
    int destinationPort,
    int ttl,
    L4PseudoHeader pseudoHeader)
{
    public static final long DEFAULT_SOURCE_MAC = 0x0200_0000_0001L;
    public static final long DEFAULT_DESTINATION_MAC = 0x0200_0000_0002L;
    public static final int DEFAULT_SOURCE_PORT = 1024;
    /** The discard port, as the Linux kernel pktgen uses. */
    public static final int DEFAULT_DESTINATION_PORT = 9;

    public TrafficProfile
    {
        if (ipv4Percent < 0 || ipv4Percent > 100)
        {
            throw new IllegalArgumentException("--ipv4-share must be 0..100 (percent), got " + ipv4Percent);
        }
        if (streams < 1 || streams > Probe.MAX_STREAMS)
        {
            throw new IllegalArgumentException("--streams must be 1.." + Probe.MAX_STREAMS + ", got " + streams);
        }
        if (ipv4Percent < 100 && sizes.smallest() < FrameFactory.MIN_LONG_PROBE_IPV8_SIZE &&
            streams > Probe.SHORT_MAX_STREAMS)
        {
            throw new IllegalArgumentException("--streams " + streams + ": IPv8 frames smaller than " +
                FrameFactory.MIN_LONG_PROBE_IPV8_SIZE + " octets carry the short probe, which holds 8 bits of stream " +
                "id; use at most " + Probe.SHORT_MAX_STREAMS + " streams or larger frames");
        }
        if ((sourceMac & 0x0100_0000_0000L) != 0)
        {
            throw new IllegalArgumentException("--src-mac: a group (multicast) address is dropped as a source");
        }
        if (ipv8EtherType < EtherTypes.MIN_ETHERTYPE || ipv8EtherType > 0xFFFF || ipv8EtherType == EtherTypes.IPV4 ||
            ipv8EtherType == EtherTypes.VLAN || ipv8EtherType == EtherTypes.ARP)
        {
            throw new IllegalArgumentException(String.format("--ethertype 0x%04X: must be 0x0600..0xFFFF and not " +
                "IPv4, ARP or 802.1Q", ipv8EtherType));
        }
        if (sourcePort < 0 || sourcePort > 65535 || destinationPort < 0 || destinationPort > 65535)
        {
            throw new IllegalArgumentException("UDP ports must be 0..65535, got " + sourcePort + "," + destinationPort);
        }
        if (ttl < 1 || ttl > 255)
        {
            throw new IllegalArgumentException("--ttl must be 1..255, got " + ttl);
        }
    }

    /** Defaults: one flow, 64-octet IPv8 frames, one stream. */
    public static TrafficProfile defaults()
    {
        return new TrafficProfile(FlowSet.defaults(), FrameSizes.fixed(64), 0, 1, DEFAULT_SOURCE_MAC,
            DEFAULT_DESTINATION_MAC, EtherTypes.IPV8_DEFAULT, DEFAULT_SOURCE_PORT, DEFAULT_DESTINATION_PORT, 64,
            L4PseudoHeader.IPV4_COMPATIBLE);
    }

    public TrafficProfile withFlows(final FlowSet value)
    {
        return new TrafficProfile(value, sizes, ipv4Percent, streams, sourceMac, destinationMac, ipv8EtherType,
            sourcePort, destinationPort, ttl, pseudoHeader);
    }

    public TrafficProfile withSizes(final FrameSizes value)
    {
        return new TrafficProfile(flows, value, ipv4Percent, streams, sourceMac, destinationMac, ipv8EtherType,
            sourcePort, destinationPort, ttl, pseudoHeader);
    }

    public TrafficProfile withIpv4Percent(final int value)
    {
        return new TrafficProfile(flows, sizes, value, streams, sourceMac, destinationMac, ipv8EtherType,
            sourcePort, destinationPort, ttl, pseudoHeader);
    }

    public TrafficProfile withStreams(final int value)
    {
        return new TrafficProfile(flows, sizes, ipv4Percent, value, sourceMac, destinationMac, ipv8EtherType,
            sourcePort, destinationPort, ttl, pseudoHeader);
    }

    public TrafficProfile withPseudoHeader(final L4PseudoHeader value)
    {
        return new TrafficProfile(flows, sizes, ipv4Percent, streams, sourceMac, destinationMac, ipv8EtherType,
            sourcePort, destinationPort, ttl, value);
    }
}
