package org.ipv8router.perf.pktgen;

import java.util.function.LongSupplier;

import org.ipv8router.dpdk.DpdkEthDev;
import org.ipv8router.dpdk.DpdkMempool;
import org.ipv8router.dpdk.DpdkTestSupport;

/**
 * Test fixture: the generator's transmitter and receiver on one started net_ring vdev (a loop: what is sent on
 * queue 0 is received on queue 0), one stream, with the pacer and counters the tests read.
 */
final class RingLoop implements AutoCloseable
{
    final DpdkEthDev ring;
    final DpdkMempool pool;
    final TrafficProfile profile;
    final StreamTracker tracker = new StreamTracker(1);
    final PktgenCounters counters = new PktgenCounters();
    final RatePacer pacer;
    final PacketTransmitter tx;
    final PacketReceiver rx;

    private RingLoop(final TrafficProfile profile, final double packetsPerSecond, final int burst)
    {
        DpdkTestSupport.eal();
        this.pool = DpdkTestSupport.largePool();
        this.profile = profile;
        this.pacer = new RatePacer(packetsPerSecond);
        this.ring = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), "");
        ring.configure(1, pool);
        ring.start(true);
        this.tx = new PacketTransmitter(new FrameFactory(profile), ring, 0, pool, burst, pacer, Long.MAX_VALUE,
            counters);
        this.rx = new PacketReceiver(ring, 0, burst,
            new ProbeReceiver(profile.ipv8EtherType(), tracker, new LatencyStats()), counters);
    }

    /**
     * @param profile          the traffic.
     * @param packetsPerSecond the pacer's rate, or {@link RatePacer#UNLIMITED}.
     * @param burst            frames per tx/rx burst.
     * @return a started loop (close it).
     */
    static RingLoop open(final TrafficProfile profile, final double packetsPerSecond, final int burst)
    {
        return new RingLoop(profile, packetsPerSecond, burst);
    }

    /** Stops the transmitter, lets it finish on {@code clock}'s time and receives everything still in the ring. */
    void stopAndDrain(final LongSupplier clock)
    {
        tx.stop();
        while (!tx.isDone())
        {
            tx.doWork(clock.getAsLong());
            rx.doWork();
        }
        while (rx.doWork() > 0)
        {
            Thread.onSpinWait();
        }
    }

    public void close()
    {
        rx.close();
        tx.close();
        ring.close();
    }
}
