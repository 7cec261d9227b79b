package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The shared EAL's state, and lcore ids for threads that register with it (pitfall 9). */
class EalThreadTest
{
    @Test
    void ealReportsHowItWasStarted()
    {
        final Eal eal = DpdkTestSupport.eal();
        assertTrue(Eal.isInitialised());
        assertEquals("dpdk-test-eal", eal.initThreadName());
        assertEquals(0, eal.mainLcore(), "-l 0");
        assertTrue(eal.arguments().contains("--no-pci"));
        assertEquals(eal.usesHugepages(), eal.arguments().contains("--in-memory"),
            "--in-memory exactly when hugepages are used: " + eal.arguments());
        assertEquals(!eal.usesHugepages(), eal.arguments().contains("--no-huge"));
        if (!eal.usesHugepages())
        {
            System.err.println("[dpdk-tests] NOTE: the test EAL runs with --no-huge: " + eal.hugepageReason());
        }
    }

    @Test
    void otherThreadsGetTheirOwnLcoreWhenRegistered() throws InterruptedException
    {
        final Eal eal = DpdkTestSupport.eal();
        final AtomicIntegerArray seen = new AtomicIntegerArray(4);
        final Thread worker = new Thread(() ->
        {
            seen.set(0, Eal.currentLcore());
            seen.set(1, Eal.registerCurrentThread());
            seen.set(2, Eal.currentLcore());
            Eal.unregisterCurrentThread();
            seen.set(3, Eal.currentLcore());
        }, "dpdk-test-worker");
        worker.start();
        worker.join();
        assertEquals(-1, seen.get(0), "a new thread is not an EAL thread");
        assertTrue(seen.get(1) >= 0, "registered: " + seen.get(1));
        assertNotEquals(eal.mainLcore(), seen.get(1));
        assertEquals(seen.get(1), seen.get(2));
        assertEquals(-1, seen.get(3), "unregistered");
        assertTrue(Eal.currentLcore() >= 0, "the test thread itself is registered by DpdkTestSupport");
    }
}
