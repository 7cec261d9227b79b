package org.ipv8router.dataplane.port;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.ipv8router.wire.EthernetFrame;

/**
 * A shared Ethernet segment of ring ports: a learning switch joining any number of {@link RingHost}s (the far ends
 * of router {@link RingPort}s, or {@link #station()}s a test drives as hosts). Unicast frames go to the member the
 * destination MAC was last seen behind (source-MAC learning, no ageing); broadcast, multicast and unknown
 * destinations flood to every other member. So, as on a real switch, a MAC that moves (a gateway-pair virtual MAC
 * after takeover) is only found at its new place once that place sends a frame from it (the gratuitous ARP).
 * <p>
 * A member may be {@link #unplug unplugged} (frames to it are discarded, frames from it ignored): a router that died
 * or a cut cable. For tests and the pure-Java testbed; {@link #pump} moves frames on the calling thread (one
 * thread at a time), {@link #start} runs it on a daemon thread.
 */
public final class RingSegment implements AutoCloseable
{
    private static final long UNKNOWN = -1;

    private final List<RingHost> members = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private volatile boolean[] unplugged = new boolean[0];
    private final Long2LongHashMap macTable = new Long2LongHashMap(UNKNOWN);
    private int ingress;
    private long forwarded;
    private long flooded;
    private volatile boolean running;
    private Thread thread;

    /**
     * Joins a router's ring port to the segment.
     *
     * @param name for messages.
     * @param far  the port's far end ({@link RingHost#of(RingPort)}).
     * @return the member index.
     */
    public synchronized int attach(final String name, final RingHost far)
    {
        members.add(far);
        names.add(name);
        unplugged = java.util.Arrays.copyOf(unplugged, members.size());
        return members.size() - 1;
    }

    /**
     * A new station (a host on the segment): the returned {@link RingHost} injects frames onto the segment and
     * collects the frames the segment delivers to it.
     *
     * @param name for messages.
     * @return the station's end.
     */
    public synchronized RingHost station(final String name)
    {
        final RingWire toStation = new RingWire();
        final RingWire fromStation = new RingWire();
        attach(name, new RingHost(toStation, fromStation));
        return new RingHost(fromStation, toStation);
    }

    /** Cuts (or restores) a member's cable. Any thread. */
    public synchronized void unplug(final int member, final boolean cut)
    {
        final boolean[] next = unplugged.clone();
        next[member] = cut;
        unplugged = next;
    }

    /** Moves every waiting frame once. @return frames moved. */
    public int pump()
    {
        final List<RingHost> m;
        synchronized (this)
        {
            m = List.copyOf(members);
        }
        final boolean[] cut = unplugged;
        int moved = 0;
        for (int i = 0; i < m.size(); i++)
        {
            ingress = i;
            final boolean dead = cut[i];
            moved += m.get(i).drain((buffer, offset, length) ->
            {
                if (!dead)
                {
                    deliver(m, cut, buffer, offset, length);
                }
            }, 256);
        }
        return moved;
    }

    private void deliver(
        final List<RingHost> m, final boolean[] cut, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < EthernetFrame.HEADER_LENGTH)
        {
            return;
        }
        final long dst = EthernetFrame.readMac(buffer, offset);
        final long src = EthernetFrame.readMac(buffer, offset + EthernetFrame.SOURCE_OFFSET);
        if (!EthernetFrame.isMulticastMac(src))
        {
            macTable.put(src, ingress);
        }
        final long to = EthernetFrame.isMulticastMac(dst) ? UNKNOWN : macTable.get(dst);
        if (to != UNKNOWN)
        {
            if (to != ingress && !cut[(int)to])
            {
                m.get((int)to).inject(buffer, offset, length);
                forwarded++;
            }
            return;
        }
        flooded++;
        for (int j = 0; j < m.size(); j++)
        {
            if (j != ingress && !cut[j])
            {
                m.get(j).inject(buffer, offset, length);
            }
        }
    }

    /** Runs {@link #pump} on a daemon thread until {@link #close}. */
    public synchronized void start()
    {
        if (thread != null)
        {
            return;
        }
        running = true;
        thread = new Thread(() ->
        {
            while (running)
            {
                if (pump() == 0)
                {
                    Thread.onSpinWait();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            }
        }, "ring-segment");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the member the switch last saw {@code mac} behind, or -1. Only while not running. */
    public long memberOf(final long mac)
    {
        return macTable.get(mac);
    }

    /** @return unicast frames sent to one learned member / frames flooded. */
    public long forwarded()
    {
        return forwarded;
    }

    public long flooded()
    {
        return flooded;
    }

    @Override
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null)
        {
            try
            {
                t.join(5_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
