package org.ipv8router.dataplane.port;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The far end of a {@link RingPort}: injects frames the port will receive and collects frames the port transmitted.
 * For tests and for an embedded router fed by software rather than a NIC.
 * <p>
 * <b>Threading.</b> One thread at a time injects, one thread at a time collects (they may differ from each other
 * and from the port's threads). {@link #inject(DirectBuffer, int, int)} and {@link #drain(FrameHandler, int)}
 * allocate nothing; the {@code byte[]} variants do.
 */
public final class RingHost
{
    /** Receives frames collected from the port. */
    @FunctionalInterface
    public interface FrameHandler
    {
        /**
         * @param buffer holding the frame; valid only during the call.
         * @param offset of the frame.
         * @param length of the frame.
         */
        void onFrame(DirectBuffer buffer, int offset, int length);
    }

    private final RingWire toPort;
    private final RingWire fromPort;
    private final MessageHandler drainHandler = this::onMessage;
    private FrameHandler frameHandler;

    /**
     * @param toPort   wire the port receives from.
     * @param fromPort wire the port transmits onto.
     */
    public RingHost(final RingWire toPort, final RingWire fromPort)
    {
        this.toPort = toPort;
        this.fromPort = fromPort;
    }

    /**
     * The host end of a port made by {@link RingPort#hosted}.
     *
     * @param port the port.
     * @return a host driving the port's wires.
     */
    public static RingHost of(final RingPort port)
    {
        return new RingHost(port.rxWire(), port.txWire());
    }

    /**
     * Offers a frame to the port.
     *
     * @param frame  buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return false if the ring is full (retry later) or the frame is too long.
     */
    public boolean inject(final DirectBuffer frame, final int offset, final int length)
    {
        return toPort.offer(frame, offset, length);
    }

    /**
     * Offers a frame to the port (allocates a wrapper).
     *
     * @param frame the frame octets.
     * @return false if the ring is full.
     */
    public boolean inject(final byte[] frame)
    {
        return toPort.offer(new UnsafeBuffer(frame), 0, frame.length);
    }

    /**
     * Collects frames the port transmitted.
     *
     * @param handler called per frame.
     * @param limit   maximum frames to collect.
     * @return frames collected.
     */
    public int drain(final FrameHandler handler, final int limit)
    {
        frameHandler = handler;
        try
        {
            return fromPort.poll(drainHandler, limit);
        }
        finally
        {
            frameHandler = null;
        }
    }

    /**
     * Collects one transmitted frame as an array.
     *
     * @return the frame, or null if none is waiting.
     */
    public byte[] poll()
    {
        final byte[][] result = new byte[1][];
        drain((buffer, offset, length) ->
        {
            result[0] = new byte[length];
            buffer.getBytes(offset, result[0]);
        }, 1);
        return result[0];
    }

    /**
     * Collects every transmitted frame waiting now.
     *
     * @return the frames in transmit order.
     */
    public List<byte[]> drainAll()
    {
        final List<byte[]> frames = new ArrayList<>();
        drain((buffer, offset, length) ->
        {
            final byte[] frame = new byte[length];
            buffer.getBytes(offset, frame);
            frames.add(frame);
        }, Integer.MAX_VALUE);
        return frames;
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        frameHandler.onFrame(buffer, offset, length);
    }
}
