package org.ipv8router.whois8;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Rfc3339Test
{
    @Property
    void agreesWithInstantParse(@ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L)
        final long millis)
    {
        final Instant t = Instant.ofEpochMilli(millis);
        assertEquals(millis, Rfc3339.parseUtcMillis(t.toString()), t.toString());
        final Instant seconds = t.truncatedTo(ChronoUnit.SECONDS);
        assertEquals(seconds.toEpochMilli(), Rfc3339.parseUtcMillis(seconds.toString()), seconds.toString());
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
