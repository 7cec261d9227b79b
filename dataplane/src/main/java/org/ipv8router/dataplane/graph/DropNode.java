package org.ipv8router.dataplane.graph;

import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * The sink every graph ends in: counts each packet under its drop reason and frees it. Counts are summed per
 * vector and added once per reason (an atomic add: several agents may share a reason counter).
 */
public final class DropNode implements Node
{
    /** Name of the drop node in every graph. */
    public static final String NAME = "drop";

    private final DropReasons reasons;
    private final int[] tally = new int[DropReasons.MAX_CODES];
    private final int[] touched = new int[DropReasons.MAX_CODES];

    /**
     * @param reasons registry whose counters are incremented.
     */
    public DropNode(final DropReasons reasons)
    {
        this.reasons = reasons;
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public void process(final PacketVector vector)
    {
        int touchedCount = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.isDetached(i))
            {
                continue;
            }
            int code = vector.dropReason(i);
            if ((code & ~(DropReasons.MAX_CODES - 1)) != 0)
            {
                code = DropReasons.UNKNOWN;
            }
            if (tally[code]++ == 0)
            {
                touched[touchedCount++] = code;
            }
            vector.free(i);
        }
        for (int t = 0; t < touchedCount; t++)
        {
            final int code = touched[t];
            reasons.add(code, tally[code]);
            tally[code] = 0;
        }
    }
}
