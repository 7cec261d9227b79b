package org.ipv8router.cli;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.UdpHeader;

/**
 * Builds one Ethernet frame holding an IPv8 (or IPv4) packet from command-line values, with the wire
 * flyweights, so that what the tool emits is exactly what the router's own codec writes. Cold path: allocates.
 */
final class PacketBuilder
{
    /** Largest frame the tool builds: a jumbo frame. */
    static final int MAX_FRAME = 9018;

    long source;
    long destination;
    boolean ipv4;
    int protocol = -1;
    int ttl = Ipv8Header.DEFAULT_TTL;
    int identification;
    boolean dontFragment;
    int tos;
    byte[] payload = new byte[0];
    boolean icmpEcho;
    int icmpIdentifier;
    int icmpSequence;
    boolean udp;
    int udpSourcePort;
    int udpDestinationPort;
    boolean udpChecksum = true;
    L4PseudoHeader pseudoHeader = L4PseudoHeader.IPV4_COMPATIBLE;
    int etherType = -1;
    int vlanId = -1;
    long sourceMac = 0x0200_0000_0001L;
    long destinationMac = 0x0200_0000_0002L;

    /**
     * Builds the frame.
     *
     * @throws IllegalArgumentException with an operator-facing message if the values do not make a packet.
     */
    byte[] build()
    {
        if (ipv4 && !(Ipv8Address.isIpv4Compatible(source) && Ipv8Address.isIpv4Compatible(destination)))
        {
            throw new IllegalArgumentException("--ipv4 needs both addresses with r = 0, got " +
                Ipv8Address.toString(source) + " -> " + Ipv8Address.toString(destination));
        }
        if (icmpEcho && udp)
        {
            throw new IllegalArgumentException("--icmp-echo and --udp exclude each other");
        }
        final int l4Protocol = l4Protocol();

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_FRAME]);
        final EthernetFrame ethernet = new EthernetFrame().wrap(buffer, 0, MAX_FRAME);
        final int l3EtherType = etherType >= 0 ? etherType : (ipv4 ? EtherTypes.IPV4 : EtherTypes.IPV8_DEFAULT);
        final int l2Length = vlanId >= 0 ?
            ethernet.writeVlanHeader(destinationMac, sourceMac, EthernetFrame.tci(0, vlanId), l3EtherType) :
            ethernet.writeHeader(destinationMac, sourceMac, l3EtherType);

        final int headerLength = ipv4 ? Ipv4Header.MIN_HEADER_LENGTH : Ipv8Header.MIN_HEADER_LENGTH;
        final int l4Offset = l2Length + headerLength;
        final int l4Length = writeL4(buffer, l4Offset);
        final int totalLength = headerLength + l4Length;
        if (l2Length + totalLength > MAX_FRAME)
        {
            throw new IllegalArgumentException("packet of " + totalLength + " octets does not fit a " + MAX_FRAME + "-octet frame");
        }
        final int flags = dontFragment ? Ipv8Header.FLAG_DF : 0;
        if (ipv4)
        {
            new Ipv4Header().wrap(buffer, l2Length, totalLength).writeHeader(tos, totalLength, identification, flags, ttl,
                l4Protocol, Ipv8Address.host(source), Ipv8Address.host(destination));
        }
        else
        {
            new Ipv8Header().wrap(buffer, l2Length, totalLength).writeHeader(tos, totalLength, identification, flags, ttl,
                l4Protocol, source, destination);
        }
        if (udp && udpChecksum)
        {
            // Over the IPv4-compatible pseudo-header an IPv4 and an IPv8 packet carry the same UDP checksum (A19).
            final UdpHeader udpHeader = new UdpHeader().wrap(buffer, l4Offset, l4Length);
            udpHeader.updateChecksum(source, destination, ipv4 ? L4PseudoHeader.IPV4_COMPATIBLE : pseudoHeader);
        }
        return Arrays.copyOf(buffer.byteArray(), l2Length + totalLength);
    }

    private int l4Protocol()
    {
        if (icmpEcho)
        {
            requireProtocol(IpProtocols.ICMP, "--icmp-echo");
            return IpProtocols.ICMP;
        }
        if (udp)
        {
            requireProtocol(IpProtocols.UDP, "--udp");
            return IpProtocols.UDP;
        }
        if (protocol < 0)
        {
            throw new IllegalArgumentException("--proto N is required unless --icmp-echo or --udp gives it");
        }
        return protocol;
    }

    private void requireProtocol(final int implied, final String option)
    {
        if (protocol >= 0 && protocol != implied)
        {
            throw new IllegalArgumentException(option + " implies --proto " + implied + ", but --proto " + protocol + " was given");
        }
    }

    private int writeL4(final UnsafeBuffer buffer, final int offset)
    {
        if (icmpEcho)
        {
            final int length = IcmpMessage.HEADER_LENGTH + payload.length;
            buffer.putBytes(offset + IcmpMessage.HEADER_LENGTH, payload);
            new IcmpMessage().wrap(buffer, offset, length)
                .writeEchoHeader(IcmpMessage.TYPE_ECHO_REQUEST, icmpIdentifier, icmpSequence)
                .updateChecksum();
            return length;
        }
        if (udp)
        {
            final int length = UdpHeader.HEADER_LENGTH + payload.length;
            if (length > 0xFFFF)
            {
                throw new IllegalArgumentException("UDP datagram of " + length + " octets is too long");
            }
            buffer.putBytes(offset + UdpHeader.HEADER_LENGTH, payload);
            new UdpHeader().wrap(buffer, offset, length).writeHeader(udpSourcePort, udpDestinationPort, length);
            return length;
        }
        buffer.putBytes(offset, payload);
        return payload.length;
    }
}
