package org.ipv8router.daemon.forward;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DirectBuffer;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.wire.Ipv8Address;

/**
 * Router-originated ICMPv8 echo ({@code ping8}). The request is built on the control plane from the router's own
 * address on the egress interface, handed to the forwarding thread, which puts it into the graph at
 * {@code ip8-lookup} as a router-originated packet (ingress "local": no TTL decrement, no ingress filters) and
 * runs a pass: it leaves like any forwarded packet (neighbour resolution, IPv8/IPv4 transmit decision, L2
 * rewrite). Replies come back through the punt ring, where {@link #onFrame} (control-plane thread) matches echo
 * replies, and ICMP errors quoting our request, by identifier and sequence.
 */
final class Ping8
{
    /** What came back for one request. */
    record Answer(boolean reply, long from, int type, int code, int ttl, int length, long receivedNanos)
    {
    }

    private static final AtomicInteger NEXT_IDENTIFIER = new AtomicInteger((int)(System.nanoTime() & 0x7FFF));

    private final ForwardingModule module;
    private final Map<Integer, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    /** Worker-owned pool for originated packets (created lazily on the worker thread). */
    private SlabPacketPool pool;
    private int lookupNode = -1;

    Ping8(final ForwardingModule module)
    {
        this.module = module;
    }

    static int nextIdentifier()
    {
        return NEXT_IDENTIFIER.incrementAndGet() & 0xFFFF;
    }

    /** Egress decided on the FIB writer thread: port and the source address to use. */
    record Route(int port, String interfaceName, long source, long nextHop)
    {
    }

    /**
     * @return the egress for {@code destination}.
     * @throws IllegalArgumentException with the reason when there is none.
     */
    Route route(final long destination)
    {
        final Router router = module.router();
        return module.control().call("ping8 route lookup", () ->
        {
            final Fib fib = router.fib();
            final int hop = fib.lookup(destination);
            if (Fib.isMiss(hop))
            {
                throw new IllegalArgumentException("no route to " + Ipv8Address.toString(destination) +
                    (Fib.icmpCode(hop) == 6 ? " (destination ASN unknown)" : " (network unreachable)"));
            }
            final NextHopTable hops = fib.nextHops();
            final byte kind = hops.kind(hop);
            if (kind == NextHopTable.LOCAL)
            {
                throw new IllegalArgumentException(Ipv8Address.toString(destination) +
                    " is an address of this router");
            }
            if (kind == NextHopTable.DROP)
            {
                throw new IllegalArgumentException("the route to " + Ipv8Address.toString(destination) +
                    " is a drop (null) route");
            }
            final int port = hops.port(hop);
            final long[] ours = router.interfaces().addresses(port);
            if (ours.length == 0)
            {
                throw new IllegalArgumentException("interface " + router.interfaces().name(port) +
                    " has no address to send from");
            }
            long source = ours[0];
            for (final long a : ours)
            {
                if ((a >>> 32) == (destination >>> 32))
                {
                    source = a;
                    break;
                }
            }
            return new Route(port, router.interfaces().name(port), source, hops.address(hop));
        });
    }

    /** Registers interest in the answer to (identifier, sequence). */
    CompletableFuture<Answer> expect(final int identifier, final int sequence)
    {
        final CompletableFuture<Answer> f = new CompletableFuture<>();
        pending.put(key(identifier, sequence), f);
        return f;
    }

    void forget(final int identifier, final int sequence)
    {
        pending.remove(key(identifier, sequence));
    }

    void cancelAll()
    {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("forwarding stopped")));
        pending.clear();
    }

    /**
     * Sends one packet into the graph at ip8-lookup, on the forwarding thread.
     *
     * @throws IllegalStateException if the packet could not be queued (no buffer, vector full).
     */
    void originate(final byte[] packet)
    {
        final Router router = module.router();
        module.worker().call("ping8 send", () ->
        {
            if (pool == null)
            {
                pool = new SlabPacketPool("router-originated", 256);
                lookupNode = router.graph().nodeIndex("ip8-lookup");
            }
            pool.reclaimRemoteFrees();
            final long handle = pool.alloc();
            if (handle == PacketPool.NULL_HANDLE)
            {
                throw new IllegalStateException("no buffer for a router-originated packet");
            }
            final int headroom = pool.headroom();
            final org.agrona.concurrent.UnsafeBuffer b =
                new org.agrona.concurrent.UnsafeBuffer(pool.bufferAddress(handle) + headroom, packet.length);
            b.putBytes(0, packet);
            final PacketVector pendingAtLookup = router.graph().pending(lookupNode);
            // Integer.MAX_VALUE is the graph's "router-originated" ingress (see PuntQueue.Handler).
            if (pendingAtLookup.add(pool, handle, headroom, packet.length, Integer.MAX_VALUE) < 0)
            {
                pool.free(handle);
                throw new IllegalStateException("the lookup vector is full");
            }
            router.graph().run();
            return null;
        });
    }

    /**
     * A punted frame (control-plane thread): completes the matching request if it is an echo reply to us or an
     * ICMP error quoting one of our requests.
     *
     * @return true if it matched.
     */
    boolean onFrame(final DirectBuffer frame, final int offset, final int length)
    {
        if (pending.isEmpty())
        {
            return false;
        }
        final int ip = Frames.ipOffset(frame, offset, length);
        if (ip < 0 || Frames.protocol(frame, ip) != Frames.PROTOCOL_ICMP)
        {
            return false;
        }
        final int icmp = ip + Frames.headerLength(frame, ip);
        final int end = offset + length;
        if (icmp + Frames.ICMP_HEADER > end)
        {
            return false;
        }
        final int type = frame.getByte(icmp) & 0xFF;
        final int code = frame.getByte(icmp + 1) & 0xFF;
        final long now = System.nanoTime();
        final long from = Frames.source(frame, ip);
        if (type == Frames.ECHO_REPLY)
        {
            final int id = frame.getShort(icmp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int seq = frame.getShort(icmp + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final CompletableFuture<Answer> f = pending.remove(key(id, seq));
            if (f != null)
            {
                f.complete(new Answer(true, from, type, code, Frames.ttl(frame, ip), end - icmp, now));
                return true;
            }
            return false;
        }
        if (type == 3 || type == 11 || type == 12)
        {
            // The error quotes our request: its IP header, then the first 8 octets of our ICMP echo.
            final int inner = icmp + Frames.ICMP_HEADER;
            if (inner + 20 > end)
            {
                return false;
            }
            final int innerIcmp = inner + Frames.headerLength(frame, inner);
            if (innerIcmp + 8 > end || Frames.protocol(frame, inner) != Frames.PROTOCOL_ICMP ||
                (frame.getByte(innerIcmp) & 0xFF) != Frames.ECHO_REQUEST)
            {
                return false;
            }
            final int id = frame.getShort(innerIcmp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int seq = frame.getShort(innerIcmp + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final CompletableFuture<Answer> f = pending.remove(key(id, seq));
            if (f != null)
            {
                f.complete(new Answer(false, from, type, code, Frames.ttl(frame, ip), end - icmp, now));
                return true;
            }
        }
        return false;
    }

    /** Frees the pool of originated packets (forwarding thread, after the graph closed). */
    void closeOnWorker()
    {
        if (pool != null)
        {
            pool.close();
            pool = null;
        }
    }

    private static int key(final int identifier, final int sequence)
    {
        return (identifier << 16) | (sequence & 0xFFFF);
    }
}
