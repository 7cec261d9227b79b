package org.ipv8router.dataplane.fib;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;

class AsnTableTest
{
    private static final int NONE = Dir24_8.NO_ROUTE;

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    @Test
    void wholeAsnRouteAndLongestHostPrefix()
    {
        final AsnTable t = new AsnTable(10, 64);
        assertEquals(NONE, t.lookup(64496, ip(10, 0, 0, 1)));
        assertEquals(NONE, t.add(64496, 0, 0, 1));
        assertEquals(NONE, t.add(64496, ip(10, 0, 0, 0), 8, 2));
        assertEquals(NONE, t.add(64496, ip(10, 20, 0, 0), 16, 3));
        assertEquals(3, t.lookup(64496, ip(10, 20, 5, 5)));
        assertEquals(2, t.lookup(64496, ip(10, 21, 5, 5)));
        assertEquals(1, t.lookup(64496, ip(11, 0, 0, 0)));
        assertEquals(NONE, t.lookup(64497, ip(10, 20, 5, 5)));
        assertEquals(3, t.remove(64496, ip(10, 20, 0, 0), 16));
        assertEquals(2, t.lookup(64496, ip(10, 20, 5, 5)));
        assertEquals(1, t.remove(64496, 0, 0));
        assertEquals(NONE, t.lookup(64496, ip(11, 0, 0, 0)));
        assertEquals(1, t.asnCount());
        assertEquals(2, t.remove(64496, ip(10, 0, 0, 0), 8));
        assertEquals(0, t.asnCount(), "an ASN with no route left leaves the table");
        assertEquals(NONE, t.lookup(64496, ip(10, 0, 0, 1)));
    }

    @Test
    void slash17IsRejectedAndCounted()
    {
        final AsnTable t = new AsnTable(10, 64);
        assertEquals(NONE, t.add(218785, ip(45, 138, 0, 0), 16, 1));
        assertEquals(AsnTable.TOO_SPECIFIC, t.add(218785, ip(45, 138, 128, 0), 17, 2));
        assertEquals(AsnTable.TOO_SPECIFIC, t.add(218785, ip(45, 138, 12, 0), 24, 2));
        assertEquals(2, t.tooSpecificRejects());
        assertEquals(1, t.lookup(218785, ip(45, 138, 128, 1)));
        assertEquals(1, t.prefixCount(218785));
    }

    @Test
    void asnCountBoundIsHard()
    {
        final AsnTable t = new AsnTable(3, 64);
        for (int r = 1; r <= 3; r++)
        {
            assertEquals(NONE, t.add(r, 0, 0, r));
        }
        assertEquals(AsnTable.ASN_LIMIT, t.add(4, 0, 0, 4));
        assertEquals(AsnTable.ASN_LIMIT, t.add(5, ip(10, 0, 0, 0), 8, 4));
        assertEquals(2, t.asnLimitHits());
        assertEquals(NONE, t.lookup(4, 0));
        assertEquals(NONE, t.add(3, ip(10, 0, 0, 0), 8, 9), "ASNs already present still take routes");
        assertEquals(1, t.remove(1, 0, 0));
        assertEquals(NONE, t.add(4, 0, 0, 4), "room again after an ASN left");
        assertEquals(4, t.lookup(4, 0));
        assertEquals(3, t.asnCount());
    }

    @Test
    void perAsnPrefixBudgetIsHard()
    {
        final AsnTable t = new AsnTable(10, AsnTable.DEFAULT_PREFIX_BUDGET);
        for (int i = 0; i < 64; i++)
        {
            assertEquals(NONE, t.add(7, ip(10, i, 0, 0), 16, i));
        }
        assertEquals(AsnTable.PREFIX_BUDGET, t.add(7, ip(10, 64, 0, 0), 16, 64));
        assertEquals(1, t.prefixBudgetHits());
        assertEquals(5, t.add(7, ip(10, 5, 0, 0), 16, 99), "replacing an existing prefix is within budget");
        assertEquals(NONE, t.add(7, 0, 0, 100), "the whole-ASN route is not counted");
        assertEquals(99, t.lookup(7, ip(10, 5, 1, 1)));
        assertEquals(100, t.lookup(7, ip(10, 64, 1, 1)));
        assertEquals(NONE, t.add(8, ip(10, 64, 0, 0), 16, 64), "the budget is per ASN");
    }

    @Test
    void millionAsnsFitTheBoundAndKeepTheirBudgets()
    {
        // Issue 9 scaling: Tier 1 with 10^6 ASNs. The bound, the per-ASN budget and lookups must all hold there.
        final int asns = 1_000_000;
        final int budget = 8;
        final AsnTable t = new AsnTable(asns, budget);
        final Random rnd = new Random(10);
        final int[] rs = new int[asns];
        final IntHashSet seen = new IntHashSet(2 * asns);
        for (int i = 0; i < asns; i++)
        {
            int r;
            do
            {
                r = rnd.nextInt();
            }
            while (r == 0 || r == -1 || !seen.add(r));
            rs[i] = r;
            assertEquals(NONE, t.add(r, 0, 0, i & 0xFFFF), "ASN " + i);
        }
        assertEquals(asns, t.asnCount());
        assertEquals(AsnTable.ASN_LIMIT, t.add(0x7F7F_0001, 0, 0, 1), "ASN 1,000,001 is refused");
        assertEquals(1, t.asnLimitHits());
        // Fill the budget of a few ASNs spread over the table; one more prefix each is refused and counted.
        for (int k = 0; k < 100; k++)
        {
            final int r = rs[k * (asns / 100)];
            for (int j = 0; j < budget; j++)
            {
                assertEquals(NONE, t.add(r, ip(10, j, 0, 0), 16, 70_000 + j));
            }
            assertEquals(AsnTable.PREFIX_BUDGET, t.add(r, ip(11, 0, 0, 0), 16, 1));
            assertEquals(budget, t.prefixCount(r));
            assertEquals(70_000 + 3, t.lookup(r, ip(10, 3, 9, 9)));
            assertEquals((k * (asns / 100)) & 0xFFFF, t.lookup(r, ip(11, 0, 0, 0)), "whole-ASN route");
        }
        assertEquals(100, t.prefixBudgetHits());
        for (int i = 0; i < asns; i += 997)
        {
            assertEquals(i & 0xFFFF, t.lookup(rs[i], ip(12, 0, 0, 1)));
        }
        final long bytes = t.memoryBytes();
        assertTrue(bytes > 12L * asns && bytes < 64L * asns, "accounted bytes " + bytes);
    }

    @Test
    void rejectsKeysThatAreNotForeignAsns()
    {
        final AsnTable t = new AsnTable(10, 64);
        assertThrows(IllegalArgumentException.class, () -> t.add(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> t.add(-1, 0, 0, 1));
    }

    /** Many ASNs added and removed (growth, deleted slots, rebuilds); every lookup agrees with a plain map model. */
    @Test
    void agreesWithReference()
    {
        forAll(0xA5_0001L, 30, g -> agreesWithReference(g.seed("seed")));
    }

    private static void agreesWithReference(final long seed)
    {
        final Random rnd = new Random(seed);
        final AsnTable t = new AsnTable(5000, 8);
        final Map<Integer, ReferenceLpm> ref = new HashMap<>();
        final Map<Integer, Integer> prefixCounts = new HashMap<>();
        final List<int[]> routes = new ArrayList<>();
        for (int i = 0; i < 4000; i++)
        {
            if (!routes.isEmpty() && rnd.nextInt(3) == 0)
            {
                final int[] p = routes.remove(rnd.nextInt(routes.size()));
                final ReferenceLpm lpm = ref.get(p[0]);
                assertEquals(lpm.remove(p[1], p[2]), t.remove(p[0], p[1], p[2]));
                if (p[2] > 0)
                {
                    prefixCounts.merge(p[0], -1, Integer::sum);
                }
                if (lpm.size() == 0)
                {
                    ref.remove(p[0]);
                }
            }
            else
            {
                final int r = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 3000);
                final int len = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(16);
                final int host = (ip(10, 0, 0, 0) | (rnd.nextInt() >>> 12)) & Dir24_8.mask(len);
                final int hop = rnd.nextInt(100);
                final ReferenceLpm lpm = ref.get(r);
                final int existing = lpm == null ? NONE : lpm.add(host, len, hop);
                if (lpm != null && existing != NONE)
                {
                    assertEquals(existing, t.add(r, host, len, hop));
                    continue;
                }
                if (lpm != null)
                {
                    lpm.remove(host, len);
                }
                final int count = prefixCounts.getOrDefault(r, 0);
                final int result = t.add(r, host, len, hop);
                if (len > 0 && count >= 8)
                {
                    assertEquals(AsnTable.PREFIX_BUDGET, result);
                    continue;
                }
                assertEquals(NONE, result);
                ref.computeIfAbsent(r, k -> new ReferenceLpm()).add(host, len, hop);
                routes.add(new int[] {r, host, len});
                if (len > 0)
                {
                    prefixCounts.merge(r, 1, Integer::sum);
                }
            }
            if (i % 50 == 0)
            {
                assertEquals(ref.size(), t.asnCount());
                for (int j = 0; j < 200; j++)
                {
                    final int r = 1 + rnd.nextInt(3000);
                    final int host = ip(10, 0, 0, 0) | (rnd.nextInt() >>> 12);
                    final ReferenceLpm lpm = ref.get(r);
                    assertEquals(lpm == null ? NONE : lpm.lookup(host), t.lookup(r, host));
                }
            }
        }
    }
}
