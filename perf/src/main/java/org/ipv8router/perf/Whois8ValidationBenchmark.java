package org.ipv8router.perf;

import org.ipv8router.testbed.whois8.RegistryGenerator;
import org.ipv8router.testbed.whois8.RegistryStore;
import org.ipv8router.testbed.whois8.Whois8RegistryServer;
import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.RnPrefix;
import org.ipv8router.whois8.ValidationState;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.whois8.Whois8Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * WHOIS8 validation cost.
 * <ul>
 * <li>{@code warmValidate}: {@link Whois8Validator#validate(long, long, int)} on a table holding 100,000 RNs
 *     (loaded by snapshot from a loopback reference registry), every RN already known (warm WHOIS8 cache). With
 *     {@code routes=65536} the RNs asked are random over the whole table, so most lookups miss the CPU caches as a
 *     full-table re-validation would; with {@code routes=1024} they stay cache-resident. Goal: under 1 microsecond
 *     per validation.</li>
 * <li>{@code coldLookup}: a never-seen RN in per-RN mode, one at a time: HTTP GET to the loopback registry, the
 *     registry signing that record (Ed25519), the client's Ed25519 verification, table insert. Each lookup pays for
 *     both the server-side signing and the client-side verification: the registry caches a signed record only after
 *     its first request, and the RNs are taken in order from 100,000 records without wrapping within a run (a run
 *     makes only a few thousand lookups, e.g. 3 warm-up + 5 measured iterations of 2 s at a few hundred per second),
 *     so no lookup is ever served from that cache. The result is therefore an end-to-end round trip, not the
 *     client's cost alone; the registry and the client share the machine's CPUs.</li>
 * </ul>
 * The 100,000-RN start-up time is measured by {@link Whois8StartupBench}.
 */
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Whois8ValidationBenchmark
{
    private static final int RNS = 100_000;
    private static final long FIRST_RN = 131_072;

    /** A snapshot-mode validator holding 100,000 RNs, and pre-drawn random routes to ask about. */
    @State(Scope.Benchmark)
    public static class Warm
    {
        @Param({ "100000" })
        public int rns;

        /** Distinct routes cycled through: 1,024 stay in the CPU caches, 65,536 spread over the whole table. */
        @Param({ "1024", "65536" })
        public int routes;

        Whois8RegistryServer server;
        Whois8Validator validator;
        long[] origins;
        long[] prefixes;
        int[] lengths;
        int mask;

        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            final List<Whois8Record> records = RegistryGenerator.generate(rns, FIRST_RN, 1, Instant.now(), 42);
            server = Whois8RegistryServer.start(RegistryStore.of(records, 1), Ed25519Keys.generate(), "bench-1",
                new Whois8RegistryServer.Options().httpPort(0));
            validator = new Whois8Validator(Whois8Config.builder().baseUri(server.httpUri())
                .trustAnchors(server.trustAnchors()).mode(Whois8Config.Mode.SNAPSHOT).build()).start();
            validator.firstSnapshot().get(300, TimeUnit.SECONDS);
            final int n = routes;
            mask = n - 1;
            origins = new long[n];
            prefixes = new long[n];
            lengths = new int[n];
            final SplittableRandom random = new SplittableRandom(7);
            int valid = 0;
            for (int i = 0; i < n; i++)
            {
                final Whois8Record r = records.get(random.nextInt(records.size()));
                origins[i] = r.rn();
                prefixes[i] = RnPrefix.prefix64(r.rn(), 0x0A00_0000 | (random.nextInt(256) << 16));
                lengths[i] = 48;
                if (validator.validate(origins[i], prefixes[i], lengths[i]) == ValidationState.VALID)
                {
                    valid++;
                }
            }
            if (valid != n)
            {
                throw new IllegalStateException("benchmark routes should all be VALID, " + valid + " of " + n);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            validator.close();
            server.close();
        }
    }

    /** Per-thread cursor over the pre-drawn routes. */
    @State(Scope.Thread)
    public static class Cursor
    {
        int i;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ValidationState warmValidate(final Warm warm, final Cursor cursor)
    {
        final int i = cursor.i++ & warm.mask;
        return warm.validator.validate(warm.origins[i], warm.prefixes[i], warm.lengths[i]);
    }

    /**
     * A per-RN-mode validator and a loopback registry; every invocation asks about an RN not asked before, in this
     * validator and in the registry's signed-record cache alike ({@code next} does not wrap within a run).
     */
    @State(Scope.Benchmark)
    public static class Cold
    {
        Whois8RegistryServer server;
        Whois8Validator validator;
        List<Whois8Record> records;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            records = RegistryGenerator.generate(RNS, FIRST_RN, 1, Instant.now(), 42);
            server = Whois8RegistryServer.start(RegistryStore.of(records, 1), Ed25519Keys.generate(), "bench-1",
                new Whois8RegistryServer.Options().httpPort(0));
        }

        @Setup(Level.Iteration)
        public void freshValidator()
        {
            if (validator != null)
            {
                validator.close();
            }
            validator = new Whois8Validator(Whois8Config.builder().baseUri(server.httpUri())
                .trustAnchors(server.trustAnchors()).requestTimeout(Duration.ofSeconds(10))
                .maxConcurrentRequests(8).build()).start();
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            validator.close();
            server.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ValidationState coldLookup(final Cold cold) throws Exception
    {
        final Whois8Record r = cold.records.get(cold.next++ % cold.records.size());
        final ValidationState rnState = cold.validator.refresh(r.rn()).get(30, TimeUnit.SECONDS);
        if (rnState != ValidationState.VALID)
        {
            throw new IllegalStateException("AS" + r.rn() + " came back " + rnState);
        }
        return cold.validator.validate(r.rn(), RnPrefix.prefix64(r.rn(), 0x0A00_0000), 40);
    }
}
