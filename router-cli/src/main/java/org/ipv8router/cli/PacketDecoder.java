package org.ipv8router.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.UdpHeader;
import org.ipv8router.wire.WireProfile;

/**
 * Decodes one Ethernet frame into named fields (a JSON object, which also drives the text output), with the
 * router's own {@link ReceiveValidator} giving the verdict. Fields are read wherever the captured bytes hold
 * them, so a bad frame still shows what it carries next to its drop reason. Cold path.
 */
final class PacketDecoder
{
    private final WireProfile profile;
    private final ReceiveValidator validator;

    PacketDecoder(final WireProfile profile)
    {
        this.profile = profile;
        this.validator = new ReceiveValidator(profile);
    }

    /** Decodes {@code frame}; the result's {@code drop_reason} is null when the frame is valid. */
    ObjectNode decode(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final DropReason verdict = validator.validateFrame(buffer, 0, frame.length);
        final ObjectNode node = Json.object();
        node.put("length", frame.length);

        if (frame.length >= 14)
        {
            final EthernetFrame ethernet = new EthernetFrame().wrap(buffer, 0, frame.length);
            node.put("dst_mac", EthernetFrame.formatMac(ethernet.destination()));
            node.put("src_mac", EthernetFrame.formatMac(ethernet.source()));
            final boolean vlanReadable = !ethernet.hasVlan() || frame.length >= 18;
            if (ethernet.hasVlan())
            {
                node.put("vlan", vlanReadable ? ethernet.vlanId() : null);
            }
            if (vlanReadable)
            {
                final int etherType = ethernet.etherType();
                node.put("ethertype", String.format("0x%04x", etherType));
                final int l3 = ethernet.payloadOffset();
                decodeL3(buffer, l3, frame.length - l3, etherType, node);
            }
        }
        node.put("valid", verdict.isValid());
        if (verdict.isValid())
        {
            node.putNull("drop_reason");
        }
        else
        {
            node.put("drop_reason", verdict.label());
            node.put("drop_description", verdict.description());
        }
        return node;
    }

    private void decodeL3(final UnsafeBuffer buffer, final int offset, final int length, final int etherType, final ObjectNode node)
    {
        if (length < 1)
        {
            return;
        }
        final int version = (buffer.getByte(offset) & 0xF0) >>> 4;
        if (etherType == profile.ipv8EtherType() || (etherType == EtherTypes.IPV4 && version == 8))
        {
            node.put("kind", "ipv8");
            decodeIpv8(buffer, offset, length, node);
        }
        else if (etherType == EtherTypes.IPV4)
        {
            node.put("kind", "ipv4");
            decodeIpv4(buffer, offset, length, node);
        }
        else if (etherType == EtherTypes.ARP)
        {
            decodeArp(buffer, offset, length, node);
        }
        else
        {
            node.put("kind", "other");
        }
    }

    private static void decodeIpv8(final UnsafeBuffer buffer, final int offset, final int length, final ObjectNode node)
    {
        if (length < Ipv8Header.MIN_HEADER_LENGTH)
        {
            return;
        }
        final Ipv8Header ip = new Ipv8Header().wrap(buffer, offset, length);
        final boolean headerCaptured = ip.headerLength() >= Ipv8Header.MIN_HEADER_LENGTH && ip.headerLength() <= length;
        putIpFields(node, ip.version(), ip.ihl(), ip.tos(), ip.totalLength(), ip.identification(), ip.dontFragment(),
            ip.moreFragments(), ip.fragmentOffset(), ip.ttl(), ip.protocol(), ip.checksum(), headerCaptured && ip.verifyChecksum(),
            ip.source(), ip.destination());
        if (headerCaptured)
        {
            final int end = Math.min(length, Math.max(ip.totalLength(), ip.headerLength()));
            decodeL4(buffer, offset + ip.headerLength(), end - ip.headerLength(), ip.protocol(), ip.source(), ip.destination(), node);
        }
    }

    private static void decodeIpv4(final UnsafeBuffer buffer, final int offset, final int length, final ObjectNode node)
    {
        if (length < Ipv4Header.MIN_HEADER_LENGTH)
        {
            return;
        }
        final Ipv4Header ip = new Ipv4Header().wrap(buffer, offset, length);
        final boolean headerCaptured = ip.headerLength() >= Ipv4Header.MIN_HEADER_LENGTH && ip.headerLength() <= length;
        final long src = Ipv8Address.of(0, ip.source());
        final long dst = Ipv8Address.of(0, ip.destination());
        putIpFields(node, ip.version(), ip.ihl(), ip.tos(), ip.totalLength(), ip.identification(), ip.dontFragment(),
            ip.moreFragments(), ip.fragmentOffset(), ip.ttl(), ip.protocol(), ip.checksum(), headerCaptured && ip.verifyChecksum(),
            src, dst);
        if (headerCaptured)
        {
            final int end = Math.min(length, Math.max(ip.totalLength(), ip.headerLength()));
            decodeL4(buffer, offset + ip.headerLength(), end - ip.headerLength(), ip.protocol(), src, dst, node);
        }
    }

    /** The IP header fields both versions share, under the stable JSON keys of {@code pkt decode}. */
    private static void putIpFields(
        final ObjectNode node,
        final int version,
        final int ihl,
        final int tos,
        final int totalLength,
        final int identification,
        final boolean df,
        final boolean mf,
        final int fragmentOffset,
        final int ttl,
        final int protocol,
        final int checksum,
        final boolean checksumOk,
        final long source,
        final long destination)
    {
        node.put("version", version);
        node.put("ihl", ihl);
        node.put("tos", tos);
        node.put("total_length", totalLength);
        node.put("id", identification);
        node.put("df", df);
        node.put("mf", mf);
        node.put("frag_offset", fragmentOffset);
        node.put("ttl", ttl);
        node.put("protocol", protocol);
        node.put("checksum", String.format("0x%04x", checksum));
        node.put("checksum_ok", checksumOk);
        node.put("src", Ipv8Address.toAsnDot(source));
        node.put("dst", Ipv8Address.toAsnDot(destination));
        node.put("src_full", Ipv8Address.toFullDotted(source));
        node.put("dst_full", Ipv8Address.toFullDotted(destination));
    }

    private static void decodeL4(
        final UnsafeBuffer buffer,
        final int offset,
        final int length,
        final int protocol,
        final long source,
        final long destination,
        final ObjectNode node)
    {
        if (protocol == IpProtocols.ICMP && length >= IcmpMessage.HEADER_LENGTH)
        {
            final IcmpMessage icmp = new IcmpMessage().wrap(buffer, offset, length);
            final ObjectNode l4 = node.putObject("icmp");
            l4.put("type", icmp.type());
            l4.put("code", icmp.code());
            l4.put("checksum_ok", icmp.verifyChecksum());
            if (icmp.type() == IcmpMessage.TYPE_ECHO_REQUEST || icmp.type() == IcmpMessage.TYPE_ECHO_REPLY)
            {
                l4.put("identifier", icmp.identifier());
                l4.put("sequence", icmp.sequence());
            }
            l4.put("data_length", length - IcmpMessage.HEADER_LENGTH);
        }
        else if (protocol == IpProtocols.UDP && length >= UdpHeader.HEADER_LENGTH)
        {
            final UdpHeader udp = new UdpHeader().wrap(buffer, offset, length);
            final ObjectNode l4 = node.putObject("udp");
            l4.put("src_port", udp.sourcePort());
            l4.put("dst_port", udp.destinationPort());
            l4.put("length", udp.udpLength());
            l4.put("checksum", String.format("0x%04x", udp.checksum()));
        }
    }

    private static void decodeArp(final UnsafeBuffer buffer, final int offset, final int length, final ObjectNode node)
    {
        if (length < 8)
        {
            node.put("kind", "arp");
            return;
        }
        final ArpPacket arp = new ArpPacket().wrap(buffer, offset, length);
        node.put("kind", arp.isArp8() ? "arp8" : "arp");
        node.put("operation", arp.operation());
        node.put("ptype", String.format("0x%04x", arp.protocolType()));
        node.put("plen", arp.protocolLength());
        if (length >= arp.packetLength())
        {
            node.put("sender_mac", EthernetFrame.formatMac(arp.senderHardwareAddress()));
            node.put("sender", Ipv8Address.toAsnDot(arp.senderProtocolAddress()));
            node.put("target_mac", EthernetFrame.formatMac(arp.targetHardwareAddress()));
            node.put("target", Ipv8Address.toAsnDot(arp.targetProtocolAddress()));
        }
    }
}
