package org.ipv8router.dataplane.forward;

import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.Pkt.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The spec 11.3 "fragmentation needed" vector: a 36-octet offending packet cannot exceed a 1492 MTU, so it is handed
 * straight to the icmp-error node with the 3/4 request ip8-mtu would make; the ICMPv8 part of the error must be
 * {@code 03 04 f7 27 00 00 05 d4} + the 36 quoted octets, and the error is routed like any packet the router
 * originates.
 */
class IcmpSpecVectorTest
{
    @Test
    void fragmentationNeededIcmpPartMatchesSpec()
    {
        final byte[] offending = hex("87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07 " +
            "00 00 fb f0 c0 00 02 01 08 00 f7 ef 00 07 00 09");
        try (TestRouter t = new TestRouter(ForwardingMatrixTest.topology(NeighborCapability.IPV8), 3))
        {
            final Graph graph = t.router.graph();
            final PacketVector pending = graph.pending(graph.nodeIndex(IcmpErrorNode.NAME));
            final long handle = t.pool.alloc();
            final int i = pending.add(t.pool, handle, t.pool.headroom(), offending.length, 0);
            pending.buffer(i).putBytes(0, offending);
            pending.aux(i, Meta.icmpSpec(0, DropReason.FRAGMENTATION_NEEDED.ordinal(),
                IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_FRAGMENTATION_NEEDED, 1492));
            graph.run(); // the error is built and queued for ip8-lookup
            t.run();
            final byte[] out = ForwardingMatrixTest.only(t.sent(1));
            final byte[] l3 = Pkt.l3(out);
            final byte[] icmp = new byte[l3.length - 28];
            System.arraycopy(l3, 28, icmp, 0, icmp.length);
            final byte[] expected = new byte[8 + 36];
            System.arraycopy(hex("03 04 f7 27 00 00 05 d4"), 0, expected, 0, 8);
            System.arraycopy(offending, 0, expected, 8, 36);
            assertArrayEquals(expected, icmp, "spec 11.3 fragmentation needed, ICMP part");
            assertEquals(1, t.drops(DropReason.FRAGMENTATION_NEEDED));
        }
    }
}
