package org.ipv8router.perf.pktgen;

/**
 * An inclusive range of unsigned 32-bit values: ASNs (the r.r.r.r half of an IPv8 address) or IPv4 host
 * addresses (the n.n.n.n half). Written as one value or {@code first-last}; hosts in dotted quads.
 *
 * @param first lowest value, 0..2^32-1.
 * @param last  highest value, first..2^32-1.
 */
public record ValueRange(long first, long last)
{
    private static final long MAX = 0xFFFF_FFFFL;

    public ValueRange
    {
        if (first < 0 || first > MAX || last < 0 || last > MAX)
        {
            throw new IllegalArgumentException("range values must be 0.." + MAX + ", got " + first + "-" + last);
        }
        if (last < first)
        {
            throw new IllegalArgumentException("range " + first + "-" + last + " is empty: the first value is larger " +
                "than the last");
        }
    }

    /** A one-value range. */
    public static ValueRange of(final long value)
    {
        return new ValueRange(value, value);
    }

    /** Number of values, 1..2^32. */
    public long size()
    {
        return last - first + 1;
    }

    /** The value at index 0..size-1. */
    public long at(final long index)
    {
        return first + index;
    }

    public boolean contains(final long value)
    {
        return value >= first && value <= last;
    }

    /** True if the two ranges share a value. */
    public boolean overlaps(final long otherFirst, final long otherLast)
    {
        return first <= otherLast && otherFirst <= last;
    }

    /**
     * Parses "64496" or "64496-64511" (decimal ASNs, 0..4294967295).
     *
     * @param what names the option in error messages, e.g. "--src-asn".
     * @throws IllegalArgumentException naming the option and the bad part.
     */
    public static ValueRange parseAsn(final String what, final String text)
    {
        return parse(what, text, false);
    }

    /**
     * Parses "10.0.0.1" or "10.0.0.1-10.0.0.254" (dotted IPv4 host addresses).
     *
     * @throws IllegalArgumentException naming the option and the bad part.
     */
    public static ValueRange parseHost(final String what, final String text)
    {
        return parse(what, text, true);
    }

    private static ValueRange parse(final String what, final String text, final boolean dotted)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException(what + ": empty range");
        }
        final int dash = text.indexOf('-');
        final String firstText = dash < 0 ? text.trim() : text.substring(0, dash).trim();
        final String lastText = dash < 0 ? firstText : text.substring(dash + 1).trim();
        final long first = dotted ? parseDotted(what, firstText) : parseDecimal(what, firstText);
        final long last = dotted ? parseDotted(what, lastText) : parseDecimal(what, lastText);
        if (last < first)
        {
            throw new IllegalArgumentException(what + ": range '" + text + "' is empty (first > last)");
        }
        return new ValueRange(first, last);
    }

    private static long parseDecimal(final String what, final String text)
    {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException(what + ": '" + text + "' is not an ASN (decimal 0..4294967295)");
        }
        final long value = Long.parseLong(text);
        if (value > MAX)
        {
            throw new IllegalArgumentException(what + ": ASN " + value + " exceeds 4294967295");
        }
        return value;
    }

    private static long parseDotted(final String what, final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 host address (a.b.c.d)");
        }
        long value = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit))
            {
                throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 host address (a.b.c.d)");
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255)
            {
                throw new IllegalArgumentException(what + ": octet " + octet + " in '" + text + "' exceeds 255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Dotted-quad text of a host value. */
    public static String dotted(final long value)
    {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." +
            (value & 0xFF);
    }

    /** "first-last" (decimal) or one value. */
    public String toAsnText()
    {
        return first == last ? Long.toString(first) : first + "-" + last;
    }

    /** "a.b.c.d-e.f.g.h" or one address. */
    public String toHostText()
    {
        return first == last ? dotted(first) : dotted(first) + "-" + dotted(last);
    }
}
