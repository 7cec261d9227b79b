package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code ip8-local} (spec 7.1 steps 4-5): packets for one of our addresses (including the .254/.253 VIP we own,
 * the peer's VIP while we stand in for it, and the r = 0 form an IPv4-only host uses) go to the control plane,
 * through {@code ip8-echo} (which answers pings itself); limited broadcast (all ones) and link-local
 * multicast (n in 224.0.0.0/24) too, never forwarded; other broadcast-class and multicast destinations drop
 * (no multicast forwarding in v1, A32).
 */
final class LocalDeliveryNode implements Node
{
    static final String NAME = "ip8-local";
    private static final int NEXT_PUNT = 0;
    private static final int NEXT_TTL = 1;

    private final InterfaceTable interfaces;
    private final GatewayPairTable pairs;

    LocalDeliveryNode(final ForwardingState state)
    {
        this.interfaces = state.interfaces;
        this.pairs = state.pairs;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(IcmpEchoNode.NAME, TtlCheckNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final boolean anyHeld = pairs.anyHeld();
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long dst = Meta.destinationAt(vector.dataAddress(i));
            if (interfaces.isOurs(dst) || dst == -1L || dst == 0xFFFF_FFFFL || (anyHeld && pairs.isHeldVip(dst)))
            {
                vector.next(i, NEXT_PUNT);
            }
            else if (Ipv8Address.isBroadcastClass(dst))
            {
                vector.drop(i, DropReason.BROADCAST_NOT_FORWARDED.ordinal());
            }
            else if (Ipv8Address.isMulticast(dst))
            {
                if ((((int)dst) >>> 8) == 0xE00000)
                {
                    vector.next(i, NEXT_PUNT);
                }
                else
                {
                    vector.drop(i, DropReason.MULTICAST_NOT_FORWARDED.ordinal());
                }
            }
            else
            {
                vector.next(i, NEXT_TTL);
            }
        }
    }
}
