package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A reusable snapshot of {@code struct rte_eth_stats} for one port: the port totals and the per-queue
 * counters of the first {@value #QUEUES} queues. Fill it with {@link DpdkEthDev#stats(PortStats)}; refilling
 * allocates nothing, so a counters thread may poll it.
 */
public final class PortStats
{
    /** RTE_ETHDEV_QUEUE_STAT_CNTRS: queues with their own counters. */
    public static final int QUEUES = 16;
    static final int PORT_FIELDS = 8;
    static final int QUEUE_FIELDS = 5;
    static final int LONGS = PORT_FIELDS + QUEUES * QUEUE_FIELDS;

    private final MemorySegment raw = Arena.ofAuto().allocate(JAVA_LONG, LONGS);
    private final long[] values = new long[LONGS];
    private int portId = -1;

    /** Copies the shim's output into this snapshot. */
    void fill(final int portId)
    {
        MemorySegment.copy(raw, JAVA_LONG, 0, values, 0, LONGS);
        this.portId = portId;
    }

    MemorySegment raw()
    {
        return raw;
    }

    /** The port these values belong to, -1 before the first fill. */
    public int portId()
    {
        return portId;
    }

    /** Packets received successfully. */
    public long rxPackets()
    {
        return values[0];
    }

    /** Packets transmitted successfully. */
    public long txPackets()
    {
        return values[1];
    }

    /** Bytes received successfully (some virtual PMDs, e.g. net_ring, do not count bytes). */
    public long rxBytes()
    {
        return values[2];
    }

    /** Bytes transmitted successfully. */
    public long txBytes()
    {
        return values[3];
    }

    /** Packets dropped by the hardware because the rx queues were full (imissed). */
    public long rxMissed()
    {
        return values[4];
    }

    /** Erroneous packets received (ierrors). */
    public long rxErrors()
    {
        return values[5];
    }

    /** Failed transmissions (oerrors). */
    public long txErrors()
    {
        return values[6];
    }

    /** Rx mbuf allocation failures: the pool ran dry (rx_nombuf). */
    public long rxNoMbuf()
    {
        return values[7];
    }

    public long queueRxPackets(final int queue)
    {
        return values[PORT_FIELDS + queueIndex(queue)];
    }

    public long queueTxPackets(final int queue)
    {
        return values[PORT_FIELDS + QUEUES + queueIndex(queue)];
    }

    public long queueRxBytes(final int queue)
    {
        return values[PORT_FIELDS + 2 * QUEUES + queueIndex(queue)];
    }

    public long queueTxBytes(final int queue)
    {
        return values[PORT_FIELDS + 3 * QUEUES + queueIndex(queue)];
    }

    /** Packets of the queue dropped on receive (q_errors). */
    public long queueErrors(final int queue)
    {
        return values[PORT_FIELDS + 4 * QUEUES + queueIndex(queue)];
    }

    private static int queueIndex(final int queue)
    {
        if (queue < 0 || queue >= QUEUES)
        {
            throw new IndexOutOfBoundsException("DPDK keeps per-queue counters for queues 0.." + (QUEUES - 1) +
                ", not " + queue);
        }
        return queue;
    }

    @Override
    public String toString()
    {
        return "port " + portId + ": rx " + rxPackets() + " pkts / " + rxBytes() + " B, tx " + txPackets() +
            " pkts / " + txBytes() + " B, rx missed " + rxMissed() + ", rx errors " + rxErrors() + ", tx errors " +
            txErrors() + ", rx no mbuf " + rxNoMbuf();
    }
}
