package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The punt path to the control plane: a bounded lock-free single-producer single-consumer ring (Agrona
 * {@link OneToOneRingBuffer}) of whole Ethernet frames. The forwarding worker writes (copying the frame, so its
 * buffer goes straight back to the pool); the control plane reads in bursts with {@link #drain}. Message type id =
 * ingress port index + 1. A full ring makes the punt node drop with {@code punt_queue_full}.
 */
public final class PuntQueue
{
    /** Receives punted frames. */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param ingressPort port the frame arrived on ({@code Integer.MAX_VALUE} for router-originated).
         * @param buffer      holding the frame.
         * @param offset      of the frame.
         * @param length      of the frame.
         */
        void onFrame(int ingressPort, DirectBuffer buffer, int offset, int length);
    }

    private final OneToOneRingBuffer ring;

    /** @param capacity ring capacity in octets (a power of two). */
    public PuntQueue(final int capacity)
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Producer side: copies the frame in. @return false if the ring is full. */
    boolean offer(final int ingressPort, final DirectBuffer frame, final int offset, final int length)
    {
        return ring.write(ingressPort == Meta.LOCAL_INGRESS ? Integer.MAX_VALUE : ingressPort + 1,
            frame, offset, length);
    }

    /**
     * Consumer side (the control plane's thread).
     *
     * @param handler gets each frame.
     * @param limit   most frames to read.
     * @return frames read.
     */
    public int drain(final Handler handler, final int limit)
    {
        return ring.read((msgTypeId, buffer, index, length) ->
            handler.onFrame(msgTypeId == Integer.MAX_VALUE ? Integer.MAX_VALUE : msgTypeId - 1, buffer, index, length),
            limit);
    }

    /** @return octets waiting. */
    public int size()
    {
        return ring.size();
    }
}
