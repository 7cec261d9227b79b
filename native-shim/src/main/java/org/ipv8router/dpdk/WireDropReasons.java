package org.ipv8router.dpdk;

import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.wire.DropReason;

/**
 * Registers the wire layer's {@link DropReason}s with the engine's drop counters, code = ordinal, so nodes can
 * drop with {@code vector.drop(i, reason.ordinal())}. Codes already registered (e.g. by the IPv8 graph) are left
 * as they are. Cold path.
 */
public final class WireDropReasons
{
    private WireDropReasons()
    {
    }

    /**
     * Registers every drop reason except {@link DropReason#NONE} that is not registered yet.
     *
     * @param dropReasons the engine's registry.
     */
    public static void registerAll(final DropReasons dropReasons)
    {
        for (final DropReason reason : DropReason.values())
        {
            if (reason != DropReason.NONE && !dropReasons.isRegistered(reason.ordinal()))
            {
                dropReasons.register(reason.ordinal(), reason.label(), reason.description());
            }
        }
    }
}
