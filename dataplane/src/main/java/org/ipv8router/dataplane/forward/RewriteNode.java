package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code ip8-rewrite}: TTL - 1 with the RFC 1624 incremental checksum update (spec 2.3: the TTL|Protocol word
 * drops by 0x0100; same offsets 8 and 10 in IPv4 and IPv8). Packets the router originated keep their TTL. Then
 * 8to4 routes go to {@code 8to4-encap}, connected next hops to {@code ip8-neighbor}.
 */
final class RewriteNode implements Node
{
    static final String NAME = "ip8-rewrite";
    private static final int NEXT_NEIGHBOR = 0;
    private static final int NEXT_ENCAP = 1;

    private final NextHopTable nextHops;

    RewriteNode(final ForwardingState state)
    {
        this.nextHops = state.nextHops;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(NeighborNode.NAME, EightToFourEncapNode.ROUTE_NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.ingressPort(i) != Meta.LOCAL_INGRESS)
            {
                final UnsafeBuffer packet = vector.buffer(i);
                final int oldWord = packet.getShort(Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                final int newWord = oldWord - 0x0100;
                packet.putShort(Ipv8Header.TTL_OFFSET, (short)newWord, ByteOrder.BIG_ENDIAN);
                final int checksum = packet.getShort(Ipv8Header.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                packet.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)Checksum.update16(checksum, oldWord, newWord),
                    ByteOrder.BIG_ENDIAN);
                vector.aux(i, vector.aux(i) | Meta.F_TTL_DECREMENTED);
            }
            final int hop = (int)Meta.value(vector.aux(i));
            vector.next(i, nextHops.kind(hop) == NextHopTable.EIGHT_TO_FOUR ? NEXT_ENCAP : NEXT_NEIGHBOR);
        }
    }
}
