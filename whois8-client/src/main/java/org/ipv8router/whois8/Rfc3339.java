package org.ipv8router.whois8;

/**
 * Fast path for the one timestamp shape registries write, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} (RFC 3339, UTC):
 * {@link java.time.Instant#parse} costs about a microsecond, which matters for 200,000 timestamps in a snapshot.
 * Anything else returns {@link Long#MIN_VALUE} so the caller falls back to the JDK parser.
 */
final class Rfc3339
{
    private Rfc3339()
    {
    }

    /** Epoch milliseconds, or {@link Long#MIN_VALUE} when the text is not in the fast-path shape. */
    static long parseUtcMillis(final String s)
    {
        final int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't') ||
            s.charAt(13) != ':' || s.charAt(16) != ':' || (s.charAt(n - 1) != 'Z' && s.charAt(n - 1) != 'z'))
        {
            return Long.MIN_VALUE;
        }
        final int year = digits(s, 0, 4);
        final int month = digits(s, 5, 2);
        final int day = digits(s, 8, 2);
        final int hour = digits(s, 11, 2);
        final int minute = digits(s, 14, 2);
        final int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 ||
            hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20)
        {
            if (s.charAt(19) != '.' || n == 21)
            {
                return Long.MIN_VALUE;
            }
            int scale = 100;
            for (int i = 20; i < n - 1; i++)
            {
                final char c = s.charAt(i);
                if (c < '0' || c > '9')
                {
                    return Long.MIN_VALUE;
                }
                millis += (c - '0') * scale;
                scale /= 10;
            }
        }
        else if (s.charAt(19) != 'Z' && s.charAt(19) != 'z')
        {
            return Long.MIN_VALUE;
        }
        final long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(final String s, final int from, final int count)
    {
        int v = 0;
        for (int i = from; i < from + count; i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(final int year, final int month)
    {
        return switch (month)
        {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(final int y0, final int m, final int d)
    {
        final int y = m <= 2 ? y0 - 1 : y0;
        final int era = Math.floorDiv(y, 400);
        final int yoe = y - era * 400;
        final int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        final int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return (long)era * 146_097 + doe - 719_468;
    }
}
