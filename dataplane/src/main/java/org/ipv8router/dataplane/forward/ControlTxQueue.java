package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.wire.EthernetFrame;

/**
 * Whole Ethernet frames the control plane wants sent as they are (gateway-pair hellos, gratuitous ARP8/ARP): the
 * mirror of the {@link PuntQueue}. Any thread offers a frame for a port (a lock-free many-to-one Agrona ring; the
 * offer copies, never waits); the worker drains the ring once per duty cycle into its control pool and queues the
 * frames for {@code port-output}. Message type id = egress port index + 1. A full ring (or an exhausted control
 * pool) loses the frame and counts it ({@link #dropped()}); the sender's protocol must tolerate loss anyway.
 */
public final class ControlTxQueue
{
    private final ManyToOneRingBuffer ring;
    private final AtomicLong dropped = new AtomicLong();
    private final MessageHandler handler = this::onMessage;
    private ForwardingState state;
    private PacketPool pool;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /** @param capacity ring capacity in octets (a power of two). */
    public ControlTxQueue(final int capacity)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    void bind(final ForwardingState state, final PacketPool pool)
    {
        this.state = state;
        this.pool = pool;
    }

    /**
     * Any thread: queues a complete Ethernet frame for transmission on {@code port}.
     *
     * @return false if the ring is full or the frame is shorter than an Ethernet header (counted as dropped).
     */
    public boolean offer(final int port, final DirectBuffer buffer, final int offset, final int length)
    {
        if (port < 0 || length < EthernetFrame.HEADER_LENGTH || !ring.write(port + 1, buffer, offset, length))
        {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** @return true if no frame waits for the worker (approximate while frames are being offered). */
    public boolean isEmpty()
    {
        return ring.size() == 0;
    }

    /** @return frames lost: ring full, no control buffer, or re-injection queue full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Worker: moves queued frames to port-output. @return frames moved. */
    int drain(final int limit)
    {
        return ring.read(handler, limit);
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int port = msgTypeId - 1;
        if (!state.interfaces.exists(port) || length > pool.bufferLength() - pool.headroom())
        {
            dropped.incrementAndGet();
            return;
        }
        final long handle = pool.alloc();
        if (handle == PacketPool.NULL_HANDLE)
        {
            dropped.incrementAndGet();
            return;
        }
        final int padded = Math.max(length, EthernetFrame.MIN_FRAME_LENGTH);
        frame.wrap(pool.bufferAddress(handle) + pool.headroom(), padded);
        frame.setMemory(0, padded, (byte)0);
        frame.putBytes(0, buffer, index, length);
        if (!state.reinjector.add(Reinjector.PORT_OUTPUT, pool, handle, pool.headroom(), padded,
            Meta.LOCAL_INGRESS, port, 0, 0))
        {
            pool.free(handle);
            dropped.incrementAndGet();
        }
    }
}
