package org.ipv8router.testbed.host.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An Ethernet segment in memory, for tests without root: a learning-free hub that delivers a frame to the port
 * whose MAC is the destination, or to every other port for group (broadcast/multicast) destinations. Every frame
 * is also shown to the taps (a capture point on the segment). Frames are copied; this is test plumbing, not a
 * fast path.
 */
public final class InMemorySegment
{
    private final List<Port> ports = new CopyOnWriteArrayList<>();
    private final List<Consumer<byte[]>> taps = new CopyOnWriteArrayList<>();
    private final int mtu;

    public InMemorySegment()
    {
        this(1500);
    }

    public InMemorySegment(final int mtu)
    {
        this.mtu = mtu;
    }

    /** Attaches a new port with MAC {@code mac}. */
    public Port attach(final String name, final long mac)
    {
        final Port port = new Port(name, mac);
        ports.add(port);
        return port;
    }

    /** Sees every frame sent on the segment (a copy), in the sender's thread. */
    public void tap(final Consumer<byte[]> tap)
    {
        taps.add(tap);
    }

    private void deliver(final Port from, final byte[] frame)
    {
        for (final Consumer<byte[]> tap : taps)
        {
            tap.accept(frame);
        }
        final long destination = ((frame[0] & 0xFFL) << 40) | ((frame[1] & 0xFFL) << 32) | ((frame[2] & 0xFFL) << 24) |
            ((frame[3] & 0xFFL) << 16) | ((frame[4] & 0xFFL) << 8) | (frame[5] & 0xFFL);
        final boolean group = (frame[0] & 0x01) != 0;
        for (final Port port : ports)
        {
            if (port != from && !port.closed && (group || port.mac == destination))
            {
                port.inbox.offer(frame);
            }
        }
    }

    /** One attachment point; an {@link EthernetLink}. */
    public final class Port implements EthernetLink
    {
        private final String name;
        private final long mac;
        private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        private Port(final String name, final long mac)
        {
            this.name = name;
            this.mac = mac;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public long macAddress()
        {
            return mac;
        }

        @Override
        public int mtu()
        {
            return mtu;
        }

        @Override
        public void send(final DirectBuffer frame, final int offset, final int length) throws IOException
        {
            if (closed)
            {
                throw new IOException("port '" + name + "' closed");
            }
            final byte[] copy = new byte[length];
            frame.getBytes(offset, copy);
            deliver(this, copy);
        }

        @Override
        public int receive(final MutableDirectBuffer buffer, final int offset, final int capacity, final long timeoutNanos)
        {
            if (closed)
            {
                return -1;
            }
            final byte[] frame;
            try
            {
                frame = inbox.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return -1;
            }
            if (frame == null)
            {
                return closed ? -1 : 0;
            }
            final int n = Math.min(frame.length, capacity);
            buffer.putBytes(offset, frame, 0, n);
            return n;
        }

        @Override
        public int lastFrameFlags()
        {
            return 0;
        }

        /** Frames waiting in this port's inbox (for tests that play a neighbour by hand). */
        public List<byte[]> drain()
        {
            final List<byte[]> frames = new ArrayList<>();
            inbox.drainTo(frames);
            return frames;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }
}
