package org.ipv8router.dataplane.forward;

/**
 * The punt policer of spec 7.9 (profile 8.7) for unauthenticated traffic the router answers itself: two token
 * buckets that must both have a token, at most {@link #DEFAULT_PER_SECOND} per second and
 * {@link #DEFAULT_PER_MINUTE} per minute by default, each with a burst of its whole window. Integer nanosecond
 * arithmetic; one thread (the forwarding worker); nothing allocated.
 */
final class PuntPolicer
{
    /** Spec 7.9: unauthenticated traffic at most 10 per second... */
    static final int DEFAULT_PER_SECOND = 10;
    /** ...and at most 30 per minute. */
    static final int DEFAULT_PER_MINUTE = 30;

    private final long secondNanosPerToken;
    private final long secondBurstNanos;
    private final long minuteNanosPerToken;
    private final long minuteBurstNanos;
    // Time at which each bucket would be empty; tokens = (now - t) / nanosPerToken, capped by the burst.
    private long secondBucket = Long.MIN_VALUE / 2;
    private long minuteBucket = Long.MIN_VALUE / 2;

    PuntPolicer(final int perSecond, final int perMinute)
    {
        if (perSecond < 1 || perMinute < 1)
        {
            throw new IllegalArgumentException("punt policer: rates must be at least 1, got " + perSecond +
                "/s and " + perMinute + "/min");
        }
        secondNanosPerToken = 1_000_000_000L / perSecond;
        secondBurstNanos = secondNanosPerToken * perSecond;
        minuteNanosPerToken = 60_000_000_000L / perMinute;
        minuteBurstNanos = minuteNanosPerToken * perMinute;
    }

    PuntPolicer()
    {
        this(DEFAULT_PER_SECOND, DEFAULT_PER_MINUTE);
    }

    /** @return true, taking a token from both buckets, if both have one at {@code now} (nanoseconds). */
    boolean tryAcquire(final long now)
    {
        final long second = Math.max(secondBucket, now - secondBurstNanos);
        final long minute = Math.max(minuteBucket, now - minuteBurstNanos);
        if (now - second < secondNanosPerToken || now - minute < minuteNanosPerToken)
        {
            return false;
        }
        secondBucket = second + secondNanosPerToken;
        minuteBucket = minute + minuteNanosPerToken;
        return true;
    }
}
