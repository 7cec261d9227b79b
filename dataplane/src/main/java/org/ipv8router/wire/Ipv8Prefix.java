package org.ipv8router.wire;

/**
 * An IPv8 prefix: a 64-bit network address and a 64-bit prefix length P, 0..64 (spec 1.7, A7, A8).
 * Immutable value for the cold path (config, RIB, CLI); the fast path uses the static helpers
 * {@link #mask64(int)}, {@link #contains(long, int, long)} and {@link #isInjectableFromExternalPeer(long, int)}
 * on raw {@code long}/{@code int}.
 * <p>
 * Text notations [V1]:
 * <pre>
 *   ASN dot       ASN.a.b.c.d/L      L = host-part bits 0..32, the ASN exact    P = L + 32
 *   full dotted   r.r.r.r.n.n.n.n/P  P = 0..64 over all 64 bits
 *   IPv4          a.b.c.d/L          r = 0, L = 0..32                          P = L + 32
 *   hyphen        RN-a.b.c.d/L       only when enabled, like ASN dot           P = L + 32
 * </pre>
 * so {@code 218785.45.138.12.0/24} equals {@code 0.3.86.161.45.138.12.0/56}.
 * <p>
 * Host bits must be zero: {@link #of(long, int)} and {@link #parse(CharSequence)} reject
 * {@code 64496.192.0.2.1/24} with a message that names the intended prefix, because a set host bit in
 * configuration is usually a typo that silently changes meaning. {@link #covering(long, int)} is the
 * normalising factory for code that wants the prefix containing an address.
 * <p>
 * The /16 minimum injectable prefix (spec 1.7, A7): from an eBGP8 peer only 32 &lt;= P &lt;= 48 is accepted,
 * i.e. the ASN is exact and the host part is at most /16. That is a length rule only; the RN checks of the
 * import policy (reserved r, RN 0 following IPv4 policy) live in bgp8.
 */
public final class Ipv8Prefix implements Comparable<Ipv8Prefix>
{
    /** Longest prefix length P (a single address). */
    public static final int MAX_LENGTH = 64;
    /** P that covers exactly one ASN (the routing prefix): host-part length L = P - 32. */
    public static final int ASN_LENGTH = 32;
    /** Shortest and longest P accepted from an external (eBGP8) peer: host part /0 .. /16 (A7). */
    public static final int EXTERNAL_MIN_LENGTH = 32;
    public static final int EXTERNAL_MAX_LENGTH = 48;

    private final long address;
    private final int length;

    private Ipv8Prefix(final long address, final int length)
    {
        this.address = address;
        this.length = length;
    }

    // ------------------------------------------------------------------------------------------------
    // Static helpers for the fast path (allocation free)
    // ------------------------------------------------------------------------------------------------

    /** The network mask of a 64-bit prefix length: {@code P == 0 ? 0 : -1L << (64 - P)}. P must be 0..64. */
    public static long mask64(final int length)
    {
        return length == 0 ? 0L : -1L << (64 - length);
    }

    /** True if {@code address} lies in {@code prefix/length} (P 0..64; host bits of prefix ignored). */
    public static boolean contains(final long prefix, final int length, final long address)
    {
        final long mask = mask64(length);
        return ((address ^ prefix) & mask) == 0;
    }

    /**
     * The /16 rule for an NLRI from an external peer: 32 &lt;= P &lt;= 48 (A7, bgp8 R3). Only the length counts;
     * the address is taken so that call sites read like the instance method and the rule can grow an
     * address-dependent part without changing callers; today it is not consulted.
     */
    public static boolean isInjectableFromExternalPeer(final long address, final int length)
    {
        return length >= EXTERNAL_MIN_LENGTH && length <= EXTERNAL_MAX_LENGTH;
    }

    // ------------------------------------------------------------------------------------------------
    // Factories
    // ------------------------------------------------------------------------------------------------

    /**
     * The prefix {@code address/length} (P 0..64, over all 64 bits).
     *
     * @throws IllegalArgumentException if P is out of range or a host bit (beyond P) is set.
     */
    public static Ipv8Prefix of(final long address, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..64");
        }
        if ((address & ~mask64(length)) != 0)
        {
            throw new IllegalArgumentException(
                "host bits set beyond /" + length + " in " + Ipv8Address.toFullDotted(address) + "/" + length +
                ": the prefix is " + Ipv8Address.toFullDotted(address & mask64(length)) + "/" + length);
        }
        return new Ipv8Prefix(address, length);
    }

    /**
     * The prefix of length P (0..64) that contains {@code address}: host bits are cleared, never rejected.
     *
     * @throws IllegalArgumentException if P is out of range.
     */
    public static Ipv8Prefix covering(final long address, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..64");
        }
        return new Ipv8Prefix(address & mask64(length), length);
    }

    /** As {@link #parse(CharSequence, boolean)} without the hyphen form. */
    public static Ipv8Prefix parse(final CharSequence text)
    {
        return parse(text, false);
    }

    /**
     * Parses {@code ASN.a.b.c.d/L}, {@code r.r.r.r.n.n.n.n/P} or {@code a.b.c.d/L} (and {@code RN-a.b.c.d/L}
     * if {@code acceptHyphenForm}); the address part follows {@link Ipv8Address#parse(CharSequence, boolean)}.
     * The length is decimal without sign or leading zero.
     *
     * @throws Ipv8AddressFormatException if the text is not a prefix or a host bit is set; the message names the
     *                                    offending part and, for set host bits, the intended prefix.
     */
    public static Ipv8Prefix parse(final CharSequence text, final boolean acceptHyphenForm)
    {
        final String input = text.toString();
        final int start = AddressTextParser.trimStart(input, 0, input.length());
        final int end = AddressTextParser.trimEnd(input, start, input.length());
        final int slash = AddressTextParser.indexOf(input, '/', start, end);
        if (slash < 0)
        {
            throw new Ipv8AddressFormatException(
                "missing '/<length>' in '" + input + "': a prefix is <address>/<length>", input);
        }
        if (AddressTextParser.indexOf(input, '/', slash + 1, end) >= 0)
        {
            throw new Ipv8AddressFormatException("more than one '/' in '" + input + "'", input);
        }

        final Ipv8Address.Notation[] notation = new Ipv8Address.Notation[1];
        final long address = AddressTextParser.parse(input, start, slash, acceptHyphenForm, input, notation);
        final boolean fullDotted = notation[0] == Ipv8Address.Notation.FULL_DOTTED;
        final long maxLength = fullDotted ? MAX_LENGTH : ASN_LENGTH;
        final String lengthName = fullDotted ?
            "prefix length (64-bit, full dotted notation)" : "prefix length (host-part bits)";
        final int written = (int)AddressTextParser.parseNumber(
            input, slash + 1, end, maxLength, lengthName, false, input);
        final int length = fullDotted ? written : written + ASN_LENGTH;

        final long mask = mask64(length);
        if ((address & ~mask) != 0)
        {
            final Ipv8Prefix intended = new Ipv8Prefix(address & mask, length);
            final String shown;
            switch (notation[0])
            {
                case FULL_DOTTED: shown = intended.toFullDotted(); break;
                case IPV4: shown = Ipv8Address.toIpv4((int)intended.address) + "/" + written; break;
                default: shown = intended.toAsnDot(); break;
            }
            throw new Ipv8AddressFormatException(
                "host bits set beyond /" + written + " in '" + input + "': the prefix is " + shown, input);
        }
        return new Ipv8Prefix(address, length);
    }

    // ------------------------------------------------------------------------------------------------
    // Accessors and queries
    // ------------------------------------------------------------------------------------------------

    /** The network address (host bits zero). */
    public long address()
    {
        return address;
    }

    /** The 64-bit prefix length P, 0..64. */
    public int length()
    {
        return length;
    }

    /** True if P >= 32, i.e. the ASN is exact and the prefix has an ASN dot form with a host-part length. */
    public boolean hasHostLength()
    {
        return length >= ASN_LENGTH;
    }

    /**
     * The host-part length L = P - 32 (0..32).
     *
     * @throws IllegalStateException if P &lt; 32 (the prefix spans several ASNs).
     */
    public int hostLength()
    {
        if (length < ASN_LENGTH)
        {
            throw new IllegalStateException("prefix " + toFullDotted() + " spans several ASNs: no host-part length");
        }
        return length - ASN_LENGTH;
    }

    /** {@link #mask64(int)} of this prefix. */
    public long mask()
    {
        return mask64(length);
    }

    /** The first address, equal to {@link #address()}. */
    public long first()
    {
        return address;
    }

    /** The last address (all host bits set). */
    public long last()
    {
        return address | ~mask64(length);
    }

    /** True if {@code candidate} lies in this prefix. */
    public boolean contains(final long candidate)
    {
        return (candidate & mask64(length)) == address;
    }

    /** True if every address of {@code other} lies in this prefix. */
    public boolean contains(final Ipv8Prefix other)
    {
        return other.length >= length && contains(other.address);
    }

    /** The /16 rule: may this prefix be accepted from an eBGP8 peer? 32 &lt;= P &lt;= 48 (A7). */
    public boolean isInjectableFromExternalPeer()
    {
        return isInjectableFromExternalPeer(address, length);
    }

    // ------------------------------------------------------------------------------------------------
    // Text
    // ------------------------------------------------------------------------------------------------

    /** Full dotted form with the 64-bit length: {@code 0.3.86.161.45.138.12.0/56}. */
    public String toFullDotted()
    {
        return Ipv8Address.appendFullDotted(new StringBuilder(34), address).append('/').append(length).toString();
    }

    /**
     * ASN dot form with the host-part length: {@code 218785.45.138.12.0/24}.
     *
     * @throws IllegalStateException if P &lt; 32 (no ASN dot form exists).
     */
    public String toAsnDot()
    {
        return Ipv8Address.appendAsnDot(new StringBuilder(29), address).append('/').append(hostLength()).toString();
    }

    /**
     * The canonical text, following the address printer rule (spec 1.2): ASN dot when P &gt;= 32 and
     * 0 &lt; r &lt; 2^24, else full dotted.
     */
    @Override
    public String toString()
    {
        final long asn = address >>> 32;
        if (length >= ASN_LENGTH && asn != 0 && asn < (1L << 24))
        {
            return toAsnDot();
        }
        return toFullDotted();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Ipv8Prefix other && other.address == address && other.length == length;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(address) * 31 + length;
    }

    /** Orders by unsigned network address, then by length (shorter first). */
    @Override
    public int compareTo(final Ipv8Prefix other)
    {
        final int byAddress = Long.compareUnsigned(address, other.address);
        return byAddress != 0 ? byAddress : Integer.compare(length, other.length);
    }
}
