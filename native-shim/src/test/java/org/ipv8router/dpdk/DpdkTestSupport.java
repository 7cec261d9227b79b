package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

/**
 * The one EAL of the test JVM (rte_eal_init runs once per process): initialised on first use with
 * --in-memory --no-pci, on a thread of its own so the EAL's core pinning does not reach the JUnit thread;
 * the calling test thread is then registered as an EAL thread. Ports are created per test as vdevs with
 * unique names and closed (removed) by the test; RTE_MAX_ETHPORTS is 32.
 * <p>
 * Tests skip, loudly, only when the native build was skipped (-Dipv8.native.skip=true) or the shim/DPDK is
 * not installed at all. Any other failure (EAL init, layout mismatch) fails the tests.
 */
final class DpdkTestSupport
{
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Eal eal;
    private static Throwable initFailure;
    private static DpdkMempool pool;

    private DpdkTestSupport()
    {
    }

    /** Skips the calling test (loudly) if DPDK or the shim is truly absent; loads the shim otherwise. */
    static void assumeShim()
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
    }

    private static void skip(final String reason)
    {
        System.err.println("[dpdk-tests] SKIPPED, DPDK NOT TESTED: " + reason);
        Assumptions.abort("DPDK tests skipped: " + reason);
    }

    /** The shared EAL; the calling thread is registered with it. */
    static synchronized Eal eal()
    {
        assumeShim();
        if (eal == null && initFailure == null)
        {
            final EalConfig config = EalConfig.builder()
                .cores("0")
                .inMemory(true)
                .filePrefix("ipv8-test")
                .logLevel("lib.eal:notice")
                .build();
            final Thread init = new Thread(() ->
            {
                try
                {
                    eal = Eal.init(config);
                }
                catch (final Throwable t)
                {
                    initFailure = t;
                }
            }, "dpdk-test-eal");
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
        return eal;
    }

    /** A shared pool of 8191 mbufs with 2048-byte data room. */
    static synchronized DpdkMempool pool()
    {
        eal();
        if (pool == null)
        {
            pool = DpdkMempool.create("ipv8_test_pool", 8191, 128, DpdkMempool.DEFAULT_DATA_ROOM, -1);
        }
        return pool;
    }

    /** A vdev name unique in this JVM that starts with the driver prefix, e.g. "net_ring_t7". */
    static String uniqueName(final String driver)
    {
        return driver + "_t" + COUNTER.incrementAndGet();
    }

    /** A fresh directory under target/ for files of one test. */
    static Path testDirectory(final String name) throws IOException
    {
        final Path base = Path.of(System.getProperty("ipv8.test.dir", System.getProperty("java.io.tmpdir")));
        final Path dir = base.resolve(name + "-" + COUNTER.incrementAndGet());
        Files.createDirectories(dir);
        return dir;
    }
}
