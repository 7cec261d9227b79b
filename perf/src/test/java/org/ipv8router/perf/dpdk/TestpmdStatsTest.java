package org.ipv8router.perf.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link TestpmdStats} on real output: three periods of {@code dpdk-testpmd --forward-mode=mac --stats-period=1}
 * (net_pcap infinite_rx -> net_null, DPDK 22.11, this machine), the third two seconds after the second.
 */
class TestpmdStatsTest
{
    private record Period(double mpps, long txPackets)
    {
    }

    private static List<Period> periods(final String resource) throws IOException
    {
        final String text;
        try (InputStream in = TestpmdStatsTest.class.getResourceAsStream(resource))
        {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final TestpmdStats stats = new TestpmdStats(2);
        final List<Period> periods = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (stats.accept(line))
            {
                periods.add(new Period(stats.mpps(), stats.txPackets()));
            }
        }
        return periods;
    }

    @Test
    void aPeriodEndsWithTheLastPortsBlockAndSumsThePorts() throws IOException
    {
        final List<Period> periods = periods("/testpmd/stats-period-1.txt");
        assertEquals(3, periods.size());
        assertEquals(0.0, periods.get(0).mpps());
        assertEquals(2240, periods.get(0).txPackets());
        assertEquals(60.707224, periods.get(1).mpps(), 1e-9);
        assertEquals(121_438_944L, periods.get(1).txPackets());
        assertEquals(60.445058, periods.get(2).mpps(), 1e-9);
        assertEquals(242_354_496L, periods.get(2).txPackets());
    }

    @Test
    void periodsOfOneSecondAreNotAlwaysOneSecondLong() throws IOException
    {
        // The reason packets come from the cumulative counters: this "1 s" period lasted 2 s, so Mpps x 1 s would
        // count half the packets it sent.
        final List<Period> periods = periods("/testpmd/stats-period-1.txt");
        final double seconds = (periods.get(2).txPackets() - periods.get(1).txPackets()) / 1e6 / periods.get(2).mpps();
        assertEquals(2.0, seconds, 0.01);
    }

    @Test
    void linesOutsideThePortBlocksChangeNothing()
    {
        final TestpmdStats stats = new TestpmdStats(1);
        assertFalse(stats.accept("Port statistics ===================================="));
        assertFalse(stats.accept("  Rx-pps:     60707083          Rx-bps:  29139400192"));
        assertFalse(stats.accept("  TX-packets: 100  TX-errors: 0"));
        assertTrue(stats.accept("  Tx-pps:     5          Tx-bps:            0"));
        assertEquals(5e-6, stats.mpps(), 1e-12);
        assertEquals(100, stats.txPackets());
    }

    @Test
    void atLeastOnePort()
    {
        assertThrows(IllegalArgumentException.class, () -> new TestpmdStats(0));
    }
}
