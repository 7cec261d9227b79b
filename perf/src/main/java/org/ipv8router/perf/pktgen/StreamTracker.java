package org.ipv8router.perf.pktgen;

/**
 * Receive-side accounting of the sequence numbers of each stream: received, unique, reordered (arrived with
 * a sequence number lower than the highest already seen), duplicates (a sequence number seen before), and at
 * the end lost (sent but never received). Written by one receive thread; nothing allocated per packet.
 * <p>
 * Duplicates are recognised within a window of the {@value #WINDOW} sequence numbers below the highest seen
 * (a bitmap per stream); a packet older than that is counted as reordered and unique, as it cannot be told
 * from a duplicate any more. 32-bit sequence numbers from the probe are extended to 64 bits relative to the
 * highest seen, so wrapping at 2^32 is no gap.
 */
public final class StreamTracker
{
    /** Sequence numbers below the highest seen within which duplicates are recognised. */
    public static final int WINDOW = 1024;
    private static final int WORDS = WINDOW / 64;

    private final int streams;
    private final long[] received;
    private final long[] unique;
    private final long[] reordered;
    private final long[] duplicates;
    private final long[] highest;
    private final long[] seen;
    private long totalReceived;
    private long totalUnique;
    private long totalReordered;
    private long totalDuplicates;
    private long outOfRange;

    public StreamTracker(final int streams)
    {
        if (streams < 1 || streams > Probe.MAX_STREAMS)
        {
            throw new IllegalArgumentException("streams must be 1.." + Probe.MAX_STREAMS + ", got " + streams);
        }
        this.streams = streams;
        received = new long[streams];
        unique = new long[streams];
        reordered = new long[streams];
        duplicates = new long[streams];
        highest = new long[streams];
        java.util.Arrays.fill(highest, -1);
        seen = new long[streams * WORDS];
    }

    /**
     * Accounts one received probe.
     *
     * @param stream     stream id from the probe; ids at or beyond the configured count are counted apart.
     * @param sequence32 the probe's 32-bit sequence number (unsigned).
     */
    public void onProbe(final int stream, final long sequence32)
    {
        if (stream < 0 || stream >= streams)
        {
            outOfRange++;
            return;
        }
        received[stream]++;
        totalReceived++;
        final long max = highest[stream];
        final long sequence = max < 0 ? sequence32 : max + (int)(sequence32 - max);
        final int base = stream * WORDS;
        if (sequence > max)
        {
            // Clear the bits of the sequence numbers skipped over (they leave the window empty-handed).
            // (A fresh stream's bitmap is all clear already.)
            final long clearFrom = max < 0 ? sequence : Math.max(max + 1, sequence - WINDOW + 1);
            for (long s = clearFrom; s < sequence; s++)
            {
                final int bit = (int)(s & (WINDOW - 1));
                seen[base + (bit >>> 6)] &= ~(1L << bit);
            }
            setBit(base, sequence);
            highest[stream] = sequence;
            unique[stream]++;
            totalUnique++;
            return;
        }
        if (sequence < 0 || max - sequence >= WINDOW)
        {
            reordered[stream]++;
            totalReordered++;
            unique[stream]++;
            totalUnique++;
            return;
        }
        final int bit = (int)(sequence & (WINDOW - 1));
        final long mask = 1L << bit;
        final int word = base + (bit >>> 6);
        if ((seen[word] & mask) != 0)
        {
            duplicates[stream]++;
            totalDuplicates++;
            return;
        }
        seen[word] |= mask;
        reordered[stream]++;
        totalReordered++;
        unique[stream]++;
        totalUnique++;
    }

    private void setBit(final int base, final long sequence)
    {
        final int bit = (int)(sequence & (WINDOW - 1));
        seen[base + (bit >>> 6)] |= 1L << bit;
    }

    public int streams()
    {
        return streams;
    }

    /** Probes received in stream s, duplicates included. */
    public long received(final int s)
    {
        return received[s];
    }

    /** Distinct sequence numbers received in stream s. */
    public long unique(final int s)
    {
        return unique[s];
    }

    public long reordered(final int s)
    {
        return reordered[s];
    }

    public long duplicates(final int s)
    {
        return duplicates[s];
    }

    /** Highest (extended) sequence number seen in stream s, -1 if none. */
    public long highest(final int s)
    {
        return highest[s];
    }

    /** Sequence numbers below the highest seen that never arrived in stream s (loss not counting the tail). */
    public long gaps(final int s)
    {
        return Math.max(0, highest[s] + 1 - unique[s]);
    }

    /** Lost in stream s given what was sent: sent - unique received, never negative. */
    public long lost(final int s, final long sent)
    {
        return Math.max(0, sent - unique[s]);
    }

    public long totalReceived()
    {
        return totalReceived;
    }

    public long totalUnique()
    {
        return totalUnique;
    }

    public long totalReordered()
    {
        return totalReordered;
    }

    public long totalDuplicates()
    {
        return totalDuplicates;
    }

    /** Probes whose stream id is not below the configured stream count (another generator's traffic?). */
    public long outOfRange()
    {
        return outOfRange;
    }
}
