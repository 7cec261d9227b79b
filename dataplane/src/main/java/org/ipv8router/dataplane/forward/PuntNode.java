package org.ipv8router.dataplane.forward;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;

/**
 * {@code punt}: hands packets for the control plane (our addresses, limited broadcast, link-local multicast) to the
 * {@link PuntQueue}: the L2 header ethernet-input stripped is put back so the control plane sees the frame as
 * received, the frame is copied into the ring and its buffer freed. The node's packet counter counts punts; a
 * full ring drops with {@code punt_queue_full}.
 */
final class PuntNode implements Node
{
    static final String NAME = "punt";

    private final PuntQueue queue;

    PuntNode(final ForwardingState state)
    {
        this.queue = state.punt;
    }

    public String name()
    {
        return NAME;
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.isDetached(i))
            {
                continue;
            }
            final int l2 = Meta.l2Length(vector.aux(i));
            if (l2 > 0 && l2 <= vector.headroom(i))
            {
                vector.prepend(i, l2);
            }
            if (queue.offer(vector.ingressPort(i), vector.buffer(i), 0, vector.length(i)))
            {
                vector.free(i);
            }
            else
            {
                vector.drop(i, DropReason.PUNT_QUEUE_FULL.ordinal());
            }
        }
    }
}
