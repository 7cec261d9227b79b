package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Downgrade;
import org.ipv8router.wire.L4PseudoHeader;

/**
 * {@code ip8-downgrade}: rewrites the IPv8 packet as IPv4 in place (spec 3.3, {@link Downgrade}): the packet keeps
 * its end and its start moves 8 octets forward (16 for an ICMP error quoting an IPv8 header).
 */
final class DowngradeNode implements Node
{
    static final String NAME = "ip8-downgrade";

    private final L4PseudoHeader mode;

    DowngradeNode(final ForwardingState state)
    {
        this.mode = state.profile.l4PseudoHeader();
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(MtuCheckNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int start = Downgrade.toIpv4InPlace(vector.buffer(i), 0, mode);
            vector.trimHead(i, start);
            vector.next(i, 0);
        }
    }
}
