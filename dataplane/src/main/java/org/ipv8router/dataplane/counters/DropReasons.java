package org.ipv8router.dataplane.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Registry of drop reasons: a small int code per reason (what {@code PacketVector.drop(i, code)} records), each
 * with its own counter labelled {@code drop <name>: <description>}.
 * <p>
 * Codes {@code 0 .. }{@value #LAST_PROTOCOL_CODE} belong to the protocol code (the wire layer's drop reason enum
 * registers its reasons there, e.g. by ordinal); codes {@value #FIRST_ENGINE_CODE}{@code  .. 255} are reserved
 * for the engine and registered by it (the constants below). A code that was never registered is counted under
 * {@link #UNKNOWN}, so no drop goes uncounted.
 * <p>
 * <b>Threading.</b> {@link #register} is cold path (synchronized) and must happen before the forwarding agents
 * start. {@link #add(int, long)} may be called from any number of agents at once: it is an atomic add. Callers
 * on the fast path add once per vector per reason, not once per packet.
 */
public final class DropReasons
{
    /** Number of distinct codes. */
    public static final int MAX_CODES = 256;
    /** Highest code the protocol layer may register. */
    public static final int LAST_PROTOCOL_CODE = 239;
    /** Lowest code reserved for the engine. */
    public static final int FIRST_ENGINE_CODE = 240;

    /** A graph node threw while processing the packet's vector; the whole vector was dropped. */
    public static final int NODE_ERROR = 249;
    /** The egress port could not take the packet because its link is down. */
    public static final int TX_LINK_DOWN = 250;
    /** The packet's tx port index names no port. */
    public static final int BAD_TX_PORT = 251;
    /** A node routed a packet to a next-node slot it does not have, or against the graph's order. */
    public static final int BAD_NEXT = 252;
    /** A node returned a packet without choosing a next node. */
    public static final int NEXT_UNSET = 253;
    /** Packets still queued in a graph when it was shut down. */
    public static final int SHUTDOWN = 254;
    /** A drop with a code nobody registered. */
    public static final int UNKNOWN = 255;

    private final DataplaneCounters counters;
    private final AtomicCounter[] byCode = new AtomicCounter[MAX_CODES];
    private final String[] names = new String[MAX_CODES];

    DropReasons(final DataplaneCounters counters)
    {
        this.counters = counters;
        registerEngine(UNKNOWN, "unknown", "dropped with a reason code nobody registered");
        registerEngine(NEXT_UNSET, "next-unset", "a graph node did not choose a next node");
        registerEngine(BAD_NEXT, "bad-next", "a graph node chose a next node it does not have");
        registerEngine(BAD_TX_PORT, "bad-tx-port", "the chosen egress port does not exist");
        registerEngine(TX_LINK_DOWN, "tx-link-down", "the egress port's link is down");
        registerEngine(NODE_ERROR, "node-error", "a graph node failed on the packet's vector");
        registerEngine(SHUTDOWN, "shutdown", "still queued in the graph when the engine stopped");
    }

    /**
     * Registers a protocol drop reason and allocates its counter.
     *
     * @param code        in {@code [0, LAST_PROTOCOL_CODE]}.
     * @param name        short name, e.g. {@code ttl-expired}.
     * @param description one line for operators.
     * @return the counter.
     * @throws IllegalArgumentException if the code is out of range or already registered.
     */
    public synchronized AtomicCounter register(final int code, final String name, final String description)
    {
        if (code < 0 || code > LAST_PROTOCOL_CODE)
        {
            throw new IllegalArgumentException("drop reason '" + name + "': code " + code + " is outside [0, " +
                LAST_PROTOCOL_CODE + "] (codes " + FIRST_ENGINE_CODE + "-255 are reserved for the engine)");
        }
        return doRegister(code, name, description);
    }

    /**
     * Counts drops; safe from any thread.
     *
     * @param code    drop reason code; unregistered or out-of-range codes count as {@link #UNKNOWN}.
     * @param packets number of packets dropped.
     */
    public void add(final int code, final long packets)
    {
        AtomicCounter counter = (code & ~(MAX_CODES - 1)) == 0 ? byCode[code] : null;
        if (counter == null)
        {
            counter = byCode[UNKNOWN];
        }
        counter.getAndAdd(packets);
    }

    /**
     * @param code drop reason code.
     * @return true if the code has been registered.
     */
    public boolean isRegistered(final int code)
    {
        return (code & ~(MAX_CODES - 1)) == 0 && byCode[code] != null;
    }

    /**
     * @param code drop reason code.
     * @return its name, or null if unregistered.
     */
    public String name(final int code)
    {
        return (code & ~(MAX_CODES - 1)) == 0 ? names[code] : null;
    }

    /**
     * @param code drop reason code.
     * @return packets dropped with this code so far (0 for unregistered codes).
     */
    public long count(final int code)
    {
        final AtomicCounter counter = (code & ~(MAX_CODES - 1)) == 0 ? byCode[code] : null;
        return counter == null ? 0 : counter.get();
    }

    private void registerEngine(final int code, final String name, final String description)
    {
        doRegister(code, name, description);
    }

    private synchronized AtomicCounter doRegister(final int code, final String name, final String description)
    {
        if (byCode[code] != null)
        {
            throw new IllegalArgumentException(
                "drop reason '" + name + "': code " + code + " is already registered as '" + names[code] + "'");
        }
        final AtomicCounter counter =
            counters.newCounter(CounterTypes.DROP_REASON, code, "drop " + name + ": " + description);
        names[code] = name;
        byCode[code] = counter;
        return counter;
    }
}
