package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicInteger;

import org.ipv8router.dpdk.DpdkMempool;
import org.ipv8router.dpdk.DpdkShim;
import org.ipv8router.dpdk.DpdkUnavailableException;
import org.ipv8router.dpdk.Eal;
import org.ipv8router.dpdk.EalConfig;
import org.junit.jupiter.api.Assumptions;

/**
 * The one EAL of the perf test JVM (rte_eal_init runs once per process): reused if another test class already
 * initialised it, else initialised here on a thread of its own (so EAL's core pinning does not reach the JUnit
 * thread); the calling thread is registered as an EAL thread. Skips loudly only when DPDK or the shim is truly
 * absent (or the native build was skipped); any other failure fails the test.
 */
final class PktgenTestDpdk
{
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Throwable initFailure;
    private static DpdkMempool pool;

    private PktgenTestDpdk()
    {
    }

    static synchronized void eal()
    {
        if (Boolean.getBoolean("ipv8.native.skip"))
        {
            skip("the native build was skipped (-Dipv8.native.skip=true), so libipv8shim.so does not exist");
        }
        try
        {
            DpdkShim.load();
        }
        catch (final DpdkUnavailableException ex)
        {
            skip(ex.getMessage());
        }
        if (!Eal.isInitialised() && initFailure == null)
        {
            final EalConfig config = EalConfig.builder().cores("0").inMemory(true).filePrefix("ipv8-perf-test")
                .logLevel("lib.eal:notice").build();
            final Thread init = new Thread(() ->
            {
                try
                {
                    Eal.init(config);
                }
                catch (final Throwable t)
                {
                    initFailure = t;
                }
            }, "perf-test-eal");
            init.start();
            try
            {
                init.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        if (initFailure != null)
        {
            fail("the shared test EAL failed to initialise: " + initFailure, initFailure);
        }
        Eal.registerCurrentThread();
    }

    private static void skip(final String reason)
    {
        System.err.println("[pktgen-tests] SKIPPED, DPDK NOT TESTED: " + reason);
        Assumptions.abort("DPDK tests skipped: " + reason);
    }

    static synchronized DpdkMempool pool()
    {
        eal();
        if (pool == null)
        {
            pool = DpdkMempool.create("pktgen_test_pool", 16383, 256, DpdkMempool.DEFAULT_DATA_ROOM, -1);
        }
        return pool;
    }

    static String uniqueName(final String driver)
    {
        return driver + "_pg" + COUNTER.incrementAndGet();
    }
}
