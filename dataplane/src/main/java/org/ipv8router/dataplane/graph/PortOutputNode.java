package org.ipv8router.dataplane.graph;

import java.util.List;

import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.port.Port;

/**
 * Queues each packet for the port its {@code txPort} names and transmits the queues as bursts (DPDK l3fwd's
 * buffered TX): a queue goes out when it is full and at {@link #flush()}, after every pass over the graph.
 * Packets for a port that does not exist are dropped as {@code bad-tx-port}, for a port whose link is down as
 * {@code tx-link-down}. Ownership of queued packets passes to the port on transmit. A vector whose packets all go
 * to one port with an empty queue is handed over whole ({@link PacketVector#takeAll}), as the graph does on arcs.
 */
public final class PortOutputNode implements Node
{
    /** Name of the node. */
    public static final String NAME = "port-output";

    private final Port[] ports;
    private final PacketVector[] queues;
    private final int[] dirty;
    private final boolean[] isDirty;
    private int dirtyCount;

    /**
     * @param ports          the ports this graph transmits on; their indices must be distinct.
     * @param burstCapacity  packets per transmit burst.
     */
    public PortOutputNode(final List<? extends Port> ports, final int burstCapacity)
    {
        int maxIndex = -1;
        for (final Port port : ports)
        {
            if (port.index() < 0)
            {
                throw new IllegalArgumentException("port " + port.name() + " has negative index " + port.index());
            }
            maxIndex = Math.max(maxIndex, port.index());
        }
        this.ports = new Port[maxIndex + 1];
        this.queues = new PacketVector[maxIndex + 1];
        for (final Port port : ports)
        {
            if (this.ports[port.index()] != null)
            {
                throw new IllegalArgumentException("ports " + this.ports[port.index()].name() + " and " + port.name() +
                    " have the same index " + port.index());
            }
            this.ports[port.index()] = port;
            this.queues[port.index()] = new PacketVector(burstCapacity);
        }
        this.dirty = new int[maxIndex + 1];
        this.isDirty = new boolean[maxIndex + 1];
    }

    /**
     * @param ports the ports this graph transmits on, with bursts of {@link PacketVector#DEFAULT_CAPACITY}.
     */
    public PortOutputNode(final List<? extends Port> ports)
    {
        this(ports, PacketVector.DEFAULT_CAPACITY);
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public void process(final PacketVector vector)
    {
        final Port[] ports = this.ports;
        final int uniformPort = vector.uniformTxPort();
        if (uniformPort >= 0 && uniformPort < ports.length)
        {
            final Port port = ports[uniformPort];
            final PacketVector queue = queues[uniformPort];
            if (port != null && port.isLinkUp() && queue.isEmpty() && queue.capacity() == vector.capacity())
            {
                // The whole vector is for one port whose queue is empty: hand it over instead of packet by packet.
                markDirty(uniformPort);
                queue.takeAll(vector);
                if (queue.isFull())
                {
                    port.transmit(queue);
                }
                return;
            }
        }
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.isDetached(i))
            {
                continue;
            }
            final int p = vector.txPort(i);
            final Port port = p >= 0 && p < ports.length ? ports[p] : null;
            if (port == null)
            {
                vector.drop(i, DropReasons.BAD_TX_PORT);
                continue;
            }
            if (!port.isLinkUp())
            {
                vector.drop(i, DropReasons.TX_LINK_DOWN);
                continue;
            }
            final PacketVector queue = queues[p];
            markDirty(p);
            queue.appendFrom(vector, i);
            vector.detach(i);
            if (queue.isFull())
            {
                port.transmit(queue); // stays listed as dirty; flush skips it while empty
            }
        }
    }

    private void markDirty(final int p)
    {
        if (!isDirty[p])
        {
            isDirty[p] = true;
            dirty[dirtyCount++] = p;
        }
    }

    /** Transmits every non-empty queue. */
    public void flush()
    {
        for (int d = 0; d < dirtyCount; d++)
        {
            final int p = dirty[d];
            isDirty[p] = false;
            final PacketVector queue = queues[p];
            if (!queue.isEmpty())
            {
                ports[p].transmit(queue);
            }
        }
        dirtyCount = 0;
    }

    /** Transmits what is still queued (the port frees what it cannot send). */
    public void close()
    {
        flush();
    }
}
