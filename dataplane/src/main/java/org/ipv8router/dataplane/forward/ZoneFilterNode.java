package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code zone-filter}: 127.x internal-zone isolation (spec 7.4) with the {@link org.ipv8router.dataplane.zone.ZoneTable}.
 * (127.x on external/RINE interfaces is already dropped by role-filter and, on egress, ip8-egress-filter.)
 * <pre>
 *   zone -> same zone                         forward
 *   zone -> other zone                        only if the groups are permitted (default deny: zone_denied)
 *   zone -> r not local (foreign ASN, or r=0) only towards the XLATE8 next hop: the packet is marked so the
 *                                             lookup resolves the XLATE8 address; none configured: zone_no_xlate8
 *   zone -> own ASN / non-zone -> zone        forward (inside the organisation)
 * </pre>
 */
final class ZoneFilterNode implements Node
{
    static final String NAME = "zone-filter";

    private final ForwardingState state;

    ZoneFilterNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(LocalDeliveryNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long l3 = vector.dataAddress(i);
            final long src = Meta.sourceAt(l3);
            if (!Ipv8Address.isInternalZone(src))
            {
                vector.next(i, 0);
                continue;
            }
            final long dst = Meta.destinationAt(l3);
            if (Ipv8Address.isInternalZone(dst))
            {
                if (state.zones.permits(src, dst))
                {
                    vector.next(i, 0);
                }
                else
                {
                    vector.drop(i, DropReason.ZONE_DENIED.ordinal());
                }
                continue;
            }
            final int dstR = Meta.routingPrefix(dst);
            if (dstR != 0 && state.fib.isLocalR(dstR))
            {
                vector.next(i, 0);
            }
            else if (state.xlate8NextHop == 0)
            {
                vector.drop(i, DropReason.ZONE_NO_XLATE8.ordinal());
            }
            else
            {
                vector.aux(i, vector.aux(i) | Meta.F_XLATE8);
                vector.next(i, 0);
            }
        }
    }
}
