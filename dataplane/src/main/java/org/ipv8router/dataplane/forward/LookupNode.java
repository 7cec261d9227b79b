package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;

/**
 * {@code ip8-lookup} (spec 7.2): one batch two-tier FIB lookup per vector (l3fwd style: gather the keys, look them
 * all up, scatter). The key is the destination, or the XLATE8 next hop for zone traffic that zone-filter marked.
 * <pre>
 *   miss, Tier 2 (r = 0 or local r)  -> icmp-error 3/0, no_route
 *   miss, Tier 1 (foreign r)         -> icmp-error 3/6, no_asn_route
 *   DROP next hop                    -> null_route
 *   LOCAL next hop                   -> punt
 *   CONNECTED / EIGHT_TO_FOUR        -> tx port set, next-hop index in the metadata -> ip8-acl8
 * </pre>
 * Next-hop indices stay valid until the worker's next quiescent point (QSBR), i.e. for the whole pass.
 */
final class LookupNode implements Node
{
    static final String NAME = "ip8-lookup";
    private static final int NEXT_EGRESS = 0;
    private static final int NEXT_PUNT = 1;
    private static final int NEXT_ICMP = 2;

    private final ForwardingState state;
    private final long[] keys;
    private final int[] results;

    LookupNode(final ForwardingState state, final int vectorCapacity)
    {
        this.state = state;
        this.keys = new long[vectorCapacity];
        this.results = new int[vectorCapacity];
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(Acl8Node.NAME, PuntNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final int count = vector.count();
        final long[] keys = this.keys;
        final int[] results = this.results;
        final long xlate8 = state.xlate8NextHop;
        for (int i = 0; i < count; i++)
        {
            keys[i] = (vector.aux(i) & Meta.F_XLATE8) != 0 ? xlate8 : Meta.destinationAt(vector.dataAddress(i));
        }
        state.fib.lookup(keys, results, count);
        final NextHopTable nextHops = state.nextHops;
        for (int i = 0; i < count; i++)
        {
            final int result = results[i];
            final long aux = vector.aux(i);
            if (Fib.isMiss(result))
            {
                final int code = Fib.icmpCode(result);
                final DropReason reason = code == IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN ?
                    DropReason.NO_ASN_ROUTE : DropReason.NO_ROUTE;
                vector.aux(i, Meta.icmpSpec(aux, reason.ordinal(), IcmpMessage.TYPE_DESTINATION_UNREACHABLE, code, 0));
                vector.next(i, NEXT_ICMP);
                continue;
            }
            final byte kind = nextHops.kind(result);
            if (kind == NextHopTable.CONNECTED || kind == NextHopTable.EIGHT_TO_FOUR)
            {
                vector.txPort(i, nextHops.port(result));
                vector.aux(i, Meta.withValue(aux, result));
                vector.next(i, NEXT_EGRESS);
            }
            else if (kind == NextHopTable.LOCAL)
            {
                vector.next(i, NEXT_PUNT);
            }
            else
            {
                vector.drop(i, DropReason.NULL_ROUTE.ordinal());
            }
        }
    }
}
