package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code ip8-echo} (issue 7): the router answers pings to itself in the data plane. An ICMP echo request
 * (type 8 code 0, unfragmented, checksum good) to one of our unicast addresses becomes the echo reply in place:
 * source and destination swapped (the reply comes from the address that was pinged), TTL 64, type 0, checksums
 * fixed; it re-enters at {@code ip8-lookup} as a router-originated packet, like an ICMP error. IPv8 requests get
 * IPv8 replies, IPv4 requests to an r = 0 address IPv4 replies.
 * <p>
 * Policed by the punt policer of spec 7.9 / profile 8.7 for unauthenticated traffic (default at most 10 per
 * second and 30 per minute, router-wide): over it the request drops as {@code punt_policed}. A bad ICMP checksum
 * drops as {@code icmp_bad_checksum}. Counters {@code ip8-echo replied} and {@code ip8-echo policed}. Everything
 * else (echo replies for {@code ping8}, TCP, UDP, other ICMP, broadcast and multicast) goes on to {@code punt}.
 */
final class IcmpEchoNode implements Node
{
    static final String NAME = "ip8-echo";
    private static final int NEXT_PUNT = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_HEADER = 8;
    private static final int MF_OR_OFFSET = 0x3FFF;

    private final ForwardingState state;
    private final PuntPolicer policer;
    private final AtomicCounter replied;
    private final AtomicCounter policed;
    private final UnsafeBuffer packet = new UnsafeBuffer(0, 0);

    IcmpEchoNode(final ForwardingState state, final PuntPolicer policer, final AtomicCounter replied,
        final AtomicCounter policed)
    {
        this.state = state;
        this.policer = policer;
        this.replied = replied;
        this.policed = policed;
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(PuntNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        long repliedCount = 0;
        long policedCount = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            if (vector.isDetached(i))
            {
                continue;
            }
            if (!isEchoRequestToUs(vector, i))
            {
                vector.next(i, NEXT_PUNT);
                continue;
            }
            final UnsafeBuffer packet = vector.wrap(i, this.packet);
            final int headerLength = (packet.getByte(0) & 0xF) << 2;
            if (!Checksum.verify(packet, headerLength, icmpLength(packet, headerLength)))
            {
                vector.drop(i, DropReason.ICMP_BAD_CHECKSUM.ordinal());
                continue;
            }
            if (!policer.tryAcquire(state.now))
            {
                vector.drop(i, DropReason.PUNT_POLICED.ordinal());
                policedCount++;
                continue;
            }
            turnIntoReply(packet, headerLength);
            vector.aux(i, 0);
            vector.ingressPort(i, Meta.LOCAL_INGRESS);
            vector.txPort(i, PacketVector.NO_PORT);
            if (state.reinjector.take(Reinjector.LOOKUP, vector, i))
            {
                repliedCount++;
            }
            else
            {
                vector.drop(i, DropReason.REINJECT_QUEUE_FULL.ordinal());
            }
        }
        if (repliedCount != 0)
        {
            replied.getAndAddRelease(repliedCount);
        }
        if (policedCount != 0)
        {
            policed.getAndAddRelease(policedCount);
        }
    }

    private static int icmpLength(final UnsafeBuffer packet, final int headerLength)
    {
        return Math.min(packet.capacity(), packet.getShort(Ipv8Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) -
            headerLength;
    }

    private boolean isEchoRequestToUs(final PacketVector vector, final int i)
    {
        final UnsafeBuffer packet = vector.wrap(i, this.packet);
        final int length = packet.capacity();
        if (length < Ipv4Header.MIN_HEADER_LENGTH || vector.ingressPort(i) == Meta.LOCAL_INGRESS ||
            Meta.protocol(packet) != IpProtocols.ICMP || (Meta.flagsAndFragment(packet) & MF_OR_OFFSET) != 0)
        {
            return false;
        }
        final int headerLength = Meta.headerLength(packet);
        if (icmpLength(packet, headerLength) < ICMP_HEADER ||
            (packet.getShort(headerLength, ByteOrder.BIG_ENDIAN) & 0xFFFF) != ICMP_ECHO_REQUEST << 8)
        {
            return false; // not type 8 code 0
        }
        final long dst = Meta.destination(packet);
        final long src = Meta.source(packet);
        if (!state.interfaces.isOurs(dst) || Ipv8Address.isBroadcastClass(dst) || Ipv8Address.isMulticast(dst))
        {
            return false;
        }
        return src != 0 && !Ipv8Address.isBroadcastClass(src) && !Ipv8Address.isMulticast(src) && (int)src != -1;
    }

    private static void turnIntoReply(final UnsafeBuffer packet, final int headerLength)
    {
        if (Meta.version(packet) == Ipv8Header.VERSION)
        {
            final long source = packet.getLong(Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
            packet.putLong(Ipv8Header.SOURCE_OFFSET, packet.getLong(Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN),
                ByteOrder.BIG_ENDIAN);
            packet.putLong(Ipv8Header.DESTINATION_OFFSET, source, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            final int source = packet.getInt(Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
            packet.putInt(Ipv4Header.SOURCE_OFFSET, packet.getInt(Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN),
                ByteOrder.BIG_ENDIAN);
            packet.putInt(Ipv4Header.DESTINATION_OFFSET, source, ByteOrder.BIG_ENDIAN);
        }
        packet.putByte(Ipv8Header.TTL_OFFSET, (byte)Ipv8Header.DEFAULT_TTL); // offset 8 in IPv4 too
        packet.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN); // offset 10 in both
        packet.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)Checksum.compute(packet, 0, headerLength), ByteOrder.BIG_ENDIAN);
        final int checksum = packet.getShort(headerLength + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        packet.putByte(headerLength, (byte)ICMP_ECHO_REPLY);
        packet.putShort(headerLength + 2, (short)Checksum.update16(checksum, ICMP_ECHO_REQUEST << 8, ICMP_ECHO_REPLY << 8),
            ByteOrder.BIG_ENDIAN);
    }
}
