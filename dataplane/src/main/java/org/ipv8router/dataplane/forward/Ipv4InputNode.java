package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * {@code ip4-input}: valid IPv4 packets. 8to4 packets (IPv4 protocol 253 by default) addressed to one of our
 * addresses go to {@code 8to4-decap}; everything else is IPv4 = the r = 0 subset (spec 1.4) and follows the IPv8
 * path with r = 0 addresses.
 */
final class Ipv4InputNode implements Node
{
    static final String NAME = "ip4-input";
    private static final int NEXT_DECAP = 0;
    private static final int NEXT_FILTER = 1;

    private final ForwardingState state;
    private final int eightToFourProtocol;

    Ipv4InputNode(final ForwardingState state)
    {
        this.state = state;
        this.eightToFourProtocol = state.profile.eightToFourProtocol();
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(EightToFourDecapNode.NAME, RoleFilterNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final InterfaceTable interfaces = state.interfaces;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final UnsafeBuffer packet = vector.buffer(i);
            final boolean tunnel = Meta.protocol(packet) == eightToFourProtocol &&
                interfaces.isOurs(Meta.destination(packet));
            vector.next(i, tunnel ? NEXT_DECAP : NEXT_FILTER);
        }
    }
}
