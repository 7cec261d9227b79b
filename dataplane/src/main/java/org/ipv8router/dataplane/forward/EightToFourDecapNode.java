package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EightToFour;
import org.ipv8router.wire.ReceiveValidator;

/**
 * {@code 8to4-decap} (spec 5.1): an IPv4 packet of the 8to4 protocol addressed to us. Accepted only from a
 * configured endpoint (anti-spoofing); the outer header is stripped, the inner IPv8 packet is validated like a
 * received one (spec 2.5 steps 2-6) and marked so that the ingress filters treat it as arriving on an external
 * interface.
 */
final class EightToFourDecapNode implements Node
{
    static final String NAME = "8to4-decap";

    private final ForwardingState state;
    private final EightToFour decap;
    private final ReceiveValidator validator;

    EightToFourDecapNode(final ForwardingState state)
    {
        this.state = state;
        this.decap = new EightToFour(state.profile.eightToFourProtocol());
        this.validator = new ReceiveValidator(state.profile);
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(RoleFilterNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            UnsafeBuffer packet = vector.buffer(i);
            DropReason reason = decap.decapsulate(packet, 0, vector.length(i));
            if (reason == DropReason.NONE && !state.endpoints.contains(decap.outerSource()))
            {
                reason = DropReason.EIGHT_TO_FOUR_UNKNOWN_ENDPOINT;
            }
            if (reason != DropReason.NONE)
            {
                vector.drop(i, reason.ordinal());
                continue;
            }
            final int outer = decap.innerOffset();
            vector.trimHead(i, outer);
            packet = vector.buffer(i);
            reason = validator.validateIpv8(packet, 0, vector.length(i));
            if (reason != DropReason.NONE)
            {
                vector.drop(i, reason.ordinal());
                continue;
            }
            vector.length(i, validator.l3Length());
            final long aux = vector.aux(i);
            vector.aux(i, Meta.withL2Length(aux, Meta.l2Length(aux) + outer) | Meta.F_DECAP);
            vector.next(i, 0);
        }
    }
}
