package org.ipv8router.perf;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibConfig;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Tier 1 lookup cost as the number of foreign ASNs grows (issue 9, scaling: 10^3 to 10^6 ASNs). Tier 1 holds
 * {@code asns} random distinct r values, each with a whole-ASN route, every tenth also with four /16 host prefixes
 * ({@link SyntheticRoutes#installTier1Random}). Destinations: 2^20 addresses whose r is drawn uniformly from the
 * installed ASNs and whose n is in 10.0.0.0/6 (so the /16 host prefixes are hit where they exist), walked in order.
 * {@code tier1Single}: one {@link Fib#lookup(long)} per operation; {@code tier1Batch32}: {@link Fib#lookup(long[],
 * int, int[], int)} over 32 consecutive destinations (32 different ASNs: transit traffic). Memory per ASN is measured
 * by {@link Tier1MemoryProbe} (JMH cannot report it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
    "-XX:+UseTransparentHugePages"})
public class Tier1ScalingBenchmark
{
    private static final int BATCH = 32;
    private static final int DSTS = 1 << 20;

    @Param({"1000", "10000", "100000", "1000000"})
    public int asns;

    private Fib fib;
    private int reader;
    private long[] dsts;
    private final int[] results = new int[BATCH];
    private int pos;

    @Setup(Level.Trial)
    public void setUp()
    {
        fib = new Fib(FibConfig.defaults().withMaxAsns(asns).withIpv4Groups(64).withNextHopCapacity(4096));
        final Random rnd = new Random(9);
        final int[] hops = SyntheticRoutes.nextHops(fib, 1024);
        final int[] rs = SyntheticRoutes.installTier1Random(fib, rnd, asns, 10, 4, hops);
        dsts = new long[DSTS];
        for (int i = 0; i < DSTS; i++)
        {
            dsts[i] = Ipv8Address.of(rs[rnd.nextInt(rs.length)], ((10 + rnd.nextInt(4)) << 24) | rnd.nextInt(1 << 24));
        }
        reader = fib.readers().register();
        System.out.printf("%nTier 1: %d ASNs, %d slots, %d bytes by the table's accounting%n",
            fib.asnTable().asnCount(), fib.asnTable().capacity(), fib.asnTable().memoryBytes());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        fib.readers().unregister(reader);
    }

    @Benchmark
    public int tier1Single()
    {
        final int p = pos;
        pos = (p + 1) & (DSTS - 1);
        return fib.lookup(dsts[p]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tier1Batch32(final Blackhole bh)
    {
        final int p = pos;
        pos = (p + BATCH) & (DSTS - 1);
        fib.lookup(dsts, p, results, BATCH);
        fib.readers().quiescent(reader);
        bh.consume(results);
    }
}
