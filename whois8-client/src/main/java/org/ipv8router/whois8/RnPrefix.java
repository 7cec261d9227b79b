package org.ipv8router.whois8;

/**
 * Text form of IPv8 route prefixes used in WHOIS8 records: ASN-dot notation with a host-part length,
 * {@code 64497.10.0.0.0/8} = RN 64497, host 10.0.0.0/8 = 64-bit prefix 0x0000FBF1_0A000000 / 40
 * (bgp8-whois8.md §1, §11.6). Static helpers only; values are carried as (long prefix64, int length64).
 */
public final class RnPrefix
{
    private RnPrefix()
    {
    }

    /** The routing number (upper 32 bits) of a 64-bit IPv8 prefix or address. */
    public static long rn(final long prefix64)
    {
        return prefix64 >>> 32;
    }

    /** 64-bit prefix from RN and host part. */
    public static long prefix64(final long rn, final int host)
    {
        return (rn << 32) | (host & 0xFFFF_FFFFL);
    }

    /** True when {@code inner/innerLen} lies inside {@code outer/outerLen} (both 64-bit lengths 0..64). */
    public static boolean covers(final long outer, final int outerLen, final long inner, final int innerLen)
    {
        if (innerLen < outerLen)
        {
            return false;
        }
        if (outerLen == 0)
        {
            return true;
        }
        return ((outer ^ inner) >>> (64 - outerLen)) == 0;
    }

    /**
     * Parses {@code <asn>.<a>.<b>.<c>.<d>/<hostLen>}. Returns {@code prefix64} and writes the 64-bit length into
     * {@code lengthOut[0]}.
     *
     * @throws IllegalArgumentException naming the bad part; host bits beyond the length must be zero.
     */
    public static long parse(final String text, final int[] lengthOut)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("route '" + text + "' has no /length");
        }
        final String[] parts = text.substring(0, slash).split("\\.", -1);
        if (parts.length != 5)
        {
            throw new IllegalArgumentException("route '" + text + "' is not <asn>.<a>.<b>.<c>.<d>/<len>");
        }
        final long rn = parseUnsigned(parts[0], 0xFFFF_FFFFL, text, "ASN");
        int host = 0;
        for (int i = 1; i < 5; i++)
        {
            host = (host << 8) | (int)parseUnsigned(parts[i], 255, text, "octet");
        }
        final int hostLen = (int)parseUnsigned(text.substring(slash + 1), 32, text, "host length");
        final long prefix = prefix64(rn, host);
        final int len64 = 32 + hostLen;
        if (len64 < 64 && (prefix << len64) != 0)
        {
            throw new IllegalArgumentException("route '" + text + "' has host bits set beyond /" + hostLen);
        }
        lengthOut[0] = len64;
        return prefix;
    }

    /** Formats a 64-bit prefix with length 32..64 in ASN-dot form. */
    public static String format(final long prefix64, final int length64)
    {
        final int host = (int)prefix64;
        return (prefix64 >>> 32) + "." + (host >>> 24) + "." + ((host >>> 16) & 0xFF) + "." + ((host >>> 8) & 0xFF) +
            "." + (host & 0xFF) + "/" + (length64 - 32);
    }

    private static long parseUnsigned(final String s, final long max, final String text, final String what)
    {
        if (s.isEmpty() || s.length() > 10)
        {
            throw new IllegalArgumentException("route '" + text + "': bad " + what + " '" + s + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException("route '" + text + "': bad " + what + " '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        if (v > max)
        {
            throw new IllegalArgumentException("route '" + text + "': " + what + " " + v + " exceeds " + max);
        }
        return v;
    }
}
