package org.ipv8router.dataplane.forward;

/**
 * Token bucket per interface for ICMP errors (spec 6.2, RFC 1812: v1 100/s per interface, burst 50). Integer
 * arithmetic in nanoseconds; single thread.
 */
final class IcmpRateLimiter
{
    private final long nanosPerToken;
    private final long burstNanos;
    private final long[] bucketTime; // time at which the bucket would be empty; tokens = (now - t) / nanosPerToken

    IcmpRateLimiter(final int ports, final int perSecond, final int burst)
    {
        nanosPerToken = perSecond <= 0 ? Long.MAX_VALUE / 4 : 1_000_000_000L / perSecond;
        burstNanos = nanosPerToken * Math.max(1, burst);
        bucketTime = new long[ports + 1];
        for (int p = 0; p < bucketTime.length; p++)
        {
            bucketTime[p] = Long.MIN_VALUE / 2;
        }
    }

    /** @return true if an error may be sent on behalf of interface {@code port} now. */
    boolean tryAcquire(final int port, final long now)
    {
        final int p = port >= 0 && port < bucketTime.length - 1 ? port : bucketTime.length - 1;
        long t = bucketTime[p];
        if (now - t > burstNanos)
        {
            t = now - burstNanos;
        }
        if (now - t < nanosPerToken)
        {
            return false;
        }
        bucketTime[p] = t + nanosPerToken;
        return true;
    }
}
