package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The DPDK Environment Abstraction Layer of this process: initialised once ({@code rte_eal_init} cannot run
 * twice in a process), from an {@link EalConfig}.
 * <p>
 * <b>Call {@link #init(EalConfig)} on the dataplane thread</b>, not on main: EAL pins the calling thread to
 * its first core and every thread created afterwards inherits that mask (pitfall 9), and only that thread is
 * an lcore with a mempool cache. Any other thread that touches mbufs should call
 * {@link #registerCurrentThread()} first, or it runs without a mempool cache (half the throughput).
 */
public final class Eal
{
    private static final System.Logger LOG = System.getLogger(Eal.class.getName());
    private static final int EALREADY = 114;

    private static Eal instance;
    private static boolean attempted;

    private final EalConfig config;
    private final EalConfig.Plan plan;
    private final String initThread;
    private final int mainLcore;
    private volatile boolean cleanedUp;

    private Eal(final EalConfig config, final EalConfig.Plan plan, final String initThread, final int mainLcore)
    {
        this.config = config;
        this.plan = plan;
        this.initThread = initThread;
        this.mainLcore = mainLcore;
    }

    /**
     * Loads the shim and runs {@code rte_eal_init} on the calling thread with the arguments the config
     * plans for this machine's hugepages (logging a fallback to {@code --no-huge}).
     *
     * @throws DpdkUnavailableException if the shim or DPDK is not installed.
     * @throws IllegalStateException    if the EAL was already initialised in this process.
     * @throws DpdkException            if rte_eal_init fails (message with DPDK's reason) or hugepages are
     *                                  required but missing.
     */
    public static synchronized Eal init(final EalConfig config)
    {
        if (instance != null)
        {
            throw new IllegalStateException("the DPDK EAL is already initialised in this process (on thread '" +
                instance.initThread + "' with " + instance.plan.args() + "); rte_eal_init can run only once: " +
                "use Eal.current()");
        }
        DpdkShim.load();
        final EalConfig.Plan plan = config.plan(HugepageInfo.read());
        if (plan.hugepages())
        {
            LOG.log(Level.INFO, "DPDK EAL uses hugepages: " + plan.reason());
        }
        else
        {
            LOG.log(Level.WARNING, "DPDK EAL runs WITHOUT hugepages (--no-huge -m " + config.noHugeMemoryMb() + "): " +
                plan.reason() + "; fine for tests, about 40 % of the hugepage throughput");
        }
        LOG.log(Level.INFO, "rte_eal_init on thread '" + Thread.currentThread().getName() + "': " +
            String.join(" ", plan.args()));

        final List<String> args = plan.args();
        // EAL may keep pointers into argv (devargs, saved arguments), so the strings live as long as the process.
        final Arena arena = Arena.global();
        final MemorySegment argv = arena.allocate(ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++)
        {
            argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
        argv.setAtIndex(ADDRESS, args.size(), MemorySegment.NULL);

        final boolean retry = attempted;
        attempted = true;
        final int result = ShimFunctions.ealInit(args.size(), argv);
        if (result < 0)
        {
            String hint = "";
            if (-result == EALREADY || retry)
            {
                hint = "; an earlier rte_eal_init attempt in this process leaves the EAL unusable after most " +
                    "failures: restart the process";
            }
            throw DpdkShim.failure("DPDK EAL initialisation failed with arguments " + String.join(" ", args) +
                " (the EAL log above says why)" + hint, result);
        }
        instance = new Eal(config, plan, Thread.currentThread().getName(), ShimFunctions.lcoreId());
        LOG.log(Level.INFO, "DPDK EAL initialised: main lcore " + instance.mainLcore + ", " +
            ShimFunctions.portCount() + " port(s) from --vdev/PCI");
        return instance;
    }

    /** True once {@link #init(EalConfig)} has succeeded in this process. */
    public static synchronized boolean isInitialised()
    {
        return instance != null;
    }

    /**
     * The EAL of this process.
     *
     * @throws IllegalStateException if it is not initialised.
     */
    public static synchronized Eal current()
    {
        if (instance == null)
        {
            throw new IllegalStateException("the DPDK EAL is not initialised: call Eal.init(EalConfig) first, " +
                "on the dataplane thread");
        }
        return instance;
    }

    /**
     * Makes the calling thread an EAL thread ({@code rte_thread_register}) so it gets an lcore id and with it
     * a mempool cache. Idempotent: a thread that already has an lcore id keeps it.
     *
     * @return the lcore id of the thread.
     */
    public static int registerCurrentThread()
    {
        current();
        final int lcore = ShimFunctions.lcoreId();
        if (lcore >= 0)
        {
            return lcore;
        }
        final int result = ShimFunctions.threadRegister();
        if (result < 0)
        {
            throw DpdkShim.failure("cannot register thread '" + Thread.currentThread().getName() + "' with the EAL",
                result);
        }
        return result;
    }

    /** Releases the lcore id of a thread registered with {@link #registerCurrentThread()}. */
    public static void unregisterCurrentThread()
    {
        ShimFunctions.threadUnregister();
    }

    /** The lcore id of the calling thread, or -1 if it is not an EAL thread. Needs the shim loaded. */
    public static int currentLcore()
    {
        return ShimFunctions.lcoreId();
    }

    /** The NUMA socket of the calling thread's lcore. */
    public static int currentSocket()
    {
        return ShimFunctions.socketId();
    }

    public EalConfig config()
    {
        return config;
    }

    /** The argv passed to rte_eal_init, argv[0] included. */
    public List<String> arguments()
    {
        return plan.args();
    }

    /** True if the EAL runs on hugepages, false if it fell back to --no-huge. */
    public boolean usesHugepages()
    {
        return plan.hugepages();
    }

    /** Why hugepages are or are not used (the log line's text). */
    public String hugepageReason()
    {
        return plan.reason();
    }

    /** Lcore id of the thread that initialised the EAL. */
    public int mainLcore()
    {
        return mainLcore;
    }

    /** Name of the thread that initialised the EAL. */
    public String initThreadName()
    {
        return initThread;
    }

    /** Number of ethdev ports currently available. */
    public int portCount()
    {
        return ShimFunctions.portCount();
    }

    /**
     * {@code rte_eal_cleanup}: releases DPDK's memory. Close all ports and free all pools first; the EAL
     * cannot be initialised again in this process afterwards.
     */
    public void cleanup()
    {
        synchronized (Eal.class)
        {
            if (cleanedUp)
            {
                return;
            }
            cleanedUp = true;
        }
        final int result = ShimFunctions.ealCleanup();
        if (result < 0)
        {
            throw DpdkShim.failure("rte_eal_cleanup failed", result);
        }
    }

    public boolean isCleanedUp()
    {
        return cleanedUp;
    }
}
