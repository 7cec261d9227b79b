package org.ipv8router.dpdk;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;

/**
 * The stand-in forwarding step used by the DPDK port tests and the DPDK benchmark until the IPv8 pipeline is
 * wired in: like {@code dpdk-testpmd --forward-mode=mac}, every frame gets the egress port's MAC as source and
 * that port's peer MAC as destination. The egress port is {@code patch[ingress]}; the node hands the frame to
 * its next node (normally {@code l2-patch}, which picks the same egress port and sends it to port-output).
 * Frames shorter than an Ethernet header are dropped as {@link DropReason#FRAME_TRUNCATED} (register the wire
 * reasons with {@link WireDropReasons#registerAll}).
 * <p>
 * <b>Layout touched</b> (the first 12 octets of the frame):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              destination MAC := peer MAC of egress            |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   source MAC := MAC of egress  +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class MacRewriteNode implements org.ipv8router.dataplane.graph.Node
{
    /** Name of the node. */
    public static final String NAME = "mac-rewrite";
    private static final int DESTINATION_OFFSET = 0;
    private static final int SOURCE_OFFSET = 6;
    private static final int ETHERNET_HEADER = 14;

    private final int[] patch;
    private final long[] portMac;
    private final long[] peerMac;
    private final String next;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /**
     * @param patch   egress port index by ingress port index, -1 for none (the frame is passed on unchanged and
     *                the next node decides).
     * @param portMac MAC of each port by index (low 48 bits).
     * @param peerMac MAC of the neighbour behind each port by index.
     * @param next    name of the next node.
     */
    public MacRewriteNode(final int[] patch, final long[] portMac, final long[] peerMac, final String next)
    {
        this.patch = patch.clone();
        this.portMac = portMac.clone();
        this.peerMac = peerMac.clone();
        this.next = next;
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public List<String> nextNodes()
    {
        return List.of(next);
    }

    /** {@inheritDoc} */
    public void process(final PacketVector vector)
    {
        final UnsafeBuffer frame = this.frame;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.length(i) < ETHERNET_HEADER)
            {
                vector.drop(i, DropReason.FRAME_TRUNCATED.ordinal());
                continue;
            }
            final int in = vector.ingressPort(i);
            final int out = in >= 0 && in < patch.length ? patch[in] : -1;
            if (out >= 0 && out < portMac.length)
            {
                vector.wrap(i, frame);
                putMac(frame, DESTINATION_OFFSET, peerMac[out]);
                putMac(frame, SOURCE_OFFSET, portMac[out]);
            }
            vector.next(i, 0);
        }
    }

    private static void putMac(final UnsafeBuffer frame, final int offset, final long mac)
    {
        frame.putShort(offset, Short.reverseBytes((short)(mac >>> 32)));
        frame.putInt(offset + 2, Integer.reverseBytes((int)mac));
    }
}
