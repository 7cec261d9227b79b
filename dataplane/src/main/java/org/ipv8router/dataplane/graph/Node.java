package org.ipv8router.dataplane.graph;

import java.util.List;

import org.ipv8router.dataplane.packet.PacketVector;

/**
 * One small step of the forwarding path (VPP style): it gets a vector of packets, does its one job on each, and
 * says where each goes next.
 * <p>
 * <b>Routing.</b> For every packet the node either
 * <ul>
 *   <li>sets {@code vector.next(i, slot)}, where {@code slot} indexes {@link #nextNodes()};</li>
 *   <li>calls {@code vector.drop(i, reason)}: the graph's drop node counts the reason and frees the packet; or</li>
 *   <li>takes the packet over (queues, transmits or frees it itself) and calls {@code vector.detach(i)}.</li>
 * </ul>
 * A packet left with no next node is dropped as {@code next-unset}; a slot the node does not have as
 * {@code bad-next}. Nodes must not free packets they leave attached.
 * <p>
 * <b>Order.</b> Arcs only go forward: the graph orders nodes so that every node runs before its next nodes and
 * rejects cycles when built. This makes one pass over the graph enough and bounds the work per burst.
 * <p>
 * <b>Threading and allocation.</b> A node instance belongs to one graph and so to one forwarding agent thread;
 * {@link #process} and {@link #flush} run only there, must not block and must not allocate.
 */
public interface Node
{
    /** @return the node's name, unique in its graph, e.g. {@code ip8-lookup}. */
    String name();

    /**
     * Names of the nodes this node sends packets to; position = next-node slot. The drop node is implicit.
     *
     * @return the next node names (cold path, called when the graph is built).
     */
    default List<String> nextNodes()
    {
        return List.of();
    }

    /**
     * Processes a vector. On return every attached packet has a next node or a drop reason.
     *
     * @param vector the packets; the node may rewrite them and their metadata.
     */
    void process(PacketVector vector);

    /** Called after each pass over the graph, e.g. to transmit buffered bursts. */
    default void flush()
    {
    }

    /** Called once when the graph shuts down: give back any packets the node still holds. */
    default void close()
    {
    }
}
