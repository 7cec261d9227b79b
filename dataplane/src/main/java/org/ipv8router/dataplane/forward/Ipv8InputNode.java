package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code ip8-input}: valid IPv8 packets (ethernet-input checked the header). Drops destinations in the unassigned
 * r range ff.ff.f0.00 - ff.ff.ff.fe (spec 1.5: never forwarded, nobody may own them) and hands the rest to the
 * ingress border filters. Version-8 packets with r = 0 on both ends are legal on receive (A16).
 */
final class Ipv8InputNode implements Node
{
    static final String NAME = "ip8-input";

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(RoleFilterNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long dst = Meta.destinationAt(vector.dataAddress(i));
            if (Ipv8Address.isReservedR(dst))
            {
                vector.drop(i, DropReason.DESTINATION_RESERVED.ordinal());
            }
            else
            {
                vector.next(i, 0);
            }
        }
    }
}
