package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;

/**
 * {@code ip8-egress-validate} (spec 7.1 step 8, 7.5): the egress-validation hook on the internal -&gt; external path.
 * A packet that arrived on an {@code internal} interface and leaves on an {@code external} one is looked up in the
 * {@link EgressPermitTable} as (src64, dst64), then (src64, dst.r), then the prefix permits.
 * <pre>
 *   mode off, or not internal -&gt; external, or originated by us   -&gt; ip8-rewrite (not checked)
 *   permitted                                                      -&gt; ip8-rewrite
 *   miss, monitor                                                  -&gt; ip8-rewrite, counted as a miss
 *   miss, enforce                                                  -&gt; drop egress_validation_failed (SEC-ALERT),
 *                                                                     or icmp-error 3/13 with icmp-on-filter
 * </pre>
 * Counters {@code egress-validation checked|permitted|missed} count what the hook looked at.
 */
final class EgressValidationNode implements Node
{
    static final String NAME = "ip8-egress-validate";
    private static final int NEXT_REWRITE = 0;
    private static final int NEXT_ICMP = 1;

    private final ForwardingState state;
    private final EgressPermitTable table;
    private final AtomicCounter checked;
    private final AtomicCounter permitted;
    private final AtomicCounter missed;

    EgressValidationNode(
        final ForwardingState state, final AtomicCounter checked, final AtomicCounter permitted, final AtomicCounter missed)
    {
        this.state = state;
        this.table = state.egressPermits;
        this.checked = checked;
        this.permitted = permitted;
        this.missed = missed;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(RewriteNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final int count = vector.count();
        final EgressValidationMode mode = table.mode();
        if (mode == EgressValidationMode.OFF)
        {
            for (int i = 0; i < count; i++)
            {
                vector.next(i, NEXT_REWRITE);
            }
            return;
        }
        final EgressPermitTable.Snapshot permits = table.current();
        final InterfaceTable interfaces = state.interfaces;
        long checks = 0;
        long passes = 0;
        long misses = 0;
        for (int i = 0; i < count; i++)
        {
            final int ingress = vector.ingressPort(i);
            if (ingress == Meta.LOCAL_INGRESS || interfaces.role(ingress) != RouterSpec.Role.INTERNAL ||
                interfaces.role(vector.txPort(i)) != RouterSpec.Role.EXTERNAL)
            {
                vector.next(i, NEXT_REWRITE);
                continue;
            }
            checks++;
            final long l3 = vector.dataAddress(i);
            if (permits.permits(Meta.sourceAt(l3), Meta.destinationAt(l3)))
            {
                passes++;
                vector.next(i, NEXT_REWRITE);
                continue;
            }
            misses++;
            if (mode == EgressValidationMode.MONITOR)
            {
                vector.next(i, NEXT_REWRITE);
            }
            else if (state.icmpOnFilter)
            {
                vector.aux(i, Meta.icmpSpec(vector.aux(i), DropReason.EGRESS_VALIDATION_FAILED.ordinal(),
                    IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_ADMINISTRATIVELY_PROHIBITED, 0));
                vector.next(i, NEXT_ICMP);
            }
            else
            {
                vector.drop(i, DropReason.EGRESS_VALIDATION_FAILED.ordinal());
            }
        }
        if (checks > 0)
        {
            checked.getAndAddRelease(checks);
            permitted.getAndAddRelease(passes);
            missed.getAndAddRelease(misses);
        }
    }
}
