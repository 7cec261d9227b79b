package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code arp-input}: ARP4 and ARP8 frames (validated by ethernet-input, spec 4.2).
 * <ul>
 *   <li>Feeds the ingress interface's {@link Arp8Cache}: an ARP8 sender is IPv8-capable (created when the frame
 *       asks for us or is a gratuitous announcement, else only an existing entry is updated); an ARP4 sender
 *       confirms the 64-bit neighbours it may stand for (r = 0 and the r of each of our addresses on the
 *       interface).</li>
 *   <li>Answers requests for our own addresses on the interface in place: ARP8 with our 64-bit address, ARP4 with
 *       the n.n.n.n of one of our addresses; the reply leaves on the ingress port. A .254/.253 gateway-pair VIP
 *       ({@link GatewayPairTable}) is answered with its virtual MAC (sender hardware address and Ethernet source),
 *       our own only while it is active, the peer's only while we stand in for it; otherwise the request is not
 *       ours.</li>
 *   <li>Everything else is consumed: replies and announcements are freed after learning; requests for other
 *       addresses drop as {@code arp_not_for_us}.</li>
 * </ul>
 */
final class ArpInputNode implements Node
{
    static final String NAME = "arp-input";

    private final ForwardingState state;
    private final ArpPacket arp = new ArpPacket();
    private final int ipv8EtherType;

    ArpInputNode(final ForwardingState state)
    {
        this.state = state;
        this.ipv8EtherType = state.profile.ipv8EtherType();
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(PortOutputNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final InterfaceTable interfaces = state.interfaces;
        final GatewayPairTable pairs = state.pairs;
        final long now = state.now;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int port = vector.ingressPort(i);
            final Arp8Cache cache = state.caches[port];
            final UnsafeBuffer packet = vector.buffer(i);
            final ArpPacket arp = this.arp.wrap(packet, 0, vector.length(i));
            final long senderMac = arp.senderHardwareAddress();
            final long sender = arp.senderProtocolAddress();
            final long target = arp.targetProtocolAddress();
            final boolean request = arp.operation() == ArpPacket.OPERATION_REQUEST;
            final boolean gratuitous = arp.isGratuitous();
            final boolean reply;
            long replyMac = interfaces.mac(port);
            if (arp.isArp8())
            {
                final long vipMac = pairs.answerMac(port, target);
                final boolean forUs = vipMac == 0 ? interfaces.isOursOn(port, target) :
                    vipMac != GatewayPairTable.NOT_ANSWERED;
                replyMac = vipMac > 0 ? vipMac : replyMac;
                cache.onArp8(sender, senderMac, forUs || gratuitous, now);
                reply = request && forUs && !gratuitous;
                if (reply)
                {
                    arp.writeArp8Reply(ipv8EtherType, replyMac, target, senderMac, sender);
                }
            }
            else
            {
                onArp4(cache, interfaces.addresses(port), sender, senderMac, now);
                final long vipMac = pairs.answerMacIpv4(port, (int)target);
                final boolean forUs = vipMac == 0 ? interfaces.isOursOnIpv4(port, (int)target) :
                    vipMac != GatewayPairTable.NOT_ANSWERED;
                replyMac = vipMac > 0 ? vipMac : replyMac;
                reply = request && forUs && !gratuitous;
                if (reply)
                {
                    arp.writeArp4Reply(replyMac, (int)target, senderMac, (int)sender);
                }
            }
            if (reply)
            {
                final int l2 = Meta.l2Length(vector.aux(i));
                vector.prepend(i, l2);
                final UnsafeBuffer frame = vector.buffer(i);
                putMac(frame, EthernetFrame.DESTINATION_OFFSET, senderMac);
                putMac(frame, EthernetFrame.SOURCE_OFFSET, replyMac);
                vector.txPort(i, port);
                vector.next(i, 0);
            }
            else if (request && !gratuitous)
            {
                vector.drop(i, DropReason.ARP_NOT_FOR_US.ordinal());
            }
            else
            {
                vector.free(i);
            }
        }
    }

    private static void onArp4(
        final Arp8Cache cache, final long[] ours, final long sender, final long senderMac, final long now)
    {
        final int n = (int)sender;
        cache.onArp4(Ipv8Address.of(0, n), senderMac, now);
        for (int a = 0; a < ours.length; a++)
        {
            final int r = (int)(ours[a] >>> 32);
            if (r != 0 && !seenBefore(ours, a, r))
            {
                cache.onArp4(Ipv8Address.of(r, n), senderMac, now);
            }
        }
    }

    private static boolean seenBefore(final long[] ours, final int upTo, final int r)
    {
        for (int a = 0; a < upTo; a++)
        {
            if ((int)(ours[a] >>> 32) == r)
            {
                return true;
            }
        }
        return false;
    }

    private static void putMac(final UnsafeBuffer frame, final int offset, final long mac)
    {
        frame.putShort(offset, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        frame.putInt(offset + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }
}
