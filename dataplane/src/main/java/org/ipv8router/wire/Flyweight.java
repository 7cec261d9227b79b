package org.ipv8router.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Base of the wire flyweights: a window {@code [offset, offset + length)} over an Agrona buffer that the
 * subclasses read and write in network byte order. Wrapping stores three references and two ints; nothing
 * is copied and nothing is allocated, so one instance per worker thread is reused for every packet.
 * <p>
 * All field offsets of the subclasses are relative to {@link #offset()}. Getters never check that the
 * window is long enough: the {@link ReceiveValidator} (or the caller) has done that before a flyweight is
 * used on received bytes. Setters need the wrapped buffer to be a {@link MutableDirectBuffer}.
 */
public abstract class Flyweight
{
    protected DirectBuffer buffer;
    protected MutableDirectBuffer mutableBuffer;
    protected int offset;
    protected int length;

    protected final void wrapBuffer(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        // Pattern match rather than a cast in every setter: read-only buffers simply have no mutable view.
        this.mutableBuffer = buffer instanceof MutableDirectBuffer mutable ? mutable : null;
        this.offset = offset;
        this.length = length;
    }

    /** The wrapped buffer. */
    public final DirectBuffer buffer()
    {
        return buffer;
    }

    /** Offset of the first octet of this structure in {@link #buffer()}. */
    public final int offset()
    {
        return offset;
    }

    /** Number of octets available from {@link #offset()} as given to {@code wrap}. */
    public final int length()
    {
        return length;
    }
}
