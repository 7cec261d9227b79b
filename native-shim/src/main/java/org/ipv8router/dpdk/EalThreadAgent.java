package org.ipv8router.dpdk;

import org.agrona.concurrent.Agent;

/**
 * Runs a dataplane {@link Agent} (e.g. the engine's {@code ForwardingAgent}) on an Agrona runner thread as an EAL
 * thread: {@link #onStart()} calls {@code rte_thread_register} on the runner's thread before the first duty
 * cycle, so the agent's bursts get an lcore id and the per-lcore mempool cache (pitfall 9), and {@link #onClose()}
 * releases the lcore id. Only the thread that called {@code rte_eal_init} is an lcore without this.
 */
public final class EalThreadAgent implements Agent
{
    private final Agent delegate;
    private volatile int lcore = -1;

    /** @param delegate the agent to run; its own onStart/onClose still run, inside the registration. */
    public EalThreadAgent(final Agent delegate)
    {
        this.delegate = delegate;
    }

    /** Registers the runner thread with the EAL, then starts the delegate. */
    public void onStart()
    {
        lcore = Eal.registerCurrentThread();
        delegate.onStart();
    }

    /** {@inheritDoc} */
    public int doWork() throws Exception
    {
        return delegate.doWork();
    }

    /** Closes the delegate, then releases the lcore id. */
    public void onClose()
    {
        try
        {
            delegate.onClose();
        }
        finally
        {
            Eal.unregisterCurrentThread();
        }
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return delegate.roleName();
    }

    /** @return the lcore id the runner thread got, -1 before it started. */
    public int lcore()
    {
        return lcore;
    }
}
