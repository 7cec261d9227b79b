package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EightToFour;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code ip8-mtu} (spec 2.4, 7.1 step 10): a packet longer than the egress interface's MTU
 * <ul>
 *   <li>with DF = 1 goes to icmp-error, type 3 code 4 with the next-hop MTU (RFC 1191); for a packet we
 *       8to4-encapsulated the error is about the inner packet and names the tunnel MTU (MTU - 20, spec 5.1);</li>
 *   <li>with DF = 0 is fragmented in this slow path: every fragment copies the header (options included), carries
 *       a multiple of 8 data octets and re-enters at l2-rewrite on the next pass; the original is freed. No
 *       buffers: {@code fragmentation_failed}.</li>
 * </ul>
 */
final class MtuCheckNode implements Node
{
    static final String NAME = "ip8-mtu";
    private static final int NEXT_L2 = 0;
    private static final int NEXT_ICMP = 1;

    private final ForwardingState state;
    private final UnsafeBuffer fragment = new UnsafeBuffer(0, 0);

    MtuCheckNode(final ForwardingState state)
    {
        this.state = state;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(L2RewriteNode.NAME, IcmpErrorNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final InterfaceTable interfaces = state.interfaces;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int mtu = interfaces.mtu(vector.txPort(i));
            final int length = vector.length(i);
            if (length <= mtu)
            {
                vector.next(i, NEXT_L2);
                continue;
            }
            final UnsafeBuffer packet = vector.buffer(i);
            if ((Meta.flagsAndFragment(packet) & Ipv8Header.FLAG_DF) != 0)
            {
                long aux = vector.aux(i);
                int reported = mtu;
                if ((aux & Meta.F_ENCAP) != 0)
                {
                    vector.trimHead(i, EightToFour.OUTER_HEADER_LENGTH);
                    reported = mtu - EightToFour.OUTER_HEADER_LENGTH;
                    aux &= ~Meta.F_ENCAP;
                }
                vector.aux(i, Meta.icmpSpec(aux, DropReason.FRAGMENTATION_NEEDED.ordinal(),
                    IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_FRAGMENTATION_NEEDED, reported));
                vector.next(i, NEXT_ICMP);
            }
            else if (fragment(vector, i, packet, mtu))
            {
                vector.free(i);
            }
            else
            {
                vector.drop(i, DropReason.FRAGMENTATION_FAILED.ordinal());
            }
        }
    }

    /** Cuts the packet into fragments that fit {@code mtu}; all or nothing. */
    private boolean fragment(final PacketVector vector, final int i, final UnsafeBuffer packet, final int mtu)
    {
        final int headerLength = Meta.headerLength(packet);
        final int total = vector.length(i);
        final int chunk = ((mtu - headerLength) / 8) * 8;
        if (chunk <= 0)
        {
            return false;
        }
        final PacketPool pool = vector.pool(i);
        final int room = pool.bufferLength() - pool.headroom();
        if (headerLength + chunk > room)
        {
            return false;
        }
        final int fragments = (total - headerLength + chunk - 1) / chunk;
        if (pool.available() < fragments)
        {
            return false;
        }
        final int original = Meta.flagsAndFragment(packet);
        final int baseOffset = original & Ipv8Header.FRAGMENT_OFFSET_MASK;
        final boolean lastHadMore = (original & Ipv8Header.FLAG_MF) != 0;
        for (int f = 0; f < fragments; f++)
        {
            final int dataStart = headerLength + f * chunk;
            final int dataLength = Math.min(chunk, total - dataStart);
            final long handle = pool.alloc();
            fragment.wrap(pool.bufferAddress(handle) + pool.headroom(), headerLength + dataLength);
            fragment.putBytes(0, packet, 0, headerLength);
            fragment.putBytes(headerLength, packet, dataStart, dataLength);
            final boolean more = f < fragments - 1 || lastHadMore;
            final int flags = (original & ~(Ipv8Header.FLAG_MF | Ipv8Header.FRAGMENT_OFFSET_MASK)) |
                (more ? Ipv8Header.FLAG_MF : 0) | ((baseOffset + f * chunk / 8) & Ipv8Header.FRAGMENT_OFFSET_MASK);
            fragment.putShort(Ipv8Header.TOTAL_LENGTH_OFFSET, (short)(headerLength + dataLength), ByteOrder.BIG_ENDIAN);
            fragment.putShort(Ipv8Header.FLAGS_FRAGMENT_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
            fragment.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
            fragment.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)Checksum.compute(fragment, 0, headerLength),
                ByteOrder.BIG_ENDIAN);
            if (!state.reinjector.add(Reinjector.L2_REWRITE, pool, handle, pool.headroom(), headerLength + dataLength,
                vector.ingressPort(i), vector.txPort(i), vector.aux(i), vector.timestamp(i)))
            {
                pool.free(handle); // earlier fragments are out already; the datagram will not reassemble
                state.dropReasons.add(DropReason.REINJECT_QUEUE_FULL.ordinal(), 1);
                return true;
            }
        }
        return true;
    }
}
