package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EightToFour;
import org.ipv8router.wire.Ipv8Header;

/**
 * 8to4 encapsulation (spec 5.1): prepend a 20-octet outer IPv4 header, protocol 253, outer TTL 64, outer DF copied
 * from the inner packet, source = our IPv4 address on the egress interface. The inner TTL was decremented once by
 * ip8-rewrite. Two instances:
 * <ul>
 *   <li>{@code 8to4-encap}: the route's next hop is an 8to4 endpoint. The outer packet is routed by an IPv4
 *       lookup of the endpoint (must resolve to a connected next hop, else {@code no_route}), then goes through
 *       neighbour resolution like any IPv4 packet.</li>
 *   <li>{@code 8to4-encap-v4only}: the transmit decision (spec 3.2) found an IPv4-only neighbour and a foreign
 *       destination r with a configured endpoint. The outer packet goes to that same, already resolved, neighbour
 *       (v1 simplification: the endpoint is assumed reachable through it).</li>
 * </ul>
 * Packets without 20 octets of headroom drop as {@code eight_to_four_bad_inner} (cannot happen with pool buffers).
 */
final class EightToFourEncapNode implements Node
{
    static final String ROUTE_NAME = "8to4-encap";
    static final String V4ONLY_NAME = "8to4-encap-v4only";

    private final ForwardingState state;
    private final boolean routeMode;
    private final int protocol;
    private int identification;

    EightToFourEncapNode(final ForwardingState state, final boolean routeMode)
    {
        this.state = state;
        this.routeMode = routeMode;
        this.protocol = state.profile.eightToFourProtocol();
    }

    public String name()
    {
        return routeMode ? ROUTE_NAME : V4ONLY_NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(routeMode ? NeighborNode.NAME : MtuCheckNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final NextHopTable nextHops = state.nextHops;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long aux = vector.aux(i);
            final int innerLength = vector.length(i);
            if (Meta.version(vector.buffer(i)) != Ipv8Header.VERSION ||
                !vector.prepend(i, EightToFour.OUTER_HEADER_LENGTH))
            {
                vector.drop(i, DropReason.EIGHT_TO_FOUR_BAD_INNER.ordinal());
                continue;
            }
            final UnsafeBuffer packet = vector.buffer(i);
            final int endpoint;
            if (routeMode)
            {
                endpoint = nextHops.ipv4Endpoint((int)Meta.value(aux));
            }
            else
            {
                endpoint = state.endpointFor(Meta.routingPrefix(
                    packet.getLong(EightToFour.OUTER_HEADER_LENGTH + Ipv8Header.DESTINATION_OFFSET,
                        java.nio.ByteOrder.BIG_ENDIAN)));
            }
            final int source = state.interfaces.ipv4Source(vector.txPort(i));
            EightToFour.encapsulate(packet, 0, innerLength, source, endpoint, protocol, identification++);
            if (routeMode)
            {
                final int hop = state.fib.lookup(endpoint & 0xFFFF_FFFFL);
                if (Fib.isMiss(hop) || nextHops.kind(hop) != NextHopTable.CONNECTED)
                {
                    vector.drop(i, DropReason.NO_ROUTE.ordinal());
                    continue;
                }
                vector.txPort(i, nextHops.port(hop));
                vector.aux(i, Meta.withValue(aux, hop) | Meta.F_ENCAP);
            }
            else
            {
                vector.aux(i, aux | Meta.F_ENCAP);
            }
            vector.next(i, 0);
        }
    }
}
