package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;

/** Test helper: builds valid frames of each kind into fresh, exactly sized buffers. */
final class Frames
{
    static final long DST_MAC = 0x020000000002L;
    static final long SRC_MAC = 0x020000000001L;
    static final long SRC = 0x0000FBF0C0000201L;   // 64496.192.0.2.1
    static final long DST = 0x0000FBF1C6336407L;   // 64497.198.51.100.7

    private Frames()
    {
    }

    /** IPv8 echo request (spec 11.3) in an untagged or tagged frame with the given EtherType. */
    static byte[] ipv8(final int etherType, final boolean vlan, final long source, final long destination)
    {
        return ipv8(etherType, vlan, source, destination, IpProtocols.ICMP, 0);
    }

    static byte[] ipv8(
        final int etherType, final boolean vlan, final long source, final long destination, final int protocol,
        final int udpDestinationPort)
    {
        final int l2 = vlan ? 18 : 14;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[l2 + 36]);
        final EthernetFrame ethernet = new EthernetFrame().wrap(buffer, 0);
        if (vlan)
        {
            ethernet.writeVlanHeader(DST_MAC, SRC_MAC, EthernetFrame.tci(0, 100), etherType);
        }
        else
        {
            ethernet.writeHeader(DST_MAC, SRC_MAC, etherType);
        }
        new Ipv8Header().wrap(buffer, l2).writeHeader(0, 36, 0, 0, 64, protocol, source, destination);
        if (protocol == IpProtocols.UDP)
        {
            new UdpHeader().wrap(buffer, l2 + 28).writeHeader(68, udpDestinationPort, 8);
        }
        else
        {
            new IcmpMessage().wrap(buffer, l2 + 28, 8).writeEchoHeader(IcmpMessage.TYPE_ECHO_REQUEST, 1, 1).updateChecksum();
        }
        return buffer.byteArray();
    }

    /** IPv4 echo request 192.0.2.1 -> 198.51.100.7 on 0x0800. */
    static byte[] ipv4(final int source, final int destination)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[14 + 28]);
        new EthernetFrame().wrap(buffer, 0).writeHeader(DST_MAC, SRC_MAC, EtherTypes.IPV4);
        new Ipv4Header().wrap(buffer, 14).writeHeader(0, 28, 0, 0, 64, IpProtocols.ICMP, source, destination);
        new IcmpMessage().wrap(buffer, 14 + 20, 8).writeEchoHeader(IcmpMessage.TYPE_ECHO_REQUEST, 1, 1).updateChecksum();
        return buffer.byteArray();
    }

    static byte[] arp8(final int ptype)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[14 + 36]);
        new EthernetFrame().wrap(buffer, 0).writeHeader(EthernetFrame.BROADCAST_MAC, SRC_MAC, EtherTypes.ARP);
        new ArpPacket().wrap(buffer, 14).writeArp8Request(ptype, SRC_MAC, SRC, 0x0000FBF0C000020AL);
        return buffer.byteArray();
    }

    static byte[] arp4()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[14 + 28]);
        new EthernetFrame().wrap(buffer, 0).writeHeader(EthernetFrame.BROADCAST_MAC, SRC_MAC, EtherTypes.ARP);
        new ArpPacket().wrap(buffer, 14).writeArp4Request(SRC_MAC, 0xC00002FE, 0xC000020A);
        return buffer.byteArray();
    }
}
