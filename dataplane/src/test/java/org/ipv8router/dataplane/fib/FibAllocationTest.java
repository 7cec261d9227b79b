package org.ipv8router.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

/** Lookups on every tier must not allocate: measured with the per-thread allocation counter. */
class FibAllocationTest
{
    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    @Test
    void lookupsAllocateNothing()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
            "this JVM has no com.sun.management.ThreadMXBean: cannot measure allocation");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "per-thread allocation accounting is off in this JVM");

        final Fib fib = new Fib(FibConfig.defaults().withMaxAsns(1000).withIpv4Groups(64)
            .withLocalTableGroups(64, 64).withNextHopCapacity(64));
        final int zone = 0x7F01_0000;
        fib.addLocalR(zone);
        fib.addLocalR(64496);
        final int hop = fib.nextHops().addConnected(1, 7);
        fib.addRoute(Ipv8Address.of(0, ip(10, 0, 0, 0)), 40, hop);
        fib.addRoute(Ipv8Address.of(0, ip(10, 1, 2, 3)), 64, hop);
        fib.addRoute(Ipv8Address.of(zone, ip(10, 1, 2, 3)), 64, hop);
        fib.addRoute(Ipv8Address.of(64496, ip(10, 0, 0, 0)), 40, hop);
        fib.addRoute(Ipv8Address.of(218785, ip(45, 0, 0, 0)), 40, hop);
        fib.addRoute(Ipv8Address.of(218786, 0), 32, hop);
        final long[] dsts = {Ipv8Address.of(0, ip(10, 1, 2, 3)), Ipv8Address.of(0, ip(11, 1, 2, 3)),
            Ipv8Address.of(zone, ip(10, 1, 2, 3)), Ipv8Address.of(zone, ip(10, 1, 2, 4)),
            Ipv8Address.of(64496, ip(10, 9, 9, 9)), Ipv8Address.of(218785, ip(45, 1, 1, 1)),
            Ipv8Address.of(218786, 5), Ipv8Address.of(9, 9)};
        final int[] results = new int[dsts.length];
        // One-r batches take their own paths (IPv4, local DIR-24-8, zone DIR-16-8-8, one Tier 1 entry).
        final long[][] oneR = {
            {dsts[0], dsts[1], dsts[0], dsts[1]},
            {dsts[2], dsts[3], dsts[2], dsts[3]},
            {dsts[4], Ipv8Address.of(64496, 5), dsts[4], dsts[4]},
            {dsts[5], Ipv8Address.of(218785, 5), dsts[5], dsts[5]},
            {dsts[6], dsts[6], dsts[6], dsts[6]},
            {dsts[7], dsts[7], dsts[7], dsts[7]}};
        final int slot = fib.readers().register();

        long sink = run(fib, dsts, oneR, results, slot, 200_000);
        final long before = threads.getCurrentThreadAllocatedBytes();
        sink += run(fib, dsts, oneR, results, slot, 1_000_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 0);
        assertTrue(allocated < 1024, "1,000,000 lookup rounds allocated " + allocated + " bytes");
    }

    private static long run(
        final Fib fib, final long[] dsts, final long[][] oneR, final int[] results, final int slot, final int rounds)
    {
        long sink = 0;
        for (int i = 0; i < rounds; i++)
        {
            final long[] same = oneR[i % oneR.length];
            fib.lookup(same, 0, results, same.length);
            sink += results[i & 3];
            fib.lookup(dsts, results, dsts.length);
            sink += results[i & 7];
            sink += fib.lookup(dsts[i & 7]);
            fib.readers().quiescent(slot);
        }
        return sink;
    }
}
