package org.ipv8router.dpdk;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.ipv8router.dataplane.port.PortFactory;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterAgent;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.port.Port;

/**
 * The IPv8 {@link Router} running over ports of a {@link PortFactory} (normally {@link DpdkPortFactory}) on a
 * dataplane thread of its own:
 * <pre>
 *  start() ---------------------------> thread "ipv8-dataplane"
 *                                        factory.open()        EAL init: this thread becomes the pinned lcore
 *                                        factory.create() x N  one port per interface, in port-index order
 *                                        Router.create(...)
 *  returns once ready (or rethrows) <--  agent.onStart(), then doWork()/idle until close()
 *  close() ---------------------------> router.close(), ports closed, factory.close()
 * </pre>
 * Everything DPDK happens on that one thread, so the EAL's core pinning never reaches the control plane
 * (pitfall 9) and the ports' bursts get the lcore's mempool cache. The control plane may call the FIB writer
 * methods of {@link #router()} (one writer thread) while the dataplane runs.
 */
public final class DpdkRouter implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(DpdkRouter.class.getName());
    /** Default thread name of the dataplane thread. */
    public static final String THREAD_NAME = "ipv8-dataplane";

    private final PortFactory factory;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Router router;
    private volatile List<Port> ports = List.of();
    private volatile Throwable failure;

    private DpdkRouter(
        final RouterSpec spec, final List<String> devices, final PortFactory factory,
        final DataplaneCounters counters, final IdleStrategy idle)
    {
        this.factory = factory;
        this.thread = new Thread(() -> run(spec, devices, counters, idle), THREAD_NAME);
    }

    /**
     * Starts the router on a new dataplane thread and waits until it forwards.
     *
     * @param spec     the router's interfaces, routes and neighbours.
     * @param devices  device string per port index (entry i is the device of the interface with portIndex i).
     * @param factory  makes the ports; opened, used and closed on the dataplane thread (the router owns it).
     * @param counters where port, node and drop-reason counters go (the caller closes it after {@link #close()}).
     * @param idle     what the dataplane thread does after a duty cycle without work.
     * @return the running router.
     * @throws IllegalArgumentException if devices do not match the spec's interfaces.
     * @throws RuntimeException         the failure of the dataplane thread's start-up (EAL, device, spec), after
     *                                  everything already created was released.
     */
    public static DpdkRouter start(
        final RouterSpec spec, final List<String> devices, final PortFactory factory,
        final DataplaneCounters counters, final IdleStrategy idle)
    {
        final boolean[] seen = new boolean[devices.size()];
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            if (i.portIndex() >= devices.size())
            {
                throw new IllegalArgumentException("interface " + i.name() + " (port " + i.portIndex() +
                    ") has no device: " + devices.size() + " device(s) given");
            }
            seen[i.portIndex()] = true;
        }
        for (int k = 0; k < seen.length; k++)
        {
            if (!seen[k])
            {
                throw new IllegalArgumentException("device " + k + " ('" + devices.get(k) +
                    "') belongs to no interface of the router");
            }
        }
        final DpdkRouter dpdkRouter = new DpdkRouter(spec, List.copyOf(devices), factory, counters, idle);
        dpdkRouter.thread.start();
        dpdkRouter.awaitReady();
        return dpdkRouter;
    }

    /** {@link #start} with a {@link DpdkPortFactory} over the given EAL config and a backoff idle strategy. */
    public static DpdkRouter start(
        final RouterSpec spec, final List<String> devices, final EalConfig ealConfig, final DataplaneCounters counters)
    {
        return start(spec, devices, new DpdkPortFactory(ealConfig), counters,
            new BackoffIdleStrategy(100, 10, 1_000, 100_000));
    }

    private void awaitReady()
    {
        try
        {
            ready.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the IPv8 dataplane was starting", ex);
        }
        final Throwable t = failure;
        if (t != null)
        {
            joinQuietly();
            if (t instanceof RuntimeException re)
            {
                throw re;
            }
            throw new IllegalStateException("IPv8 dataplane failed to start: " + t, t);
        }
    }

    private void run(
        final RouterSpec spec, final List<String> devices, final DataplaneCounters counters, final IdleStrategy idle)
    {
        final Port[] byIndex = new Port[devices.size()];
        Router created = null;
        try
        {
            factory.open();
            for (final RouterSpec.Interface i : spec.interfaces())
            {
                byIndex[i.portIndex()] = factory.create(i.name(), i.portIndex(), devices.get(i.portIndex()), counters);
            }
            ports = List.copyOf(Arrays.asList(byIndex));
            created = Router.create(spec, ports, counters);
            router = created;
            final RouterAgent agent = created.agent();
            agent.onStart();
            LOG.log(Level.INFO, "IPv8 dataplane forwarding on " + ports + " (thread " +
                Thread.currentThread().getName() + ", lcore " + Eal.currentLcore() + ")");
            ready.countDown();
            while (running)
            {
                idle.idle(agent.doWork());
            }
        }
        catch (final Throwable t)
        {
            failure = t;
            if (ready.getCount() > 0)
            {
                LOG.log(Level.ERROR, "IPv8 dataplane failed to start: " + t.getMessage());
            }
            else
            {
                LOG.log(Level.ERROR, "IPv8 dataplane stopped on an error: " + t, t);
            }
        }
        finally
        {
            release(created, byIndex);
            ready.countDown();
        }
    }

    private void release(final Router created, final Port[] byIndex)
    {
        final List<RuntimeException> errors = new ArrayList<>();
        if (created != null)
        {
            try
            {
                created.close(); // flushes port-output and frees held packets
            }
            catch (final RuntimeException ex)
            {
                errors.add(ex);
            }
        }
        for (final Port port : byIndex)
        {
            if (port != null)
            {
                try
                {
                    port.close();
                }
                catch (final RuntimeException ex)
                {
                    errors.add(ex);
                }
            }
        }
        try
        {
            factory.close();
        }
        catch (final RuntimeException ex)
        {
            errors.add(ex);
        }
        for (final RuntimeException ex : errors)
        {
            LOG.log(Level.WARNING, "IPv8 dataplane shutdown: " + ex.getMessage());
        }
    }

    /** @return the router (FIB writer methods from one control thread at a time). */
    public Router router()
    {
        return router;
    }

    /** @return the ports by index (valid until {@link #close()}; read their counters from any thread). */
    public List<Port> ports()
    {
        return ports;
    }

    /** @return true while the dataplane thread runs. */
    public boolean isRunning()
    {
        return thread.isAlive();
    }

    /** @return what stopped the dataplane thread, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** Stops the dataplane thread and waits for it to release the router, ports and factory. Idempotent. */
    public void close()
    {
        running = false;
        joinQuietly();
    }

    private void joinQuietly()
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
                if (thread.isAlive())
                {
                    LOG.log(Level.WARNING, "IPv8 dataplane thread still running after 10 s");
                }
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
