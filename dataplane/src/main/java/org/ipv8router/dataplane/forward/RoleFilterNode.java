package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code role-filter}: the ingress border rules of spec 7.3 by the role of the interface the packet arrived on
 * (8to4-decapsulated packets count as arriving on an external interface, spec 5.1).
 * <pre>
 *   external:  19.1 source r must be 0 or an allowed peer ASN, and never one of our own (local) r values
 *              19.2 no 127.x r (source or destination)
 *              19.4 no interior-link address (r != 0, n in 222/8)
 *              19.5 no r = 0 with an RFC 1918 host part
 *              19.6 no cross-ASN protocol multicast ff.ff.00.01-05
 *   rine:      19.2 no 127.x r
 *   all but rine: 19.3 no 100.x (RINE) r
 * </pre>
 * Each violation drops with its own reason (SEC-ALERT = the counter; NetLog8 is out of scope in v1).
 */
final class RoleFilterNode implements Node
{
    static final String NAME = "role-filter";

    private final ForwardingState state;

    RoleFilterNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(ReturnFlowNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long l3 = vector.dataAddress(i);
            final DropReason reason = check(state, vector.ingressPort(i), (vector.aux(i) & Meta.F_DECAP) != 0,
                Meta.sourceAt(l3), Meta.destinationAt(l3));
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
     * The role rules for one packet; also called by {@code ip8-fast} (FastPathNode), so both paths apply the very
     * same rules.
     *
     * @return {@link DropReason#NONE} if the packet passes.
     */
    static DropReason check(
        final ForwardingState state, final int port, final boolean decapsulated, final long src, final long dst)
    {
        final InterfaceTable interfaces = state.interfaces;
        final RouterSpec.Role role = interfaces.role(port);
        if (role == RouterSpec.Role.EXTERNAL || decapsulated)
        {
            final int srcR = Meta.routingPrefix(src);
            if (Ipv8Address.isInternalZone(src) || Ipv8Address.isInternalZone(dst))
            {
                return DropReason.ZONE_LEAK;
            }
            if ((role == RouterSpec.Role.EXTERNAL && !interfaces.isAllowedSourceAsn(port, srcR)) ||
                (srcR != 0 && state.fib.isLocalR(srcR)))
            {
                return DropReason.ASN_SPOOFED;
            }
            if (Ipv8Address.isInteriorLink(src) || Ipv8Address.isInteriorLink(dst))
            {
                return DropReason.INTERIOR_LINK_LEAK;
            }
            if (Meta.isRfc1918Ipv4(src) || Meta.isRfc1918Ipv4(dst))
            {
                return DropReason.RFC1918_ON_EXTERNAL;
            }
            if (Meta.isBorderMulticast(dst))
            {
                return DropReason.BORDER_MULTICAST;
            }
        }
        else if (role == RouterSpec.Role.RINE &&
            (Ipv8Address.isInternalZone(src) || Ipv8Address.isInternalZone(dst)))
        {
            return DropReason.ZONE_LEAK;
        }
        if (role != RouterSpec.Role.RINE && (Ipv8Address.isRine(src) || Ipv8Address.isRine(dst)))
        {
            return DropReason.RINE_LEAK;
        }
        return DropReason.NONE;
    }
}
