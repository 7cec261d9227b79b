package org.ipv8router.dataplane.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one port. Receive counters have one writer, the thread calling the port's {@code receive};
 * transmit counters have one writer, the thread calling {@code transmit}. Updates are release ("ordered") adds:
 * no lock prefix, visible to readers in other processes. One update per burst, not per packet.
 */
public final class PortCounters
{
    private final AtomicCounter rxPackets;
    private final AtomicCounter rxBytes;
    private final AtomicCounter rxDrops;
    private final AtomicCounter txPackets;
    private final AtomicCounter txBytes;
    private final AtomicCounter txDrops;

    /**
     * Wraps already allocated counters; see {@link DataplaneCounters#newPortCounters(int, String)}.
     *
     * @param rxPackets packets received.
     * @param rxBytes   octets received.
     * @param rxDrops   frames received but not handed over.
     * @param txPackets packets transmitted.
     * @param txBytes   octets transmitted.
     * @param txDrops   packets given to transmit but not sent.
     */
    public PortCounters(
        final AtomicCounter rxPackets,
        final AtomicCounter rxBytes,
        final AtomicCounter rxDrops,
        final AtomicCounter txPackets,
        final AtomicCounter txBytes,
        final AtomicCounter txDrops)
    {
        this.rxPackets = rxPackets;
        this.rxBytes = rxBytes;
        this.rxDrops = rxDrops;
        this.txPackets = txPackets;
        this.txBytes = txBytes;
        this.txDrops = txDrops;
    }

    /**
     * Counts a received burst.
     *
     * @param packets received.
     * @param bytes   received.
     */
    public void onReceive(final int packets, final long bytes)
    {
        rxPackets.getAndAddRelease(packets);
        rxBytes.getAndAddRelease(bytes);
    }

    /** @param packets frames received but dropped by the port (no buffer, too long). */
    public void onReceiveDrop(final int packets)
    {
        rxDrops.getAndAddRelease(packets);
    }

    /**
     * Counts a transmitted burst.
     *
     * @param packets sent.
     * @param bytes   sent.
     */
    public void onTransmit(final int packets, final long bytes)
    {
        txPackets.getAndAddRelease(packets);
        txBytes.getAndAddRelease(bytes);
    }

    /** @param packets given to transmit but dropped (queue full, link down). */
    public void onTransmitDrop(final int packets)
    {
        txDrops.getAndAddRelease(packets);
    }

    /**
     * Counts a receive burst: what was handed over and what the port dropped. A zero part is not written, so an
     * empty poll leaves the counter cache lines (read by other processes) untouched.
     *
     * @param packets received.
     * @param bytes   received.
     * @param dropped frames received but dropped by the port.
     */
    public void onReceiveBurst(final int packets, final long bytes, final int dropped)
    {
        if (packets > 0)
        {
            onReceive(packets, bytes);
        }
        if (dropped > 0)
        {
            onReceiveDrop(dropped);
        }
    }

    /**
     * Counts a transmit burst: what was sent and what was dropped. A zero part is not written (see
     * {@link #onReceiveBurst(int, long, int)}).
     *
     * @param packets sent.
     * @param bytes   sent.
     * @param dropped given to transmit but dropped.
     */
    public void onTransmitBurst(final int packets, final long bytes, final int dropped)
    {
        if (packets > 0)
        {
            onTransmit(packets, bytes);
        }
        if (dropped > 0)
        {
            onTransmitDrop(dropped);
        }
    }

    /** @return packets received so far. */
    public long rxPackets()
    {
        return rxPackets.get();
    }

    /** @return octets received so far. */
    public long rxBytes()
    {
        return rxBytes.get();
    }

    /** @return receive drops so far. */
    public long rxDrops()
    {
        return rxDrops.get();
    }

    /** @return packets transmitted so far. */
    public long txPackets()
    {
        return txPackets.get();
    }

    /** @return octets transmitted so far. */
    public long txBytes()
    {
        return txBytes.get();
    }

    /** @return transmit drops so far. */
    public long txDrops()
    {
        return txDrops.get();
    }
}
