package org.ipv8router.dataplane.fib;

import java.util.Arrays;

/**
 * The small LPM of one Tier 1 entry: host prefixes n.n.n.n/L (1 <= L <= 16, the /16 rule of spec 1.7 / A7) inside
 * one foreign ASN. Immutable: the writer builds a changed copy and publishes it with a release store (copy-on-write),
 * so readers need no lock and old copies are reclaimed by the garbage collector.
 * <p>
 * Layout: one {@code int[]} of (prefix, mask, next hop) triples sorted by prefix length, longest first, so the first
 * match of a linear scan is the longest. With a budget of 64 prefixes that is at most 768 bytes scanned in order;
 * most ASNs carry one to a few prefixes.
 */
final class AsnPrefixes
{
    static final AsnPrefixes EMPTY = new AsnPrefixes(new int[0]);

    private final int[] triples;

    private AsnPrefixes(final int[] triples)
    {
        this.triples = triples;
    }

    int lookup(final int host)
    {
        final int[] t = triples;
        for (int i = 0; i < t.length; i += 3)
        {
            if ((host & t[i + 1]) == t[i])
            {
                return t[i + 2];
            }
        }
        return Dir24_8.NO_ROUTE;
    }

    int size()
    {
        return triples.length / 3;
    }

    /** Next hop of exactly prefix/length, or {@link Dir24_8#NO_ROUTE}. */
    int get(final int prefix, final int length)
    {
        final int i = indexOf(prefix, Dir24_8.mask(length));
        return i < 0 ? Dir24_8.NO_ROUTE : triples[i + 2];
    }

    /** A copy with prefix/length set to nextHop (replaced if present). prefix must be masked. */
    AsnPrefixes with(final int prefix, final int length, final int nextHop)
    {
        final int mask = Dir24_8.mask(length);
        final int existing = indexOf(prefix, mask);
        if (existing >= 0)
        {
            final int[] t = triples.clone();
            t[existing + 2] = nextHop;
            return new AsnPrefixes(t);
        }
        int at = 0;
        while (at < triples.length && Integer.bitCount(triples[at + 1]) >= length)
        {
            at += 3;
        }
        final int[] t = new int[triples.length + 3];
        System.arraycopy(triples, 0, t, 0, at);
        t[at] = prefix;
        t[at + 1] = mask;
        t[at + 2] = nextHop;
        System.arraycopy(triples, at, t, at + 3, triples.length - at);
        return new AsnPrefixes(t);
    }

    /** A copy without prefix/length, {@code null} when that leaves it empty, or this when absent. */
    AsnPrefixes without(final int prefix, final int length)
    {
        final int i = indexOf(prefix, Dir24_8.mask(length));
        if (i < 0)
        {
            return this;
        }
        if (triples.length == 3)
        {
            return null;
        }
        final int[] t = new int[triples.length - 3];
        System.arraycopy(triples, 0, t, 0, i);
        System.arraycopy(triples, i + 3, t, i, triples.length - i - 3);
        return new AsnPrefixes(t);
    }

    /** Calls consumer(prefix, length, nextHop) for each prefix. */
    void forEach(final Dir24_8.RouteConsumer consumer)
    {
        for (int i = 0; i < triples.length; i += 3)
        {
            consumer.accept(triples[i], Integer.bitCount(triples[i + 1]), triples[i + 2]);
        }
    }

    private int indexOf(final int prefix, final int mask)
    {
        for (int i = 0; i < triples.length; i += 3)
        {
            if (triples[i] == prefix && triples[i + 1] == mask)
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString()
    {
        return "AsnPrefixes" + Arrays.toString(triples);
    }
}
