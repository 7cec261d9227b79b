package org.ipv8router.perf.rfc2544;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipv8router.perf.rfc2544.ZeroLossSearch.BackPressure;
import org.ipv8router.perf.rfc2544.ZeroLossSearch.Limit;
import org.junit.jupiter.api.Test;

/**
 * Who limited a trial and a search: a router that throttles the generator through a shared ring (vhost-user) loses
 * nothing, and must not be reported as "generator".
 */
class BackPressureLimitTest
{
    private static final double MAX = ZeroLossSearch.MAX_RATE;

    @Test
    void maxTrialShortWithBackPressureIsTheRouter()
    {
        // The case that used to be labelled "generator": max rate, no loss, but the port pushed back.
        assertEquals(Limit.ROUTER_BACK_PRESSURE, ZeroLossSearch.limitOf(MAX, 2.1e6, 48_000, 0));
        assertEquals(Limit.ROUTER_BACK_PRESSURE, ZeroLossSearch.limitOf(MAX, 2.1e6, 1, 0));
    }

    @Test
    void maxTrialWithoutBackPressureIsTheGenerator()
    {
        assertEquals(Limit.GENERATOR, ZeroLossSearch.limitOf(MAX, 2.1e6, 0, 0));
    }

    @Test
    void fixedRateShortfallIsTheRouterOnlyWithBackPressure()
    {
        assertEquals(Limit.ROUTER_BACK_PRESSURE, ZeroLossSearch.limitOf(3e6, 2e6, 10, 0));
        assertEquals(Limit.GENERATOR, ZeroLossSearch.limitOf(3e6, 2e6, 0, 0));
        // Just inside the 1 % the pacer is allowed: the offered rate was met.
        assertEquals(Limit.NONE, ZeroLossSearch.limitOf(3e6, 3e6 * 0.995, 10, 0));
        assertEquals(Limit.NONE, ZeroLossSearch.limitOf(3e6, 3e6, 0, 0));
        assertEquals(Limit.GENERATOR, ZeroLossSearch.limitOf(3e6, 3e6 * 0.985, 0, 0));
    }

    @Test
    void lossIsTheRouterUnlessItAlsoPushedBackBelowTheOfferedRate()
    {
        assertEquals(Limit.LOSS, ZeroLossSearch.limitOf(3e6, 3e6, 0, 5));
        assertEquals(Limit.LOSS, ZeroLossSearch.limitOf(3e6, 3e6, 7, 5), "rate met: back-pressure absorbed");
        assertEquals(Limit.LOSS, ZeroLossSearch.limitOf(MAX, 2e6, 0, 5));
        assertEquals(Limit.ROUTER_BACK_PRESSURE, ZeroLossSearch.limitOf(MAX, 2e6, 7, 5));
    }

    @Test
    void searchWhoseMaxTrialPassedUnderBackPressureIsLabelledTheRouter() throws Exception
    {
        final ZeroLossSearch search = new ZeroLossSearch(0.02, 1000, 8, 0);
        final ZeroLossSearch.Outcome throttled = search.search(offered ->
            new ZeroLossSearch.TrialResult(offered, 2.5e6, 5_000_000, 0, null, new BackPressure(40_000, 900_000,
                1_200_000_000L)));

        assertTrue(throttled.maxTrialPassed());
        assertEquals(1, throttled.trials().size());
        assertEquals(Limit.ROUTER_BACK_PRESSURE, throttled.limitedBy());
        assertFalse(throttled.generatorLimited(), "was reported as generator-limited before the counts");
        assertEquals("router (back-pressure)", throttled.limitedBy().label());

        final ZeroLossSearch.Outcome free = search.search(offered ->
            new ZeroLossSearch.TrialResult(offered, 2.5e6, 5_000_000, 0, null));
        assertEquals(Limit.GENERATOR, free.limitedBy());
        assertTrue(free.generatorLimited());
    }

    @Test
    void searchWhoseBestTrialWasThrottledIsLabelledTheRouter() throws Exception
    {
        // Max trial loses; at 2 Mpps and below the router takes at most 1.5 Mpps, pushing back, and loses nothing.
        final ZeroLossSearch search = new ZeroLossSearch(0.02, 1000, 8, 0);
        final ZeroLossSearch.Outcome outcome = search.search(offered ->
        {
            if (offered == MAX)
            {
                return new ZeroLossSearch.TrialResult(offered, 4e6, 8_000_000, 100, null);
            }
            final double tx = Math.min(offered, 1.5e6);
            return new ZeroLossSearch.TrialResult(offered, tx, Math.round(tx * 2), 0, null,
                tx < offered ? new BackPressure(500, 4000, 1_000_000) : BackPressure.NONE);
        });

        assertFalse(outcome.maxTrialPassed());
        assertEquals(1.5e6, outcome.throughputPps(), 1e-9, "every rate above 1.5 Mpps passed, throttled to it");
        assertTrue(outcome.best().offeredPps() > 1.5e6);
        assertEquals(Limit.ROUTER_BACK_PRESSURE, outcome.limitedBy());

        final ZeroLossSearch.Outcome lossy = search.search(offered ->
        {
            final double tx = offered == MAX ? 4e6 : offered;
            return new ZeroLossSearch.TrialResult(offered, tx, Math.round(tx * 2), tx > 1e6 ? 10 : 0, null);
        });
        assertEquals(Limit.LOSS, lossy.limitedBy());
        assertFalse(lossy.generatorLimited());
    }

    @Test
    void aTrialWithoutCountsHasNoBackPressure()
    {
        final ZeroLossSearch.TrialResult old = new ZeroLossSearch.TrialResult(MAX, 1e6, 2_000_000, 0, null);
        assertEquals(BackPressure.NONE, old.backPressure());
        assertEquals(Limit.GENERATOR, old.limit());
        assertEquals(BackPressure.NONE, new ZeroLossSearch.TrialResult(MAX, 1e6, 1, 0, null, null).backPressure());
    }
}
