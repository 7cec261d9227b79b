package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code ip8-egress-filter} (spec 7.1 step 8, 7.3): border rules by the role of the interface the route chose.
 * <pre>
 *   external or rine: no 127.x r towards it (19.2, 7.4)
 *   external:         no interior-link address (19.4), no protocol multicast (19.6)
 *   all but rine:     no 100.x RINE r (19.3)
 * </pre>
 * Packets the router originates pass the same rules. The egress-validation hook of spec 7.5 follows in
 * {@code ip8-egress-validate}.
 */
final class EgressFilterNode implements Node
{
    static final String NAME = "ip8-egress-filter";

    private final ForwardingState state;

    EgressFilterNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(EgressValidationNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final InterfaceTable interfaces = state.interfaces;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long l3 = vector.dataAddress(i);
            final long src = Meta.sourceAt(l3);
            final long dst = Meta.destinationAt(l3);
            final DropReason reason = check(interfaces.role(vector.txPort(i)), src, dst);
            if (reason == DropReason.NONE)
            {
                vector.next(i, 0);
            }
            else
            {
                vector.drop(i, reason.ordinal());
            }
        }
    }

    /**
     * The egress rules for one packet leaving through an interface of {@code role}; also called by {@code ip8-fast}
     * (FastPathNode), so both paths apply the very same rules.
     *
     * @return {@link DropReason#NONE} if the packet passes.
     */
    static DropReason check(final RouterSpec.Role role, final long src, final long dst)
    {
        DropReason reason = DropReason.NONE;
        if (role == RouterSpec.Role.EXTERNAL || role == RouterSpec.Role.RINE)
        {
            if (Ipv8Address.isInternalZone(src) || Ipv8Address.isInternalZone(dst))
            {
                reason = DropReason.ZONE_LEAK;
            }
            else if (role == RouterSpec.Role.EXTERNAL &&
                (Ipv8Address.isInteriorLink(src) || Ipv8Address.isInteriorLink(dst)))
            {
                reason = DropReason.INTERIOR_LINK_LEAK;
            }
            else if (role == RouterSpec.Role.EXTERNAL && Meta.isBorderMulticast(dst))
            {
                reason = DropReason.BORDER_MULTICAST;
            }
        }
        if (reason == DropReason.NONE && role != RouterSpec.Role.RINE &&
            (Ipv8Address.isRine(src) || Ipv8Address.isRine(dst)))
        {
            reason = DropReason.RINE_LEAK;
        }
        return reason;
    }
}
