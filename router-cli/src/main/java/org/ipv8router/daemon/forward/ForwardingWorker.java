package org.ipv8router.daemon.forward;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.ipv8router.dataplane.forward.Router;

/**
 * The forwarding thread's agent: assembles the ports and the {@link Router} on its own thread (a DPDK port
 * factory must open the EAL and its devices on the thread that forwards), then runs the router's duty cycle and,
 * between cycles, the tasks the control plane hands over (neighbour cache snapshots and changes, router-originated
 * packets): the worker owns the neighbour caches, the graph and its pools, so nobody else touches them.
 * On close it stops the router, then releases the ports and their pools and factories, still on its own thread.
 */
final class ForwardingWorker extends TaskAgent
{
    /** What the worker runs on its own thread at start and at close. */
    interface Assembly
    {
        /** Creates the ports and the router (worker thread). */
        Router assemble() throws Exception;

        /** Closes ports, pools and factories (worker thread), after the router stopped. */
        void release();
    }

    static final String ROLE_NAME = "ipv8-forwarder";

    private final Assembly assembly;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Router router;
    private volatile Throwable failure;
    private volatile Thread workerThread;

    ForwardingWorker(final Assembly assembly)
    {
        this.assembly = assembly;
    }

    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    @Override
    public void onStart()
    {
        workerThread = Thread.currentThread();
        try
        {
            final Router r = assembly.assemble();
            r.agent().onStart();
            router = r;
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            ready.countDown();
        }
    }

    @Override
    public int doWork()
    {
        final Router r = router;
        if (r == null)
        {
            return 0; // assembly failed: the module stops the runner
        }
        return runTasks() + r.agent().doWork();
    }

    @Override
    public void onClose()
    {
        failPendingTasks();
        try
        {
            final Router r = router;
            if (r != null)
            {
                r.close();
            }
        }
        finally
        {
            assembly.release();
        }
    }

    /**
     * Waits until the assembly on the worker thread finished.
     *
     * @return the router.
     * @throws Exception the assembly's failure.
     */
    Router awaitReady(final long timeoutMs) throws Exception
    {
        if (!ready.await(timeoutMs, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException("the forwarding thread did not start within " + timeoutMs + " ms");
        }
        final Throwable t = failure;
        if (t instanceof Exception e)
        {
            throw e;
        }
        if (t != null)
        {
            throw new IllegalStateException(t.toString(), t);
        }
        return router;
    }

    /** @return the forwarding thread. */
    Thread workerThread()
    {
        return workerThread;
    }
}
