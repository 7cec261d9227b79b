package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The perf jar's benchmark list ({@code java -jar perf/target/ipv8-perf.jar -l} prints it from
 * {@code META-INF/BenchmarkList}, which the JMH annotation processor writes) holds every benchmark the runner scripts
 * name and every {@code @Benchmark} method of the perf classes. Guards pitfall 3 of java-stack.md: without the
 * processor in {@code annotationProcessorPaths} the list is silently empty.
 */
class BenchmarkListTest
{
    /** Benchmarks that perf/bin/run-benchmarks and perf/bin/fib-vs-rte-lpm select by name. */
    private static final String[] NAMED_BY_SCRIPTS = {
        "org.ipv8router.perf.CodecBenchmark.validateAndParse",
        "org.ipv8router.perf.CodecBenchmark.validateAndParseNoBoundsChecks",
        "org.ipv8router.perf.CodecBenchmark.writeHeader",
        "org.ipv8router.perf.CodecBenchmark.downgrade8to4",
        "org.ipv8router.perf.CodecBenchmark.copyFrameBaseline",
        "org.ipv8router.perf.ChecksumBenchmark.fullHeader28",
        "org.ipv8router.perf.ChecksumBenchmark.update16Ttl",
        "org.ipv8router.perf.ChecksumBenchmark.decrementTtlInPlace",
        "org.ipv8router.perf.ChecksumBenchmark.update64Address",
        "org.ipv8router.perf.FibLookupBenchmark.tier2Ipv4Batch32",
        "org.ipv8router.perf.FibLookupBenchmark.tier1AsnBatch32",
        "org.ipv8router.perf.FibLookupBenchmark.tier2Ipv4Single",
        "org.ipv8router.perf.FibUpdateBenchmark.ipv4Insert",
        "org.ipv8router.perf.FibUpdateBenchmark.ipv4InsertRemove",
        "org.ipv8router.perf.Whois8ValidationBenchmark",
        "org.ipv8router.perf.PipelineBenchmark.forwardBurst",
        "org.ipv8router.perf.PipelineBenchmark.forwardBurstNullPorts",
        "org.ipv8router.perf.Tier1ScalingBenchmark",
    };

    private static final Class<?>[] BENCHMARK_CLASSES = {
        CodecBenchmark.class, ChecksumBenchmark.class, FibLookupBenchmark.class, FibUpdateBenchmark.class,
        Whois8ValidationBenchmark.class, PipelineBenchmark.class, Tier1ScalingBenchmark.class,
    };

    /** The names {@code -l} prints: JMH's own reader of META-INF/BenchmarkList, as {@code Runner.list()} uses it. */
    private static Set<String> benchmarkList()
    {
        assertNotNull(BenchmarkListTest.class.getResource("/META-INF/BenchmarkList"),
            "META-INF/BenchmarkList is missing: the JMH annotation processor did not run");
        final Set<String> names = new TreeSet<>();
        for (final BenchmarkListEntry entry : BenchmarkList.defaultList()
            .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()))
        {
            names.add(entry.getUsername());
        }
        return names;
    }

    @Test
    void listHoldsEveryBenchmarkTheScriptsName()
    {
        final Set<String> list = benchmarkList();
        final List<String> missing = new ArrayList<>();
        for (final String name : NAMED_BY_SCRIPTS)
        {
            if (list.stream().noneMatch(listed -> listed.equals(name) || listed.startsWith(name + ".")))
            {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "benchmarks the scripts run but the jar does not list");
    }

    @Test
    void listHoldsEveryAnnotatedMethod()
    {
        final Set<String> list = benchmarkList();
        int methods = 0;
        final List<String> missing = new ArrayList<>();
        for (final Class<?> type : BENCHMARK_CLASSES)
        {
            for (final Method m : type.getDeclaredMethods())
            {
                if (m.isAnnotationPresent(Benchmark.class))
                {
                    methods++;
                    final String name = type.getName() + "." + m.getName();
                    if (!list.contains(name))
                    {
                        missing.add(name);
                    }
                }
            }
        }
        assertTrue(methods >= 20, "expected at least 20 @Benchmark methods, found " + methods);
        assertEquals(List.of(), missing, "@Benchmark methods absent from META-INF/BenchmarkList");
    }
}
