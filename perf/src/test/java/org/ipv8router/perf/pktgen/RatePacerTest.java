package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pacer against a simulated clock (no sleeping, no timing assertions on the real clock). */
class RatePacerTest
{
    @Test
    void releasesExactlyTheRateOverSimulatedTime()
    {
        final RatePacer pacer = new RatePacer(10_000);
        pacer.start(1_000);
        long released = 0;
        for (long t = 1_000; t < 1_000 + 1_000_000_000L; t += 7_919)
        {
            released += pacer.take(t, 32);
        }
        assertTrue(Math.abs(released - 10_000) <= 1, "released " + released);
    }

    @Test
    void smallBurstsAtLowRatesAndCatchUpBounded()
    {
        final RatePacer pacer = new RatePacer(1_000_000);
        pacer.start(0);
        assertEquals(1, pacer.take(0, 32), "first packet due at once");
        assertEquals(0, pacer.take(500, 32), "next one due at 1000 ns");
        assertEquals(1, pacer.take(1_000, 32));
        assertEquals(5, pacer.take(6_000, 32));
        // A 10 s stall: at most MAX_BACKLOG worth is owed, handed out a burst at a time.
        long owed = 0;
        int n;
        while ((n = pacer.take(10_000_000_000L, 32)) > 0)
        {
            owed += n;
        }
        assertEquals(RatePacer.MAX_BACKLOG_NS / 1_000 + 1, owed, 1);
        pacer.giveBack(3);
        assertEquals(3, pacer.take(10_000_000_000L, 32));
        assertEquals(32, new RatePacer(RatePacer.UNLIMITED).take(0, 32));
    }
}
