package org.ipv8router.dataplane.port;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * An in-memory port: receives the frames of one {@link RingWire}, transmits onto another. Two ring ports joined
 * crosswise make a cable ({@link #pair}); a port whose wires are driven by a {@link RingHost} lets a test (or an
 * embedded router with no NIC) inject and collect frames as byte arrays.
 * <p>
 * Frames are copied: {@code receive} copies each frame from the ring into a fresh buffer of this port's pool,
 * {@code transmit} copies each packet into the ring and frees its buffer (whatever pool it came from). So the two
 * ends of a cable may run on different threads with their own single-owner pools.
 * <p>
 * <b>Threading.</b> As {@link Port}: one receiving thread (this port's pool owner), one transmitting thread
 * (which must also own the pools of the packets it transmits, since it frees them). {@link #linkUp(boolean)} may be
 * called from any thread. Nothing is allocated after construction.
 */
public final class RingPort implements Port
{
    private final String name;
    private final int index;
    private final PacketPool pool;
    private final RingWire rxWire;
    private final RingWire txWire;
    private final PortCounters counters;
    private final long macAddress;
    private final int mtu;
    private final int maxFrameLength;
    private final UnsafeBuffer copyBuffer = new UnsafeBuffer(0, 0);
    private final MessageHandler rxHandler = this::onFrame;
    private volatile boolean linkUp = true;
    private PacketVector rxInto;
    private int rxCount;
    private long rxBytes;
    private int rxDrops;

    /**
     * @param name       port name.
     * @param index      port index.
     * @param pool       pool received frames are copied into; owned by the receiving thread.
     * @param rxWire     wire this port receives from.
     * @param txWire     wire this port transmits onto.
     * @param counters   the port's counters.
     * @param macAddress MAC address in the low 48 bits.
     * @param mtu        L3 MTU.
     */
    public RingPort(
        final String name,
        final int index,
        final PacketPool pool,
        final RingWire rxWire,
        final RingWire txWire,
        final PortCounters counters,
        final long macAddress,
        final int mtu)
    {
        this.name = name;
        this.index = index;
        this.pool = pool;
        this.rxWire = rxWire;
        this.txWire = txWire;
        this.counters = counters;
        this.macAddress = macAddress;
        this.mtu = mtu;
        this.maxFrameLength = pool.bufferLength() - pool.headroom();
    }

    /**
     * Two ports joined by a cable: what one transmits the other receives.
     *
     * @param a        first port: name, index, pool and counters.
     * @param b        second port.
     * @param capacity ring capacity per direction in octets.
     * @return {@code {a, b}}.
     */
    public static RingPort[] pair(final Endpoint a, final Endpoint b, final int capacity)
    {
        final RingWire ab = new RingWire(capacity);
        final RingWire ba = new RingWire(capacity);
        return new RingPort[]
        {
            new RingPort(a.name, a.index, a.pool, ba, ab, a.counters, MacAddress.local(a.index), DEFAULT_MTU),
            new RingPort(b.name, b.index, b.pool, ab, ba, b.counters, MacAddress.local(b.index), DEFAULT_MTU)
        };
    }

    /**
     * A port whose far end is a {@link RingHost}: reach it with {@link RingHost#of(RingPort)}.
     *
     * @param endpoint name, index, pool and counters.
     * @param capacity ring capacity per direction in octets.
     * @return the port.
     */
    public static RingPort hosted(final Endpoint endpoint, final int capacity)
    {
        return new RingPort(endpoint.name, endpoint.index, endpoint.pool, new RingWire(capacity),
            new RingWire(capacity), endpoint.counters, MacAddress.local(endpoint.index), DEFAULT_MTU);
    }

    /**
     * A port that receives what it transmits.
     *
     * @param endpoint name, index, pool and counters.
     * @param capacity ring capacity in octets.
     * @return the port.
     */
    public static RingPort loopback(final Endpoint endpoint, final int capacity)
    {
        final RingWire wire = new RingWire(capacity);
        return new RingPort(endpoint.name, endpoint.index, endpoint.pool, wire, wire, endpoint.counters,
            MacAddress.local(endpoint.index), DEFAULT_MTU);
    }

    /**
     * What a ring port needs besides its wires.
     *
     * @param name     port name.
     * @param index    port index.
     * @param pool     receive pool.
     * @param counters port counters.
     */
    public record Endpoint(String name, int index, PacketPool pool, PortCounters counters)
    {
    }

    /** {@inheritDoc} */
    public String name()
    {
        return name;
    }

    /** {@inheritDoc} */
    public int index()
    {
        return index;
    }

    /** {@inheritDoc} */
    public int receive(final PacketVector into)
    {
        final int limit = into.remaining();
        if (limit == 0 || !linkUp)
        {
            return 0;
        }
        rxInto = into;
        rxCount = 0;
        rxBytes = 0;
        rxDrops = 0;
        rxWire.poll(rxHandler, limit);
        rxInto = null;
        counters.onReceiveBurst(rxCount, rxBytes, rxDrops);
        return rxCount;
    }

    /** {@inheritDoc} */
    public int transmit(final PacketVector from)
    {
        final boolean up = linkUp;
        int sent = 0;
        long bytes = 0;
        int dropped = 0;
        for (int i = 0, n = from.count(); i < n; i++)
        {
            if (from.isDetached(i))
            {
                continue;
            }
            final int length = from.length(i);
            if (up && txWire.offer(from.buffer(i), 0, length))
            {
                sent++;
                bytes += length;
            }
            else
            {
                dropped++;
            }
            from.free(i);
        }
        from.clear();
        counters.onTransmitBurst(sent, bytes, dropped);
        return sent;
    }

    /** {@inheritDoc} */
    public int mtu()
    {
        return mtu;
    }

    /** {@inheritDoc} */
    public long macAddress()
    {
        return macAddress;
    }

    /** {@inheritDoc} */
    public boolean isLinkUp()
    {
        return linkUp;
    }

    /**
     * Sets the link state (tests, administrative down).
     *
     * @param up new state.
     */
    public void linkUp(final boolean up)
    {
        linkUp = up;
    }

    /** {@inheritDoc} */
    public PortCounters counters()
    {
        return counters;
    }

    /** @return the pool received frames are copied into. */
    public PacketPool pool()
    {
        return pool;
    }

    /** @return the wire this port receives from. */
    public RingWire rxWire()
    {
        return rxWire;
    }

    /** @return the wire this port transmits onto. */
    public RingWire txWire()
    {
        return txWire;
    }

    /** Nothing to release: the rings are garbage collected with the port. */
    public void close()
    {
        linkUp = false;
    }

    public String toString()
    {
        return "RingPort{" + name + "#" + index + ", mac=" + MacAddress.format(macAddress) + '}';
    }

    private void onFrame(final int msgTypeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (length > maxFrameLength)
        {
            rxDrops++;
            return;
        }
        final long handle = pool.alloc();
        if (handle == PacketPool.NULL_HANDLE)
        {
            rxDrops++;
            return;
        }
        final int headroom = pool.headroom();
        copyBuffer.wrap(pool.bufferAddress(handle) + headroom, length);
        copyBuffer.putBytes(0, buffer, offset, length);
        rxInto.add(pool, handle, headroom, length, index);
        rxCount++;
        rxBytes += length;
    }
}
