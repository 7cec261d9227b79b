package org.ipv8router.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

/**
 * One writer churns routes that share tbl24 slots, tbl8 groups, Tier 1 ASN entries and the Tier 1 hash array with
 * stable routes, while reader threads look up addresses covered only by the stable routes. Every lookup must return
 * the stable next hop: a group linked before it is filled, a group reused while a reader is inside it, or a Tier 1
 * slot read half-written would show up as a miss or a churn next hop.
 */
class FibConcurrencyTest
{
    private static final int ZONE = 0x7F01_0000;
    private static final int STABLE_PREFIXES = 32;
    private static final int STABLE_ASNS = 100;

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    @Test
    void readersNeverSeeAWrongNextHopWhileTheWriterChurns() throws Exception
    {
        final Fib fib = new Fib(FibConfig.defaults().withMaxAsns(20_000).withIpv4Groups(4096)
            .withLocalTableGroups(16, 1024).withNextHopCapacity(1024));
        fib.addLocalR(ZONE);
        final NextHopTable hops = fib.nextHops();
        final int[] stable = new int[64];
        for (int i = 0; i < stable.length; i++)
        {
            stable[i] = hops.addConnected(i, Ipv8Address.of(64496, ip(222, 0, 0, i)));
        }
        final int[] churn = new int[16];
        for (int i = 0; i < churn.length; i++)
        {
            churn[i] = hops.addConnected(100 + i, Ipv8Address.of(64496, ip(222, 0, 1, i)));
        }

        final Random rnd = new Random(42);
        final long[] dsts = new long[8192];
        final int[] expected = new int[dsts.length];
        for (int i = 0; i < STABLE_PREFIXES; i++)
        {
            ok(fib.addRoute(Ipv8Address.of(0, ip(10, i, 1, 0)), 56, stable[i]));
            ok(fib.addRoute(Ipv8Address.of(ZONE, ip(172, 16, i, 0)), 56, stable[i + 32]));
        }
        for (int a = 0; a < STABLE_ASNS; a++)
        {
            ok(fib.addRoute(Ipv8Address.of(1000 + a, 0), 32, stable[a % 64]));
            ok(fib.addRoute(Ipv8Address.of(2000 + a, ip(30, a, 0, 0)), 48, stable[(a + 5) % 64]));
        }
        for (int i = 0; i < dsts.length; i++)
        {
            final int k = rnd.nextInt(STABLE_PREFIXES);
            final int a = rnd.nextInt(STABLE_ASNS);
            switch (i & 3)
            {
                case 0 ->
                {
                    dsts[i] = Ipv8Address.of(0, ip(10, k, 1, rnd.nextInt(128)));
                    expected[i] = stable[k];
                }
                case 1 ->
                {
                    dsts[i] = Ipv8Address.of(ZONE, ip(172, 16, k, rnd.nextInt(128)));
                    expected[i] = stable[k + 32];
                }
                case 2 ->
                {
                    dsts[i] = Ipv8Address.of(1000 + a, ip(10, 0, 0, rnd.nextInt(256)));
                    expected[i] = stable[a % 64];
                }
                default ->
                {
                    dsts[i] = Ipv8Address.of(2000 + a, ip(30, a, rnd.nextInt(256), rnd.nextInt(256)));
                    expected[i] = stable[(a + 5) % 64];
                }
            }
        }

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lookups = new AtomicLong();
        final Thread[] readers = new Thread[2];
        for (int t = 0; t < readers.length; t++)
        {
            final int offset = t * 4096;
            readers[t] = new Thread(() ->
            {
                final int slot = fib.readers().register();
                final long[] batch = new long[32];
                final int[] results = new int[32];
                long n = 0;
                int pos = offset;
                while (!stop.get())
                {
                    for (int j = 0; j < 32; j++)
                    {
                        batch[j] = dsts[(pos + j) & (dsts.length - 1)];
                    }
                    fib.lookup(batch, results, 32);
                    for (int j = 0; j < 32; j++)
                    {
                        final int idx = (pos + j) & (dsts.length - 1);
                        if (results[j] != expected[idx])
                        {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "dst " + Long.toHexString(dsts[idx]) + " expected "
                                + expected[idx] + " got " + results[j]);
                        }
                    }
                    final int single = (pos * 7) & (dsts.length - 1);
                    if (fib.lookup(dsts[single]) != expected[single])
                    {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, "single lookup of " + Long.toHexString(dsts[single]));
                    }
                    fib.readers().quiescent(slot);
                    pos += 32;
                    n += 33;
                }
                fib.readers().unregister(slot);
                lookups.addAndGet(n);
            }, "fib-reader-" + t);
            readers[t].start();
        }

        final FibUpdateBatch adds = new FibUpdateBatch(1024);
        final FibUpdateBatch removes = new FibUpdateBatch(1024);
        long cycles = 0;
        long applied = 0;
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            adds.clear();
            removes.clear();
            final int c = churn[(int)(cycles & 15)];
            for (int i = 0; i < STABLE_PREFIXES; i++)
            {
                churnRoute(adds, removes, Ipv8Address.of(0, ip(10, i, 1, 128)), 57, c);
                churnRoute(adds, removes, Ipv8Address.of(0, ip(10, i, 1, 200)), 64, c);
                churnRoute(adds, removes, Ipv8Address.of(0, ip(10, i, 0, 0)), 48, c);
                churnRoute(adds, removes, Ipv8Address.of(0, ip(10, i, 2, 0)), 57, c);
                churnRoute(adds, removes, Ipv8Address.of(ZONE, ip(172, 16, i, 128)), 57, c);
                churnRoute(adds, removes, Ipv8Address.of(ZONE, ip(172, 16, i, 255)), 64, c);
                churnRoute(adds, removes, Ipv8Address.of(ZONE, ip(172, 16, 0, 0)), 49, c);
            }
            for (int a = 0; a < STABLE_ASNS; a += 3)
            {
                churnRoute(adds, removes, Ipv8Address.of(1000 + a, ip(20, 0, 0, 0)), 40, c);
                churnRoute(adds, removes, Ipv8Address.of(2000 + a, ip(31, a, 0, 0)), 48, c);
            }
            for (int j = 0; j < 200; j++)
            {
                // New ASNs grow the Tier 1 hash array and leave deleted slots: rebuilds under the readers.
                churnRoute(adds, removes, Ipv8Address.of(5000 + (int)((cycles * 211 + j) % 12_000), 0), 32, c);
            }
            // Other zones come and go: the copy-on-write set of local tables is republished under the readers.
            final int otherZone = 0x7F09_0000 + (int)(cycles & 3);
            fib.addLocalR(otherZone);
            fib.addRoute(Ipv8Address.of(otherZone, ip(172, 16, 0, 0)), 48, c);
            fib.apply(adds);
            fib.apply(removes);
            fib.removeLocalR(otherZone);
            applied += adds.count() + removes.count();
            cycles++;
        }
        stop.set(true);
        for (final Thread t : readers)
        {
            t.join(10_000);
        }

        assertNull(firstError.get(), () -> errors.get() + " wrong lookups, first: " + firstError.get());
        assertEquals(0, errors.get());
        assertTrue(cycles >= 20, "writer made only " + cycles + " churn cycles");
        assertTrue(lookups.get() >= 100_000, "readers made only " + lookups.get() + " lookups");
        // Readers have unregistered: every retired group must now be reclaimable.
        fib.reclaim();
        assertEquals(0, fib.ipv4Table().groupsRetired());
        assertEquals(0, fib.localTable(ZONE).groupsRetired());
        // Refusals (no group) happen when a reader thread is descheduled for long on a loaded machine: QSBR then
        // holds every retired group back. They are reported, not failed.
        System.out.printf("churn cycles %d, updates %d, reader lookups %d, ipv4 groups in use %d retired %d, refused (no group) %d%n",
            cycles, applied, lookups.get(), fib.ipv4Table().groupsInUse(), fib.ipv4Table().groupsRetired(),
            fib.resultCount(RouteResult.REJECTED_TABLE_FULL));
    }

    private static void churnRoute(
        final FibUpdateBatch adds, final FibUpdateBatch removes, final long prefix, final int length, final int hop)
    {
        adds.add(prefix, length, hop);
        removes.remove(prefix, length);
    }

    private static void ok(final RouteResult result)
    {
        assertTrue(result.isSuccess(), result::description);
    }
}
