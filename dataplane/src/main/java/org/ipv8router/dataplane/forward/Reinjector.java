package org.ipv8router.dataplane.forward;

import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * Packets that re-enter the graph at a later node on the next pass: ICMP errors the router built (enter at
 * {@code ip8-lookup}), packets released by neighbour resolution (enter at {@code ip8-tx-decide}), packets whose
 * neighbour failed (enter at {@code icmp-error}), ARP frames the router originates (enter at
 * {@code port-output}) and fragments (enter at {@code l2-rewrite}). Graph arcs only go forward, so these loops go through here: a node detaches the packet
 * and appends it; before each pass the worker moves the queues into the graph's pending vectors.
 * <p>
 * Bounded (one vector per entry point); a full queue drops with {@code reinject_queue_full}. Single thread.
 */
final class Reinjector
{
    static final int LOOKUP = 0;
    static final int TX_DECIDE = 1;
    static final int ICMP_ERROR = 2;
    static final int PORT_OUTPUT = 3;
    static final int L2_REWRITE = 4;
    private static final int TARGETS = 5;
    static final String[] NODE_NAMES =
        {LookupNode.NAME, TxDecideNode.NAME, IcmpErrorNode.NAME, "port-output", L2RewriteNode.NAME};

    private final PacketVector[] queues = new PacketVector[TARGETS];
    private final int[] nodeIndex = new int[TARGETS];
    private long overflows;
    private Graph graph;

    Reinjector(final int capacity)
    {
        for (int t = 0; t < TARGETS; t++)
        {
            queues[t] = new PacketVector(capacity);
        }
    }

    void bind(final Graph graph)
    {
        this.graph = graph;
        for (int t = 0; t < TARGETS; t++)
        {
            nodeIndex[t] = graph.nodeIndex(NODE_NAMES[t]);
            if (nodeIndex[t] < 0)
            {
                throw new IllegalStateException("graph has no node " + NODE_NAMES[t]);
            }
        }
    }

    /**
     * Moves entry {@code i} of {@code from} (detaching it there) to the queue of {@code target}.
     *
     * @return false if the queue is full: the entry stays in {@code from}, the caller drops it.
     */
    boolean take(final int target, final PacketVector from, final int i)
    {
        final int j = queues[target].appendFrom(from, i);
        if (j < 0)
        {
            overflows++;
            return false;
        }
        queues[target].aux(j, from.aux(i));
        from.detach(i);
        return true;
    }

    /**
     * Queues a packet that is in no vector (a held packet, an ARP frame the router built).
     *
     * @return false if full: the caller keeps ownership and frees it.
     */
    boolean add(
        final int target,
        final PacketPool pool,
        final long handle,
        final int dataOffset,
        final int length,
        final int ingressPort,
        final int txPort,
        final long aux,
        final long timestamp)
    {
        final PacketVector q = queues[target];
        final int j = q.add(pool, handle, dataOffset, length, ingressPort);
        if (j < 0)
        {
            overflows++;
            return false;
        }
        q.txPort(j, txPort);
        q.aux(j, aux);
        q.timestamp(j, timestamp);
        return true;
    }

    /** Moves as much as fits into the graph's pending vectors. @return packets moved. */
    int moveInto(final Graph graph)
    {
        int moved = 0;
        for (int t = 0; t < TARGETS; t++)
        {
            final PacketVector q = queues[t];
            final int count = q.count();
            if (count == 0)
            {
                continue;
            }
            final PacketVector pending = graph.pending(nodeIndex[t]);
            int i = 0;
            for (; i < count && !pending.isFull(); i++)
            {
                final int j = pending.appendFrom(q, i);
                pending.aux(j, q.aux(i));
                q.detach(i);
                moved++;
            }
            q.compact();
        }
        return moved;
    }

    /**
     * True while packets this queue moved into the graph still wait at their node: the fast path then leaves the
     * burst to the graph, where new packets queue up behind them (a flow's held packets, released when its
     * neighbour resolved, must not be overtaken by the flow's next packets).
     */
    boolean anyWaitingInGraph()
    {
        for (int t = 0; t < TARGETS; t++)
        {
            if (!graph.pending(nodeIndex[t]).isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty()
    {
        for (final PacketVector q : queues)
        {
            if (!q.isEmpty())
            {
                return false;
            }
        }
        return true;
    }

    long overflows()
    {
        return overflows;
    }

    void freeAll()
    {
        for (final PacketVector q : queues)
        {
            q.freeAll();
        }
    }
}
