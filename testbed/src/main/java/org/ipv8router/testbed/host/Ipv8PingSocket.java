package org.ipv8router.testbed.host;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An ICMP echo socket on an {@link Ipv8Host} (like Linux's ICMP datagram "ping socket"): it owns one echo
 * identifier, sends echo requests with a chosen TTL and receives, in arrival order, the {@link EchoReply}s for its
 * identifier and the {@link IcmpError}s (time exceeded, unreachable, the host's own resolution failures) that quote
 * one of its requests. The tools {@code ping8} and {@code traceroute8} are built on it.
 */
public final class Ipv8PingSocket implements AutoCloseable
{
    private static final int QUEUE_LIMIT = 1024;

    private final Ipv8Host host;
    private final int identifier;
    private final LinkedBlockingQueue<Record> inbox = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private volatile long source;
    private volatile boolean closed;

    Ipv8PingSocket(final Ipv8Host host, final int identifier)
    {
        this.host = host;
        this.identifier = identifier;
    }

    /** The echo identifier of this socket. */
    public int identifier()
    {
        return identifier;
    }

    /** Uses {@code address} (one of the host's) as the source; 0 picks per destination. */
    public void source(final long address) throws IOException
    {
        if (address != 0 && host.ownAddressIndex(address) < 0)
        {
            throw new IOException("source " + org.ipv8router.wire.Ipv8Address.toString(address) +
                " is not an address of this host " + host.addresses());
        }
        source = address;
    }

    /**
     * Sends an echo request.
     *
     * @throws IOException for what is known at once (closed, too long, unsupported destination).
     */
    public void send(final long destination, final int sequence, final int ttl, final byte[] data) throws IOException
    {
        if (closed)
        {
            throw new IOException("ping socket closed");
        }
        if (ttl < 1 || ttl > 255)
        {
            throw new IOException("TTL " + ttl + " out of range 1..255");
        }
        host.sendEcho(source, identifier, destination, sequence & 0xFFFF, ttl, data);
    }

    /**
     * Waits up to {@code timeout} for the next reply or error.
     *
     * @return an {@link EchoReply} or an {@link IcmpError}, or null on timeout.
     */
    public Record receive(final Duration timeout) throws InterruptedException
    {
        return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean deliver(final Record event)
    {
        return inbox.offer(event);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            host.closePing(identifier, this);
        }
    }
}
