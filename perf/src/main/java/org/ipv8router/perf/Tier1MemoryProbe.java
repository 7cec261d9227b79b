package org.ipv8router.perf;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Random;

import org.ipv8router.dataplane.fib.AsnTable;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.wire.Ipv8Address;

/**
 * Tier 1 memory per ASN, measured (issue 9, scaling: 10^3 to 10^6 ASNs); the lookup times are
 * {@link Tier1ScalingBenchmark}'s. For each ASN count: build a {@link Fib} whose ASN bound is that count, collect
 * garbage, read the used heap and the direct and mapped buffer pools, install the ASNs as the benchmark does
 * ({@link SyntheticRoutes#installTier1Random}: a whole-ASN route each, every tenth with four /16 host prefixes),
 * collect again and read again. The difference is what Tier 1 holds; it is printed per ASN next to the table's
 * own accounting ({@link AsnTable#memoryBytes()}) so that each checks the other. Also reports that the bounds hold
 * at that scale: one more ASN is refused with ASN_LIMIT, and a prefix beyond the budget with PREFIX_BUDGET.
 * <p>
 * Each count is built twice, the first time unmeasured, so that class loading and JIT compilation do not land in the
 * measurement. Run one count per JVM for the cleanest numbers (as {@code perf/bin/run-benchmarks --only tier1} does).
 * <p>
 * Usage: {@code java -Xmx2g -cp ipv8-perf.jar org.ipv8router.perf.Tier1MemoryProbe [counts...]} (default 1000 10000
 * 100000 1000000). Output: one {@code key=value} line per measurement.
 */
public final class Tier1MemoryProbe
{
    private Tier1MemoryProbe()
    {
    }

    public static void main(final String[] args)
    {
        final int[] counts = args.length == 0 ? new int[] {1_000, 10_000, 100_000, 1_000_000} : new int[args.length];
        for (int i = 0; i < args.length; i++)
        {
            counts[i] = Integer.parseInt(args[i]);
            if (counts[i] < 1)
            {
                throw new IllegalArgumentException("ASN count must be >= 1, got " + args[i]);
            }
        }
        System.out.println("tier1.jvm=" + System.getProperty("java.vm.name") + " " + Runtime.version()
            + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        for (final int n : counts)
        {
            probe(n, false); // warm-up: loads and compiles the insert path, so that the measured run allocates only
            probe(n, true);  // what Tier 1 keeps
        }
    }

    private static void probe(final int asns, final boolean report)
    {
        usedHeapAfterGc(); // the previous probe's FIB, 64 MiB of IPv4 table, must be gone before the baseline
        final Fib fib = new Fib(FibConfig.defaults().withMaxAsns(asns).withIpv4Groups(64).withNextHopCapacity(4096));
        final int[] hops = SyntheticRoutes.nextHops(fib, 1024);
        final long heapBefore = usedHeapAfterGc();
        final long offHeapBefore = bufferPoolBytes();
        final long start = System.nanoTime();
        final int[] rs = SyntheticRoutes.installTier1Random(fib, new Random(9), asns, 10, 4, hops);
        final long insertNs = System.nanoTime() - start;
        final long heapAfter = usedHeapAfterGc();
        final long offHeapAfter = bufferPoolBytes();
        final AsnTable table = fib.asnTable();
        final long accounted = table.memoryBytes();
        final long measured = heapAfter - heapBefore;
        // The r values array of the driver itself is live across the second reading: not Tier 1's, subtract it.
        final long driverBytes = 16 + 4L * rs.length;
        if (!report)
        {
            Reference.reachabilityFence(fib);
            return;
        }
        final String p = "tier1." + asns + ".";
        System.out.println(p + "asns=" + table.asnCount());
        System.out.println(p + "slots=" + table.capacity());
        System.out.printf("%sheap_bytes_measured=%d%n", p, measured - driverBytes);
        System.out.printf("%sheap_bytes_per_asn_measured=%.1f%n", p, (double)(measured - driverBytes) / asns);
        System.out.printf("%sheap_bytes_per_asn_accounted=%.1f%n", p, (double)accounted / asns);
        System.out.printf("%soff_heap_bytes_measured=%d%n", p, offHeapAfter - offHeapBefore);
        System.out.printf("%sinsert_ns_per_asn=%.1f%n", p, (double)insertNs / asns);
        System.out.println(p + "one_more_asn=" + fib.addRoute(Ipv8Address.of(0x7F7F_0001, 0), 32,
            hops[0]));
        int budgetRejects = 0;
        for (int j = 4; j <= table.prefixBudget() + 1; j++)
        {
            if (!fib.addRoute(Ipv8Address.of(rs[0], (10 + (j & 3)) << 24 | (j >>> 2) << 16), 48,
                hops[0]).isSuccess())
            {
                budgetRejects++;
            }
        }
        System.out.println(p + "prefix_budget=" + table.prefixBudget() + " (one ASN offered "
            + (table.prefixBudget() + 2) + " prefixes: " + table.prefixCount(rs[0]) + " installed, " + budgetRejects
            + " refused, " + table.prefixBudgetHits() + " counted)");
        Reference.reachabilityFence(fib);
        Reference.reachabilityFence(rs);
    }

    private static long usedHeapAfterGc()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long bufferPoolBytes()
    {
        long bytes = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            bytes += pool.getMemoryUsed();
        }
        return bytes;
    }
}
