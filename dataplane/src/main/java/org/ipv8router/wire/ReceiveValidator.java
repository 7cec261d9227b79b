package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Receive validation of one Ethernet frame in the v1 order of spec 2.5, with the L2 demultiplexing of
 * spec 7.1 step 1 in front of it. It returns a {@link DropReason} ({@link DropReason#NONE} when valid) and
 * leaves the result of the last valid frame in its accessors ({@link #kind()}, {@link #l3Offset()},
 * {@link #l3Length()}, ...). One instance per worker thread; no allocation, no exceptions, no locks.
 * <p>
 * Order for IPv8 (same shape for IPv4 with 20/5 in place of 28/7):
 * <ol>
 *   <li>L2: frame holds the Ethernet header (and the 802.1Q tag if present); source MAC not a group
 *       address; EtherType = configured IPv8 EtherType, or 0x0800 with version nibble 8 (if enabled),
 *       0x0800 with version 4, or ARP 0x0806.</li>
 *   <li>L2 payload at least 28 octets.</li>
 *   <li>Version = 8.</li>
 *   <li>IHL at least 7, and IHL x 4 within the L2 payload.</li>
 *   <li>Total Length at least IHL x 4 and at most the L2 payload; the L3 length is trimmed to Total
 *       Length (drops Ethernet padding).</li>
 *   <li>Header checksum verifies.</li>
 *   <li>Source not broadcast class, not multicast, not reserved r, not all-zero (all-zero is allowed only for
 *       bootstrap: UDP to port 67, the DHCP8 server port).</li>
 * </ol>
 * ARP frames are checked for HTYPE 1, HLEN 6, PTYPE/PLEN = 0x0800/4 (ARP4) or IPv8 EtherType/8 (ARP8),
 * OPER 1 or 2, and length; the L3 length is trimmed to the ARP packet length.
 */
public final class ReceiveValidator
{
    /** {@link #kind()} after a drop. */
    public static final int KIND_NONE = 0;
    public static final int KIND_IPV8 = 1;
    public static final int KIND_IPV4 = 2;
    public static final int KIND_ARP4 = 3;
    public static final int KIND_ARP8 = 4;

    private final int ipv8EtherType;
    private final boolean acceptV8On0800;

    private int kind;
    private int etherType;
    private int vlanId;
    private int l2HeaderLength;
    private int l3Offset;
    private int l3Length;
    private int l3HeaderLength;
    private int checkedHeaderLength;    // out-values of checkHeader
    private int checkedTotalLength;

    public ReceiveValidator(final WireProfile profile)
    {
        this.ipv8EtherType = profile.ipv8EtherType();
        this.acceptV8On0800 = profile.acceptV8On0800();
    }

    /**
     * Validates one frame.
     *
     * @param buffer holding the frame.
     * @param offset of the first octet of the destination MAC.
     * @param length of the frame without FCS.
     * @return {@link DropReason#NONE} when valid, else why the frame must be dropped.
     */
    public DropReason validateFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        kind = KIND_NONE;
        vlanId = EthernetFrame.NO_VLAN;
        l3HeaderLength = 0;
        if (length < EthernetFrame.HEADER_LENGTH)
        {
            return DropReason.FRAME_TRUNCATED;
        }
        if ((buffer.getByte(offset + EthernetFrame.SOURCE_OFFSET) & 0x01) != 0)
        {
            return DropReason.SOURCE_MAC_MULTICAST;
        }

        int type = buffer.getShort(offset + EthernetFrame.ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int headerLength = EthernetFrame.HEADER_LENGTH;
        if (type == EtherTypes.VLAN)
        {
            if (length < EthernetFrame.VLAN_HEADER_LENGTH)
            {
                return DropReason.FRAME_TRUNCATED;
            }
            vlanId = buffer.getShort(offset + EthernetFrame.VLAN_TCI_OFFSET, ByteOrder.BIG_ENDIAN) &
                EthernetFrame.VLAN_ID_MASK;
            type = buffer.getShort(offset + EthernetFrame.VLAN_ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            headerLength = EthernetFrame.VLAN_HEADER_LENGTH;
        }
        etherType = type;
        l2HeaderLength = headerLength;

        final int payloadOffset = offset + headerLength;
        final int payloadLength = length - headerLength;
        if (type == ipv8EtherType)
        {
            return validateIpv8(buffer, payloadOffset, payloadLength);
        }
        if (type == EtherTypes.IPV4)
        {
            if (payloadLength < 1)
            {
                return DropReason.PACKET_TRUNCATED;
            }
            final int version = (buffer.getByte(payloadOffset) >>> 4) & 0xF;
            if (version == Ipv4Header.VERSION)
            {
                return validateIpv4(buffer, payloadOffset, payloadLength);
            }
            if (version == Ipv8Header.VERSION)
            {
                return acceptV8On0800 ? validateIpv8(buffer, payloadOffset, payloadLength) : DropReason.V8_ON_0800_DISABLED;
            }
            return DropReason.BAD_VERSION;
        }
        if (type == EtherTypes.ARP)
        {
            return validateArp(buffer, payloadOffset, payloadLength);
        }
        return DropReason.UNKNOWN_ETHERTYPE;
    }

    /**
     * Validates an IPv8 packet without L2 (steps 2-7), e.g. the inner packet of 8to4.
     *
     * @param length octets available (the L2 payload); the valid packet's length is {@link #l3Length()}.
     */
    public DropReason validateIpv8(final DirectBuffer buffer, final int offset, final int length)
    {
        kind = KIND_NONE;
        final DropReason headerCheck = checkHeader(buffer, offset, length, Ipv8Header.VERSION,
            Ipv8Header.MIN_HEADER_LENGTH);
        if (headerCheck != DropReason.NONE)
        {
            return headerCheck;
        }
        return acceptSource(buffer, offset, buffer.getLong(offset + Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN),
            KIND_IPV8);
    }

    /** Validates an IPv4 packet without L2, same steps as {@link #validateIpv8} with IPv4 sizes. */
    public DropReason validateIpv4(final DirectBuffer buffer, final int offset, final int length)
    {
        kind = KIND_NONE;
        final DropReason headerCheck = checkHeader(buffer, offset, length, Ipv4Header.VERSION,
            Ipv4Header.MIN_HEADER_LENGTH);
        if (headerCheck != DropReason.NONE)
        {
            return headerCheck;
        }
        // An IPv4 source is the r = 0 IPv8 address: one set of source rules for both versions.
        return acceptSource(buffer, offset,
            buffer.getInt(offset + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL, KIND_IPV4);
    }

    /**
     * Steps 2-6, the same for both versions but for the version and minimum header length: length, version, IHL,
     * Total Length, header checksum. Total Length, Protocol and Flags/Fragment sit at the same offsets in both
     * versions' headers (IPv8 keeps the IPv4 layout up to the addresses). On {@link DropReason#NONE} the header and
     * total length are left in {@link #checkedHeaderLength} and {@link #checkedTotalLength} (fields, not a returned
     * object: nothing is allocated per packet).
     */
    private DropReason checkHeader(
        final DirectBuffer buffer, final int offset, final int length, final int version, final int minHeaderLength)
    {
        if (length < minHeaderLength)
        {
            return DropReason.PACKET_TRUNCATED;
        }
        final int versionIhl = buffer.getByte(offset) & 0xFF;
        if ((versionIhl >>> 4) != version)
        {
            return DropReason.BAD_VERSION;
        }
        final int headerLength = (versionIhl & 0xF) << 2;
        if (headerLength < minHeaderLength)
        {
            return DropReason.BAD_IHL;
        }
        if (headerLength > length)
        {
            return DropReason.HEADER_EXCEEDS_FRAME;
        }
        final int totalLength = buffer.getShort(offset + Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (totalLength < headerLength)
        {
            return DropReason.TOTAL_LENGTH_TOO_SMALL;
        }
        if (totalLength > length)
        {
            return DropReason.TOTAL_LENGTH_EXCEEDS_FRAME;
        }
        if (!Checksum.verify(buffer, offset, headerLength))
        {
            return DropReason.BAD_HEADER_CHECKSUM;
        }
        checkedHeaderLength = headerLength;
        checkedTotalLength = totalLength;
        return DropReason.NONE;
    }

    /**
     * Step 7 after {@link #checkHeader}: the source rules (one set for both versions), then the packet is valid as
     * {@code validKind}.
     */
    private DropReason acceptSource(final DirectBuffer buffer, final int offset, final long source, final int validKind)
    {
        final int headerLength = checkedHeaderLength;
        final int totalLength = checkedTotalLength;
        final DropReason sourceCheck = checkSource(buffer, offset, headerLength, totalLength, source,
            buffer.getByte(offset + Ipv8Header.PROTOCOL_OFFSET) & 0xFF,
            buffer.getShort(offset + Ipv8Header.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        if (sourceCheck != DropReason.NONE)
        {
            return sourceCheck;
        }
        kind = validKind;
        l3Offset = offset;
        l3Length = totalLength;
        l3HeaderLength = headerLength;
        return DropReason.NONE;
    }

    /** Validates an ARP4 or ARP8 packet without L2 (spec 4.2). */
    public DropReason validateArp(final DirectBuffer buffer, final int offset, final int length)
    {
        kind = KIND_NONE;
        if (length < ArpPacket.FIXED_LENGTH)
        {
            return DropReason.ARP_TRUNCATED;
        }
        if ((buffer.getShort(offset + ArpPacket.HTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) != ArpPacket.HTYPE_ETHERNET)
        {
            return DropReason.ARP_BAD_HTYPE;
        }
        if ((buffer.getByte(offset + ArpPacket.HLEN_OFFSET) & 0xFF) != ArpPacket.HLEN_ETHERNET)
        {
            return DropReason.ARP_BAD_HLEN;
        }
        final int protocolType = buffer.getShort(offset + ArpPacket.PTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int protocolLength = buffer.getByte(offset + ArpPacket.PLEN_OFFSET) & 0xFF;
        final int arpKind;
        if (protocolType == EtherTypes.IPV4)
        {
            if (protocolLength != ArpPacket.PLEN_ARP4)
            {
                return DropReason.ARP_BAD_PLEN;
            }
            arpKind = KIND_ARP4;
        }
        else if (protocolType == ipv8EtherType)
        {
            if (protocolLength != ArpPacket.PLEN_ARP8)
            {
                return DropReason.ARP_BAD_PLEN;
            }
            arpKind = KIND_ARP8;
        }
        else
        {
            return DropReason.ARP_BAD_PTYPE;
        }
        final int operation = buffer.getShort(offset + ArpPacket.OPERATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (operation != ArpPacket.OPERATION_REQUEST && operation != ArpPacket.OPERATION_REPLY)
        {
            return DropReason.ARP_BAD_OPERATION;
        }
        final int packetLength = ArpPacket.FIXED_LENGTH + 2 * (ArpPacket.HLEN_ETHERNET + protocolLength);
        if (length < packetLength)
        {
            return DropReason.ARP_TRUNCATED;
        }
        kind = arpKind;
        l3Offset = offset;
        l3Length = packetLength;
        l3HeaderLength = packetLength;
        return DropReason.NONE;
    }

    /**
     * Checks an ICMP message located by a valid IP packet (for the router's own ICMP handling).
     *
     * @param length the IP payload length.
     */
    public static DropReason validateIcmp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < IcmpMessage.HEADER_LENGTH)
        {
            return DropReason.ICMP_TRUNCATED;
        }
        return Checksum.verify(buffer, offset, length) ? DropReason.NONE : DropReason.ICMP_BAD_CHECKSUM;
    }

    /**
     * Checks a UDP datagram located by a valid IP packet (for the router's own UDP services).
     *
     * @param length      the IP payload length.
     * @param source      64-bit source (r = 0 for IPv4).
     * @param destination 64-bit destination (r = 0 for IPv4).
     * @param mode        pseudo-header: the profile's mode inside IPv8, IPV4_COMPATIBLE for IPv4.
     */
    public static DropReason validateUdp(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long source,
        final long destination,
        final L4PseudoHeader mode)
    {
        if (length < UdpHeader.HEADER_LENGTH)
        {
            return DropReason.UDP_TRUNCATED;
        }
        final int udpLength = buffer.getShort(offset + UdpHeader.LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (udpLength < UdpHeader.HEADER_LENGTH || udpLength > length)
        {
            return DropReason.UDP_BAD_LENGTH;
        }
        final int checksum = buffer.getShort(offset + UdpHeader.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (checksum == UdpHeader.NO_CHECKSUM)
        {
            return DropReason.NONE;
        }
        final long sum = mode.sum(source, destination, IpProtocols.UDP, udpLength) + Checksum.sum(buffer, offset, udpLength);
        return Checksum.fold(sum) == 0xFFFF ? DropReason.NONE : DropReason.UDP_BAD_CHECKSUM;
    }

    private static DropReason checkSource(
        final DirectBuffer buffer,
        final int offset,
        final int headerLength,
        final int totalLength,
        final long source,
        final int protocol,
        final int flagsAndFragment)
    {
        if (Ipv8Address.isBroadcastClass(source) || isIpv4LimitedBroadcast(source))
        {
            return DropReason.SOURCE_BROADCAST;
        }
        if (Ipv8Address.isMulticast(source))
        {
            return DropReason.SOURCE_MULTICAST;
        }
        if (Ipv8Address.isReservedR(source))
        {
            return DropReason.SOURCE_RESERVED;
        }
        if (source == 0 && !isBootstrap(buffer, offset, headerLength, totalLength, protocol, flagsAndFragment))
        {
            return DropReason.SOURCE_UNSPECIFIED;
        }
        return DropReason.NONE;
    }

    /** r = 0 and n = 255.255.255.255: the IPv4 limited broadcast (not covered by Ipv8Address predicates). */
    private static boolean isIpv4LimitedBroadcast(final long address)
    {
        return address == 0xFFFF_FFFFL;
    }

    /** Bootstrap traffic punted to the Zone Server (spec 2.5 step 6): unfragmented UDP to the DHCP8 server port. */
    private static boolean isBootstrap(
        final DirectBuffer buffer,
        final int offset,
        final int headerLength,
        final int totalLength,
        final int protocol,
        final int flagsAndFragment)
    {
        return protocol == IpProtocols.UDP &&
            (flagsAndFragment & (Ipv8Header.FLAG_MF | Ipv8Header.FRAGMENT_OFFSET_MASK)) == 0 &&
            totalLength - headerLength >= UdpHeader.HEADER_LENGTH &&
            (buffer.getShort(offset + headerLength + UdpHeader.DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) ==
                UdpHeader.PORT_DHCP_SERVER;
    }

    /** What the last valid frame or packet was: {@link #KIND_IPV8}, IPV4, ARP4, ARP8, or KIND_NONE after a drop. */
    public int kind()
    {
        return kind;
    }

    /** EtherType of the last frame's payload (after any VLAN tag). */
    public int etherType()
    {
        return etherType;
    }

    /** VLAN ID of the last frame, or {@link EthernetFrame#NO_VLAN}. */
    public int vlanId()
    {
        return vlanId;
    }

    /** 14, or 18 for a tagged frame. */
    public int l2HeaderLength()
    {
        return l2HeaderLength;
    }

    /** Absolute buffer offset of the valid L3 packet (IP header or ARP packet). */
    public int l3Offset()
    {
        return l3Offset;
    }

    /** Length of the valid L3 packet: Total Length for IP (L2 padding trimmed), the ARP packet length for ARP. */
    public int l3Length()
    {
        return l3Length;
    }

    /** IHL x 4 of a valid IP packet (the ARP packet length for ARP). */
    public int l3HeaderLength()
    {
        return l3HeaderLength;
    }

    /** Absolute buffer offset of the IP payload of a valid IP packet. */
    public int l4Offset()
    {
        return l3Offset + l3HeaderLength;
    }

    /** Length of the IP payload of a valid IP packet. */
    public int l4Length()
    {
        return l3Length - l3HeaderLength;
    }
}
