package org.ipv8router.daemon.forward;

import org.ipv8router.dataplane.forward.PuntQueue;
import org.ipv8router.dataplane.forward.Router;

/**
 * The forwarding assembly's control-plane thread: the one FIB writer (static routes and zone permits changed by a
 * reload, route walks for {@code show route}, whose FIB iteration is writer-thread only) and the consumer of the
 * router's punt ring (frames for the router itself: counted, logged at debug, echo replies matched to
 * {@code ping8}). Runs on its own Agrona runner so punted frames never wait on a control socket client.
 */
final class ControlPlaneAgent extends TaskAgent
{
    static final String ROLE_NAME = "ipv8-fwd-control";
    private static final long RECLAIM_INTERVAL_NS = 1_000_000_000L;

    private final Router router;
    private final PuntQueue.Handler puntHandler;
    private long lastReclaim = System.nanoTime();
    // Work other modules run each duty cycle on this thread (BGP8's FIB sink); copy-on-write, read lock-free.
    private volatile java.util.function.IntSupplier[] dutyCycleWork = new java.util.function.IntSupplier[0];

    ControlPlaneAgent(final Router router, final PuntQueue.Handler puntHandler)
    {
        this.router = router;
        this.puntHandler = puntHandler;
    }

    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    @Override
    public int doWork()
    {
        int work = runTasks();
        work += router.punt().drain(puntHandler, 256);
        for (final java.util.function.IntSupplier w : dutyCycleWork)
        {
            work += w.getAsInt();
        }
        final long now = System.nanoTime();
        if (now - lastReclaim >= RECLAIM_INTERVAL_NS)
        {
            lastReclaim = now;
            router.fib().reclaim(); // retired tbl8 groups whose grace period is over go back to the free lists
        }
        return work;
    }

    synchronized void addDutyCycleWork(final java.util.function.IntSupplier work)
    {
        final java.util.function.IntSupplier[] old = dutyCycleWork;
        final java.util.function.IntSupplier[] now = java.util.Arrays.copyOf(old, old.length + 1);
        now[old.length] = work;
        dutyCycleWork = now;
    }

    synchronized void removeDutyCycleWork(final java.util.function.IntSupplier work)
    {
        dutyCycleWork = java.util.Arrays.stream(dutyCycleWork).filter(w -> w != work)
            .toArray(java.util.function.IntSupplier[]::new);
    }

    @Override
    public void onClose()
    {
        failPendingTasks();
    }
}
