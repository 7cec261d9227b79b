package org.ipv8router.perf;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.fib.FibUpdateBatch;
import org.ipv8router.wire.Ipv8Address;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FIB update throughput (route updates per second; goal >= 1,000,000/s), single writer applying
 * {@link FibUpdateBatch}es of {@value #BATCH} updates as the BGP8 helper will. The table is preloaded with
 * {@code backgroundPrefixes} IPv4 routes so that updates land in a full-sized table.
 * <ul>
 *   <li>{@code ipv4InsertRemove}: insert 4096 new IPv4 prefixes (Internet-like lengths), then remove them; both
 *       count as updates.</li>
 *   <li>{@code ipv4Replace}: change the next hop of 4096 existing prefixes (BGP best-path change).</li>
 *   <li>{@code tier1InsertRemove}: insert 4096 Tier 1 routes (whole-ASN or /16, new ASNs), then remove them.</li>
 *   <li>{@code ipv4Insert}: insertions only; the previous batch is removed outside the measurement
 *       ({@code Level.Invocation} set-up, acceptable here because one invocation takes milliseconds).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx4g"})
public class FibUpdateBenchmark
{
    private static final int BATCH = 4096;
    private static final int ROUNDS = 64;

    @Param("500000")
    public int backgroundPrefixes;

    private Fib fib;
    private FibUpdateBatch[] ipv4Adds;
    private FibUpdateBatch[] ipv4Removes;
    private FibUpdateBatch[] ipv4Replaces;
    private FibUpdateBatch[] tier1Adds;
    private FibUpdateBatch[] tier1Removes;
    private int round;

    @Setup(Level.Trial)
    public void setUp()
    {
        fib = new Fib(FibConfig.defaults().withMaxAsns(BATCH * 2).withIpv4Groups(1 << 17).withNextHopCapacity(4096));
        final Random rnd = new Random(11);
        final int[] hops = SyntheticRoutes.nextHops(fib, 1024);
        final long[] background = SyntheticRoutes.installIpv4(fib, rnd, backgroundPrefixes, hops);
        ipv4Adds = new FibUpdateBatch[ROUNDS];
        ipv4Removes = new FibUpdateBatch[ROUNDS];
        ipv4Replaces = new FibUpdateBatch[ROUNDS];
        tier1Adds = new FibUpdateBatch[ROUNDS];
        tier1Removes = new FibUpdateBatch[ROUNDS];
        for (int k = 0; k < ROUNDS; k++)
        {
            ipv4Adds[k] = new FibUpdateBatch(BATCH);
            ipv4Removes[k] = new FibUpdateBatch(BATCH);
            ipv4Replaces[k] = new FibUpdateBatch(BATCH);
            tier1Adds[k] = new FibUpdateBatch(BATCH);
            tier1Removes[k] = new FibUpdateBatch(BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                final int len = SyntheticRoutes.randomIpv4Length(rnd);
                final long prefix = Ipv8Address.of(0, SyntheticRoutes.randomIpv4Prefix(rnd, len));
                ipv4Adds[k].add(prefix, 32 + len, hops[rnd.nextInt(hops.length)]);
                ipv4Removes[k].remove(prefix, 32 + len);
                final long b = background[rnd.nextInt(background.length)];
                ipv4Replaces[k].add(Ipv8Address.of(0, (int)(b >>> 8)), 32 + (int)(b & 0xFF),
                    hops[rnd.nextInt(hops.length)]);
                final int r = 1_000_000 + i;
                final boolean whole = rnd.nextBoolean();
                final long t1 = Ipv8Address.of(r, whole ? 0 : rnd.nextInt(224) << 24 | rnd.nextInt(256) << 16);
                tier1Adds[k].add(t1, whole ? 32 : 48, hops[rnd.nextInt(hops.length)]);
                tier1Removes[k].remove(t1, whole ? 32 : 48);
            }
        }
    }

    /** 4096 inserts then 4096 removes; a prefix that already was in the background table counts as a replace. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public int ipv4InsertRemove()
    {
        final int k = next();
        return fib.apply(ipv4Adds[k]) + fib.apply(ipv4Removes[k]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int ipv4Replace()
    {
        return fib.apply(ipv4Replaces[next()]);
    }

    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public int tier1InsertRemove()
    {
        final int k = next();
        return fib.apply(tier1Adds[k]) + fib.apply(tier1Removes[k]);
    }

    /** Pure insertions: removes the batch the previous invocation inserted, outside the measured time. */
    @State(Scope.Thread)
    public static class InsertOnly
    {
        int batch = -1;

        @Setup(Level.Invocation)
        public void removePrevious(final FibUpdateBenchmark bench)
        {
            if (batch >= 0)
            {
                bench.fib.apply(bench.ipv4Removes[batch]);
            }
            batch = bench.next();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int ipv4Insert(final InsertOnly state)
    {
        return fib.apply(ipv4Adds[state.batch]);
    }

    private int next()
    {
        final int k = round;
        round = (k + 1) & (ROUNDS - 1);
        return k;
    }
}
