package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;

/**
 * {@code ethernet-input}: validates each frame in the order of spec 2.5 ({@link ReceiveValidator}: L2, 802.1Q tag,
 * version, IHL, lengths, checksum, source class), strips the L2 header and Ethernet padding, remembers the L2
 * length for punt, and demultiplexes: IPv8 (configured EtherType, or 0x0800 with version 8), IPv4, ARP4/ARP8.
 * Invalid frames drop with the validator's reason; unicast frames for another MAC drop as {@code l2_not_for_us}
 * unless the spec accepts any destination MAC (offline pcap input). A gateway pair's virtual MACs count as ours
 * while we answer for their VIP ({@link GatewayPairTable#acceptsMac}); our own virtual MAC is also accepted while
 * we do not answer for it, but only for IPv8 to all routers (the peer's unicast hellos, profile 9.1).
 */
final class EthernetInputNode implements Node
{
    static final String NAME = "ethernet-input";
    private static final int NEXT_IP8 = 0;
    private static final int NEXT_IP4 = 1;
    private static final int NEXT_ARP = 2;

    private final ReceiveValidator validator;
    private final InterfaceTable interfaces;
    private final boolean acceptAnyMac;
    private final GatewayPairTable pairs;

    EthernetInputNode(
        final WireProfile profile, final InterfaceTable interfaces, final GatewayPairTable pairs, final boolean acceptAnyMac)
    {
        this.validator = new ReceiveValidator(profile);
        this.interfaces = interfaces;
        this.pairs = pairs;
        this.acceptAnyMac = acceptAnyMac;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(Ipv8InputNode.NAME, Ipv4InputNode.NAME, ArpInputNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final ReceiveValidator validator = this.validator;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final UnsafeBuffer frame = vector.buffer(i);
            boolean helloOnly = false;
            if (!acceptAnyMac && vector.length(i) >= EthernetFrame.HEADER_LENGTH && (frame.getByte(0) & 1) == 0)
            {
                final long dst = EthernetFrame.readMac(frame, 0);
                final int port = vector.ingressPort(i);
                if (dst != interfaces.mac(port) && !pairs.acceptsMac(port, dst))
                {
                    if (!pairs.isOwnVirtualMac(port, dst))
                    {
                        vector.drop(i, DropReason.L2_NOT_FOR_US.ordinal());
                        continue;
                    }
                    helloOnly = true;
                }
            }
            final DropReason reason = validator.validateFrame(frame, 0, vector.length(i));
            if (reason != DropReason.NONE)
            {
                vector.drop(i, reason.ordinal());
                continue;
            }
            final int l2 = validator.l3Offset();
            final int kind = validator.kind();
            if (helloOnly && (kind != ReceiveValidator.KIND_IPV8 ||
                frame.getLong(l2 + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN) != GatewayPairTable.ALL_ROUTERS))
            {
                vector.drop(i, DropReason.L2_NOT_FOR_US.ordinal());
                continue;
            }
            vector.trimHead(i, l2);
            vector.length(i, validator.l3Length());
            vector.aux(i, Meta.withL2Length(0, l2));
            vector.next(i, kind == ReceiveValidator.KIND_IPV8 ? NEXT_IP8 :
                kind == ReceiveValidator.KIND_IPV4 ? NEXT_IP4 : NEXT_ARP);
        }
    }
}
