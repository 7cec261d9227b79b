package org.ipv8router.dataplane.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one graph node in one graph: vectors and packets processed. Single writer (the graph's
 * forwarding agent), release adds, one update per vector.
 */
public final class NodeCounters
{
    private final AtomicCounter vectors;
    private final AtomicCounter packets;

    /**
     * Wraps already allocated counters; see {@link DataplaneCounters#newNodeCounters(String, int, String)}.
     *
     * @param vectors vectors processed.
     * @param packets packets processed.
     */
    public NodeCounters(final AtomicCounter vectors, final AtomicCounter packets)
    {
        this.vectors = vectors;
        this.packets = packets;
    }

    /** @param packets in the vector the node just processed. */
    public void onVector(final int packets)
    {
        vectors.incrementRelease();
        this.packets.getAndAddRelease(packets);
    }

    /** @return vectors processed so far. */
    public long vectors()
    {
        return vectors.get();
    }

    /** @return packets processed so far. */
    public long packets()
    {
        return packets.get();
    }
}
