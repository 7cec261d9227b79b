package org.ipv8router.bgp8.codec;

/**
 * Helpers for the unified 64-bit prefix space used throughout the speaker: an IPv4 prefix a.b.c.d/L is
 * held as 0.0.0.0.a.b.c.d/(L+32) (ipv8-core 1.7), an IPv8 prefix as its 64-bit value and 64-bit length.
 * Routes are therefore keyed by (long prefix, int length) in every table, with no boxing.
 */
public final class Prefixes
{
    private Prefixes()
    {
    }

    /** Mask of the first {@code length} bits of a 64-bit address. */
    public static long mask(final int length)
    {
        return length == 0 ? 0L : -1L << (64 - length);
    }

    /** True for a route of the IPv4 family (RN = 0 and a 64-bit length of at least 32). */
    public static boolean isIpv4(final long prefix, final int length)
    {
        return (prefix >>> 32) == 0 && length >= 32;
    }

    /** The routing number (ASN) of a prefix. */
    public static long rn(final long prefix)
    {
        return prefix >>> 32;
    }

    /** The 64-bit form of an IPv4 prefix a.b.c.d (RN 0); its 64-bit length is the IPv4 length + 32. */
    public static long ipv4(final int address)
    {
        return address & 0xFFFF_FFFFL;
    }

    /** Parses "a.b.c.d/L" (IPv4, stored as RN 0, length L+32), "asn.a.b.c.d/L" (ASN-dot, host bits) or
     * "r.r.r.r.n.n.n.n/P" (full dotted, 64-bit length). Returns {prefix, length}. */
    public static long[] parse(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("prefix '" + text + "' has no /length");
        }
        final String[] parts = text.substring(0, slash).split("\\.");
        final int len = Integer.parseInt(text.substring(slash + 1));
        long value = 0;
        final int length;
        if (parts.length == 4)
        {
            value = octets(parts, 0, 4);
            length = checkLength(text, len, 32) + 32;
        }
        else if (parts.length == 5)
        {
            value = (Long.parseLong(parts[0]) << 32) | octets(parts, 1, 4);
            length = checkLength(text, len, 32) + 32;
        }
        else if (parts.length == 8)
        {
            value = (octets(parts, 0, 4) << 32) | octets(parts, 4, 4);
            length = checkLength(text, len, 64);
        }
        else
        {
            throw new IllegalArgumentException("prefix '" + text + "' is neither a.b.c.d, asn.a.b.c.d nor 8 octets");
        }
        if ((value & ~mask(length)) != 0)
        {
            throw new IllegalArgumentException("prefix '" + text + "' has host bits set beyond its length");
        }
        return new long[] {value, length};
    }

    private static int checkLength(final String text, final int len, final int max)
    {
        if (len < 0 || len > max)
        {
            throw new IllegalArgumentException("prefix '" + text + "' length " + len + " is outside 0.." + max);
        }
        return len;
    }

    private static long octets(final String[] parts, final int from, final int count)
    {
        long v = 0;
        for (int i = from; i < from + count; i++)
        {
            final int o = Integer.parseInt(parts[i]);
            if (o < 0 || o > 255)
            {
                throw new IllegalArgumentException("octet " + o + " is outside 0..255");
            }
            v = (v << 8) | o;
        }
        return v;
    }

    /**
     * IPv4 routes as a.b.c.d/L; IPv8 routes as ASN-dot with host bits (64497.10.0.0.0/8) when the length is at
     * least 32 and the RN's first octet is 0, otherwise as eight octets with the 64-bit length.
     */
    public static String format(final long prefix, final int length)
    {
        final long rn = prefix >>> 32;
        if (length >= 32 && (rn >>> 24) == 0)
        {
            final String host = formatIpv4((int)prefix) + "/" + (length - 32);
            return rn == 0 ? host : rn + "." + host;
        }
        return formatIpv4((int)(prefix >>> 32)) + "." + formatIpv4((int)prefix) + "/" + length;
    }

    public static String formatAddress(final long address)
    {
        final long rn = address >>> 32;
        return rn == 0 ? formatIpv4((int)address) : rn + "." + formatIpv4((int)address);
    }

    public static String formatIpv4(final int a)
    {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }
}
