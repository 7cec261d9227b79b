package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dpdk.DpdkEthDev;
import org.ipv8router.dpdk.DpdkMempool;
import org.ipv8router.dpdk.DpdkTestSupport;
import org.ipv8router.dpdk.DpdkShim;
import org.ipv8router.dpdk.Mbuf;
import org.ipv8router.dpdk.MbufBurst;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Test;

/**
 * The generator on real DPDK ports: two net_ring vdevs A and B (each a loop), the transmitter on A, a test
 * forwarder moving A's frames to B (optionally dropping, holding back and duplicating chosen ones), the receiver
 * on B. Counts must come out exactly.
 */
class PktgenDpdkTest
{
    private static final int BURST = 32;

    /** What the forwarder between the two rings does to the frame with a given sequence number. */
    private interface Impairment
    {
        boolean drop(long seq);

        boolean holdBack(long seq);

        boolean duplicate(long seq);
    }

    private static final Impairment NONE = new Impairment()
    {
        public boolean drop(final long seq)
        {
            return false;
        }

        public boolean holdBack(final long seq)
        {
            return false;
        }

        public boolean duplicate(final long seq)
        {
            return false;
        }
    };

    /** Moves everything A has received to B, applying the impairment; held frames go after the next one. */
    private static final class Forwarder implements AutoCloseable
    {
        private final DpdkEthDev from;
        private final DpdkEthDev to;
        private final DpdkMempool pool;
        private final Impairment impairment;
        private final MbufBurst in = new MbufBurst(BURST);
        private final MbufBurst out = new MbufBurst(BURST * 3);
        private final MbufBurst copy = new MbufBurst(1);
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final UnsafeBuffer copyView = new UnsafeBuffer(0, 0);
        private final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        private final Probe probe = new Probe();
        private long held;
        private long invalid;

        Forwarder(final DpdkEthDev from, final DpdkEthDev to, final DpdkMempool pool, final Impairment impairment)
        {
            this.from = from;
            this.to = to;
            this.pool = pool;
            this.impairment = impairment;
        }

        int step()
        {
            final int n = from.rxBurst(0, in, BURST);
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                final long mbuf = in.get(i);
                Mbuf.wrap(view, mbuf);
                if (validator.validateFrame(view, 0, view.capacity()) != DropReason.NONE)
                {
                    invalid++;
                }
                final int udp = validator.l3Offset() + validator.l3HeaderLength();
                probe.read(view, udp + 8, view.capacity() - udp - 8);
                final long seq = probe.sequence();
                if (impairment.drop(seq))
                {
                    out.set(count, mbuf);
                    DpdkShim.freeBulk(out.addressOf(count), 1);
                    continue;
                }
                if (impairment.holdBack(seq))
                {
                    held = mbuf;
                    continue;
                }
                out.set(count++, mbuf);
                if (impairment.duplicate(seq))
                {
                    assertTrue(pool.allocBulk(copy, 1));
                    final long twin = copy.get(0);
                    Mbuf.wrapForWrite(copyView, twin);
                    copyView.putBytes(0, view, 0, view.capacity());
                    Mbuf.length(twin, view.capacity());
                    out.set(count++, twin);
                }
                if (held != 0)
                {
                    out.set(count++, held);
                    held = 0;
                }
            }
            if (count > 0)
            {
                assertEquals(count, to.txBurst(0, out, count), "ring B refused frames");
            }
            return n;
        }

        void flushHeld()
        {
            if (held != 0)
            {
                out.set(0, held);
                held = 0;
                assertEquals(1, to.txBurst(0, out, 1));
            }
        }

        @Override
        public void close()
        {
            in.close();
            out.close();
            copy.close();
        }
    }

    private record Outcome(PacketTransmitter tx, StreamTracker tracker, LatencyStats latency, ProbeReceiver receiver,
        long invalid)
    {
    }

    private static Outcome run(final TrafficProfile profile, final long count, final Impairment impairment)
    {
        final DpdkMempool pool = DpdkTestSupport.largePool();
        final int inUseBefore = pool.inUse();
        try (DpdkEthDev a = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), "");
            DpdkEthDev b = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""))
        {
            a.configure(1, 512, 512, pool);
            b.configure(1, 512, 512, pool);
            a.start(true);
            b.start(true);
            final FrameFactory factory = new FrameFactory(profile);
            final PktgenCounters counters = new PktgenCounters();
            final StreamTracker tracker = new StreamTracker(profile.streams());
            final LatencyStats latency = new LatencyStats();
            final ProbeReceiver receiver = new ProbeReceiver(profile.ipv8EtherType(), tracker, latency);
            final RatePacer pacer = new RatePacer(RatePacer.UNLIMITED);
            final long invalid;
            try (PacketTransmitter tx = new PacketTransmitter(factory, a, 0, pool, BURST, pacer, count, counters);
                Forwarder forwarder = new Forwarder(a, b, pool, impairment);
                PacketReceiver rx = new PacketReceiver(b, 0, BURST, receiver, counters))
            {
                pacer.start(System.nanoTime());
                int idle = 0;
                while (idle < 1000)
                {
                    final int moved = tx.doWork(System.nanoTime()) + forwarder.step() + rx.doWork();
                    if (tx.isDone())
                    {
                        forwarder.flushHeld();
                    }
                    idle = moved == 0 && tx.isDone() ? idle + 1 : 0;
                }
                invalid = forwarder.invalid;
                assertEquals(count, tx.sent(), "packets sent");
                assertEquals(0, tx.pending());
                latency.sample();
                assertEquals(inUseBefore, pool.inUse(), "every mbuf went back to the pool");
                return new Outcome(tx, tracker, latency, receiver, invalid);
            }
        }
    }

    @Test
    void loopbackThroughARingPairLosesNothing()
    {
        DpdkTestSupport.eal();
        final TrafficProfile profile = TrafficProfile.defaults()
            .withFlows(new FlowSet(ValueRange.parseAsn("a", "64496-64511"), ValueRange.parseHost("b",
                "10.0.0.1-10.0.0.254"), ValueRange.parseAsn("c", "64512-64513"), ValueRange.parseHost("d",
                "10.1.0.1-10.1.0.9")))
            .withSizes(FrameSizes.parse("imix", false)).withIpv4Percent(20).withStreams(4);
        final int count = 20_000;
        final Outcome outcome = run(profile, count, NONE);
        assertEquals(0, outcome.invalid(), "frames the router's receive validation refused");
        final StreamTracker tracker = outcome.tracker();
        assertEquals(count, tracker.totalUnique());
        assertEquals(count, tracker.totalReceived());
        assertEquals(0, tracker.totalReordered());
        assertEquals(0, tracker.totalDuplicates());
        assertEquals(0, outcome.receiver().other());
        for (int s = 0; s < 4; s++)
        {
            assertEquals(count / 4, outcome.tx().factory().sentInStream(s));
            assertEquals(0, tracker.lost(s, outcome.tx().factory().sentInStream(s)));
        }
        assertEquals(count, outcome.latency().total().getTotalCount(), "one latency sample per packet");
        assertTrue(outcome.latency().total().getMinValue() > 0);
        assertTrue(outcome.latency().total().getMaxValue() < 10_000_000_000L);
        long octets = 0;
        for (int k = 0; k < count; k++)
        {
            octets += FrameSizes.IMIX_CYCLE[k % 12] - FrameSizes.FCS_LENGTH;
        }
        assertEquals(octets, outcome.tx().sentOctets(), "IMIX octets sent (FCS excluded)");
        assertEquals(octets, outcome.receiver().octets(), "IMIX octets received");
    }

    @Test
    void inducedLossReorderingAndDuplicatesAreCountedExactly()
    {
        DpdkTestSupport.eal();
        final Impairment impairment = new Impairment()
        {
            public boolean drop(final long seq)
            {
                return seq % 97 == 5;
            }

            public boolean holdBack(final long seq)
            {
                return seq % 101 == 7 && !drop(seq);
            }

            public boolean duplicate(final long seq)
            {
                return seq % 89 == 3 && !drop(seq) && !holdBack(seq);
            }
        };
        final int count = 10_000;
        long dropped = 0;
        long reordered = 0;
        long duplicated = 0;
        for (long s = 0; s < count; s++)
        {
            dropped += impairment.drop(s) ? 1 : 0;
            reordered += impairment.holdBack(s) && s < count - 1 ? 1 : 0;
            duplicated += impairment.duplicate(s) ? 1 : 0;
        }
        assertTrue(dropped > 50 && reordered > 50 && duplicated > 50);

        final TrafficProfile profile = TrafficProfile.defaults().withSizes(FrameSizes.fixed(128));
        final Outcome outcome = run(profile, count, impairment);
        final StreamTracker tracker = outcome.tracker();
        assertEquals(count - dropped, tracker.totalUnique());
        assertEquals(dropped, tracker.lost(0, outcome.tx().factory().sentInStream(0)));
        assertEquals(dropped, tracker.gaps(0), "no tail loss: every gap is inside the sequence");
        assertEquals(reordered, tracker.totalReordered());
        assertEquals(duplicated, tracker.totalDuplicates());
        assertEquals(count - dropped + duplicated, tracker.totalReceived());
        assertEquals(count - dropped + duplicated, outcome.latency().total().getTotalCount());
    }

    @Test
    void aFullRingIsCountedAsBackPressureAndItsFramesAreRetriedNotLost()
    {
        try (RingLoop loop = RingLoop.open(TrafficProfile.defaults(), RatePacer.UNLIMITED, BURST))
        {
            final PacketTransmitter tx = loop.tx;
            final PacketReceiver rx = loop.rx;
            final RatePacer pacer = loop.pacer;
            // A clock of our own (1 us per step), so the blocked time is known exactly.
            long now = 1_000_000;
            pacer.start(now);
            // Nobody receives: the ring (the "peer") fills and pushes back.
            int steps = 0;
            while (tx.pending() == 0 && steps++ < 100_000)
            {
                tx.doWork(now += 1000);
            }
            assertTrue(tx.pending() > 0, "the ring never filled after " + tx.sent() + " frames");
            assertTrue(tx.partialBursts() >= 1, "partial bursts " + tx.partialBursts());
            assertEquals(tx.pending(), tx.retriedFrames(), "the frames the ring refused are the ones pending");
            assertEquals(0, tx.blockedNs(), "still blocked: the open stretch is not counted yet");
            final long blockedFrom = now;
            final long sentWhenFull = tx.sent();
            final long partialWhenFull = tx.partialBursts();
            for (int i = 0; i < 10; i++)
            {
                assertEquals(0, tx.doWork(now += 1000), "the full ring takes nothing");
            }
            assertEquals(partialWhenFull + 10, tx.partialBursts(), "every refused retry is a partial burst");
            assertEquals(sentWhenFull, tx.sent());

            // The peer catches up: the pending frames go first, and the blocked stretch is closed.
            while (rx.doWork() > 0)
            {
                Thread.onSpinWait();
            }
            final long retried = tx.retriedFrames();
            tx.doWork(now += 1000);
            assertEquals(0, tx.pending());
            assertEquals(now - blockedFrom, tx.blockedNs());
            assertEquals(retried, tx.retriedFrames(), "a retry that succeeds refuses nothing new");

            final long[] clock = {now};
            loop.stopAndDrain(() -> clock[0] += 1000);
            assertEquals(tx.sent(), loop.tracker.totalUnique(), "back-pressure loses nothing");
            assertEquals(0, tx.discarded());
        }
    }

    @Test
    void rateLimitHoldsRoughlyAtTenThousandPerSecond()
    {
        try (RingLoop loop = RingLoop.open(TrafficProfile.defaults(), 10_000, BURST))
        {
            final long start = System.nanoTime();
            loop.pacer.start(start);
            while (System.nanoTime() - start < 1_000_000_000L)
            {
                loop.tx.doWork(System.nanoTime());
                loop.rx.doWork();
            }
            loop.stopAndDrain(System::nanoTime);
            final long sent = loop.tx.sent();
            assertTrue(sent >= 8_000 && sent <= 12_000, "sent " + sent + " in 1 s at 10k pps");
            assertEquals(sent, loop.tracker.totalUnique());
            assertEquals(sent, loop.counters.txPackets());
        }
    }

    @Test
    void framesInTheMbufsCarryTheProbeAtTheDocumentedOffsets()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.largePool();
        try (MbufBurst burst = new MbufBurst(2))
        {
            assertTrue(pool.allocBulk(burst, 2));
            final FrameFactory factory = new FrameFactory(TrafficProfile.defaults().withSizes(FrameSizes.fixed(64)));
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            for (int i = 0; i < 2; i++)
            {
                Mbuf.wrapForWrite(view, burst.get(i));
                Mbuf.length(burst.get(i), factory.write(view, 0, 0xAABB_CCDDL + i));
                Mbuf.wrap(view, burst.get(i));
                assertEquals(60, view.capacity());
                assertEquals(Probe.SHORT_MAGIC, view.getByte(50) & 0xFF, "short probe right after the UDP header");
                assertEquals(i, view.getInt(52, ByteOrder.BIG_ENDIAN), "sequence");
                assertEquals((int)(0xAABB_CCDDL + i), view.getInt(56, ByteOrder.BIG_ENDIAN), "timestamp low bits");
            }
            DpdkMempool.freeBulk(burst, 2);
        }
    }
}
