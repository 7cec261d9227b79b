package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.ipv8router.perf.ProgressSamples.Crossing;
import org.ipv8router.perf.ProgressSamples.Method;
import org.junit.jupiter.api.Test;

class ProgressSamplesTest
{
    /** @param timeCountPairs t0, count0, t1, count1, ... in time order. @return the samples. */
    private static ProgressSamples samples(final long... timeCountPairs)
    {
        final ProgressSamples s = new ProgressSamples();
        for (int i = 0; i < timeCountPairs.length; i += 2)
        {
            s.add(timeCountPairs[i], timeCountPairs[i + 1]);
        }
        return s;
    }

    @Test
    void neverReachedGivesNull()
    {
        final ProgressSamples s = new ProgressSamples();
        assertNull(s.crossing(1), "no samples");
        s.add(0, 0);
        s.add(250, 400);
        s.add(500, 999);
        assertNull(s.crossing(1000));
        assertEquals(999, s.lastCount());
    }

    @Test
    void exactHitExtrapolatesWithThePreviousIntervalsRate()
    {
        // 4 routes/ns up to t=500 (2000 routes); the counter stops at 2400 somewhere before the poll at 750.
        // At the same rate 400 more routes take 100 ns: crossing at 600, not at the poll (750).
        final ProgressSamples s = samples(250, 1000, 500, 2000, 750, 2400); // (t, count) pairs
        final Crossing c = s.crossing(2400);
        assertEquals(new Crossing(600, 500, 750, Method.EXTRAPOLATED), c);
    }

    @Test
    void exactHitNeverEstimatesAfterThePollThatSawIt()
    {
        // The counter slowed down: the old rate would put the crossing after t2; clamp to t2.
        final ProgressSamples s = samples(0, 0, 100, 10, 200, 100); // (t, count) pairs
        assertEquals(new Crossing(200, 100, 200, Method.EXTRAPOLATED), s.crossing(100));
    }

    @Test
    void exactHitAtAPollBelowWhichTheCounterWasAlreadyAtTargetIsThatPoll()
    {
        // Target reached exactly at the second poll; later polls (also at target) do not move the estimate.
        final ProgressSamples s = samples(0, 0, 100, 50, 200, 50, 300, 50); // (t, count) pairs
        final Crossing c = s.crossing(50);
        assertEquals(Method.MIDPOINT, c.method(), "only one poll below: no earlier rate");
        assertEquals(new Crossing(50, 0, 100, Method.MIDPOINT), c);
    }

    @Test
    void betweenPollsWithTheCounterStillRisingInterpolates()
    {
        final ProgressSamples s = samples(1_000, 0, 1_250, 100, 1_500, 300); // (t, count) pairs
        // 200 is half way from 100 (t=1250) to 300 (t=1500)
        assertEquals(new Crossing(1_375, 1_250, 1_500, Method.INTERPOLATED), s.crossing(200));
        // 120 is a tenth of the way
        assertEquals(1_275, s.crossing(120).estimateNanos());
    }

    @Test
    void aStateStepUsesTheMidpoint()
    {
        // 0/1 samples of "Established": no rate before the step, so the midpoint of the bracket.
        final ProgressSamples s = samples(0, 0, 20, 0, 40, 0, 60, 1); // (t, count) pairs
        assertEquals(new Crossing(50, 40, 60, Method.MIDPOINT), s.crossing(1));
    }

    @Test
    void alreadyReachedAtTheFirstSampleHasNoLowerBound()
    {
        final ProgressSamples s = samples(70, 5, 90, 6); // (t, count) pairs
        assertEquals(new Crossing(70, 70, 70, Method.FIRST_SAMPLE), s.crossing(5));
    }

    @Test
    void rejectsSamplesOutOfTimeOrder()
    {
        final ProgressSamples s = new ProgressSamples();
        s.add(100, 1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.add(99, 2));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    /**
     * A counter rising at a constant (seeded random) rate and stopping at the target, polled at a fixed
     * interval with a random phase: the estimate recovers the true instant to within 0.2 ms, whereas the
     * first poll at the target is late by up to an interval. Many samples exercise the array growth too.
     */
    @Test
    void recoversTheTrueCompletionOfAConstantRateCounterForAnyPollPhase()
    {
        final SplittableRandom random = new SplittableRandom(0x5EEDL);
        double firstPollLateness = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            final long target = 1_000_000 + random.nextInt(1_000_000);
            final double ratePerNs = (20_000 + random.nextInt(200_000)) / 1e9;
            final long start = random.nextLong(1_000_000_000L);
            final long trueEnd = start + (long)Math.ceil(target / ratePerNs);
            final long interval = 250_000_000L;
            final ProgressSamples s = new ProgressSamples();
            long firstAtTarget = -1;
            for (long t = start + random.nextLong(interval); firstAtTarget < 0; t += interval)
            {
                final long count = Math.min(target, (long)((t - start) * ratePerNs));
                s.add(t, count);
                if (count == target)
                {
                    firstAtTarget = t;
                }
            }
            final Crossing c = s.crossing(target);
            assertNotNull(c);
            assertTrue(c.earliestNanos() < trueEnd && trueEnd <= c.latestNanos(), "bracket " + c + " end " + trueEnd);
            // Counts are whole routes, so the measured rate is off by about 1 route in >= 5,000: within 0.2 ms.
            assertEquals(Method.EXTRAPOLATED, c.method(), "trial " + trial);
            assertEquals(trueEnd, c.estimateNanos(), 200_000.0, "trial " + trial + ": " + c);
            firstPollLateness += firstAtTarget - trueEnd;
        }
        // The naive answer is late by about half an interval on average: this is the bias the estimate removes.
        assertTrue(firstPollLateness / 200 > 80_000_000L, "mean lateness " + firstPollLateness / 200);
    }
}
