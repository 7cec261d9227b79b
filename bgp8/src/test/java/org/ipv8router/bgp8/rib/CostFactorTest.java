package org.ipv8router.bgp8.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CF examples C1-C3 and accumulation of bgp8-whois8.md 11.5. */
class CostFactorTest
{
    @Test
    void c1LondonNewYork()
    {
        final double d = CostFactor.distanceKm(51.5074, -0.1278, 40.7128, -74.0060);
        assertEquals(5570.22, d, 0.01);
        assertEquals(55_703, CostFactor.floorMicros(d));
        assertEquals(73_139, CostFactor.linkV1(d, 72_000, 1_000, CostFactor.CaState.OPEN, 10_000_000_000L, 30, 0, 0));
        assertFalse(CostFactor.isAnomaly(72_000, d));
    }

    @Test
    void c2ClampedToThePhysicsFloor()
    {
        final double d = CostFactor.distanceKm(51.5074, -0.1278, 40.7128, -74.0060);
        assertEquals(55_713, CostFactor.linkV1(d, 40_000, 0, CostFactor.CaState.OPEN, 10_000_000_000L, 0, 0, 0));
        assertTrue(CostFactor.isAnomaly(40_000, d));
    }

    @Test
    void c3MetroLink()
    {
        assertEquals(12_500, CostFactor.linkV1(50, 1_200, 0, CostFactor.CaState.RECOVERY, 1_000_000_000L, 50, 1,
            500));
    }

    @Test
    void accumulationAndSaturation()
    {
        final long path = CostFactor.add(12_500, 73_139);
        assertEquals(85_639, path);
        assertEquals(85_839, CostFactor.add(path, 20 * 10));
        assertEquals(0xFFFF_FFFFL, CostFactor.add(0xFFFF_FFF0L, 0x20));
    }
}
