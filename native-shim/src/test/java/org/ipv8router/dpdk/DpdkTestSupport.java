package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

/**
 * The one EAL of the test JVM (rte_eal_init runs once per process): reused if something else in the JVM already
 * initialised it (a DpdkPortFactory), else initialised on first use with --in-memory --no-pci, on a thread of its
 * own so the EAL's core pinning does not reach the JUnit thread; the calling test thread is then registered as an
 * EAL thread. Ports are created per test as vdevs with unique names and closed (removed) by the test;
 * RTE_MAX_ETHPORTS is 32.
 * <p>
 * Tests skip, loudly, only when the native build was skipped (-Dipv8.native.skip=true) or the shim/DPDK is
 * not installed at all. Any other failure (EAL init, layout mismatch) fails the tests.
 * <p>
 * Shared with other modules' tests through native-shim's test-jar (perf's pktgen tests); a consumer's surefire
 * passes ipv8.shim.path, ipv8.native.skip and ipv8.test.dir as native-shim's does.
 */
public final class DpdkTestSupport
{
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Eal eal;
    private static Throwable initFailure;
    private static DpdkMempool pool;
    private static DpdkMempool largePool;

    private DpdkTestSupport()
    {
    }

    /** Skips the calling test (loudly) if DPDK or the shim is truly absent; loads the shim otherwise. */
    public static void assumeShim()
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
    public static synchronized Eal eal()
    {
        assumeShim();
        if (eal == null && initFailure == null && Eal.isInitialised())
        {
            eal = Eal.current();
        }
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
    public static synchronized DpdkMempool pool()
    {
        eal();
        if (pool == null)
        {
            pool = DpdkMempool.create("ipv8_test_pool", 8191, 128, DpdkMempool.DEFAULT_DATA_ROOM, -1);
        }
        return pool;
    }

    /** A second shared pool, of 16383 mbufs (cache 256), for traffic tests that keep several rings full at once. */
    public static synchronized DpdkMempool largePool()
    {
        eal();
        if (largePool == null)
        {
            largePool = DpdkMempool.create("ipv8_test_large_pool", 16383, 256, DpdkMempool.DEFAULT_DATA_ROOM, -1);
        }
        return largePool;
    }

    /** A vdev name unique in this JVM that starts with the driver prefix, e.g. "net_ring_t7". */
    public static String uniqueName(final String driver)
    {
        return driver + "_t" + COUNTER.incrementAndGet();
    }

    /** A fresh directory under target/ for files of one test. */
    public static Path testDirectory(final String name) throws IOException
    {
        final Path base = Path.of(System.getProperty("ipv8.test.dir", System.getProperty("java.io.tmpdir")));
        final Path dir = base.resolve(name + "-" + COUNTER.incrementAndGet());
        Files.createDirectories(dir);
        return dir;
    }
}
