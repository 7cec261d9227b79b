package org.ipv8router.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.wire.Ipv8Address;

/**
 * The Java side of {@code perf/bin/fib-vs-rte-lpm}: DPDK's {@code lpm_perf_autotest} (app/test/test_lpm_perf.c,
 * DPDK 22.11) redone on the router's {@link Fib}, so that its cycles can be set against rte_lpm's from the same run.
 * <p>
 * What is mirrored:
 * <ul>
 *   <li>Table: the per-depth route counts that dpdk-test prints ("Route distribution per prefix width", read from
 *       a file given with {@code --histogram}, else the DPDK 22.11 counts built in here), each depth's prefixes
 *       spread evenly from a random start over the unicast space 0.0.0.0-223.255.255.255 (DPDK's classes A, B
 *       and C), so that, as in DPDK, 87.5 % of all addresses are covered and 12.5 % of random lookups fail.</li>
 *   <li>tbl8 groups capped at {@code --tbl8-groups} (DPDK's test configures 2048, so most prefixes longer than /24
 *       are refused there; they are refused here the same way).</li>
 *   <li>Add: every route inserted one by one, the total time divided by the number of routes ("Average LPM Add").</li>
 *   <li>Single lookup: 1024 rounds of 4096 uniformly random 32-bit addresses (drawn outside the timed region), each
 *       looked up with {@link Fib#lookup(long)} and the misses counted ("Average LPM Lookup").</li>
 *   <li>Bulk lookup: the same with {@link Fib#lookup(long[], int, int[], int)} over 32 addresses at a time, read in
 *       place at offset j (DPDK passes {@code &ip_batch[j]}), misses counted without a branch (gcc turns DPDK's
 *       counting loop into SIMD compares) ("BULK LPM Lookup"). The QSBR quiescent point is reported once per 4096
 *       addresses outside the timed part, as in the single loop; DPDK's test has no RCU.</li>
 *   <li>Also reported, not part of the comparison: the bulk loop as a forwarding worker runs it
 *       ({@code lookup_bulk_worker_style_ns}: a copy of the 32 addresses into a batch array, a branchy miss count and
 *       a quiescent point after every bulk), which is how this mirror measured bulk lookups before 2026-11-24.</li>
 * </ul>
 * Differences that remain: the lookups go through the two-tier {@link Fib} (r = 0 routes to the IPv4 DIR-24-8), a
 * small extra cost rte_lpm does not pay; JIT warm-up rounds run before the measured ones; DPDK's table sits on
 * 2 MB hugepages, the Java heap on transparent huge pages only if the JVM is started with
 * {@code -XX:+UseTransparentHugePages} (the script does).
 * <p>
 * Statistic: DPDK's test makes one pass of 1024 x 4096 lookups and reports its total cycles over its total lookups,
 * so a slow moment (an interrupt, a neighbour's burst of work) is in its number. The headline values here
 * ({@code lookup_single_ns}, {@code lookup_bulk_ns}, {@code lookup_bulk_worker_style_ns}) are the same statistic over
 * all the timed rounds: their total ns over their total lookups, i.e. the mean of the rounds weighted by their
 * lookups ({@link #nsPerLookup}). Until 2026-11-24 they were the median of the rounds, which dropped a bad round on
 * the Java side only and so flattered the ratio; that median is still printed, under its own name
 * ({@code *_median_of_rounds}), for reading, not for the comparison. The miss percentages also cover all timed rounds.
 * <p>
 * Output: {@code key=value} lines on stdout (times in ns; the script converts them to TSC cycles):
 * {@code java.round.N} (each timed round's ns per lookup), {@code java.timed_rounds}, {@code java.lookups_per_round},
 * the three headline values above, {@code java.lookup_single_fails_pct}, {@code java.lookup_bulk_fails_pct} and the
 * three {@code java.*_median_of_rounds} values.
 */
public final class RteLpmMirror
{
    /** "Route distribution per prefix width" printed by DPDK 22.11's lpm_perf_autotest (depth 1..32). */
    static final int[] DPDK_22_11_DEPTH_COUNTS = {
        0, 0, 1, 0, 3, 2, 4, 201, 37, 55, 97, 381, 775, 2104, 3712, 69319,
        12983, 23667, 69068, 62354, 48531, 72355, 85427, 583900, 2654, 5650, 6467, 7127, 12936, 5999, 13, 984};

    private static final int ITERATIONS = 1 << 10;
    private static final int BATCH_SIZE = 1 << 12;
    private static final int BULK_SIZE = 32;
    /** 0.0.0.0 up to 224.0.0.0 (exclusive): the unicast classes A, B and C. */
    private static final long UNICAST_SPACE = 0xE000_0000L;

    private final Fib fib;
    private final int reader;
    private final long[] addresses = new long[BATCH_SIZE];
    private final long[] bulk = new long[BULK_SIZE];
    private final int[] bulkResults = new int[BULK_SIZE];
    private final SplittableRandom rnd;
    private long misses;

    private RteLpmMirror(final int tbl8Groups, final long seed)
    {
        fib = new Fib(FibConfig.defaults().withIpv4Groups(tbl8Groups).withNextHopCapacity(1024));
        reader = fib.readers().register();
        rnd = new SplittableRandom(seed);
    }

    public static void main(final String[] args) throws IOException
    {
        Path histogram = null;
        int tbl8Groups = 2048;
        int warmup = 5;
        int rounds = 5;
        long seed = 42;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (i + 1 >= args.length)
            {
                usage("option " + arg + " needs a value");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--histogram" -> histogram = Path.of(value);
                case "--tbl8-groups" -> tbl8Groups = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> usage("unknown option " + arg);
            }
        }
        final int[] depthCounts = histogram == null ? DPDK_22_11_DEPTH_COUNTS : readHistogram(histogram);
        System.out.println("java.histogram=" + (histogram == null ? "built-in DPDK 22.11" : histogram));
        new RteLpmMirror(tbl8Groups, seed).run(depthCounts, warmup, Math.max(1, rounds));
    }

    private static void usage(final String problem)
    {
        System.err.println("RteLpmMirror: " + problem);
        System.err.println("usage: RteLpmMirror [--histogram FILE] [--tbl8-groups 2048] [--warmup 5] [--rounds 5]"
            + " [--seed 42]");
        System.err.println("  FILE: one 'depth count' pair per line, as dpdk-test lpm_perf_autotest prints them");
        System.exit(2);
    }

    /** Reads "depth count" lines (DPDK's "08            201 (0.02)" format is accepted as it is). */
    static int[] readHistogram(final Path file) throws IOException
    {
        final int[] counts = new int[32];
        final List<String> lines = Files.readAllLines(file);
        int seen = 0;
        for (final String line : lines)
        {
            final String[] words = line.trim().split("\\s+");
            if (words.length < 2 || !words[0].matches("\\d{1,2}") || !words[1].matches("\\d+"))
            {
                continue;
            }
            final int depth = Integer.parseInt(words[0]);
            if (depth < 1 || depth > 32)
            {
                throw new IllegalArgumentException(file + ": depth " + depth + " is outside 1..32 in line '" + line + "'");
            }
            counts[depth - 1] = Integer.parseInt(words[1]);
            seen++;
        }
        if (seen == 0)
        {
            throw new IllegalArgumentException(file + ": no 'depth count' line found");
        }
        return counts;
    }

    /** Prefixes of one depth, evenly spaced from a random start over the unicast space, as (prefix, depth) pairs. */
    static int[] generateRoutes(final int[] depthCounts, final SplittableRandom rnd)
    {
        int total = 0;
        for (final int c : depthCounts)
        {
            total += c;
        }
        final int[] routes = new int[2 * total];
        int n = 0;
        for (int depth = 1; depth <= 32; depth++)
        {
            final int count = depthCounts[depth - 1];
            if (count == 0)
            {
                continue;
            }
            final long range = Math.max(1, UNICAST_SPACE >>> (32 - depth));
            final long step = Math.max(1, Math.round((double)range / count));
            long k = rnd.nextLong(range);
            for (int i = 0; i < count; i++)
            {
                routes[n++] = (int)(k << (32 - depth));
                routes[n++] = depth;
                k = (k + step) % range;
            }
        }
        return routes;
    }

    private void run(final int[] depthCounts, final int warmup, final int rounds)
    {
        final int[] routes = generateRoutes(depthCounts, rnd);
        final int count = routes.length / 2;
        final int hop = fib.nextHops().addConnected(0, Ipv8Address.of(64496, 0xC000_02AA));
        int added = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < routes.length; i += 2)
        {
            final RouteResult result = fib.addRoute(Ipv8Address.of(0, routes[i]), 32 + routes[i + 1], hop);
            if (result == RouteResult.INSTALLED || result == RouteResult.REPLACED)
            {
                added++;
            }
        }
        final long addNs = System.nanoTime() - start;
        System.out.println("java.routes=" + count);
        System.out.println("java.added=" + added);
        System.out.println("java.tbl8_groups_used=" + fib.ipv4Table().groupsInUse());
        System.out.printf("java.add_ns_per_route=%.1f%n", (double)addNs / count);

        final long lookupsPerRound = (long)ITERATIONS * BATCH_SIZE;
        final long[] lookups = new long[rounds];
        Arrays.fill(lookups, lookupsPerRound);
        final long[] singleNs = new long[rounds];
        final long[] bulkNs = new long[rounds];
        final long[] workerNs = new long[rounds];
        long singleMisses = 0;
        long bulkMisses = 0;
        for (int w = 0; w < warmup; w++)
        {
            singleRound();
            bulkRound();
            bulkRoundWorkerStyle();
        }
        for (int r = 0; r < rounds; r++)
        {
            misses = 0;
            singleNs[r] = singleRound();
            singleMisses += misses;
            misses = 0;
            bulkNs[r] = bulkRound();
            bulkMisses += misses;
            workerNs[r] = bulkRoundWorkerStyle();
            System.out.printf("java.round.%d=single %.3f ns, bulk %.3f ns, bulk worker-style %.3f ns%n", r,
                (double)singleNs[r] / lookupsPerRound, (double)bulkNs[r] / lookupsPerRound,
                (double)workerNs[r] / lookupsPerRound);
        }
        final double timedLookups = (double)lookupsPerRound * rounds;
        System.out.println("java.timed_rounds=" + rounds);
        System.out.println("java.lookups_per_round=" + lookupsPerRound);
        System.out.printf("java.lookup_single_ns=%.3f%n", nsPerLookup(singleNs, lookups));
        System.out.printf("java.lookup_single_fails_pct=%.1f%n", 100.0 * singleMisses / timedLookups);
        System.out.printf("java.lookup_bulk_ns=%.3f%n", nsPerLookup(bulkNs, lookups));
        System.out.printf("java.lookup_bulk_fails_pct=%.1f%n", 100.0 * bulkMisses / timedLookups);
        System.out.printf("java.lookup_bulk_worker_style_ns=%.3f%n", nsPerLookup(workerNs, lookups));
        System.out.printf("java.lookup_single_ns_median_of_rounds=%.3f%n", medianNsPerLookup(singleNs, lookups));
        System.out.printf("java.lookup_bulk_ns_median_of_rounds=%.3f%n", medianNsPerLookup(bulkNs, lookups));
        System.out.printf("java.lookup_bulk_worker_style_ns_median_of_rounds=%.3f%n",
            medianNsPerLookup(workerNs, lookups));
        fib.readers().unregister(reader);
    }

    private void fillRandom()
    {
        final long[] a = addresses;
        for (int j = 0; j < BATCH_SIZE; j++)
        {
            a[j] = rnd.nextInt() & 0xFFFF_FFFFL;
        }
    }

    /** One pass of DPDK's single-lookup loop; returns the timed ns of its {@code ITERATIONS * BATCH_SIZE} lookups. */
    private long singleRound()
    {
        long total = 0;
        long fails = 0;
        final long[] a = addresses;
        for (int i = 0; i < ITERATIONS; i++)
        {
            fillRandom();
            final long begin = System.nanoTime();
            for (int j = 0; j < BATCH_SIZE; j++)
            {
                if (Fib.isMiss(fib.lookup(a[j])))
                {
                    fails++;
                }
            }
            total += System.nanoTime() - begin;
            fib.readers().quiescent(reader);
        }
        misses += fails;
        return total;
    }

    /**
     * One pass of DPDK's bulk-lookup loop (32 at a time); returns the timed ns of its lookups. Like DPDK's loop, each bulk reads
     * straight from the address array ({@code &ip_batch[j]} there, an offset here) and the misses are counted
     * without a branch (gcc compiles DPDK's {@code if (unlikely(!(next_hops[k] & SUCCESS))) count++} to SIMD
     * compares, so rte_lpm pays no mispredictions there either). The QSBR quiescent point is reported once per 4096
     * addresses, outside the timed part, as in the single-lookup loop: rte_lpm's test has no RCU at all.
     */
    private long bulkRound()
    {
        long total = 0;
        long fails = 0;
        final long[] a = addresses;
        final int[] results = bulkResults;
        for (int i = 0; i < ITERATIONS; i++)
        {
            fillRandom();
            final long begin = System.nanoTime();
            for (int j = 0; j < BATCH_SIZE; j += BULK_SIZE)
            {
                fib.lookup(a, j, results, BULK_SIZE);
                int bulkFails = 0; // a local int stays in a register (the long total was kept on the stack)
                for (int k = 0; k < BULK_SIZE; k++)
                {
                    bulkFails += results[k] >>> 31;
                }
                fails += bulkFails;
            }
            total += System.nanoTime() - begin;
            fib.readers().quiescent(reader);
        }
        misses += fails;
        return total;
    }

    /**
     * The bulk loop as it was measured before (copy into a batch array, branchy count, quiescent per bulk); returns the
     * timed ns of its lookups.
     */
    private long bulkRoundWorkerStyle()
    {
        long total = 0;
        long fails = 0;
        final long[] a = addresses;
        final long[] b = bulk;
        final int[] results = bulkResults;
        for (int i = 0; i < ITERATIONS; i++)
        {
            fillRandom();
            final long begin = System.nanoTime();
            for (int j = 0; j < BATCH_SIZE; j += BULK_SIZE)
            {
                System.arraycopy(a, j, b, 0, BULK_SIZE);
                fib.lookup(b, results, BULK_SIZE);
                for (int k = 0; k < BULK_SIZE; k++)
                {
                    if (Fib.isMiss(results[k]))
                    {
                        fails++;
                    }
                }
                fib.readers().quiescent(reader);
            }
            total += System.nanoTime() - begin;
        }
        misses += fails;
        return total;
    }

    /**
     * The headline statistic: all timed ns over all timed lookups, the mean of the rounds weighted by their lookups.
     * It is what DPDK's test reports for its one pass (total cycles over total lookups), so a slow moment counts on
     * the Java side as it does on DPDK's.
     */
    static double nsPerLookup(final long[] roundNs, final long[] roundLookups)
    {
        checkRounds(roundNs, roundLookups);
        long ns = 0;
        long lookups = 0;
        for (int r = 0; r < roundNs.length; r++)
        {
            ns += roundNs[r];
            lookups += roundLookups[r];
        }
        return (double)ns / lookups;
    }

    /** The median of the rounds' ns per lookup: reported beside the headline, never compared with DPDK's value. */
    static double medianNsPerLookup(final long[] roundNs, final long[] roundLookups)
    {
        checkRounds(roundNs, roundLookups);
        final double[] perRound = new double[roundNs.length];
        for (int r = 0; r < roundNs.length; r++)
        {
            perRound[r] = (double)roundNs[r] / roundLookups[r];
        }
        return median(perRound);
    }

    private static void checkRounds(final long[] roundNs, final long[] roundLookups)
    {
        if (roundNs.length == 0 || roundNs.length != roundLookups.length)
        {
            throw new IllegalArgumentException("need one lookup count per round and at least one round, got "
                + roundNs.length + " round times and " + roundLookups.length + " lookup counts");
        }
        for (int r = 0; r < roundLookups.length; r++)
        {
            if (roundLookups[r] <= 0)
            {
                throw new IllegalArgumentException("round " + r + " has " + roundLookups[r] + " lookups");
            }
        }
    }

    static double median(final double[] values)
    {
        final double[] v = values.clone();
        Arrays.sort(v);
        final int n = v.length;
        return (n & 1) == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
