package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;

/**
 * {@code ip8-ttl} (spec 7.1 step 6, RFC 1812): a packet with TTL <= 1 would expire at this hop: it goes to
 * icmp-error for a Time Exceeded (type 11 code 0) and drops as {@code ttl_expired}. The decrement itself happens
 * in ip8-rewrite after the lookup, so errors raised before that quote the header as received.
 */
final class TtlCheckNode implements Node
{
    static final String NAME = "ip8-ttl";
    private static final int NEXT_ICMP = 0;
    private static final int NEXT_LOOKUP = 1;

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(IcmpErrorNode.NAME, LookupNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int ttl = Meta.ttlAt(vector.dataAddress(i));
            if (ttl <= 1)
            {
                vector.aux(i, Meta.icmpSpec(vector.aux(i), DropReason.TTL_EXPIRED.ordinal(),
                    IcmpMessage.TYPE_TIME_EXCEEDED, IcmpMessage.CODE_TTL_EXCEEDED_IN_TRANSIT, 0));
                vector.next(i, NEXT_ICMP);
            }
            else
            {
                vector.next(i, NEXT_LOOKUP);
            }
        }
    }
}
