package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code ip8-tx-decide}: which IP version goes on the wire, per hop, from the neighbour's proven capability (spec
 * 3.2 with A16/A17). A version-8 header never goes to a neighbour that has not answered ARP8.
 * <pre>
 *   IPv4 packet (incl. 8to4 outer)                 -> as is
 *   IPv8, src.r = 0 and dst.r = 0                  -> downgrade to plain IPv4 (A16), whatever the neighbour
 *   IPv8, neighbour IPv8                           -> as is
 *   IPv8, neighbour IPv4-only, dst.r 0 or local    -> downgrade (A17; ip8-downgrade records the return flow, 3.5)
 *   IPv8, neighbour IPv4-only, dst.r foreign       -> 8to4 if an endpoint is configured for dst.r,
 *                                                     else no_8to4_endpoint + ICMPv8 3/6 to the source
 * </pre>
 */
final class TxDecideNode implements Node
{
    static final String NAME = "ip8-tx-decide";
    private static final int NEXT_DOWNGRADE = 0;
    private static final int NEXT_ENCAP = 1;
    private static final int NEXT_MTU = 2;
    private static final int NEXT_ICMP = 3;

    private final ForwardingState state;

    TxDecideNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(DowngradeNode.NAME, EightToFourEncapNode.V4ONLY_NAME, MtuCheckNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long l3 = vector.dataAddress(i);
            if (Meta.versionAt(l3) != Ipv8Header.VERSION)
            {
                vector.next(i, NEXT_MTU);
                continue;
            }
            final int srcR = Meta.routingPrefix(Meta.sourceAt(l3));
            final int dstR = Meta.routingPrefix(Meta.destinationAt(l3));
            final long aux = vector.aux(i);
            if (srcR == 0 && dstR == 0)
            {
                vector.next(i, NEXT_DOWNGRADE);
            }
            else if ((aux & Meta.F_CAP_IPV8) != 0)
            {
                vector.next(i, NEXT_MTU);
            }
            else if (dstR == 0 || state.fib.isLocalR(dstR))
            {
                vector.next(i, NEXT_DOWNGRADE);
            }
            else if (state.endpointFor(dstR) != 0)
            {
                vector.next(i, NEXT_ENCAP);
            }
            else
            {
                vector.aux(i, Meta.icmpSpec(aux, DropReason.NO_8TO4_ENDPOINT.ordinal(),
                    IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN, 0));
                vector.next(i, NEXT_ICMP);
            }
        }
    }
}
