package org.ipv8router.dpdk;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;

/**
 * Receive validation as a graph node (spec 2.5 via {@link ReceiveValidator}): a frame that fails is dropped
 * with its {@link DropReason} as the drop code (register them with {@link WireDropReasons#registerAll}), a valid
 * one goes on to the next node. Used on the DPDK path until the IPv8 graph's own validation node replaces it.
 */
public final class FrameValidationNode implements org.ipv8router.dataplane.graph.Node
{
    /** Name of the node. */
    public static final String NAME = "frame-validate";

    private final ReceiveValidator validator;
    private final String next;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /**
     * @param profile wire constants (IPv8 EtherType, v8-on-0800).
     * @param next    name of the node valid frames go to.
     */
    public FrameValidationNode(final WireProfile profile, final String next)
    {
        this.validator = new ReceiveValidator(profile);
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
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            vector.wrap(i, frame);
            final DropReason reason = validator.validateFrame(frame, 0, vector.length(i));
            if (reason == DropReason.NONE)
            {
                vector.next(i, 0);
            }
            else
            {
                vector.drop(i, reason.ordinal());
            }
        }
    }
}
