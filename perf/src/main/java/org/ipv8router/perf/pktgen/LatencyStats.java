package org.ipv8router.perf.pktgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Latency in nanoseconds from probe timestamps: the receive thread records into a {@link Recorder}
 * (wait-free, no allocation), a reporting thread takes an interval histogram once a second, appends it to
 * an HdrHistogram log ({@link HistogramLogWriter}, readable by HistogramLogProcessor and the HdrHistogram
 * plotters; values in the log are ns, the log's max column is in ms) and adds it to the run total.
 */
public final class LatencyStats implements AutoCloseable
{
    /** Largest latency tracked: 60 s; larger values are recorded as this (and counted). */
    public static final long HIGHEST_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;
    private PrintStream logStream;
    private HistogramLogWriter log;
    private long clamped;

    /** Starts writing interval histograms to file (created or truncated). */
    public void openLog(final Path file, final long startMillis) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        logStream = new PrintStream(Files.newOutputStream(file), false);
        log = new HistogramLogWriter(logStream);
        log.outputComment("ipv8-pktgen latency, values in ns");
        log.outputLogFormatVersion();
        log.outputStartTime(startMillis);
        log.setBaseTime(startMillis);
        log.outputLegend();
    }

    /** Records one latency (receive thread). */
    public void record(final long latencyNs)
    {
        if (latencyNs >= HIGHEST_NS)
        {
            clamped++;
            recorder.recordValue(HIGHEST_NS);
            return;
        }
        recorder.recordValue(Math.max(latencyNs, 1));
    }

    /** Takes the interval since the last call, logs it and adds it to the total (reporting thread). */
    public synchronized Histogram sample()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        if (log != null)
        {
            log.outputIntervalHistogram(interval);
            logStream.flush();
        }
        return interval;
    }

    /** Everything recorded up to the last {@link #sample()}. */
    public synchronized Histogram total()
    {
        return total;
    }

    /** Latencies at or above {@link #HIGHEST_NS}, recorded as that value. */
    public long clamped()
    {
        return clamped;
    }

    @Override
    public synchronized void close()
    {
        if (logStream != null)
        {
            logStream.close();
            logStream = null;
            log = null;
        }
    }
}
