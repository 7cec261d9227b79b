package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.Upgrade;

/**
 * {@code ip4-return-flow} (spec 3.5, "XLATE8-lite"): an IPv4 packet (r = 0 on both sides) that answers a flow
 * ip8-downgrade recorded in the {@link ReturnFlowTable} gets its r values back before zone-filter and the lookup:
 * <pre>
 *   IPv4 reply  n-src -&gt; n-dst            becomes IPv8  peer-r.n-src -&gt; original-r.n-dst
 *   (peer-r = r of the downgraded packet's destination, original = its 64-bit source)
 * </pre>
 * It runs after role-filter, so the ingress border rules judge the packet as it arrived on the wire. IPv8
 * packets, 8to4-decapsulated ones and misses pass unchanged; so does everything when the table is empty. A
 * packet whose IPv4 header is too long to grow by 8 (options over 32 octets) or that lacks 8 octets of headroom
 * stays IPv4 (counted as a hit, not as restored).
 */
final class ReturnFlowNode implements Node
{
    static final String NAME = "ip4-return-flow";

    private final ForwardingState state;
    private final ReturnFlowTable table;
    private final L4PseudoHeader mode;

    ReturnFlowNode(final ForwardingState state)
    {
        this.state = state;
        this.table = state.returnFlows;
        this.mode = state.profile.l4PseudoHeader();
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(ZoneFilterNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final ReturnFlowTable table = this.table;
        final int count = vector.count();
        if (table == null || table.size() == 0)
        {
            for (int i = 0; i < count; i++)
            {
                vector.next(i, 0);
            }
            return;
        }
        final long now = state.now;
        for (int i = 0; i < count; i++)
        {
            vector.next(i, 0);
            final long aux = vector.aux(i);
            if (Meta.versionAt(vector.dataAddress(i)) != Ipv4Header.VERSION || (aux & Meta.F_DECAP) != 0)
            {
                continue;
            }
            UnsafeBuffer packet = vector.buffer(i);
            final long ports = L4Ports.of(packet, Meta.headerLength(packet));
            final int slot = table.lookup(now, Meta.protocol(packet),
                packet.getInt(Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN),
                packet.getInt(Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN),
                ports == L4Ports.NONE ? 0 : L4Ports.source(ports),
                ports == L4Ports.NONE ? 0 : L4Ports.destination(ports));
            if (slot < 0 || !vector.prepend(i, Upgrade.GROWTH))
            {
                continue;
            }
            packet = vector.buffer(i);
            if (Upgrade.toIpv8InPlace(packet, 0, table.peerR(slot), (int)(table.originalSource(slot) >>> 32), mode))
            {
                // The Ethernet header in front was partly overwritten: a punt of this packet carries no L2 header.
                vector.aux(i, Meta.withL2Length(aux, 0));
                table.countRestored();
            }
            else
            {
                vector.trimHead(i, Upgrade.GROWTH);
            }
        }
    }
}
