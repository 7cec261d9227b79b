package org.ipv8router.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the batch lookup paths ({@link Fib#lookup(long[], int, int[], int)}: one-r batches on the
 * IPv4 table, on local DIR-24-8 and DIR-16-8-8 tables and on one Tier 1 entry, and mixed batches) against
 * {@link Fib#lookup(long)}, over a large random table with tbl8 groups, defaults set and unset, and misses of
 * every kind. The r = 0 results are also checked against {@link ReferenceLpm}, so that both paths cannot be wrong
 * the same way.
 */
class FibBatchLookupTest
{
    private static final int OWN_ASN = 64496;
    private static final int ZONE = 0x7F01_0000;
    private static final int FOREIGN_ASNS = 3000;
    private static final int BATCH_MAX = 64;

    private static Fib fib;
    private static ReferenceLpm ipv4Reference;
    private static int[] foreign;
    private static int[] v4Prefixes;
    private static int[] ownPrefixes;
    private static int[] zonePrefixes;
    private static int[] hops;

    @BeforeAll
    static void buildTable()
    {
        final SplittableRandom rnd = new SplittableRandom(0x5EED_FB1BL);
        fib = new Fib(FibConfig.defaults().withMaxAsns(FOREIGN_ASNS + 10).withIpv4Groups(4096)
            .withLocalTableGroups(1024, 1024).withNextHopCapacity(256));
        hops = new int[200];
        for (int i = 0; i < hops.length; i++)
        {
            hops[i] = fib.nextHops().addConnected(1 + (i & 7), Ipv8Address.of(OWN_ASN, 0x0A00_0000 | i));
        }
        fib.addLocalR(OWN_ASN);
        fib.addLocalR(ZONE);
        ipv4Reference = new ReferenceLpm();
        v4Prefixes = installTier2(rnd, 0, 20_000, ipv4Reference);
        ownPrefixes = installTier2(rnd, OWN_ASN, 5_000, null);
        zonePrefixes = installTier2(rnd, ZONE, 3_000, null);
        foreign = new int[FOREIGN_ASNS];
        for (int i = 0; i < FOREIGN_ASNS; i++)
        {
            int r;
            do
            {
                r = rnd.nextInt();
            }
            while (r == 0 || r == -1 || r == OWN_ASN || r == ZONE);
            foreign[i] = r;
            final int kind = rnd.nextInt(3); // 0: whole ASN only, 1: host prefixes only, 2: both
            if (kind != 1)
            {
                assertTrue(fib.addRoute(Ipv8Address.of(r, 0), 32, hop(rnd)).isSuccess());
            }
            if (kind != 0)
            {
                for (int p = 1 + rnd.nextInt(6); p > 0; p--)
                {
                    final int len = 1 + rnd.nextInt(16);
                    fib.addRoute(Ipv8Address.of(r, rnd.nextInt() & ReferenceLpm.mask(len)), 32 + len, hop(rnd));
                }
            }
        }
        // Removals make groups collapse and leave deleted Tier 1 slots behind.
        for (int i = 0; i < 2000; i++)
        {
            final int k = rnd.nextInt(v4Prefixes.length / 2) * 2;
            if (fib.removeRoute(Ipv8Address.of(0, v4Prefixes[k]), 32 + v4Prefixes[k + 1]) == RouteResult.REMOVED)
            {
                ipv4Reference.remove(v4Prefixes[k], v4Prefixes[k + 1]);
            }
        }
        for (int i = 0; i < 200; i++)
        {
            fib.removeRoute(Ipv8Address.of(foreign[rnd.nextInt(FOREIGN_ASNS)], 0), 32);
        }
        assertTrue(fib.ipv4Table().groupsInUse() > 100, "the table must exercise tbl8 groups");
    }

    private static int hop(final SplittableRandom rnd)
    {
        return hops[rnd.nextInt(hops.length)];
    }

    /** Installs random prefixes of length 12..32 (a third longer than /24) for r; returns (prefix, length) pairs. */
    private static int[] installTier2(final SplittableRandom rnd, final int r, final int count, final ReferenceLpm ref)
    {
        final int[] out = new int[2 * count];
        for (int i = 0; i < count; i++)
        {
            final int len = rnd.nextInt(3) == 0 ? 25 + rnd.nextInt(8) : 12 + rnd.nextInt(13);
            // Cluster the long prefixes under a few /16s so that groups fill up and share.
            final int base = len > 24 ? (0x0A00_0000 | (rnd.nextInt(64) << 16) | (rnd.nextInt(1 << 16))) : rnd.nextInt();
            final int prefix = base & ReferenceLpm.mask(len);
            final int hop = hop(rnd);
            if (fib.addRoute(Ipv8Address.of(r, prefix), 32 + len, hop).isSuccess() && ref != null)
            {
                ref.add(prefix, len, hop);
            }
            out[2 * i] = prefix;
            out[2 * i + 1] = len;
        }
        return out;
    }

    /** A destination for r: mostly inside one of the given prefixes (or near one), sometimes anywhere. */
    private static int host(final SplittableRandom rnd, final int[] prefixes)
    {
        if (prefixes == null || rnd.nextInt(4) == 0)
        {
            return rnd.nextInt();
        }
        final int k = rnd.nextInt(prefixes.length / 2) * 2;
        final int len = prefixes[k + 1];
        final int inside = prefixes[k] | (rnd.nextInt() & ~ReferenceLpm.mask(len));
        return rnd.nextInt(8) == 0 ? inside + 1 : inside;
    }

    private static long destination(final SplittableRandom rnd, final int r)
    {
        return switch (r)
        {
            case 0 -> Ipv8Address.of(0, host(rnd, v4Prefixes));
            case OWN_ASN -> Ipv8Address.of(r, host(rnd, ownPrefixes));
            case ZONE -> Ipv8Address.of(r, host(rnd, zonePrefixes));
            default -> Ipv8Address.of(r, rnd.nextInt(4) == 0 ? rnd.nextInt() & 0xFFFF_0000 : rnd.nextInt());
        };
    }

    private static int anyR(final SplittableRandom rnd)
    {
        return switch (rnd.nextInt(6))
        {
            case 0 -> 0;
            case 1 -> OWN_ASN;
            case 2 -> ZONE;
            case 3 -> 0x6400_0000 | rnd.nextInt(1 << 16); // most likely not in Tier 1
            default -> foreign[rnd.nextInt(FOREIGN_ASNS)];
        };
    }

    /** Runs batches of every shape at random offsets and compares each result with the single lookup. */
    private static void compareBatches(final long seed, final int batches)
    {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final long[] dsts = new long[BATCH_MAX + 16];
        final int[] results = new int[BATCH_MAX];
        final int[] shapeCounts = new int[4];
        for (int b = 0; b < batches; b++)
        {
            final int shape = rnd.nextInt(4); // 0: all r = 0, 1: one local r, 2: one foreign r, 3: mixed
            shapeCounts[shape]++;
            final int count = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(BATCH_MAX);
            final int offset = rnd.nextInt(16);
            final int oneR = switch (shape)
            {
                case 0 -> 0;
                case 1 -> rnd.nextBoolean() ? OWN_ASN : ZONE;
                default -> foreign[rnd.nextInt(FOREIGN_ASNS)];
            };
            for (int i = 0; i < count; i++)
            {
                dsts[offset + i] = destination(rnd, shape == 3 ? anyR(rnd) : oneR);
            }
            if (shape == 2 && rnd.nextInt(8) == 0)
            {
                Arrays.fill(dsts, offset, offset + count, Ipv8Address.of(0x6400_0000 | rnd.nextInt(1 << 16), 7));
            }
            Arrays.fill(results, -12345);
            fib.lookup(dsts, offset, results, count);
            for (int i = 0; i < count; i++)
            {
                final long dst = dsts[offset + i];
                final int single = fib.lookup(dst);
                if (single != results[i])
                {
                    throw new AssertionError("batch " + b + " (shape " + shape + ", count " + count + ", offset "
                        + offset + "), element " + i + ": dst " + Ipv8Address.toString(dst) + " batch result "
                        + results[i] + ", single lookup " + single);
                }
                if ((dst >>> 32) == 0)
                {
                    final int expected = ipv4Reference.lookup((int)dst);
                    assertEquals(expected >= 0 ? expected : fib.route(0, 32) >= 0 ? fib.route(0, 32)
                        : Fib.MISS_NET_UNREACHABLE, single, () -> "reference LPM for " + Ipv8Address.toString(dst));
                }
            }
            for (int i = count; i < results.length; i++)
            {
                assertEquals(-12345, results[i], "the batch wrote past count");
            }
        }
        for (final int c : shapeCounts)
        {
            assertTrue(c > batches / 8, "every batch shape ran: " + Arrays.toString(shapeCounts));
        }
    }

    @Test
    void batchesEqualSingleLookupsWithoutDefaults()
    {
        compareBatches(1, 6_000);
    }

    @Test
    void batchesEqualSingleLookupsWithDefaults()
    {
        final int v4Default = hops[1];
        final int ownDefault = hops[2];
        final int zoneDefault = hops[3];
        final int tier1Default = hops[4];
        fib.addRoute(Ipv8Address.of(0, 0), 32, v4Default);
        fib.addRoute(Ipv8Address.of(OWN_ASN, 0), 32, ownDefault);
        fib.addRoute(Ipv8Address.of(ZONE, 0), 32, zoneDefault);
        fib.addRoute(0, 0, tier1Default);
        try
        {
            compareBatches(2, 6_000);
        }
        finally
        {
            fib.removeRoute(Ipv8Address.of(0, 0), 32);
            fib.removeRoute(Ipv8Address.of(OWN_ASN, 0), 32);
            fib.removeRoute(Ipv8Address.of(ZONE, 0), 32);
            fib.removeRoute(0, 0);
        }
    }

    @Test
    void everyResultKindOccursInBatches()
    {
        // Guards the test itself: the generated batches must hit next hops and both miss codes.
        final SplittableRandom rnd = new SplittableRandom(3);
        final long[] dsts = new long[32];
        final int[] results = new int[32];
        int hits = 0;
        int netMisses = 0;
        int asnMisses = 0;
        for (int b = 0; b < 500; b++)
        {
            for (int i = 0; i < dsts.length; i++)
            {
                dsts[i] = destination(rnd, anyR(rnd));
            }
            fib.lookup(dsts, results, dsts.length);
            for (final int r : results)
            {
                if (r >= 0)
                {
                    hits++;
                }
                else if (r == Fib.MISS_NET_UNREACHABLE)
                {
                    netMisses++;
                }
                else if (r == Fib.MISS_ASN_UNREACHABLE)
                {
                    asnMisses++;
                }
            }
        }
        assertTrue(hits > 1000 && netMisses > 100 && asnMisses > 100,
            "hits " + hits + ", net unreachable " + netMisses + ", ASN unreachable " + asnMisses);
    }

    @Test
    void emptyBatchTouchesNothing()
    {
        final int[] results = {42};
        fib.lookup(new long[0], 0, results, 0);
        assertEquals(42, results[0]);
    }

    @Test
    void dir24_8IntBatchEqualsSingleLookups()
    {
        final SplittableRandom rnd = new SplittableRandom(4);
        final Dir24_8 table = fib.ipv4Table();
        final int[] keys = new int[BATCH_MAX];
        final int[] results = new int[BATCH_MAX];
        for (int b = 0; b < 5000; b++)
        {
            final int count = 1 + rnd.nextInt(BATCH_MAX);
            for (int i = 0; i < count; i++)
            {
                keys[i] = host(rnd, v4Prefixes);
            }
            table.lookup(keys, results, count);
            for (int i = 0; i < count; i++)
            {
                assertEquals(table.lookup(keys[i]), results[i]);
            }
        }
    }
}
