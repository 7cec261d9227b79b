package org.ipv8router.dataplane.graph;

import java.util.List;

import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * Cross-connects ports (VPP's {@code l2-patch}, testpmd's io mode): every packet received on port {@code a} is
 * sent unchanged to port {@code patch[a]}. For testbeds and performance baselines; the IPv8 path does not use it.
 */
public final class L2PatchNode implements Node
{
    /** Name of the node. */
    public static final String NAME = "l2-patch";

    private static final int NEXT_PORT_OUTPUT = 0;

    private final int[] patch;

    /**
     * @param patch {@code patch[ingress port index] = egress port index}, -1 for unpatched ports (dropped as
     *              {@code bad-tx-port}).
     */
    public L2PatchNode(final int[] patch)
    {
        this.patch = patch.clone();
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public List<String> nextNodes()
    {
        return List.of(PortOutputNode.NAME);
    }

    /** {@inheritDoc} */
    public void process(final PacketVector vector)
    {
        final int[] patch = this.patch;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int in = vector.ingressPort(i);
            final int out = in >= 0 && in < patch.length ? patch[in] : -1;
            if (out < 0)
            {
                vector.drop(i, DropReasons.BAD_TX_PORT);
            }
            else
            {
                vector.txPort(i, out);
                vector.next(i, NEXT_PORT_OUTPUT);
            }
        }
    }
}
