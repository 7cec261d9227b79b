package org.ipv8router.perf.pktgen;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The result of one run and its two renderings: a text table for people and JSON for scripts (stable keys,
 * documented in docs/pktgen.md). Built after the run from the transmit side's per-stream counts, the
 * receive side's {@link StreamTracker} and the total latency histogram.
 */
public final class PktgenReport
{
    /** Streams listed one by one in the text table; JSON lists all. */
    public static final int TEXT_STREAM_ROWS = 16;

    private final String txPort;
    private final String rxPort;
    private final double txSeconds;
    private final long txPackets;
    private final long txOctets;
    private final long[] sent;
    private final StreamTracker tracker;
    private final boolean receiving;
    private final long rxFrames;
    private final long rxOther;
    private final Histogram latency;
    private final long latencyClamped;
    private final long txDiscarded;
    private final long allocFailures;
    private final long txPartialBursts;
    private final long txRetriedFrames;
    private final long txBlockedNs;
    private final long lost;
    private final boolean receiveOnly;

    public PktgenReport(final String txPort, final String rxPort, final double txSeconds, final long txPackets,
        final long txOctets, final long[] sentPerStream, final StreamTracker tracker, final boolean receiving,
        final long rxFrames, final long rxOther, final Histogram latency, final long latencyClamped,
        final long txDiscarded, final long allocFailures, final long txPartialBursts, final long txRetriedFrames,
        final long txBlockedNs, final boolean receiveOnly)
    {
        this.receiveOnly = receiveOnly;
        this.txPort = txPort;
        this.rxPort = rxPort;
        this.txSeconds = txSeconds;
        this.txPackets = txPackets;
        this.txOctets = txOctets;
        this.sent = sentPerStream.clone();
        this.tracker = tracker;
        this.receiving = receiving;
        this.rxFrames = rxFrames;
        this.rxOther = rxOther;
        this.latency = latency;
        this.latencyClamped = latencyClamped;
        this.txDiscarded = txDiscarded;
        this.allocFailures = allocFailures;
        this.txPartialBursts = txPartialBursts;
        this.txRetriedFrames = txRetriedFrames;
        this.txBlockedNs = txBlockedNs;
        long total = 0;
        for (int s = 0; s < sent.length; s++)
        {
            total += tracker.lost(s, sent[s]);
        }
        this.lost = receiving ? total : 0;
    }

    public long txPackets()
    {
        return txPackets;
    }

    public long txOctets()
    {
        return txOctets;
    }

    public double txSeconds()
    {
        return txSeconds;
    }

    /** Distinct probes received. */
    public long rxPackets()
    {
        return tracker.totalUnique();
    }

    public long lost()
    {
        return lost;
    }

    public long reordered()
    {
        return tracker.totalReordered();
    }

    public long duplicates()
    {
        return tracker.totalDuplicates();
    }

    public long rxOther()
    {
        return rxOther;
    }

    /** tx_burst calls the transmit port accepted only partly or not at all (back-pressure). */
    public long txPartialBursts()
    {
        return txPartialBursts;
    }

    /** Frames the transmit port refused at first and that were offered again. */
    public long txRetriedFrames()
    {
        return txRetriedFrames;
    }

    /** Time with refused frames pending, during which nothing new was built. */
    public long txBlockedNs()
    {
        return txBlockedNs;
    }

    public Histogram latency()
    {
        return latency;
    }

    /** Lost as a percentage of sent, 0 when nothing was sent. */
    public double lossPercent()
    {
        return txPackets == 0 ? 0 : 100.0 * lost / txPackets;
    }

    public double txPps()
    {
        return txSeconds > 0 ? txPackets / txSeconds : 0;
    }

    /** Transmit rate on the wire: frames + FCS + preamble + gap. */
    public double txWireGbps()
    {
        return txSeconds > 0 ?
            (txOctets + txPackets * (double)(FrameSizes.FCS_LENGTH + FrameSizes.WIRE_OVERHEAD)) * 8 / txSeconds / 1e9 :
            0;
    }

    public String text()
    {
        final StringBuilder sb = new StringBuilder();
        if (receiveOnly)
        {
            sb.append(String.format(Locale.ROOT, "ipv8-pktgen: receive only on %s for %.3f s; tx = highest sequence " +
                "number + 1 per stream, so loss counts gaps, not tail loss%n", rxPort, txSeconds));
        }
        else
        {
            sb.append(String.format(Locale.ROOT, "ipv8-pktgen: %s -> %s, %.3f s of transmit%n", txPort,
                receiving ? rxPort : "(no receive)", txSeconds));
        }
        sb.append(String.format(Locale.ROOT, "%-8s %14s %14s %12s %10s %10s %10s%n", "stream", "tx", "rx", "lost",
            "loss %", "reordered", "dups"));
        final int rows = Math.min(sent.length, TEXT_STREAM_ROWS);
        for (int s = 0; s < rows; s++)
        {
            row(sb, Integer.toString(s), sent[s], tracker.unique(s), receiving ? tracker.lost(s, sent[s]) : 0,
                tracker.reordered(s), tracker.duplicates(s));
        }
        if (sent.length > rows)
        {
            sb.append(String.format(Locale.ROOT, "... %d more streams (all in --json)%n", sent.length - rows));
        }
        row(sb, "total", txPackets, tracker.totalUnique(), lost, tracker.totalReordered(), tracker.totalDuplicates());
        sb.append(String.format(Locale.ROOT, "tx rate    %.4f Mpps, %.3f Gbit/s on the wire (%d octets)%n",
            txPps() / 1e6, txWireGbps(), txOctets));
        if (receiving)
        {
            sb.append(String.format(Locale.ROOT, "rx         %d frames, %d without a probe%n", rxFrames, rxOther));
            if (latency.getTotalCount() > 0)
            {
                sb.append(String.format(Locale.ROOT,
                    "latency ns min %d  p50 %d  p99 %d  p99.9 %d  max %d  mean %.0f  (%d samples)%n",
                    latency.getMinValue(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9), latency.getMaxValue(), latency.getMean(),
                    latency.getTotalCount()));
            }
            else
            {
                sb.append("latency    no samples (nothing received)\n");
            }
        }
        if (txPartialBursts > 0)
        {
            sb.append(String.format(Locale.ROOT, "back-press %d tx bursts taken only partly by the port, %d frames " +
                "offered again, %.3f ms blocked: the port (its peer) set the pace, not the generator%n",
                txPartialBursts, txRetriedFrames, txBlockedNs / 1e6));
        }
        if (txDiscarded > 0 || allocFailures > 0 || tracker.outOfRange() > 0 || latencyClamped > 0)
        {
            sb.append(String.format(Locale.ROOT, "notes      %d frames never taken by the port (not counted), %d " +
                "empty-mempool stalls, %d probes of unknown streams, %d latencies >= 60 s%n", txDiscarded,
                allocFailures, tracker.outOfRange(), latencyClamped));
        }
        return sb.toString();
    }

    private static void row(final StringBuilder sb, final String name, final long tx, final long rx, final long lost,
        final long reordered, final long duplicates)
    {
        sb.append(String.format(Locale.ROOT, "%-8s %14d %14d %12d %10.4f %10d %10d%n", name, tx, rx, lost,
            tx == 0 ? 0.0 : 100.0 * lost / tx, reordered, duplicates));
    }

    public String json()
    {
        final StringBuilder sb = new StringBuilder(256 + sent.length * 96);
        sb.append("{\"tx_port\":").append(receiveOnly ? "null" : quote(txPort));
        sb.append(",\"receive_only\":").append(receiveOnly);
        sb.append(",\"rx_port\":").append(receiving ? quote(rxPort) : "null");
        sb.append(String.format(Locale.ROOT, ",\"tx_seconds\":%.6f", txSeconds));
        sb.append(",\"tx_packets\":").append(txPackets);
        sb.append(",\"tx_octets\":").append(txOctets);
        sb.append(String.format(Locale.ROOT, ",\"tx_pps\":%.1f,\"tx_wire_gbps\":%.6f", txPps(), txWireGbps()));
        sb.append(",\"rx_packets\":").append(tracker.totalUnique());
        sb.append(",\"rx_frames\":").append(rxFrames);
        sb.append(",\"rx_other\":").append(rxOther);
        sb.append(",\"lost\":").append(lost);
        sb.append(String.format(Locale.ROOT, ",\"loss_percent\":%.6f", lossPercent()));
        sb.append(",\"reordered\":").append(tracker.totalReordered());
        sb.append(",\"duplicates\":").append(tracker.totalDuplicates());
        sb.append(",\"unknown_stream\":").append(tracker.outOfRange());
        sb.append(",\"tx_discarded\":").append(txDiscarded);
        sb.append(",\"mempool_stalls\":").append(allocFailures);
        sb.append(",\"tx_partial_bursts\":").append(txPartialBursts);
        sb.append(",\"tx_retried_frames\":").append(txRetriedFrames);
        sb.append(",\"tx_blocked_ns\":").append(txBlockedNs);
        sb.append(",\"latency_ns\":{\"count\":").append(latency.getTotalCount());
        if (latency.getTotalCount() > 0)
        {
            sb.append(",\"min\":").append(latency.getMinValue());
            sb.append(",\"p50\":").append(latency.getValueAtPercentile(50));
            sb.append(",\"p99\":").append(latency.getValueAtPercentile(99));
            sb.append(",\"p99_9\":").append(latency.getValueAtPercentile(99.9));
            sb.append(",\"max\":").append(latency.getMaxValue());
            sb.append(String.format(Locale.ROOT, ",\"mean\":%.1f", latency.getMean()));
        }
        sb.append(",\"clamped\":").append(latencyClamped).append('}');
        sb.append(",\"streams\":[");
        for (int s = 0; s < sent.length; s++)
        {
            if (s > 0)
            {
                sb.append(',');
            }
            sb.append("{\"id\":").append(s).append(",\"tx\":").append(sent[s]).append(",\"rx\":")
                .append(tracker.unique(s)).append(",\"lost\":").append(receiving ? tracker.lost(s, sent[s]) : 0)
                .append(",\"gaps\":").append(tracker.gaps(s)).append(",\"reordered\":").append(tracker.reordered(s))
                .append(",\"duplicates\":").append(tracker.duplicates(s)).append('}');
        }
        sb.append("]}");
        return sb.toString();
    }

    private static String quote(final String text)
    {
        if (text == null)
        {
            return "null";
        }
        final StringBuilder sb = new StringBuilder("\"");
        for (final char c : text.toCharArray())
        {
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
