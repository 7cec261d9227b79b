package org.ipv8router.wire;

/**
 * The strict text parser behind {@link Ipv8Address#parse(CharSequence, boolean)} and
 * {@link Ipv8Prefix#parse(CharSequence, boolean)}: spec 1.2 parser rules [V1].
 * <ul>
 *     <li>8 dot-separated parts: full dotted {@code r.r.r.r.n.n.n.n};</li>
 *     <li>5 parts: ASN dot {@code ASN.n.n.n.n}, ASN asplain 0..4294967295 (A33);</li>
 *     <li>4 parts: IPv4 {@code n.n.n.n}, r = 0;</li>
 *     <li>anything else is invalid (6 parts would be RFC 5396 asdot, which is not accepted);</li>
 *     <li>decimal digits only: no sign, no leading zero, no hex (A9); octets &lt;= 255;</li>
 *     <li>only when enabled: the later revision's hyphen form {@code <RN>-<LA>}, RN a decimal ASN or
 *         four octets, LA four octets (A34, A35).</li>
 * </ul>
 * Cold path: the messages are built with string concatenation and name the offending part.
 */
final class AddressTextParser
{
    static final long MAX_ASN = 0xFFFF_FFFFL;

    private AddressTextParser()
    {
    }

    /** First index in [start, end) that is not whitespace. */
    static int trimStart(final CharSequence s, final int start, final int end)
    {
        int i = start;
        while (i < end && Character.isWhitespace(s.charAt(i)))
        {
            i++;
        }
        return i;
    }

    /** One past the last index in [start, end) that is not whitespace. */
    static int trimEnd(final CharSequence s, final int start, final int end)
    {
        int i = end;
        while (i > start && Character.isWhitespace(s.charAt(i - 1)))
        {
            i--;
        }
        return i;
    }

    static int indexOf(final CharSequence s, final char c, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            if (s.charAt(i) == c)
            {
                return i;
            }
        }
        return -1;
    }

    static int count(final CharSequence s, final char c, final int start, final int end)
    {
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (s.charAt(i) == c)
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Parses the address in {@code s[start, end)} (already trimmed).
     *
     * @param input       the complete text, quoted in error messages.
     * @param notationOut if not null, element 0 receives the notation that was recognised.
     */
    static long parse(
        final CharSequence s,
        final int start,
        final int end,
        final boolean acceptHyphenForm,
        final String input,
        final Ipv8Address.Notation[] notationOut)
    {
        if (start >= end)
        {
            throw new Ipv8AddressFormatException("empty address in '" + input + "'", input);
        }
        final int colon = indexOf(s, ':', start, end);
        if (colon >= 0)
        {
            throw new Ipv8AddressFormatException(
                "':' in '" + input + "': IPv6 notation is not an IPv8 address (expected dotted decimal)", input);
        }

        if (acceptHyphenForm && indexOf(s, '-', start, end) >= 0)
        {
            setNotation(notationOut, Ipv8Address.Notation.HYPHEN);
            return parseHyphenForm(s, start, end, input);
        }

        final int parts = count(s, '.', start, end) + 1;
        switch (parts)
        {
            case 8:
            {
                setNotation(notationOut, Ipv8Address.Notation.FULL_DOTTED);
                long address = 0;
                int p = start;
                for (int i = 1; i <= 8; i++)
                {
                    final int e = partEnd(s, p, end);
                    address = (address << 8) | parseNumber(s, p, e, 255, "octet " + i, false, input);
                    p = e + 1;
                }
                return address;
            }

            case 5:
            {
                setNotation(notationOut, Ipv8Address.Notation.ASN_DOT);
                final int e = partEnd(s, start, end);
                final long asn = parseNumber(s, start, e, MAX_ASN, "ASN", false, input);
                return (asn << 32) | parseQuad(s, e + 1, end, 2, "octet ", input);
            }

            case 4:
                setNotation(notationOut, Ipv8Address.Notation.IPV4);
                return parseQuad(s, start, end, 1, "octet ", input);

            default:
                throw new Ipv8AddressFormatException(
                    parts + " dot-separated part" + (parts == 1 ? "" : "s") + ": expected 4, 5 or 8" +
                    (parts == 6 ? " (RFC 5396 asdot is not accepted)" : "") + " in '" + input + "'",
                    input);
        }
    }

    private static long parseHyphenForm(final CharSequence s, final int start, final int end, final String input)
    {
        if (count(s, '-', start, end) != 1)
        {
            throw new Ipv8AddressFormatException(
                "more than one '-' in '" + input + "': the hyphen form is <RN>-<LA>", input);
        }
        final int dash = indexOf(s, '-', start, end);
        if (dash == start)
        {
            throw new Ipv8AddressFormatException(
                "routing number before '-' is empty in '" + input + "': the hyphen form is <RN>-<LA>", input);
        }
        final int rnDots = count(s, '.', start, dash);
        final long r;
        if (rnDots == 0)
        {
            r = parseNumber(s, start, dash, MAX_ASN, "routing number (ASN)", true, input);
        }
        else if (rnDots == 3)
        {
            r = parseQuad(s, start, dash, 1, "routing-number octet ", input);
        }
        else
        {
            throw new Ipv8AddressFormatException(
                "routing number '" + s.subSequence(start, dash) + "' in '" + input +
                "' must be a decimal ASN or 4 dotted octets", input);
        }
        final int laDots = count(s, '.', dash + 1, end);
        if (laDots != 3)
        {
            throw new Ipv8AddressFormatException(
                "local address '" + s.subSequence(dash + 1, end) + "' after '-' has " + (laDots + 1) +
                " dot-separated parts: expected 4 in '" + input + "'", input);
        }
        return (r << 32) | parseQuad(s, dash + 1, end, 1, "local-address octet ", input);
    }

    /** Four dotted octets in [start, end) (exactly 3 dots already checked) as an unsigned 32-bit value. */
    private static long parseQuad(
        final CharSequence s, final int start, final int end, final int firstNumber, final String name, final String input)
    {
        long value = 0;
        int p = start;
        for (int i = 0; i < 4; i++)
        {
            final int e = partEnd(s, p, end);
            value = (value << 8) | parseNumber(s, p, e, 255, name + (firstNumber + i), false, input);
            p = e + 1;
        }
        return value;
    }

    private static int partEnd(final CharSequence s, final int start, final int end)
    {
        final int dot = indexOf(s, '.', start, end);
        return dot < 0 ? end : dot;
    }

    /**
     * A decimal number in [start, end) that is at most {@code max}: digits only, no sign, no leading zero.
     *
     * @param name         the part as the operator sees it: "octet 5", "ASN", "prefix length".
     * @param hyphenActive true when the hyphen form is enabled (then '-' inside a part is not a hint).
     */
    static long parseNumber(
        final CharSequence s,
        final int start,
        final int end,
        final long max,
        final String name,
        final boolean hyphenActive,
        final String input)
    {
        if (start >= end)
        {
            throw new Ipv8AddressFormatException(name + " is empty in '" + input + "'", input);
        }
        final String part = s.subSequence(start, end).toString();
        final char first = part.charAt(0);
        if (first == '+' || first == '-')
        {
            throw new Ipv8AddressFormatException(
                name + " '" + part + "' has a sign: only decimal digits are accepted in '" + input + "'", input);
        }
        boolean allDigits = true;
        boolean allHex = true;
        for (int i = 0; i < part.length(); i++)
        {
            final char c = part.charAt(i);
            if (c < '0' || c > '9')
            {
                allDigits = false;
                if (Character.digit(c, 16) < 0 || c > 'f')
                {
                    allHex = false;
                }
            }
        }
        if (!allDigits)
        {
            final String hint;
            if (!hyphenActive && part.indexOf('-') > 0)
            {
                hint = " (the hyphen form <RN>-<LA> is accepted only when enabled)";
            }
            else if (allHex && !name.startsWith("ASN"))
            {
                hint = " (hex octets are not accepted)";
            }
            else
            {
                hint = "";
            }
            throw new Ipv8AddressFormatException(
                name + " '" + part + "' is not a decimal number" + hint + " in '" + input + "'", input);
        }
        if (part.length() > 1 && first == '0')
        {
            throw new Ipv8AddressFormatException(
                "leading zero in " + name + " '" + part + "' of '" + input + "' (octal-looking values are rejected)",
                input);
        }
        long value = 0;
        for (int i = 0; i < part.length(); i++)
        {
            value = value * 10 + (part.charAt(i) - '0');
            if (value > max)
            {
                throw new Ipv8AddressFormatException(
                    name + " '" + part + "' is > " + max + " in '" + input + "'", input);
            }
        }
        return value;
    }

    private static void setNotation(final Ipv8Address.Notation[] out, final Ipv8Address.Notation notation)
    {
        if (out != null)
        {
            out[0] = notation;
        }
    }
}
