package org.ipv8router.log;

/**
 * A token bucket in integer nanoseconds: a token is worth {@code periodNs} of credit, credit grows with elapsed
 * time up to {@code burst} tokens. No allocation, no floating point; the clock is passed in so tests are
 * deterministic. Not thread safe: the owner serialises calls.
 */
public final class TokenBucket
{
    private final long periodNs;
    private final long maxCreditNs;
    private long creditNs;
    private long lastNs;

    /**
     * @param ratePerSecond tokens added per second (at least 1/3600, i.e. the period is at most one hour).
     * @param burst         tokens the bucket holds, and starts with.
     * @param nowNs         current time of the clock later calls use.
     */
    public TokenBucket(final double ratePerSecond, final int burst, final long nowNs)
    {
        if (!(ratePerSecond > 0) || burst < 1)
        {
            throw new IllegalArgumentException("token bucket needs rate > 0 and burst >= 1, got rate " +
                ratePerSecond + " burst " + burst);
        }
        this.periodNs = Math.max(1, Math.min(3_600_000_000_000L, Math.round(1e9 / ratePerSecond)));
        this.maxCreditNs = periodNs * burst;
        this.creditNs = maxCreditNs;
        this.lastNs = nowNs;
    }

    /** Takes one token if there is one at {@code nowNs}. */
    public boolean tryAcquire(final long nowNs)
    {
        final long elapsed = nowNs - lastNs;
        if (elapsed > 0)
        {
            creditNs = elapsed >= maxCreditNs ? maxCreditNs : Math.min(maxCreditNs, creditNs + elapsed);
            lastNs = nowNs;
        }
        if (creditNs >= periodNs)
        {
            creditNs -= periodNs;
            return true;
        }
        return false;
    }
}
