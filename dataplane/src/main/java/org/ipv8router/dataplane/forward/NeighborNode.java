package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;

/**
 * {@code ip8-neighbor}: resolves the next hop in the egress interface's {@link Arp8Cache} (spec 4.3). The
 * neighbour is the next hop's address, or for a connected route (address 0) the destination itself (the XLATE8
 * address for marked zone traffic).
 * <pre>
 *   resolved     -> MAC and capability into the metadata -> ip8-tx-decide
 *   PENDING      -> parked (HeldPackets) in the cache's bounded per-neighbour queue; re-enters at ip8-tx-decide
 *                   when resolved, or at icmp-error (3/1) when the probe fails; queue full: neighbor_queue_full
 *   UNREACHABLE  -> icmp-error 3/1, neighbor_unresolved (negative cache)
 *   TABLE_FULL   -> neighbor_table_full
 * </pre>
 */
final class NeighborNode implements Node
{
    static final String NAME = "ip8-neighbor";
    private static final int NEXT_TX = 0;
    private static final int NEXT_ICMP = 1;

    private final ForwardingState state;
    // Run memo: consecutive packets for the same neighbour (the common case behind one next hop) resolve once per
    // run. Only a resolved slot is remembered, and only until the next resolve call: for the same target and the
    // same clock, resolve of a resolved entry returns the same slot and changes nothing more (its STALE re-probe,
    // if due, was started by the first call), and nothing else touches the cache in between.
    private Arp8Cache lastCache;
    private long lastTarget;
    private int lastSlot;

    NeighborNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(TxDecideNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final ForwardingState state = this.state;
        final long now = state.now;
        lastCache = null;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long aux = vector.aux(i);
            long target = state.nextHops.address((int)Meta.value(aux));
            if (target == 0)
            {
                target = (aux & Meta.F_XLATE8) != 0 && (aux & Meta.F_ENCAP) == 0 ?
                    state.xlate8NextHop : Meta.destination(vector.buffer(i));
            }
            final Arp8Cache cache = state.caches[vector.txPort(i)];
            final int slot;
            if (target == lastTarget && cache == lastCache)
            {
                slot = lastSlot; // same neighbour as the packet before, same clock: resolve would answer the same
            }
            else
            {
                slot = cache.resolve(target, now);
                if (slot >= 0)
                {
                    lastCache = cache;
                    lastTarget = target;
                    lastSlot = slot;
                }
                else
                {
                    lastCache = null;
                }
            }
            if (slot >= 0)
            {
                vector.aux(i, withNeighbor(aux, cache.mac(slot), cache.isIpv8Capable(slot)));
                vector.next(i, NEXT_TX);
            }
            else if (slot == Arp8Cache.PENDING)
            {
                final int held = state.held.hold(vector, i);
                if (held < 0)
                {
                    vector.drop(i, DropReason.NEIGHBOR_QUEUE_FULL.ordinal());
                }
                else if (!cache.enqueue(target, held))
                {
                    state.held.cancel(held);
                    vector.drop(i, DropReason.NEIGHBOR_QUEUE_FULL.ordinal());
                }
                else
                {
                    vector.detach(i);
                }
            }
            else if (slot == Arp8Cache.UNREACHABLE)
            {
                vector.aux(i, Meta.icmpSpec(aux, DropReason.NEIGHBOR_UNRESOLVED.ordinal(),
                    IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_HOST_UNREACHABLE, 0));
                vector.next(i, NEXT_ICMP);
            }
            else
            {
                vector.drop(i, DropReason.NEIGHBOR_TABLE_FULL.ordinal());
            }
        }
    }

    static long withNeighbor(final long aux, final long mac, final boolean ipv8)
    {
        final long value = Meta.withValue(aux, mac) & ~Meta.F_CAP_IPV8;
        return ipv8 ? value | Meta.F_CAP_IPV8 : value;
    }
}
