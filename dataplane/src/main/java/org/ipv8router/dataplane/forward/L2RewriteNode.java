package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code l2-rewrite}: prepends the Ethernet header: destination = the neighbour's MAC (from ip8-neighbor), source =
 * the egress interface's MAC, EtherType = the configured IPv8 EtherType for a version-8 packet (never 0x0800,
 * spec 2.6) or 0x0800 for IPv4. No VLAN tag on egress in v1.
 */
final class L2RewriteNode implements Node
{
    static final String NAME = "l2-rewrite";

    private final InterfaceTable interfaces;
    private final int ipv8EtherType;

    L2RewriteNode(final ForwardingState state)
    {
        this.interfaces = state.interfaces;
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
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int version = Meta.version(vector.buffer(i));
            if (!vector.prepend(i, EthernetFrame.HEADER_LENGTH))
            {
                vector.drop(i, DropReason.FRAME_TRUNCATED.ordinal());
                continue;
            }
            final UnsafeBuffer frame = vector.buffer(i);
            final long dst = Meta.value(vector.aux(i));
            final long src = interfaces.mac(vector.txPort(i));
            frame.putShort(EthernetFrame.DESTINATION_OFFSET, (short)(dst >>> 32), ByteOrder.BIG_ENDIAN);
            frame.putInt(EthernetFrame.DESTINATION_OFFSET + 2, (int)dst, ByteOrder.BIG_ENDIAN);
            frame.putShort(EthernetFrame.SOURCE_OFFSET, (short)(src >>> 32), ByteOrder.BIG_ENDIAN);
            frame.putInt(EthernetFrame.SOURCE_OFFSET + 2, (int)src, ByteOrder.BIG_ENDIAN);
            frame.putShort(EthernetFrame.ETHER_TYPE_OFFSET,
                (short)(version == Ipv8Header.VERSION ? ipv8EtherType : EtherTypes.IPV4), ByteOrder.BIG_ENDIAN);
            vector.next(i, 0);
        }
    }
}
