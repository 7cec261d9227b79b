package org.ipv8router.perf;

import java.util.Arrays;

/**
 * Polled samples (time, count) of a monotonic progress counter, and the estimate of the instant the counter
 * reached a target. Used by {@link BgpIngestBenchmark} for a receiver whose progress can only be polled
 * (gobgpd through its CLI), so that the poll interval does not bias its time.
 * <p>
 * Why not "time of the first poll at the target": that is late by up to one poll interval (half of one on
 * average). Why not plain linear interpolation between the last poll below and the first poll at the target:
 * a counter that stops AT the target (a full table: the count never goes past the number of routes) gives
 * {@code c2 == target}, and interpolation then returns {@code t2}, the same late answer. So:
 * <ul>
 * <li>first poll strictly above the target ({@code c2 > target}): the counter kept rising through the target
 *     inside the interval; interpolate linearly (constant rate between the two polls);
 *     {@link Method#INTERPOLATED}.</li>
 * <li>first poll exactly at the target ({@code c2 == target}): the counter may have stopped there at any time
 *     in the interval, so the interval's own rate is only a lower bound. Extrapolate from the last poll below
 *     with the rate of the interval before it (constant rate across the two intervals), clamped into the
 *     interval; {@link Method#EXTRAPOLATED}.</li>
 * <li>no usable earlier rate (only one poll below, or no progress in the interval before: e.g. a 0/1 state
 *     such as "Established"): the midpoint of the bracketing interval, the unbiased guess for an instant
 *     known only to lie in it; {@link Method#MIDPOINT}.</li>
 * <li>the very first poll is already at the target: it happened at or before that poll, no lower bound;
 *     the estimate is that poll's time, {@link Method#FIRST_SAMPLE} (callers should treat this as invalid).</li>
 * </ul>
 * Every estimate comes with the bracket [earliest, latest] that is certain whatever the rate (the last poll
 * below and the first poll at or above the target). Cold path: plain arrays, grows by doubling.
 */
public final class ProgressSamples
{
    /** How {@link Crossing#estimateNanos()} was obtained; see the class comment. */
    public enum Method
    {
        INTERPOLATED, EXTRAPOLATED, MIDPOINT, FIRST_SAMPLE
    }

    /**
     * The estimated instant a counter reached its target.
     *
     * @param estimateNanos  best estimate (same clock as the samples)
     * @param earliestNanos  certain lower bound: the last sample below the target (= estimate for FIRST_SAMPLE)
     * @param latestNanos    certain upper bound: the first sample at or above the target
     * @param method         how the estimate was made
     */
    public record Crossing(long estimateNanos, long earliestNanos, long latestNanos, Method method)
    {
    }

    private long[] times = new long[64];
    private long[] counts = new long[64];
    private int size;

    /**
     * Records one poll. Samples must come in time order; the count is expected to be monotonic (a drop is
     * kept as it is: the first sample at or above the target still decides).
     *
     * @throws IllegalArgumentException if {@code atNanos} is before the previous sample's time
     */
    public void add(final long atNanos, final long count)
    {
        if (size > 0 && atNanos < times[size - 1])
        {
            throw new IllegalArgumentException("sample at " + atNanos + " ns is before the previous one at " +
                times[size - 1] + " ns");
        }
        if (size == times.length)
        {
            times = Arrays.copyOf(times, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        times[size] = atNanos;
        counts[size] = count;
        size++;
    }

    public int size()
    {
        return size;
    }

    /** The last recorded count, or 0 before any sample. */
    public long lastCount()
    {
        return size == 0 ? 0 : counts[size - 1];
    }

    /**
     * @return the estimated instant the count first reached {@code target}, or null if no sample reached it
     */
    public Crossing crossing(final long target)
    {
        int j = 0;
        while (j < size && counts[j] < target)
        {
            j++;
        }
        if (j == size)
        {
            return null;
        }
        final long t2 = times[j];
        if (j == 0)
        {
            return new Crossing(t2, t2, t2, Method.FIRST_SAMPLE);
        }
        final long t1 = times[j - 1];
        final long c1 = counts[j - 1];
        final long c2 = counts[j];
        if (c2 > target)
        {
            return new Crossing(t1 + scale(t2 - t1, target - c1, c2 - c1), t1, t2, Method.INTERPOLATED);
        }
        if (j >= 2 && c1 > counts[j - 2] && times[j - 1] > times[j - 2])
        {
            final long t0 = times[j - 2];
            final long c0 = counts[j - 2];
            final long estimate = t1 + scale(t1 - t0, target - c1, c1 - c0);
            return new Crossing(Math.min(estimate, t2), t1, t2, Method.EXTRAPOLATED);
        }
        return new Crossing(t1 + (t2 - t1) / 2, t1, t2, Method.MIDPOINT);
    }

    /** {@code span * num / den} without overflow for spans up to hours in ns and counts up to billions. */
    private static long scale(final long span, final long num, final long den)
    {
        return (long)((double)span * num / den);
    }
}
