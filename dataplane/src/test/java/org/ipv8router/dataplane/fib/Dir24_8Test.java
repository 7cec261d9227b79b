package org.ipv8router.dataplane.fib;

import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Dir24_8Test
{
    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static Dir24_8 table(final Dir24_8.Layout layout, final int groups)
    {
        return new Dir24_8(layout, groups, new QuiescentState(4));
    }

    /**
     * Random adds and removes of prefixes clustered in a few /14s (so that they nest and share tbl8 groups),
     * every lookup compared with the reference after each phase; removing everything must return every group.
     */
    @Test
    void agreesWithReferenceDir24()
    {
        forAll(0xD2_0001L, 12, g -> randomAgainstReference(Dir24_8.Layout.DIR_24_8, g.seed("seed")));
    }

    @Test
    void agreesWithReferenceDir16()
    {
        forAll(0xD2_0002L, 60, g -> randomAgainstReference(Dir24_8.Layout.DIR_16_8_8, g.seed("seed")));
    }

    /**
     * Dense churn inside one /22 with two next hops only: sibling prefixes often carry the same next hop, which is
     * where collapsing a group back into its parent can go wrong.
     */
    @Test
    void denseChurnAgreesWithReference()
    {
        forAll(0xD2_0003L, 100, g -> denseChurnAgreesWithReference(g.seed("seed"), g.bool("dir16")));
    }

    private static void denseChurnAgreesWithReference(final long seed, final boolean dir16)
    {
        final Random rnd = new Random(seed);
        final Dir24_8 t = table(dir16 ? Dir24_8.Layout.DIR_16_8_8 : Dir24_8.Layout.DIR_24_8, 1024);
        final ReferenceLpm ref = new ReferenceLpm();
        final int base = dir16 ? ip(172, 16, 0, 0) : ip(10, 9, 8, 0);
        final int spread = dir16 ? 10 : 22;
        for (int i = 0; i < 400; i++)
        {
            final int depth = (dir16 ? 14 : 20) + rnd.nextInt(dir16 ? 19 : 13);
            final int prefix = (base | (rnd.nextInt() >>> spread)) & Dir24_8.mask(depth);
            if (rnd.nextInt(5) < 2)
            {
                assertEquals(ref.remove(prefix, depth), t.remove(prefix, depth));
            }
            else
            {
                final int hop = rnd.nextInt(2);
                assertEquals(ref.add(prefix, depth, hop), t.add(prefix, depth, hop));
            }
            checkAround(t, ref, prefix, depth, rnd);
            for (int j = 0; j < 8; j++)
            {
                final int a = base | (rnd.nextInt() >>> spread);
                assertEquals(ref.lookup(a), t.lookup(a));
            }
        }
    }

    private static void randomAgainstReference(final Dir24_8.Layout layout, final long seed)
    {
        final Random rnd = new Random(seed);
        final Dir24_8 t = table(layout, 4096);
        final ReferenceLpm ref = new ReferenceLpm();
        final int[] bases = {ip(10, 0, 0, 0), ip(10, 4, 0, 0), ip(192, 168, 0, 0), ip(255, 252, 0, 0), 0};
        final List<int[]> installed = new ArrayList<>();
        for (int phase = 0; phase < 6; phase++)
        {
            final int ops = 150 + rnd.nextInt(150);
            for (int i = 0; i < ops; i++)
            {
                if (!installed.isEmpty() && rnd.nextInt(3) == 0)
                {
                    final int[] p = installed.remove(rnd.nextInt(installed.size()));
                    assertEquals(ref.remove(p[0], p[1]), t.remove(p[0], p[1]), "remove result");
                    checkAround(t, ref, p[0], p[1], rnd);
                }
                else
                {
                    final int depth = randomDepth(rnd);
                    final int prefix = near(rnd, bases) & Dir24_8.mask(depth);
                    final int hop = rnd.nextBoolean() ? rnd.nextInt(3) : rnd.nextInt(1000); // equal siblings matter
                    final int expected = ref.add(prefix, depth, hop);
                    assertEquals(expected, t.add(prefix, depth, hop), "add result");
                    if (expected < 0)
                    {
                        installed.add(new int[] {prefix, depth});
                    }
                    checkAround(t, ref, prefix, depth, rnd);
                }
            }
            assertEquals(ref.size(), t.routeCount());
            for (int i = 0; i < 3000; i++)
            {
                final int addr = near(rnd, bases);
                assertEquals(ref.lookup(addr), t.lookup(addr), () -> "lookup " + Integer.toHexString(addr));
            }
            for (final int[] p : installed)
            {
                final int last = p[0] | ~Dir24_8.mask(p[1]);
                assertEquals(ref.lookup(p[0]), t.lookup(p[0]));
                assertEquals(ref.lookup(last), t.lookup(last));
                assertEquals(ref.lookup(last + 1), t.lookup(last + 1));
                assertEquals(ref.lookup(p[0] - 1), t.lookup(p[0] - 1));
            }
        }
        for (final int[] p : installed)
        {
            assertEquals(ref.remove(p[0], p[1]), t.remove(p[0], p[1]));
            checkAround(t, ref, p[0], p[1], rnd);
        }
        assertEquals(0, t.routeCount());
        assertEquals(0, t.groupsInUse(), "every tbl8 group is unlinked once all routes are gone");
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(Dir24_8.NO_ROUTE, t.lookup(rnd.nextInt()));
        }
    }

    /** Lookups at both ends of the prefix, just outside it and at a random address inside it. */
    private static void checkAround(
        final Dir24_8 t, final ReferenceLpm ref, final int prefix, final int depth, final Random rnd)
    {
        final int last = prefix | ~Dir24_8.mask(depth);
        final int inside = prefix | (rnd.nextInt() & ~Dir24_8.mask(depth));
        for (final int a : new int[] {prefix, last, prefix - 1, last + 1, inside})
        {
            assertEquals(ref.lookup(a), t.lookup(a), () -> "lookup " + Integer.toHexString(a) + " after change of "
                + Integer.toHexString(prefix) + "/" + depth);
        }
    }

    /** An address in one of the base /14s; often within its first /22 or /24 so that prefixes collide. */
    private static int near(final Random rnd, final int[] bases)
    {
        final int shift = switch (rnd.nextInt(3))
        {
            case 0 -> 14;
            case 1 -> 22;
            default -> 24;
        };
        return bases[rnd.nextInt(bases.length)] | (rnd.nextInt() >>> shift);
    }

    /** Mostly long prefixes, since those exercise groups; sometimes short ones that cover groups. */
    private static int randomDepth(final Random rnd)
    {
        return switch (rnd.nextInt(6))
        {
            case 0 -> 14 + rnd.nextInt(4);
            case 1 -> 18 + rnd.nextInt(6);
            case 2 -> 24;
            case 3 -> 25 + rnd.nextInt(7);
            case 4 -> 32;
            default -> 1 + rnd.nextInt(32);
        };
    }

    @Test
    void defaultRouteAndHostRoute()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_24_8, 16);
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(1, 2, 3, 4)));
        assertEquals(Dir24_8.NO_ROUTE, t.add(0, 0, 7));
        assertEquals(7, t.lookup(ip(1, 2, 3, 4)));
        assertEquals(7, t.lookup(-1));
        t.add(ip(1, 2, 3, 4), 32, 9);
        assertEquals(9, t.lookup(ip(1, 2, 3, 4)));
        assertEquals(7, t.lookup(ip(1, 2, 3, 5)));
        assertEquals(7, t.lookup(ip(1, 2, 3, 3)));
        assertEquals(1, t.groupsInUse());
        assertEquals(7, t.remove(0, 0));
        assertEquals(9, t.lookup(ip(1, 2, 3, 4)));
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(1, 2, 3, 5)));
        assertEquals(9, t.remove(ip(1, 2, 3, 4), 32));
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(1, 2, 3, 4)));
        assertEquals(0, t.groupsInUse());
        assertEquals(Dir24_8.NO_ROUTE, t.remove(ip(1, 2, 3, 4), 32));
    }

    @Test
    void slash24BoundaryAndDeleteRestoresCoveringPrefix()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_24_8, 16);
        t.add(ip(10, 0, 0, 0), 8, 1);
        t.add(ip(10, 1, 2, 0), 24, 2);
        t.add(ip(10, 1, 2, 128), 25, 3);
        t.add(ip(10, 1, 2, 192), 26, 4);
        assertEquals(2, t.lookup(ip(10, 1, 2, 127)));
        assertEquals(3, t.lookup(ip(10, 1, 2, 128)));
        assertEquals(4, t.lookup(ip(10, 1, 2, 255)));
        assertEquals(1, t.lookup(ip(10, 1, 3, 0)));
        assertEquals(1, t.lookup(ip(10, 1, 1, 255)));
        assertEquals(2, t.remove(ip(10, 1, 2, 0), 24));
        assertEquals(1, t.lookup(ip(10, 1, 2, 127)), "the /8 covers again after the /24 went");
        assertEquals(3, t.lookup(ip(10, 1, 2, 128)));
        assertEquals(4, t.lookup(ip(10, 1, 2, 200)));
        assertEquals(3, t.remove(ip(10, 1, 2, 128), 25));
        assertEquals(1, t.lookup(ip(10, 1, 2, 128)));
        assertEquals(4, t.lookup(ip(10, 1, 2, 192)));
        assertEquals(1, t.groupsInUse());
        assertEquals(4, t.remove(ip(10, 1, 2, 192), 26));
        assertEquals(0, t.groupsInUse(), "group collapsed back into the /8 entry");
        assertEquals(1, t.lookup(ip(10, 1, 2, 192)));
        // A shorter prefix added over a group keeps the longer routes inside it.
        t.add(ip(10, 1, 2, 7), 32, 5);
        t.add(ip(10, 1, 0, 0), 16, 6);
        assertEquals(5, t.lookup(ip(10, 1, 2, 7)));
        assertEquals(6, t.lookup(ip(10, 1, 2, 8)));
        assertEquals(6, t.remove(ip(10, 1, 0, 0), 16));
        assertEquals(1, t.lookup(ip(10, 1, 2, 8)));
    }

    @Test
    void equalSiblingsNeverCollapseIntoTheParent()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_24_8, 16);
        t.add(ip(10, 0, 0, 0), 25, 5);
        t.add(ip(10, 0, 0, 128), 25, 5);
        t.add(ip(10, 0, 0, 0), 26, 6);
        t.remove(ip(10, 0, 0, 0), 26);
        assertEquals(1, t.groupsInUse(), "256 equal /25 entries cannot live in a /24 slot");
        t.remove(ip(10, 0, 0, 0), 25);
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(10, 0, 0, 1)));
        assertEquals(5, t.lookup(ip(10, 0, 0, 129)));
    }

    @Test
    void clearRemovesEverything()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_16_8_8, 16);
        t.add(0, 0, 1);
        t.add(ip(10, 0, 0, 0), 8, 2);
        t.add(ip(10, 1, 2, 3), 32, 3);
        t.add(ip(10, 1, 128, 0), 17, 4);
        final int[] seen = new int[1];
        t.forEachRoute((prefix, depth, hop) -> seen[0]++);
        assertEquals(4, seen[0]);
        t.clear();
        assertEquals(0, t.routeCount());
        assertEquals(0, t.groupsInUse());
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(10, 1, 2, 3)));
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(11, 1, 2, 3)));
    }

    @Test
    void replaceKeepsOneRoute()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_16_8_8, 16);
        assertEquals(Dir24_8.NO_ROUTE, t.add(ip(10, 0, 0, 0), 30, 1));
        assertEquals(1, t.add(ip(10, 0, 0, 0), 30, 2));
        assertEquals(1, t.routeCount());
        assertEquals(2, t.lookup(ip(10, 0, 0, 3)));
        assertEquals(2, t.get(ip(10, 0, 0, 1), 30), "host bits beyond the length are ignored");
    }

    @Test
    void groupsAreReusedOnlyAfterReadersPassAQuiescentPoint()
    {
        final QuiescentState readers = new QuiescentState(2);
        final Dir24_8 t = new Dir24_8(Dir24_8.Layout.DIR_24_8, 1, readers);
        final int reader = readers.register();
        assertEquals(Dir24_8.NO_ROUTE, t.add(ip(10, 0, 0, 0), 25, 1));
        assertEquals(Dir24_8.FULL, t.add(ip(10, 0, 1, 0), 25, 2), "only one group configured");
        assertEquals(1, t.remove(ip(10, 0, 0, 0), 25));
        assertEquals(1, t.groupsRetired());
        assertEquals(Dir24_8.FULL, t.add(ip(10, 0, 1, 0), 25, 2), "the reader may still be inside the old group");
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(10, 0, 1, 0)), "a refused add changes nothing");
        readers.quiescent(reader);
        assertEquals(Dir24_8.NO_ROUTE, t.add(ip(10, 0, 1, 0), 25, 2));
        assertEquals(2, t.lookup(ip(10, 0, 1, 1)));
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(10, 0, 1, 200)));
        assertEquals(Dir24_8.NO_ROUTE, t.lookup(ip(10, 0, 0, 1)), "reused group carries nothing of its old use");
        assertEquals(1, t.groupsInUse());
        assertEquals(0, t.groupsRetired());
        // Offline readers hold nothing back.
        t.remove(ip(10, 0, 1, 0), 25);
        readers.offline(reader);
        assertEquals(Dir24_8.NO_ROUTE, t.add(ip(10, 0, 2, 0), 26, 3));
        assertEquals(3, t.lookup(ip(10, 0, 2, 63)));
    }

    @Test
    void dir16NeedsTwoGroupsForHostRoutes()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_16_8_8, 2);
        t.add(ip(10, 1, 2, 3), 32, 1);
        assertEquals(2, t.groupsInUse());
        assertEquals(Dir24_8.FULL, t.add(ip(10, 2, 0, 0), 17, 2), "needs a third group");
        assertEquals(1, t.add(ip(10, 1, 2, 3), 32, 4), "replacing needs no group");
        assertEquals(Dir24_8.NO_ROUTE, t.add(ip(10, 1, 2, 0), 24, 5), "same groups");
        assertEquals(4, t.lookup(ip(10, 1, 2, 3)));
        assertEquals(5, t.lookup(ip(10, 1, 2, 4)));
        assertEquals(256L * 1024 + 8 + 64 * 1024, t.memoryBytes());
    }

    @Test
    void rejectsBadArguments()
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_16_8_8, 2);
        assertThrows(IllegalArgumentException.class, () -> t.add(0, 33, 1));
        assertThrows(IllegalArgumentException.class, () -> t.add(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> t.add(0, 8, Dir24_8.MAX_NEXT_HOP + 1));
        assertThrows(IllegalArgumentException.class, () -> t.add(0, 8, -1));
    }

    @Test
    void batchLookupEqualsSingle()
    {
        forAll(0xD2_0004L, 200, g -> batchLookupEqualsSingle(g.intIn("depth", 0, 32), g.anyInt("prefix"),
            g.anyInt("probe")));
    }

    private static void batchLookupEqualsSingle(final int depth, final int prefix, final int probe)
    {
        final Dir24_8 t = table(Dir24_8.Layout.DIR_16_8_8, 4);
        t.add(prefix, depth, 77);
        final int[] keys = {prefix, probe, prefix ^ 1, ~prefix};
        final int[] out = new int[4];
        t.lookup(keys, out, 4);
        final ReferenceLpm ref = new ReferenceLpm();
        ref.add(prefix, depth, 77);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(ref.lookup(keys[i]), out[i]);
            assertEquals(t.lookup(keys[i]), out[i]);
        }
    }
}
