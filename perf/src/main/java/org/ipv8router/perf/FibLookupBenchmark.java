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
 * FIB lookup cost in ns per destination, l3fwd style: batches of 32 destinations looked up with
 * {@link Fib#lookup(long[], int[], int)}, walking a 64 Ki-entry destination array so that caches see a realistic
 * spread. Tier 2: the r = 0 IPv4 DIR-24-8 table holding {@code ipv4Prefixes} synthetic prefixes (Internet-like
 * length distribution). Tier 1: {@code asns} foreign ASNs with whole-ASN routes, every tenth with four /16s.
 * The benchmark thread is a registered QSBR reader and reports a quiescent point after each batch, as a worker does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx4g"})
public class FibLookupBenchmark
{
    private static final int BATCH = 32;
    private static final int DSTS = 1 << 16;

    @Param("1000000")
    public int ipv4Prefixes;

    @Param("100000")
    public int asns;

    private Fib fib;
    private int reader;
    private long[] ipv4Dsts;
    private long[] tier1Dsts;
    private long[] mixedDsts;
    private final long[] batch = new long[BATCH];
    private final int[] results = new int[BATCH];
    private int pos;

    @Setup(Level.Trial)
    public void setUp()
    {
        fib = new Fib(FibConfig.defaults().withMaxAsns(Math.max(asns, 1) * 2).withIpv4Groups(1 << 17)
            .withNextHopCapacity(4096));
        final Random rnd = new Random(7);
        final int[] hops = SyntheticRoutes.nextHops(fib, 1024);
        final long[] v4 = SyntheticRoutes.installIpv4(fib, rnd, ipv4Prefixes, hops);
        final int[] rs = SyntheticRoutes.installTier1(fib, rnd, asns, hops);
        ipv4Dsts = new long[DSTS];
        tier1Dsts = new long[DSTS];
        mixedDsts = new long[DSTS];
        for (int i = 0; i < DSTS; i++)
        {
            ipv4Dsts[i] = Ipv8Address.of(0, SyntheticRoutes.addressIn(v4[rnd.nextInt(v4.length)], rnd));
            final int r = rs[rnd.nextInt(rs.length)];
            tier1Dsts[i] = Ipv8Address.of(r, ((10 + rnd.nextInt(4)) << 24) | rnd.nextInt(1 << 24));
            mixedDsts[i] = rnd.nextBoolean() ? ipv4Dsts[i] : tier1Dsts[i];
        }
        reader = fib.readers().register();
        System.out.printf("%nFIB: %d IPv4 routes, %d tbl8 groups (%d MiB reader-visible), %d ASNs in Tier 1%n",
            fib.ipv4Table().routeCount(), fib.ipv4Table().groupsInUse(), fib.ipv4Table().memoryBytes() >> 20,
            fib.asnTable().asnCount());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        fib.readers().unregister(reader);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tier2Ipv4Batch32(final Blackhole bh)
    {
        lookupBatch(ipv4Dsts, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tier1AsnBatch32(final Blackhole bh)
    {
        lookupBatch(tier1Dsts, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mixedBatch32(final Blackhole bh)
    {
        lookupBatch(mixedDsts, bh);
    }

    @Benchmark
    public int tier2Ipv4Single()
    {
        final int p = pos;
        pos = (p + 1) & (DSTS - 1);
        return fib.lookup(ipv4Dsts[p]);
    }

    private void lookupBatch(final long[] dsts, final Blackhole bh)
    {
        final int p = pos;
        System.arraycopy(dsts, p, batch, 0, BATCH);
        pos = (p + BATCH) & (DSTS - 1);
        fib.lookup(batch, results, BATCH);
        fib.readers().quiescent(reader);
        bh.consume(results);
    }
}
