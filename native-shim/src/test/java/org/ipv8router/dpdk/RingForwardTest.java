package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Two net_ring ports A and B, each a loop (what is sent on a port is received on it). The test seeds frames
 * into A (mbuf alloc + tx), a Java loop forwards A's rx to B's tx, and every frame must come out of B with the
 * bytes it went in with, in order, with the counters and the mempool agreeing.
 */
class RingForwardTest
{
    private static final int ROUNDS = 8;
    private static final int FRAMES_PER_ROUND = 300;
    private static final int BURST = 32;

    @Test
    void javaLoopForwardsEveryFrameFromRingAToRingB()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        final int inUseBefore = pool.inUse();
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        try (DpdkEthDev a = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), "");
            DpdkEthDev b = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), "");
            MbufBurst burst = new MbufBurst(BURST))
        {
            assertEquals("net_ring", a.info().driver());
            a.configure(1, 512, 512, pool);
            b.configure(1, 512, 512, pool);
            a.start(true);
            b.start(true);

            int seq = 0;
            int received = 0;
            long bytes = 0;
            for (int round = 0; round < ROUNDS; round++)
            {
                // Seed: allocate, fill, send into ring A.
                int seeded = 0;
                while (seeded < FRAMES_PER_ROUND)
                {
                    final int n = Math.min(BURST, FRAMES_PER_ROUND - seeded);
                    assertTrue(pool.allocBulk(burst, n), "pool ran out while seeding");
                    for (int i = 0; i < n; i++)
                    {
                        final byte[] frame = Frames.frame(seq + seeded + i, Frames.lengthOf(seq + seeded + i));
                        Frames.store(burst.get(i), frame, scratch);
                        bytes += frame.length;
                    }
                    assertEquals(n, a.txBurst(0, burst, n), "ring A refused frames");
                    seeded += n;
                }

                // Forward: what A receives goes out on B.
                int forwarded = 0;
                for (int idle = 0; forwarded < FRAMES_PER_ROUND && idle < 1000; )
                {
                    final int n = a.rxBurst(0, burst, BURST);
                    if (n == 0)
                    {
                        idle++;
                        continue;
                    }
                    assertEquals(n, b.txBurst(0, burst, n), "ring B refused frames");
                    forwarded += n;
                }
                assertEquals(FRAMES_PER_ROUND, forwarded, "frames forwarded A -> B in round " + round);

                // Drain B and check every frame.
                int drained = 0;
                for (int idle = 0; drained < FRAMES_PER_ROUND && idle < 1000; )
                {
                    final int n = b.rxBurst(0, burst, BURST);
                    if (n == 0)
                    {
                        idle++;
                        continue;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        final long mbuf = burst.get(i);
                        final int expectedSeq = seq + drained + i;
                        assertEquals(1, Mbuf.segmentCount(mbuf));
                        assertEquals(Mbuf.dataLength(mbuf), Mbuf.packetLength(mbuf));
                        assertArrayEquals(Frames.frame(expectedSeq, Frames.lengthOf(expectedSeq)),
                            Frames.load(mbuf, scratch), "frame " + expectedSeq);
                    }
                    DpdkMempool.freeBulk(burst, n);
                    drained += n;
                }
                assertEquals(FRAMES_PER_ROUND, drained, "frames out of B in round " + round);
                seq += FRAMES_PER_ROUND;
                received += drained;
            }

            final int total = ROUNDS * FRAMES_PER_ROUND;
            assertEquals(total, received);
            assertTrue(bytes > 0);
            final PortStats sa = a.stats();
            final PortStats sb = b.stats();
            assertEquals(total, sa.txPackets(), "A tx (seeded)");
            assertEquals(total, sa.rxPackets(), "A rx");
            assertEquals(total, sb.txPackets(), "B tx (forwarded)");
            assertEquals(total, sb.rxPackets(), "B rx");
            assertEquals(total, sa.queueRxPackets(0), "A queue 0 rx");
            assertEquals(0, sa.txErrors() + sb.txErrors());
            assertEquals(inUseBefore, pool.inUse(), "every mbuf went back to the pool");
        }
    }

    @Test
    void txBurstFreesWhatTheRingRefuses()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        final int inUseBefore = pool.inUse();
        try (DpdkEthDev ring = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), "");
            MbufBurst burst = new MbufBurst(256))
        {
            ring.configure(1, pool);
            ring.start(false);
            // The ring PMD's ring holds 1023 mbufs; offer 1280 and count what is taken.
            int accepted = 0;
            for (int i = 0; i < 5; i++)
            {
                assertTrue(pool.allocBulk(burst, 256));
                accepted += ring.txBurst(0, burst, 256);
            }
            assertEquals(1023, accepted, "ring capacity");
            assertEquals(inUseBefore + 1023, pool.inUse(), "the 257 refused mbufs were freed");
            final PortStats stats = ring.stats();
            assertEquals(1023, stats.txPackets());

            int drained = 0;
            for (int n; (n = ring.rxBurst(0, burst, 256)) > 0; )
            {
                DpdkMempool.freeBulk(burst, n);
                drained += n;
            }
            assertEquals(1023, drained);
            assertEquals(inUseBefore, pool.inUse());
        }
    }
}
