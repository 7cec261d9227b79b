package org.ipv8router.perf.dpdk;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code dpdk-testpmd --stats-period=N} output line by line: each period prints a block per port with the
 * cumulative {@code TX-packets} and the {@code Tx-pps} since the last block. A period is complete after the block of
 * the last port; its rate is the sum of the ports' Tx-pps and its packet count the sum of their TX-packets.
 * <p>
 * Why the cumulative count matters: testpmd's stats loop sleeps one second and then prints only if a full period
 * has passed, so periods of "1 s" are often 2 s long (4 blocks in a 7 s run here). Tx-pps is right either way
 * (testpmd divides by the real interval), but packets summed as "Mpps x 1 s per sample" undercount by up to half;
 * packets per CPU-second must come from the cumulative counters.
 */
final class TestpmdStats
{
    private static final Pattern TX_PACKETS = Pattern.compile("TX-packets:\\s+(\\d+)");
    private static final Pattern TX_PPS = Pattern.compile("Tx-pps:\\s+(\\d+)");

    private final int ports;
    private int portsSeen;
    private long ppsSum;
    private long packetsSum;
    private double mpps;
    private long txPackets;

    /** @param ports the number of ports testpmd prints a block for (the period ends with the last one). */
    TestpmdStats(final int ports)
    {
        if (ports < 1)
        {
            throw new IllegalArgumentException("ports must be at least 1, got " + ports);
        }
        this.ports = ports;
    }

    /**
     * @param line one line of testpmd's output.
     * @return true when this line completed a period: {@link #mpps()} and {@link #txPackets()} then hold it.
     */
    boolean accept(final String line)
    {
        final Matcher packets = TX_PACKETS.matcher(line);
        if (packets.find())
        {
            packetsSum += Long.parseLong(packets.group(1));
            return false;
        }
        final Matcher pps = TX_PPS.matcher(line);
        if (!pps.find())
        {
            return false;
        }
        ppsSum += Long.parseLong(pps.group(1));
        if (++portsSeen < ports)
        {
            return false;
        }
        mpps = ppsSum / 1e6;
        txPackets = packetsSum;
        ppsSum = 0;
        packetsSum = 0;
        portsSeen = 0;
        return true;
    }

    /** @return the transmit rate of the last complete period over all ports, in Mpps. */
    double mpps()
    {
        return mpps;
    }

    /** @return the packets all ports had transmitted at the end of the last complete period. */
    long txPackets()
    {
        return txPackets;
    }
}
