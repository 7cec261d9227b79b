package org.ipv8router.dataplane.port;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One direction of an in-memory link: an Agrona {@link OneToOneRingBuffer} carrying whole Ethernet frames (copied
 * in and out, as a wire would). Frames never share memory between the two ends, so each end's packet pool stays
 * owned by one thread.
 * <p>
 * <b>Threading.</b> Single producer, single consumer, lock free: exactly one thread at a time calls
 * {@link #offer}, exactly one thread at a time calls {@link #poll}; they may be different threads.
 */
public final class RingWire
{
    /** Default ring capacity in octets: 1 MiB, about 700 full-size frames or 11,000 minimum-size ones. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Message type id of a frame in the ring. */
    public static final int FRAME_MESSAGE = 1;

    private final OneToOneRingBuffer ring;

    /** A wire of {@link #DEFAULT_CAPACITY}. */
    public RingWire()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A wire whose ring holds {@code capacity} octets of frames and message headers.
     *
     * @param capacity octets, a power of two of at least 1024.
     */
    public RingWire(final int capacity)
    {
        if (capacity < 1024 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("ring wire capacity must be a power of two >= 1024, got " + capacity);
        }
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /**
     * Puts one frame on the wire (producer side).
     *
     * @param frame  buffer holding the frame.
     * @param offset of the frame in {@code frame}.
     * @param length of the frame.
     * @return false if the ring is full or the frame is longer than {@link #maxFrameLength()}.
     */
    public boolean offer(final DirectBuffer frame, final int offset, final int length)
    {
        return length <= ring.maxMsgLength() && ring.write(FRAME_MESSAGE, frame, offset, length);
    }

    /**
     * Takes frames off the wire (consumer side).
     *
     * @param handler called once per frame with the ring buffer, offset and length of the frame; the frame must
     *                be copied out before returning.
     * @param limit   maximum number of frames to take.
     * @return the number of frames taken.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /** @return the longest frame the ring accepts. */
    public int maxFrameLength()
    {
        return ring.maxMsgLength();
    }

    /** @return octets currently queued (approximate when read concurrently). */
    public int size()
    {
        return ring.size();
    }

    /** @return true if no frame is queued (approximate when read concurrently). */
    public boolean isEmpty()
    {
        return ring.size() == 0;
    }
}
