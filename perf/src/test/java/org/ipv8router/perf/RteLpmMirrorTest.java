package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RteLpmMirrorTest
{
    @Test
    void readsTheHistogramAsDpdkTestPrintsIt(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("hist.txt");
        Files.writeString(file, """
            Route distribution per prefix width:\s
            DEPTH    QUANTITY (PERCENT)
            ---------------------------\s
            01              0 (0.00)
            08            201 (0.02)
            16          69319 (6.44)
            24         583900 (54.23)
            32            984 (0.09)

            Unique added entries = 1037025
            """);
        final int[] counts = RteLpmMirror.readHistogram(file);
        final int[] expected = new int[32];
        expected[7] = 201;
        expected[15] = 69319;
        expected[23] = 583900;
        expected[31] = 984;
        assertArrayEquals(expected, counts);
    }

    @Test
    void refusesAFileWithoutHistogram(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("empty.txt");
        Files.writeString(file, "Test OK\n");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> RteLpmMirror.readHistogram(file));
        assertTrue(ex.getMessage().contains("no 'depth count' line"), ex.getMessage());
    }

    @Test
    void generatesTheRequestedCountPerDepthInsideUnicastSpace()
    {
        final int[] counts = new int[32];
        counts[7] = 250;      // more than the 224 unicast /8s: wraps, as DPDK's generator does
        counts[19] = 10_000;
        counts[23] = 50_000;
        counts[28] = 300;
        final int[] routes = RteLpmMirror.generateRoutes(counts, new SplittableRandom(1));
        assertEquals(2 * (250 + 10_000 + 50_000 + 300), routes.length);
        final int[] perDepth = new int[33];
        final Set<Integer> distinct24 = new HashSet<>();
        for (int i = 0; i < routes.length; i += 2)
        {
            final int prefix = routes[i];
            final int depth = routes[i + 1];
            perDepth[depth]++;
            assertTrue(Integer.compareUnsigned(prefix, 0xE000_0000) < 0, "prefix outside 0/1-223/8: " + prefix);
            assertEquals(0, depth == 32 ? 0 : prefix & (int)(0xFFFF_FFFFL >>> depth), "host bits set");
            if (depth == 24)
            {
                distinct24.add(prefix);
            }
        }
        assertEquals(250, perDepth[8]);
        assertEquals(10_000, perDepth[20]);
        assertEquals(50_000, perDepth[24]);
        assertEquals(300, perDepth[29]);
        // Evenly spread, not clustered: every /24 of the sample is distinct.
        assertEquals(50_000, distinct24.size());
    }

    @Test
    void builtInHistogramIsDpdk2211sRouteCount()
    {
        int total = 0;
        for (final int c : RteLpmMirror.DPDK_22_11_DEPTH_COUNTS)
        {
            total += c;
        }
        assertEquals(32, RteLpmMirror.DPDK_22_11_DEPTH_COUNTS.length);
        assertEquals(1_076_806, total, "dpdk-test 22.11 prints 'No. routes = 1076806'");
    }

    @Test
    void headlineIsTotalNsOverTotalLookupsNotTheMedianOfRounds()
    {
        // Five rounds of 1000 lookups, one of them slow (an interrupt): per round 10, 11, 12, 10, 40 ns.
        final long[] ns = {10_000, 11_000, 12_000, 10_000, 40_000};
        final long[] lookups = {1000, 1000, 1000, 1000, 1000};
        assertEquals(83_000.0 / 5_000, RteLpmMirror.nsPerLookup(ns, lookups), 1e-12);
        assertEquals(11.0, RteLpmMirror.medianNsPerLookup(ns, lookups), 1e-12);
        assertTrue(RteLpmMirror.nsPerLookup(ns, lookups) > RteLpmMirror.medianNsPerLookup(ns, lookups),
            "the slow round must count in the headline, as it does in DPDK's single pass");
    }

    @Test
    void roundsAreWeightedByTheirLookups()
    {
        // 1 ns per lookup over 10 lookups and 3 ns over 100: plain mean of rounds 2, weighted 310 / 110.
        final long[] ns = {10, 300};
        final long[] lookups = {10, 100};
        assertEquals(310.0 / 110, RteLpmMirror.nsPerLookup(ns, lookups), 1e-12);
        assertEquals(2.0, RteLpmMirror.medianNsPerLookup(ns, lookups), 1e-12);
    }

    @Test
    void oneRoundIsItsOwnMeanAndMedian()
    {
        final long[] ns = {4_194_304L * 17};
        final long[] lookups = {4_194_304L};
        assertEquals(17.0, RteLpmMirror.nsPerLookup(ns, lookups), 1e-12);
        assertEquals(17.0, RteLpmMirror.medianNsPerLookup(ns, lookups), 1e-12);
    }

    @Test
    void refusesMismatchedOrEmptyRounds()
    {
        assertThrows(IllegalArgumentException.class, () -> RteLpmMirror.nsPerLookup(new long[0], new long[0]));
        assertThrows(IllegalArgumentException.class,
            () -> RteLpmMirror.nsPerLookup(new long[] {1, 2}, new long[] {1}));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RteLpmMirror.medianNsPerLookup(new long[] {1, 2}, new long[] {1, 0}));
        assertTrue(ex.getMessage().contains("round 1"), ex.getMessage());
    }

    @Test
    void medianOfOddAndEvenCounts()
    {
        assertEquals(3.0, RteLpmMirror.median(new double[] {5, 1, 3}));
        assertEquals(2.5, RteLpmMirror.median(new double[] {4, 1, 3, 2}));
    }
}
