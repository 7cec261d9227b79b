package org.ipv8router.dataplane.graph;

import java.util.List;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.port.Port;

/**
 * The duty cycle of one forwarding thread (an Agrona {@link Agent}): receive a burst from each of its ports into
 * the graph's input vector, run the graph (whose port-output node transmits per port), repeat; when nothing came in,
 * the {@link AgentRunner}'s {@link IdleStrategy} backs off.
 * <p>
 * <b>Ownership.</b> The agent owns its graph. Ports, their pools and the counters belong to whoever built them;
 * close them only after the agent has stopped ({@code AgentRunner.close()} returns after {@link #onClose()}).
 * <p>
 * <b>Threading.</b> {@link #doWork()} runs on one thread only: the runner's thread, or the caller's for offline
 * runs ({@link #runUntilEndOfInput()}). That thread is the owner of the pools its ports receive into and of the
 * pools of every packet it transmits. {@link #isInputEnded()} may be called from any thread.
 * <p>
 * <b>Errors.</b> Node exceptions are contained by the {@link Graph} (the vector is dropped as {@code node-error}).
 * An exception from a port's {@code receive} reaches the runner's error handler, which counts it in the error
 * counter and logs it (rate limited); the loop goes on, so nothing crashes the dataplane.
 * <p>
 * <b>Offline runs.</b> With {@code terminateAtEndOfInput}, once every port reports end of input and a cycle finds
 * no work, {@code doWork} throws {@link AgentTerminationException} and the runner stops cleanly.
 */
public final class ForwardingAgent implements Agent
{
    private final String roleName;
    private final Graph graph;
    private final Port[] ports;
    private final boolean terminateAtEndOfInput;
    private final RateLimitedLog errorLog;
    private volatile boolean inputEnded;
    private boolean closed;

    /**
     * @param roleName              thread / agent name, e.g. {@code forwarder-0}.
     * @param graph                 the graph this agent runs; ports receive into {@link Graph#input()}.
     * @param ports                 ports to receive from, polled in this order.
     * @param terminateAtEndOfInput stop once every port is at end of input (offline runs).
     */
    public ForwardingAgent(
        final String roleName, final Graph graph, final List<? extends Port> ports, final boolean terminateAtEndOfInput)
    {
        this.roleName = roleName;
        this.graph = graph;
        this.ports = ports.toArray(new Port[0]);
        this.terminateAtEndOfInput = terminateAtEndOfInput;
        this.errorLog = new RateLimitedLog("forwarding agent " + roleName);
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return roleName;
    }

    /** @return the graph this agent runs. */
    public Graph graph()
    {
        return graph;
    }

    /**
     * One duty cycle.
     *
     * @return packets received (0 lets the idle strategy back off).
     */
    public int doWork()
    {
        final Graph graph = this.graph;
        final PacketVector input = graph.input();
        int received = 0;
        for (final Port port : ports)
        {
            if (input.isFull())
            {
                graph.run();
            }
            received += port.receive(input);
        }
        if (!input.isEmpty())
        {
            graph.run();
        }
        if (received == 0 && allPortsAtEndOfInput())
        {
            inputEnded = true;
            if (terminateAtEndOfInput)
            {
                throw new AgentTerminationException("all input ended", true);
            }
        }
        return received;
    }

    /** Gives back packets still in the graph and transmits what port-output holds. Runs once. */
    public void onClose()
    {
        if (!closed)
        {
            closed = true;
            graph.close();
        }
    }

    /** @return true once every port has reported end of input and a cycle found nothing more. */
    public boolean isInputEnded()
    {
        return inputEnded;
    }

    /**
     * Runs the duty cycle on the calling thread until all input has ended, then closes the agent (offline runs,
     * tests). Busy-loops: meant for finite inputs such as pcap files.
     *
     * @return the number of packets received.
     */
    public long runUntilEndOfInput()
    {
        long total = 0;
        try
        {
            while (!inputEnded)
            {
                total += doWorkOrEnd();
            }
        }
        finally
        {
            onClose();
        }
        return total;
    }

    /**
     * Starts this agent on its own thread named after the role.
     *
     * @param idleStrategy what to do when a cycle finds no work (e.g. {@code BackoffIdleStrategy}).
     * @param errorCounter counts errors caught in the duty cycle; may be null.
     * @return the runner; {@code close()} it to stop the agent.
     */
    public AgentRunner startOnThread(final IdleStrategy idleStrategy, final AtomicCounter errorCounter)
    {
        final AgentRunner runner = new AgentRunner(idleStrategy, errorLog, errorCounter, this);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    private int doWorkOrEnd()
    {
        try
        {
            return doWork();
        }
        catch (final AgentTerminationException ex)
        {
            return 0;
        }
    }

    private boolean allPortsAtEndOfInput()
    {
        for (final Port port : ports)
        {
            if (!port.isEndOfInput())
            {
                return false;
            }
        }
        return true;
    }
}
