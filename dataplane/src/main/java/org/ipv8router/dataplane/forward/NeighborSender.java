package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.neighbor.NeighborActions;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IcmpMessage;

/**
 * The {@link NeighborActions} of one interface's {@link Arp8Cache}: builds ARP8/ARP4 requests in buffers of the
 * router's control pool (sent from a gateway-pair VIP they carry its virtual MAC as sender hardware address, so
 * hosts that learn from requests keep the VIP on the virtual MAC) and queues them for port-output; releases parked packets to ip8-tx-decide when their
 * neighbour resolves, or to icmp-error (3/1, {@code neighbor_unresolved}) when it fails. Runs on the worker thread
 * inside cache calls; never calls back into the cache.
 */
final class NeighborSender implements NeighborActions
{
    private static final int MIN_FRAME = EthernetFrame.MIN_FRAME_LENGTH;

    private final ForwardingState state;
    private final int port;
    private final PacketPool pool;
    private final ArpPacket arp = new ArpPacket();
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private Arp8Cache cache;
    private long requestsDropped;

    NeighborSender(final ForwardingState state, final int port, final PacketPool pool)
    {
        this.state = state;
        this.port = port;
        this.pool = pool;
    }

    void cache(final Arp8Cache cache)
    {
        this.cache = cache;
    }

    public void sendArp8Request(final long target, final long unicastMac)
    {
        final long handle = startFrame(unicastMac);
        if (handle == PacketPool.NULL_HANDLE)
        {
            return;
        }
        final InterfaceTable interfaces = state.interfaces;
        final long sender = interfaces.addressFor(port, target);
        arp.wrap(frame, EthernetFrame.HEADER_LENGTH, ArpPacket.ARP8_LENGTH).writeArp8Request(
            state.profile.ipv8EtherType(), state.pairs.senderMac(port, sender, interfaces.mac(port)), sender, target);
        queue(handle);
    }

    public void sendArp4Request(final long target, final long unicastMac)
    {
        final long handle = startFrame(unicastMac);
        if (handle == PacketPool.NULL_HANDLE)
        {
            return;
        }
        final InterfaceTable interfaces = state.interfaces;
        final long sender = interfaces.addressFor(port, target);
        arp.wrap(frame, EthernetFrame.HEADER_LENGTH, ArpPacket.ARP4_LENGTH).writeArp4Request(
            state.pairs.senderMac(port, sender, interfaces.mac(port)), (int)sender, (int)target);
        queue(handle);
    }

    public void transmitQueued(final long packetHandle, final int slot)
    {
        final int held = (int)packetHandle;
        final long aux = NeighborNode.withNeighbor(state.held.aux(held), cache.mac(slot), cache.isIpv8Capable(slot));
        if (!state.held.release(held, state.reinjector, Reinjector.TX_DECIDE, aux))
        {
            state.dropReasons.add(DropReason.REINJECT_QUEUE_FULL.ordinal(), 1);
        }
    }

    public void dropQueued(final long packetHandle, final long target)
    {
        final int held = (int)packetHandle;
        final long aux = Meta.icmpSpec(state.held.aux(held), DropReason.NEIGHBOR_UNRESOLVED.ordinal(),
            IcmpMessage.TYPE_DESTINATION_UNREACHABLE, IcmpMessage.CODE_HOST_UNREACHABLE, 0);
        if (!state.held.release(held, state.reinjector, Reinjector.ICMP_ERROR, aux))
        {
            state.dropReasons.add(DropReason.NEIGHBOR_UNRESOLVED.ordinal(), 1);
        }
    }

    /** ARP requests not sent because the control pool or the queue was full. */
    long requestsDropped()
    {
        return requestsDropped;
    }

    private long startFrame(final long unicastMac)
    {
        final long handle = pool.alloc();
        if (handle == PacketPool.NULL_HANDLE)
        {
            requestsDropped++;
            return handle;
        }
        frame.wrap(pool.bufferAddress(handle) + pool.headroom(), MIN_FRAME);
        frame.setMemory(0, MIN_FRAME, (byte)0);
        final long dst = unicastMac != 0 ? unicastMac : EthernetFrame.BROADCAST_MAC;
        final long src = state.interfaces.mac(port);
        frame.putShort(EthernetFrame.DESTINATION_OFFSET, (short)(dst >>> 32), ByteOrder.BIG_ENDIAN);
        frame.putInt(EthernetFrame.DESTINATION_OFFSET + 2, (int)dst, ByteOrder.BIG_ENDIAN);
        frame.putShort(EthernetFrame.SOURCE_OFFSET, (short)(src >>> 32), ByteOrder.BIG_ENDIAN);
        frame.putInt(EthernetFrame.SOURCE_OFFSET + 2, (int)src, ByteOrder.BIG_ENDIAN);
        frame.putShort(EthernetFrame.ETHER_TYPE_OFFSET, (short)EtherTypes.ARP, ByteOrder.BIG_ENDIAN);
        return handle;
    }

    private void queue(final long handle)
    {
        if (!state.reinjector.add(Reinjector.PORT_OUTPUT, pool, handle, pool.headroom(), MIN_FRAME,
            Meta.LOCAL_INGRESS, port, 0, 0))
        {
            pool.free(handle);
            requestsDropped++;
        }
    }
}
