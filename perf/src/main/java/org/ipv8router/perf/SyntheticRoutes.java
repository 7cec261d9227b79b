package org.ipv8router.perf;

import java.util.Random;

import org.agrona.collections.IntHashSet;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibUpdateBatch;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.wire.Ipv8Address;

/**
 * Synthetic route sets for the FIB benchmarks. The IPv4 prefix lengths follow the rough shape of a full Internet
 * table (about 60 % /24, then /22, /23, /21, /20 ...), plus a few percent longer than /24 as an internal table
 * would carry, so that tbl8 groups are exercised.
 */
final class SyntheticRoutes
{
    /**
     * Prefix length -> weight per 100,000 routes: roughly the public IPv4 table of the mid-2020s (about 60 % /24,
     * a few dozen prefixes shorter than /12), plus 3 % longer than /24 as an internal table carries.
     */
    private static final int[][] IPV4_LENGTHS = {
        {8, 2}, {9, 2}, {10, 4}, {11, 10}, {12, 30}, {13, 60}, {14, 120}, {15, 200}, {16, 1300}, {17, 800},
        {18, 1400}, {19, 2700}, {20, 4500}, {21, 5000}, {22, 12000}, {23, 9900}, {24, 59000}, {25, 600}, {26, 600},
        {27, 400}, {28, 400}, {29, 400}, {30, 372}, {32, 200}};

    private SyntheticRoutes()
    {
    }

    static int randomIpv4Length(final Random rnd)
    {
        int pick = rnd.nextInt(100_000);
        for (final int[] lw : IPV4_LENGTHS)
        {
            pick -= lw[1];
            if (pick < 0)
            {
                return lw[0];
            }
        }
        return 24;
    }

    /** A random unicast-looking IPv4 prefix (first octet 1..223) masked to its length. */
    static int randomIpv4Prefix(final Random rnd, final int length)
    {
        final int addr = ((1 + rnd.nextInt(223)) << 24) | (rnd.nextInt() & 0xFF_FFFF);
        return length == 0 ? 0 : addr & (-1 << (32 - length));
    }

    /**
     * Installs {@code count} distinct IPv4 prefixes (r = 0) with next hops from {@code hops}; returns their
     * (prefix, length) pairs packed as {@code prefix << 8 | length} in a long array.
     */
    static long[] installIpv4(final Fib fib, final Random rnd, final int count, final int[] hops)
    {
        final long[] installed = new long[count];
        final FibUpdateBatch batch = new FibUpdateBatch(4096);
        int n = 0;
        while (n < count)
        {
            batch.clear();
            final int want = Math.min(batch.capacity(), count - n);
            for (int i = 0; i < want; i++)
            {
                final int len = randomIpv4Length(rnd);
                final int prefix = randomIpv4Prefix(rnd, len);
                batch.add(Ipv8Address.of(0, prefix), 32 + len, hops[rnd.nextInt(hops.length)]);
            }
            fib.apply(batch);
            for (int i = 0; i < want && n < count; i++)
            {
                final RouteResult result = batch.result(i);
                if (result == RouteResult.INSTALLED)
                {
                    installed[n++] = ((batch.prefix(i) & 0xFFFF_FFFFL) << 8) | (batch.length(i) - 32);
                }
                else if (result != RouteResult.REPLACED)
                {
                    throw new IllegalStateException("synthetic IPv4 route refused: " + result.description());
                }
            }
        }
        return installed;
    }

    /** A random address inside a packed (prefix << 8 | length) entry. */
    static int addressIn(final long packed, final Random rnd)
    {
        final int prefix = (int)(packed >>> 8);
        final int length = (int)(packed & 0xFF);
        final int hostMask = length == 32 ? 0 : (int)(0xFFFF_FFFFL >>> length);
        return prefix | (rnd.nextInt() & hostMask);
    }

    /**
     * Installs {@code asns} foreign ASNs (r = 70000 + i * 7) in Tier 1, each with a whole-ASN route; every tenth
     * also gets four /16 host prefixes. Returns the r values.
     */
    static int[] installTier1(final Fib fib, final Random rnd, final int asns, final int[] hops)
    {
        final int[] rs = new int[asns];
        for (int i = 0; i < asns; i++)
        {
            final int r = 70_000 + i * 7;
            rs[i] = r;
            check(fib.addRoute(Ipv8Address.of(r, 0), 32, hops[rnd.nextInt(hops.length)]));
            if (i % 10 == 0)
            {
                for (int j = 0; j < 4; j++)
                {
                    check(fib.addRoute(Ipv8Address.of(r, (10 + j) << 24 | rnd.nextInt(256) << 16), 48,
                        hops[rnd.nextInt(hops.length)]));
                }
            }
        }
        return rs;
    }

    /**
     * Installs {@code asns} distinct random foreign r values (not 0, not ff.ff.ff.ff) in Tier 1, each with a
     * whole-ASN route; every {@code prefixEvery}-th (0: none) also gets {@code prefixes} distinct /16 host prefixes
     * under 10.0.0.0/6 (at most 1024). Returns the r values in insertion order.
     */
    static int[] installTier1Random(
        final Fib fib, final Random rnd, final int asns, final int prefixEvery, final int prefixes, final int[] hops)
    {
        final int[] rs = new int[asns];
        final IntHashSet seen = new IntHashSet(asns * 2);
        for (int i = 0; i < asns; i++)
        {
            int r;
            do
            {
                r = rnd.nextInt();
            }
            while (r == 0 || r == -1 || !seen.add(r));
            rs[i] = r;
            check(fib.addRoute(Ipv8Address.of(r, 0), 32, hops[rnd.nextInt(hops.length)]));
            if (prefixEvery > 0 && i % prefixEvery == 0)
            {
                for (int j = 0; j < prefixes; j++)
                {
                    check(fib.addRoute(Ipv8Address.of(r, (10 + (j & 3)) << 24 | ((j >>> 2) & 0xFF) << 16), 48,
                        hops[rnd.nextInt(hops.length)]));
                }
            }
        }
        return rs;
    }

    static int[] nextHops(final Fib fib, final int count)
    {
        final int[] hops = new int[count];
        for (int i = 0; i < count; i++)
        {
            hops[i] = fib.nextHops().addConnected(i % 8, Ipv8Address.of(64496, 0xDE00_0000 | i));
        }
        return hops;
    }

    private static void check(final RouteResult result)
    {
        if (!result.isSuccess() && result != RouteResult.REPLACED)
        {
            throw new IllegalStateException("synthetic route refused: " + result.description());
        }
    }
}
