package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Whois8Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so TTL, grace and expiry are tested without sleeping. */
final class ManualClock implements Whois8Clock
{
    private final AtomicLong millis;

    ManualClock(final Instant start)
    {
        millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public long millis()
    {
        return millis.get();
    }

    void advance(final Duration d)
    {
        millis.addAndGet(d.toMillis());
    }

    Instant now()
    {
        return Instant.ofEpochMilli(millis.get());
    }
}
