package org.ipv8router.dataplane.graph;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.packet.PacketVector;

/** Test-only node: swaps destination and source MAC, then hands the packet to {@code l2-patch}. */
public final class MacSwapNode implements Node
{
    public static final String NAME = "mac-swap";
    /** Drop code a test registers for runt frames. */
    public static final int RUNT = 7;

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(L2PatchNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.length(i) < 14)
            {
                vector.drop(i, RUNT);
                continue;
            }
            final UnsafeBuffer frame = vector.buffer(i);
            final int d0 = frame.getInt(0);
            final short d1 = frame.getShort(4);
            frame.putInt(0, frame.getInt(6));
            frame.putShort(4, frame.getShort(10));
            frame.putInt(6, d0);
            frame.putShort(10, d1);
            vector.next(i, 0);
        }
    }

    static void registerDropReasons(final DropReasons reasons)
    {
        reasons.register(RUNT, "runt", "frame shorter than an Ethernet header");
    }
}
