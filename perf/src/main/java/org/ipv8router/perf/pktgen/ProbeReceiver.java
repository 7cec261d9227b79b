package org.ipv8router.perf.pktgen;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.UdpHeader;

/**
 * Finds the probe in a received frame (Ethernet, optional 802.1Q tag, IPv8 on the configured EtherType or
 * on 0x0800 with version 8, or IPv4; UDP; options skipped by IHL) and accounts it in a {@link StreamTracker}
 * and {@link LatencyStats}. Frames without a probe are counted as "other" (ARP, the router's ICMP, foreign
 * traffic). Checksums are not verified here: the receive side measures, the router validates. One instance
 * per receive thread; no allocation.
 */
public final class ProbeReceiver
{
    private final int ipv8EtherType;
    private final StreamTracker tracker;
    private final LatencyStats latency;
    private final Probe probe = new Probe();
    private long frames;
    private long octets;
    private long other;

    public ProbeReceiver(final int ipv8EtherType, final StreamTracker tracker, final LatencyStats latency)
    {
        this.ipv8EtherType = ipv8EtherType;
        this.tracker = tracker;
        this.latency = latency;
    }

    /**
     * Accounts one frame received at rxNs.
     *
     * @return true if it carried a probe.
     */
    public boolean onFrame(final DirectBuffer buffer, final int offset, final int length, final long rxNs)
    {
        frames++;
        octets += length;
        if (length < EthernetFrame.HEADER_LENGTH)
        {
            other++;
            return false;
        }
        int type = buffer.getShort(offset + EthernetFrame.ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int l3 = offset + EthernetFrame.HEADER_LENGTH;
        if (type == EtherTypes.VLAN && length >= EthernetFrame.VLAN_HEADER_LENGTH)
        {
            type = buffer.getShort(offset + EthernetFrame.VLAN_ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            l3 = offset + EthernetFrame.VLAN_HEADER_LENGTH;
        }
        final int end = offset + length;
        if (l3 >= end || (type != ipv8EtherType && type != EtherTypes.IPV4))
        {
            other++;
            return false;
        }
        final int versionIhl = buffer.getByte(l3) & 0xFF;
        final int version = versionIhl >>> 4;
        final int headerLength = (versionIhl & 0xF) << 2;
        final int protocolOffset;
        final int minHeader;
        if (version == Ipv8Header.VERSION)
        {
            protocolOffset = Ipv8Header.PROTOCOL_OFFSET;
            minHeader = Ipv8Header.MIN_HEADER_LENGTH;
        }
        else if (version == Ipv4Header.VERSION && type == EtherTypes.IPV4)
        {
            protocolOffset = Ipv4Header.PROTOCOL_OFFSET;
            minHeader = Ipv4Header.MIN_HEADER_LENGTH;
        }
        else
        {
            other++;
            return false;
        }
        final int udp = l3 + headerLength;
        if (headerLength < minHeader || udp + UdpHeader.HEADER_LENGTH > end ||
            (buffer.getByte(l3 + protocolOffset) & 0xFF) != IpProtocols.UDP)
        {
            other++;
            return false;
        }
        final int payload = udp + UdpHeader.HEADER_LENGTH;
        if (probe.read(buffer, payload, end - payload) == Probe.NONE)
        {
            other++;
            return false;
        }
        tracker.onProbe(probe.stream(), probe.sequence());
        latency.record(probe.latencyNs(rxNs));
        return true;
    }

    /** Frames seen, probes or not. */
    public long frames()
    {
        return frames;
    }

    /** Octets of all frames seen (without FCS). */
    public long octets()
    {
        return octets;
    }

    /** Frames without a probe. */
    public long other()
    {
        return other;
    }

    public StreamTracker tracker()
    {
        return tracker;
    }

    public LatencyStats latency()
    {
        return latency;
    }
}
