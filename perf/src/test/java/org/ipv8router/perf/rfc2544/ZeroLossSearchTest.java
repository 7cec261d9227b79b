package org.ipv8router.perf.rfc2544;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The RFC 2544 search against a simulated device: a router that forwards up to a capacity without loss and
 * drops the excess, behind a generator with a maximum rate. No DPDK, no timing.
 */
class ZeroLossSearchTest
{
    /** A fake trial: generator ceiling, router capacity, fixed trial length; loss = what exceeds the capacity. */
    private static final class FakeDevice implements ZeroLossSearch.Trial
    {
        final double generatorMax;
        final double capacity;
        final List<Double> offered = new ArrayList<>();

        FakeDevice(final double generatorMax, final double capacity)
        {
            this.generatorMax = generatorMax;
            this.capacity = capacity;
        }

        @Override
        public ZeroLossSearch.TrialResult run(final double offeredPps)
        {
            offered.add(offeredPps);
            final double tx = offeredPps == ZeroLossSearch.MAX_RATE ? generatorMax : Math.min(offeredPps, generatorMax);
            final long sent = Math.round(tx * 2);
            final long lost = tx > capacity ? Math.round((tx - capacity) * 2) : 0;
            // Latency grows with the load, so the test can tell which trial's latency was reported.
            final long p50 = Math.round(tx);
            return new ZeroLossSearch.TrialResult(offeredPps, tx, sent, lost,
                new ZeroLossSearch.Latency(1, p50, p50 * 2, p50 * 3, p50 * 4, p50, sent - lost));
        }
    }

    @Test
    void findsTheCapacityWithinTheResolutionFromBelow()
    {
        final Random random = new Random(2544);
        for (int round = 0; round < 200; round++)
        {
            final double generatorMax = 1e5 + random.nextDouble() * 1e7;
            final double capacity = generatorMax * (0.05 + 0.9 * random.nextDouble());
            final FakeDevice device = new FakeDevice(generatorMax, capacity);
            final ZeroLossSearch search = new ZeroLossSearch(0.01, 1000, 20, 0);
            final ZeroLossSearch.Outcome outcome = uncheck(search, device);

            assertFalse(outcome.generatorLimited(), "round " + round);
            assertEquals(generatorMax, outcome.ceilingPps(), 1e-6);
            assertEquals(ZeroLossSearch.MAX_RATE, device.offered.getFirst(), "the first trial is at max rate");
            final double throughput = outcome.throughputPps();
            assertTrue(throughput <= capacity, "never above the capacity: " + throughput + " > " + capacity);
            assertTrue(capacity - throughput <= 0.01 * generatorMax + 1e-6,
                "within the resolution: capacity " + capacity + ", found " + throughput + ", ceiling " + generatorMax);
            assertEquals(0, outcome.best().lost());
            assertEquals(Math.round(throughput), outcome.best().latency().p50(), "latency of the best trial");
            assertTrue(outcome.trials().size() <= 1 + 8, "bisection converges in log2(1/0.01) + 1 steps: " +
                outcome.trials().size());
            assertEquals(device.offered.size(), outcome.trials().size());
        }
    }

    @Test
    void maxRateWithoutLossMeansTheGeneratorIsTheLimit() throws Exception
    {
        final FakeDevice device = new FakeDevice(1_000_000, 5_000_000);
        final ZeroLossSearch.Outcome outcome = new ZeroLossSearch(0.02, 1000, 8, 0).search(device);

        assertTrue(outcome.generatorLimited());
        assertEquals(1, outcome.trials().size());
        assertEquals(1_000_000, outcome.throughputPps(), 1e-9);
    }

    @Test
    void aRouterThatLosesEverywhereHasNoThroughput() throws Exception
    {
        final FakeDevice device = new FakeDevice(1_000_000, 10);
        final ZeroLossSearch.Outcome outcome = new ZeroLossSearch(0.02, 1000, 30, 0).search(device);

        assertNull(outcome.best());
        assertEquals(0, outcome.throughputPps());
        for (final double rate : device.offered.subList(1, device.offered.size()))
        {
            assertTrue(rate >= 1000, "never below the minimum rate: " + rate);
        }
    }

    @Test
    void stopsAfterTheMaximumNumberOfTrials() throws Exception
    {
        final FakeDevice device = new FakeDevice(1_000_000, 333_333);
        final ZeroLossSearch.Outcome outcome = new ZeroLossSearch(0.0001, 1000, 4, 0).search(device);

        assertEquals(4, outcome.trials().size());
        assertEquals(4, device.offered.size());
        // max (loss), 500500 (loss), 250750 (pass), 375625 (loss): the best is the pass.
        assertEquals(250_750, outcome.throughputPps(), 1);
    }

    @Test
    void oneLostFrameFailsATrialUnlessAToleranceIsGiven() throws Exception
    {
        final ZeroLossSearch strict = new ZeroLossSearch(0.02, 1000, 8, 0);
        final ZeroLossSearch tolerant = new ZeroLossSearch(0.02, 1000, 8, 0.001);
        final ZeroLossSearch.TrialResult oneLost = new ZeroLossSearch.TrialResult(1e6, 1e6, 2_000_000, 1, null);
        final ZeroLossSearch.TrialResult nothingSent = new ZeroLossSearch.TrialResult(1e6, 0, 0, 0, null);

        assertFalse(strict.passes(oneLost));
        assertTrue(tolerant.passes(oneLost));
        assertFalse(strict.passes(nothingSent), "a trial without traffic proves nothing");
        assertFalse(tolerant.passes(new ZeroLossSearch.TrialResult(1e6, 1e6, 1000, 1, null)), "0.1 % > 0.001 %");
    }

    @Test
    void aFailingTrialStopsTheSearch()
    {
        final ZeroLossSearch search = new ZeroLossSearch(0.02, 1000, 8, 0);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> search.search(rate ->
        {
            throw new IllegalStateException("generator died");
        }));
        assertEquals("generator died", thrown.getMessage());
    }

    @Test
    void rejectsMeaninglessOptions()
    {
        assertThrows(IllegalArgumentException.class, () -> new ZeroLossSearch(0, 1000, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroLossSearch(1.5, 1000, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroLossSearch(0.02, 0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroLossSearch(0.02, 1000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroLossSearch(0.02, 1000, 8, -1));
    }

    private static ZeroLossSearch.Outcome uncheck(final ZeroLossSearch search, final ZeroLossSearch.Trial trial)
    {
        try
        {
            return search.search(trial);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
