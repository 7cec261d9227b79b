package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Downgrade;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.L4PseudoHeader;

/**
 * {@code ip8-downgrade}: rewrites the IPv8 packet as IPv4 in place (spec 3.3, {@link Downgrade}): the packet keeps
 * its end and its start moves 8 octets forward (16 for an ICMP error quoting an IPv8 header).
 * <p>
 * Before the r values are lost it records the flow in the {@link ReturnFlowTable} (spec 3.5), when the router has
 * one and either r is non-zero: so the IPv4 host's replies can be upgraded again. Not recorded: ICMP messages other
 * than echo (errors quote their own flow), and packets we originate (their replies come back to an address of ours
 * and are delivered locally as IPv4).
 */
final class DowngradeNode implements Node
{
    static final String NAME = "ip8-downgrade";

    private final ForwardingState state;
    private final L4PseudoHeader mode;

    DowngradeNode(final ForwardingState state)
    {
        this.state = state;
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
        final ReturnFlowTable flows = state.returnFlows;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final UnsafeBuffer packet = vector.buffer(i);
            if (flows != null && vector.ingressPort(i) != Meta.LOCAL_INGRESS)
            {
                record(flows, packet);
            }
            final int start = Downgrade.toIpv4InPlace(packet, 0, mode);
            vector.trimHead(i, start);
            vector.next(i, 0);
        }
    }

    private void record(final ReturnFlowTable flows, final UnsafeBuffer packet)
    {
        final long src = Meta.source(packet);
        final long dst = Meta.destination(packet);
        if ((src >>> 32) == 0 && (dst >>> 32) == 0)
        {
            return; // plain IPv4 in an IPv8 header (A16): nothing to restore
        }
        final int protocol = Meta.protocol(packet);
        final long ports = L4Ports.of(packet, Meta.headerLength(packet));
        if (ports == L4Ports.NONE &&
            (protocol == IpProtocols.ICMP || protocol == IpProtocols.TCP || protocol == IpProtocols.UDP))
        {
            return; // ICMP other than echo, or a non-first fragment: no flow key to record
        }
        if (ports == L4Ports.NONE)
        {
            flows.record(state.now, protocol, src, dst, 0, 0);
        }
        else
        {
            flows.record(state.now, protocol, src, dst, L4Ports.source(ports), L4Ports.destination(ports));
        }
    }
}
