package org.ipv8router.perf.pktgen;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dpdk.DpdkEthDev;
import org.ipv8router.dpdk.DpdkShim;
import org.ipv8router.dpdk.Mbuf;
import org.ipv8router.dpdk.MbufBurst;

/**
 * The receive side on a DPDK port queue, one {@link #doWork()} per loop iteration: receive a burst, take the
 * receive time once for the burst, hand each frame (zero-copy view of the mbuf) to the {@link ProbeReceiver},
 * free the burst. Nothing is allocated per packet.
 */
public final class PacketReceiver implements AutoCloseable
{
    private final int portId;
    private final int queue;
    private final int burstSize;
    private final ProbeReceiver receiver;
    private final PktgenCounters counters;
    private final MbufBurst burst;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    public PacketReceiver(final DpdkEthDev port, final int queue, final int burstSize, final ProbeReceiver receiver,
        final PktgenCounters counters)
    {
        this.portId = port.portId();
        this.queue = queue;
        this.burstSize = burstSize;
        this.receiver = receiver;
        this.counters = counters;
        this.burst = new MbufBurst(burstSize);
    }

    /** @return frames received in this step. */
    public int doWork()
    {
        final int n = DpdkShim.rxBurst(portId, queue, burst.address(), burstSize);
        if (n == 0)
        {
            return 0;
        }
        final long now = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            Mbuf.wrap(view, burst.get(i));
            receiver.onFrame(view, 0, view.capacity(), now);
        }
        DpdkShim.freeBulk(burst.address(), n);
        counters.publishRx(receiver.frames(), receiver.tracker().totalUnique());
        return n;
    }

    public ProbeReceiver receiver()
    {
        return receiver;
    }

    @Override
    public void close()
    {
        burst.close();
    }
}
