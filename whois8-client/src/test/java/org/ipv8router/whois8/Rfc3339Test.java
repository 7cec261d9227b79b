package org.ipv8router.whois8;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Rfc3339Test
{
    private static final long MIN_MILLIS = -62_135_596_800_000L;   // 0001-01-01T00:00:00Z
    private static final long MAX_MILLIS = 253_402_300_799_999L;   // 9999-12-31T23:59:59.999Z

    /** 1000 seeded cases over years 1..9999; the first cases are the range edges and the epoch. */
    @Test
    void agreesWithInstantParse()
    {
        final long[] edges = {MIN_MILLIS, MAX_MILLIS, 0, -1, 1, 951_782_400_000L /* 2000-02-29 */};
        final SplittableRandom random = new SplittableRandom(0x3339);
        for (int i = 0; i < 1000; i++)
        {
            final long millis = i < edges.length ? edges[i] : random.nextLong(MIN_MILLIS, MAX_MILLIS + 1);
            final Instant t = Instant.ofEpochMilli(millis);
            assertEquals(millis, Rfc3339.parseUtcMillis(t.toString()), "case " + i + ": " + t);
            final Instant seconds = t.truncatedTo(ChronoUnit.SECONDS);
            assertEquals(seconds.toEpochMilli(), Rfc3339.parseUtcMillis(seconds.toString()), "case " + i + ": " + seconds);
        }
    }

    @Test
    void refusesWhatItDoesNotKnowSoTheJdkParserDecides()
    {
        for (final String s : new String[] { "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-05-01T24:00:00Z",
            "2026-05-01T00:00:00+02:00", "2026-05-01 00:00:00Z", "2026-05-01T00:00:00.Z", "yesterday",
            "+12026-05-01T00:00:00Z" })
        {
            assertEquals(Long.MIN_VALUE, Rfc3339.parseUtcMillis(s), s);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.123456Z").toEpochMilli(),
            Rfc3339.parseUtcMillis("2024-02-29T23:59:59.123456Z"));
    }
}
