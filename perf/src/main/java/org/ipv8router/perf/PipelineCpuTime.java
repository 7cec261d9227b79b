package org.ipv8router.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The four null-port variants of {@link PipelineBenchmark} timed by the thread's own CPU time instead of the wall
 * clock, best of 15 interleaved rounds: on a machine shared with other work the time the thread is not on its
 * core drops out (cache and sibling-hyperthread contention do not). A cross-check for noisy machines, not a
 * replacement for the JMH numbers on a quiet one.
 * <p>
 * Run: {@code taskset -c 1 java --enable-native-access=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
 * -Dagrona.disable.bounds.checks=true -cp perf/target/ipv8-perf.jar org.ipv8router.perf.PipelineCpuTime}.
 */
public final class PipelineCpuTime
{
    static final int ROUNDS = 15;
    static final int INVOCATIONS = 20_000;
    static final int BURST = 64;

    private PipelineCpuTime()
    {
    }

    /**
     * Best of {@link #ROUNDS} interleaved rounds: in each round every variant runs {@link #INVOCATIONS} bursts of
     * {@link #BURST} packets, timed by the thread's CPU time.
     *
     * @param variants   number of variants.
     * @param invocation runs one burst of the variant it is given (0 to variants - 1).
     * @return per variant, the best round's CPU ns per packet.
     */
    static double[] bestNsPerPacket(final int variants, final IntConsumer invocation)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] best = new double[variants];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int variant = 0; variant < variants; variant++)
            {
                final long start = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < INVOCATIONS; k++)
                {
                    invocation.accept(variant);
                }
                final double ns = (threads.getCurrentThreadCpuTime() - start) / ((double)INVOCATIONS * BURST);
                best[variant] = Math.min(best[variant], ns);
            }
        }
        return best;
    }

    public static void main(final String[] args)
    {
        final PipelineBenchmark bench = new PipelineBenchmark();
        bench.setUp();
        for (int k = 0; k < 200_000; k++) // warm-up: JIT
        {
            bench.forwardBurstNullPorts();
            bench.forwardBurstNullPortsSlowPath();
            bench.forwardBurstNullPortsMixed();
            bench.portsOnly();
        }
        final double[] best = bestNsPerPacket(4, variant ->
        {
            switch (variant)
            {
                case 0 -> bench.forwardBurstNullPorts();
                case 1 -> bench.forwardBurstNullPortsSlowPath();
                case 2 -> bench.forwardBurstNullPortsMixed();
                default -> bench.portsOnly();
            }
        });
        System.out.printf("CPU ns/packet, best of %d rounds: forwardBurstNullPorts %.1f, " +
            "forwardBurstNullPortsSlowPath %.1f, forwardBurstNullPortsMixed %.1f, portsOnly %.1f; pipeline (minus " +
            "portsOnly): fast path %.1f, slow path %.1f, slow/fast %.2f, fast path with mixed traffic %.1f%n", ROUNDS,
            best[0], best[1], best[2], best[3], best[0] - best[3], best[1] - best[3], (best[1] - best[3]) /
            (best[0] - best[3]), best[2] - best[3]);
        bench.tearDown();
    }
}
