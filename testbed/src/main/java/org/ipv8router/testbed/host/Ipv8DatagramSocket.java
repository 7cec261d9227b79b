package org.ipv8router.testbed.host;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A UDP socket on an {@link Ipv8Host}, the AF_INET8/SOCK_DGRAM counterpart (spec 9): bind, send to an
 * {@link Ipv8SocketAddress}, receive with a timeout, close. ICMP errors about datagrams it sent (port/host
 * unreachable, time exceeded, the host's own resolution failures) are queued and thrown by the next
 * {@link #receive} as {@link IcmpErrorException}, the way a Linux UDP socket reports ECONNREFUSED/EHOSTUNREACH.
 * <p>
 * Thread-safe; datagrams are queued (up to 1024) until received.
 */
public final class Ipv8DatagramSocket implements AutoCloseable
{
    private static final int QUEUE_LIMIT = 1024;

    private final Ipv8Host host;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private volatile Ipv8SocketAddress local;
    private volatile boolean closed;
    private volatile int ttl;

    Ipv8DatagramSocket(final Ipv8Host host)
    {
        this.host = host;
        this.ttl = host.config().defaultTtl();
    }

    /**
     * Binds to a local address and port: {@link Ipv8SocketAddress#ANY} (any address, ephemeral port), a port on
     * any address ({@code ANY.withPort(p)}), or one of the host's addresses.
     *
     * @return the bound address (with the chosen port).
     * @throws IOException when already bound, the port is in use or the address is not the host's.
     */
    public synchronized Ipv8SocketAddress bind(final Ipv8SocketAddress address) throws IOException
    {
        checkOpen();
        if (local != null)
        {
            throw new IOException("socket already bound to " + local);
        }
        local = host.bindUdp(this, address);
        return local;
    }

    /** The bound address, or null. */
    public Ipv8SocketAddress localAddress()
    {
        return local;
    }

    /** TTL of datagrams sent from now on (1..255). */
    public void ttl(final int value)
    {
        if (value < 1 || value > 255)
        {
            throw new IllegalArgumentException("TTL " + value + " out of range 1..255");
        }
        ttl = value;
    }

    public void send(final Ipv8SocketAddress to, final byte[] data) throws IOException
    {
        send(to, data, 0, data.length);
    }

    /**
     * Sends one datagram; binds to an ephemeral port first when unbound. Resolution and delivery failures come
     * back later through {@link #receive} as {@link IcmpErrorException}.
     *
     * @throws IOException for what is known at once: closed, too long for the MTU, unsupported destination.
     */
    public void send(final Ipv8SocketAddress to, final byte[] data, final int offset, final int length) throws IOException
    {
        checkOpen();
        if (to.port() == 0)
        {
            throw new IOException("cannot send to " + to + ": destination port 0");
        }
        Ipv8SocketAddress from = local;
        if (from == null)
        {
            from = bind(Ipv8SocketAddress.ANY);
        }
        host.sendUdp(from.isAnyAddress() ? 0 : from.address(), from.port(), to, data, offset, length, ttl);
    }

    /**
     * Waits up to {@code timeout} for a datagram.
     *
     * @return the datagram, or null on timeout.
     * @throws IcmpErrorException when an ICMP error for an earlier send arrived first.
     * @throws IOException when the socket is closed.
     */
    public Ipv8Datagram receive(final Duration timeout) throws IOException, InterruptedException
    {
        checkOpen();
        final Object next = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next instanceof IcmpError error)
        {
            throw new IcmpErrorException(error);
        }
        if (next == null && closed)
        {
            throw new IOException("socket closed");
        }
        return (Ipv8Datagram)next;
    }

    boolean accepts(final long destination)
    {
        final Ipv8SocketAddress bound = local;
        return bound != null && (bound.isAnyAddress() || host.ownAddressIndex(destination) == host.ownAddressIndex(bound.address()));
    }

    boolean deliver(final Ipv8Datagram datagram)
    {
        return inbox.offer(datagram);
    }

    boolean deliverError(final IcmpError error)
    {
        return inbox.offer(error);
    }

    private void checkOpen() throws IOException
    {
        if (closed)
        {
            throw new IOException("socket closed");
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final Ipv8SocketAddress bound = local;
        if (bound != null)
        {
            host.unbindUdp(bound.port(), this);
        }
    }

    @Override
    public String toString()
    {
        return "Ipv8DatagramSocket{" + (local == null ? "unbound" : local.toString()) + "}";
    }
}
