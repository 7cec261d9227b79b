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

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time of a router holding the whole registry: from an empty validator to "every one of N RNs validated",
 * i.e. snapshot download from a loopback reference registry + envelope signature check + parse + table build, then
 * one validation of a route of every RN. The registry's snapshot is built and signed before timing starts.
 * <p>
 * Run 1 is not a cold-JVM start-up: it is the first run in this JVM, but this same JVM has just generated the
 * registry, serialised it with Jackson and signed it (SHA-512/Ed25519), so the record classes, Jackson and the crypto
 * are already loaded and partly JIT-compiled; only the client's own classes (HTTP client, snapshot parsing, table
 * build) are cold. A true cold start (registry in another process) was not measured and would likely be slower.
 * Later runs are fully warm.
 * <p>
 * Usage: {@code java -cp ipv8-perf.jar org.ipv8router.perf.Whois8StartupBench [rns=100000] [runs=3]}.
 * Goal: the 100,000-RN table in under 5 s.
 */
public final class Whois8StartupBench
{
    /** Says what run 1 is: not a cold JVM (see the class comment). */
    static final String FIRST_RUN_LABEL = " (first run in this JVM; registry built and signed in the same JVM first:"
        + " JSON and crypto classes warm, client classes cold)";

    private Whois8StartupBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int rns = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final List<Whois8Record> records = RegistryGenerator.generate(rns, 131_072, 1, Instant.now(), 42);
        try (Whois8RegistryServer server = Whois8RegistryServer.start(RegistryStore.of(records, 1),
            Ed25519Keys.generate(), "bench-1", new Whois8RegistryServer.Options().httpPort(0)))
        {
            long t0 = System.nanoTime();
            final int bytes = server.prepareSnapshot();
            System.out.printf("registry: %d RNs, snapshot of %.1f MB built and signed in %.0f ms%n", rns,
                bytes / 1e6, (System.nanoTime() - t0) / 1e6);
            for (int run = 1; run <= runs; run++)
            {
                t0 = System.nanoTime();
                try (Whois8Validator v = new Whois8Validator(Whois8Config.builder().baseUri(server.httpUri())
                    .trustAnchors(server.trustAnchors()).mode(Whois8Config.Mode.SNAPSHOT).build()).start())
                {
                    v.firstSnapshot().get(300, TimeUnit.SECONDS);
                    final long loaded = System.nanoTime();
                    int valid = 0;
                    for (final Whois8Record r : records)
                    {
                        if (v.validate(r.rn(), RnPrefix.prefix64(r.rn(), 0x0A00_0000), 40) == ValidationState.VALID)
                        {
                            valid++;
                        }
                    }
                    final long done = System.nanoTime();
                    System.out.printf("run %d%s: snapshot loaded in %.0f ms, %d/%d routes validated in %.1f ms, " +
                        "total %.0f ms%n", run, run == 1 ? FIRST_RUN_LABEL : " (warm)", (loaded - t0) / 1e6, valid,
                        rns, (done - loaded) / 1e6, (done - t0) / 1e6);
                    if (valid != rns)
                    {
                        throw new IllegalStateException("expected every route VALID, got " + valid);
                    }
                }
            }
        }
    }
}
