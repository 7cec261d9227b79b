package org.ipv8router.dataplane.counters;

/**
 * Type ids stored with every counter in the counters file, so that a reader can group counters without parsing
 * labels. The 4-octet key of a counter holds the port index, node index or drop reason code.
 */
public final class CounterTypes
{
    /** Packets received on a port (key: port index). */
    public static final int PORT_RX_PACKETS = 1;
    /** Octets received on a port (key: port index). */
    public static final int PORT_RX_BYTES = 2;
    /** Frames a port received but could not hand over: no buffer, oversize (key: port index). */
    public static final int PORT_RX_DROPS = 3;
    /** Packets transmitted on a port (key: port index). */
    public static final int PORT_TX_PACKETS = 4;
    /** Octets transmitted on a port (key: port index). */
    public static final int PORT_TX_BYTES = 5;
    /** Packets a port was given but could not send: queue full, link down (key: port index). */
    public static final int PORT_TX_DROPS = 6;
    /** Vectors a graph node processed (key: node index). */
    public static final int NODE_VECTORS = 10;
    /** Packets a graph node processed (key: node index). */
    public static final int NODE_PACKETS = 11;
    /** Packets dropped for one reason (key: drop reason code). */
    public static final int DROP_REASON = 20;
    /** Errors caught in a forwarding agent's duty cycle (key: 0). */
    public static final int AGENT_ERRORS = 30;
    /** Any other counter. */
    public static final int OTHER = 99;

    private CounterTypes()
    {
    }

    /**
     * Short name of a type id for listings.
     *
     * @param typeId a type id.
     * @return its name, or "type-N".
     */
    public static String name(final int typeId)
    {
        return switch (typeId)
        {
            case PORT_RX_PACKETS -> "port-rx-packets";
            case PORT_RX_BYTES -> "port-rx-bytes";
            case PORT_RX_DROPS -> "port-rx-drops";
            case PORT_TX_PACKETS -> "port-tx-packets";
            case PORT_TX_BYTES -> "port-tx-bytes";
            case PORT_TX_DROPS -> "port-tx-drops";
            case NODE_VECTORS -> "node-vectors";
            case NODE_PACKETS -> "node-packets";
            case DROP_REASON -> "drop-reason";
            case AGENT_ERRORS -> "agent-errors";
            case OTHER -> "other";
            default -> "type-" + typeId;
        };
    }
}
