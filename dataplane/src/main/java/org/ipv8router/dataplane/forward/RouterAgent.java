package org.ipv8router.dataplane.forward;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.ipv8router.dataplane.fib.QuiescentState;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.port.Port;

/**
 * The duty cycle of the forwarding worker (an Agrona {@link Agent}; v1 runs one worker for all ports):
 * <ol>
 *   <li>read the clock once ({@link ForwardingState#now});</li>
 *   <li>every millisecond, advance the ARP8 probes of every interface ({@link Arp8Cache#poll});</li>
 *   <li>take frames the control plane queued ({@link ControlTxQueue}: gateway-pair hellos, gratuitous ARP);</li>
 *   <li>move re-injected packets (ICMP errors, resolved packets, ARP requests, fragments) into the graph;</li>
 *   <li>receive a burst from each port into the graph's input and run the graph (port-output transmits);</li>
 *   <li>announce a quiescent point to the FIB (QSBR), so the control plane may reuse retired FIB memory.</li>
 * </ol>
 * <b>Threading.</b> Everything here runs on the worker thread; the worker owns the graph, the neighbour caches, the
 * held packets and the pools its ports receive into. The control plane changes routes concurrently through the
 * {@link org.ipv8router.dataplane.fib.Fib} (lock-free readers, single writer) and reads punted frames from the
 * {@link PuntQueue} (SPSC ring); counters are read from the counters file by anyone. A second worker would get its
 * own graph, caches and state (and its own QSBR reader slot); packets cross workers only in bursts through Agrona
 * rings ({@code RingPort}) — not needed for v1.
 */
public final class RouterAgent implements Agent
{
    private static final long POLL_INTERVAL_NS = 1_000_000L;

    private final String roleName;
    private final Graph graph;
    private final Port[] ports;
    private final ForwardingState state;
    private final NanoClock clock;
    private final QuiescentState readers;
    private final int readerSlot;
    private long skewNs;
    private long lastPoll = Long.MIN_VALUE / 2;
    private boolean closed;
    private Runnable onStart;
    private NeighborCounters[] neighborCounters = new NeighborCounters[0];
    private ReturnFlowCounters returnFlowCounters;
    /** Return-flow slots looked at per millisecond poll: a 2^17-slot table is swept about every 0.5 s. */
    private static final int RETURN_FLOW_SWEEP_BUDGET = 256;

    RouterAgent(
        final String roleName,
        final Graph graph,
        final Port[] ports,
        final ForwardingState state,
        final NanoClock clock)
    {
        this.roleName = roleName;
        this.graph = graph;
        this.ports = ports;
        this.state = state;
        this.clock = clock;
        this.readers = state.fib.readers();
        this.readerSlot = readers.register();
    }

    public String roleName()
    {
        return roleName;
    }

    /**
     * Runs the hook set by {@link #onThreadStart(Runnable)} on the worker thread before the first duty cycle (e.g.
     * DPDK's {@code rte_thread_register}, so the worker gets an lcore id and its mempool cache).
     */
    public void onStart()
    {
        if (onStart != null)
        {
            onStart.run();
        }
    }

    /**
     * @param hook run once on the worker's own thread when an {@code AgentRunner} starts it; null for none.
     */
    public void onThreadStart(final Runnable hook)
    {
        this.onStart = hook;
    }

    /** @return work done: packets received, re-injected and neighbour actions (0 lets the idle strategy back off). */
    public int doWork()
    {
        final long now = clock.nanoTime() + skewNs;
        state.now = now;
        int work = 0;
        if (now - lastPoll >= POLL_INTERVAL_NS)
        {
            lastPoll = now;
            for (final Arp8Cache cache : state.caches)
            {
                if (cache != null)
                {
                    work += cache.poll(now);
                }
            }
            for (final NeighborCounters counters : neighborCounters)
            {
                counters.publish();
            }
            if (state.returnFlows != null && returnFlowCounters != null)
            {
                state.returnFlows.sweep(now, RETURN_FLOW_SWEEP_BUDGET);
                returnFlowCounters.publish();
            }
        }
        final Graph graph = this.graph;
        work += state.controlTx.drain(64);
        work += state.reinjector.moveInto(graph);
        final PacketVector input = graph.input();
        for (final Port port : ports)
        {
            if (input.isFull())
            {
                graph.run();
            }
            work += port.receive(input);
        }
        if (work > 0)
        {
            graph.run();
        }
        readers.quiescent(readerSlot);
        return work;
    }

    void neighborCounters(final NeighborCounters[] counters)
    {
        this.neighborCounters = counters;
    }

    void returnFlowCounters(final ReturnFlowCounters counters)
    {
        this.returnFlowCounters = counters;
    }

    public void onClose()
    {
        if (!closed)
        {
            closed = true;
            for (final NeighborCounters counters : neighborCounters)
            {
                counters.publish();
            }
            if (returnFlowCounters != null)
            {
                returnFlowCounters.publish();
            }
            graph.close();
            state.reinjector.freeAll();
            readers.unregister(readerSlot);
        }
    }

    /** @return true when every port is at end of input and nothing waits in the re-injection queues. */
    public boolean isIdleAtEndOfInput()
    {
        for (final Port port : ports)
        {
            if (!port.isEndOfInput())
            {
                return false;
            }
        }
        return state.reinjector.isEmpty();
    }

    /** @return packets parked while their neighbour resolves. */
    public int heldPackets()
    {
        return state.held.held();
    }

    /**
     * Moves this worker's view of time forward (offline runs: lets ARP8 probes time out without waiting).
     *
     * @param nanos to add to the clock.
     */
    void advanceClock(final long nanos)
    {
        skewNs += nanos;
    }

    /** @return the graph this agent runs. */
    public Graph graph()
    {
        return graph;
    }
}
