package org.ipv8router.perf;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The measurement protocol of the wire-level micro-benchmarks ({@link CodecBenchmark}, {@link ChecksumBenchmark}):
 * average ns per operation, 3 x 1 s warm-up, 5 x 1 s measurement, 2 forks with the flags the benchmark JVM needs.
 * JMH reads these annotations from the superclass (as in its sample 24, inheritance); a method's own {@code @Fork}
 * (the {@code ...NoBoundsChecks} twins) replaces the class's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS})
public abstract class WireMicroBenchmark
{
}
