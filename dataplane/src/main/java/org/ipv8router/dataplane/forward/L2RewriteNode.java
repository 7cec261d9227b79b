package org.ipv8router.dataplane.forward;

import java.util.List;

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
            final int version = Meta.versionAt(vector.dataAddress(i));
            if (!vector.prepend(i, EthernetFrame.HEADER_LENGTH))
            {
                vector.drop(i, DropReason.FRAME_TRUNCATED.ordinal());
                continue;
            }
            final long frame = vector.dataAddress(i); // prepend checked the headroom: the 14 octets are ours
            final long dst = Meta.value(vector.aux(i));
            final long src = interfaces.mac(vector.txPort(i));
            Meta.putShortAt(frame + EthernetFrame.DESTINATION_OFFSET, (int)(dst >>> 32));
            Meta.putIntAt(frame + EthernetFrame.DESTINATION_OFFSET + 2, (int)dst);
            Meta.putShortAt(frame + EthernetFrame.SOURCE_OFFSET, (int)(src >>> 32));
            Meta.putIntAt(frame + EthernetFrame.SOURCE_OFFSET + 2, (int)src);
            Meta.putShortAt(frame + EthernetFrame.ETHER_TYPE_OFFSET,
                version == Ipv8Header.VERSION ? ipv8EtherType : EtherTypes.IPV4);
            vector.next(i, 0);
        }
    }
}
