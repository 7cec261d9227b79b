package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;

/**
 * {@code ip8-acl8} (spec 7.6): east-west policy after the route lookup. A packet that arrived on an interface with
 * an ACL8 permit list ({@link Acl8Table}) goes on only if a rule matches (first match wins); a miss drops it as
 * {@code acl8_denied} (a SEC-ALERT), with an ICMPv8 3/13 to the source when {@code icmp-on-filter} is on.
 * <pre>
 *   ingress interface without a list, packets we originate   -&gt; ip8-egress-filter
 *   a rule matches                                           -&gt; ip8-egress-filter
 *   no rule matches                                          -&gt; drop acl8_denied | icmp-error 3/13
 * </pre>
 * Rules with a port match only TCP/UDP first fragments (later fragments carry no ports).
 */
final class Acl8Node implements Node
{
    static final String NAME = "ip8-acl8";
    private static final int NEXT_EGRESS = 0;
    private static final int NEXT_ICMP = 1;

    private final ForwardingState state;
    private final Acl8Table table;

    Acl8Node(final ForwardingState state)
    {
        this.state = state;
        this.table = state.acl8;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(EgressFilterNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final Acl8Table.Rules rules = table.compiled(vector.ingressPort(i));
            if (rules == null)
            {
                vector.next(i, NEXT_EGRESS);
                continue;
            }
            final UnsafeBuffer packet = vector.buffer(i);
            final int protocol = Meta.protocol(packet);
            int port = Acl8Rule.ANY;
            if (protocol == IpProtocols.TCP || protocol == IpProtocols.UDP)
            {
                final long ports = L4Ports.of(packet, Meta.headerLength(packet));
                port = ports == L4Ports.NONE ? Acl8Rule.ANY : L4Ports.destination(ports);
            }
            if (rules.firstMatch(Meta.source(packet), Meta.destination(packet), protocol, port) >= 0)
            {
                vector.next(i, NEXT_EGRESS);
            }
            else if (state.icmpOnFilter)
            {
                vector.aux(i, Meta.icmpSpec(vector.aux(i), DropReason.ACL8_DENIED.ordinal(),
                    IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_ADMINISTRATIVELY_PROHIBITED, 0));
                vector.next(i, NEXT_ICMP);
            }
            else
            {
                vector.drop(i, DropReason.ACL8_DENIED.ordinal());
            }
        }
    }
}
