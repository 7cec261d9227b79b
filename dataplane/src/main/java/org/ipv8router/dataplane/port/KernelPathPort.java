package org.ipv8router.dataplane.port;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * A router port with a kernel exception path (VPP's linux-cp, at the port): the wire port's frames that the
 * kernel should handle go to a kernel interface (a TAP with the port's MAC and IPv4 addresses), and whatever the
 * kernel sends out of that interface leaves through the wire port. The router above sees an ordinary {@link Port}
 * and never knows; the BGP8 speaker and management use ordinary sockets on the kernel side.
 * <pre>
 *   wire --rx--&gt; [classify] --IPv4 TCP/UDP/ICMP-non-echo to one of our IPv4 addresses--&gt; kernel port (moved)
 *                          \--IPv4 ARP (PTYPE 0x0800)---------------------------------&gt; kernel port (a copy)
 *                          \--everything, ARP included--------------------------------&gt; the router (receive)
 *   wire &lt;--tx-- the router (transmit)
 *   wire &lt;--tx-- kernel port's frames (polled on every receive)
 * </pre>
 * Why ARP goes both ways: the data plane resolves its own neighbours (ARP8 cache) and the kernel resolves the BGP8
 * peer for its TCP segments, and both need the replies; both answer requests for our addresses with the same MAC,
 * so a peer may see two identical replies (harmless). ICMP echo request/reply stay in the data plane (the
 * router answers pings itself and {@code ping8} matches its replies there); IPv8 never goes to the kernel (it has
 * no IPv8), nor does 8to4 (IPv4 protocol 253 by default) or anything for other addresses.
 * <p>
 * Counters: frames moved to the kernel, ARP frames copied to it, frames the kernel sent out, ARP copies lost (pool
 * empty). The kernel port's own rx/tx counters show the rest. One thread calls receive and transmit (the
 * forwarding thread), as for any port; nothing is allocated per packet.
 */
public final class KernelPathPort implements Port
{
    private static final int ETHER_TYPE_OFFSET = 12;
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_ARP = 0x0806;
    private static final int ARP_PTYPE_OFFSET = ETHERNET_HEADER + 2;
    private static final int IPV4_FLAGS_OFFSET = ETHERNET_HEADER + 6;
    private static final int IPV4_PROTOCOL_OFFSET = ETHERNET_HEADER + 9;
    private static final int IPV4_DESTINATION_OFFSET = ETHERNET_HEADER + 16;
    private static final int PROTOCOL_ICMP = 1;
    private static final int PROTOCOL_TCP = 6;
    private static final int PROTOCOL_UDP = 17;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;

    private final Port wire;
    private final Port kernel;
    private final int[] kernelAddresses;
    private final AtomicCounter toKernel;
    private final AtomicCounter arpCopied;
    private final AtomicCounter fromKernel;
    private final AtomicCounter copyFailed;
    private final PacketVector kernelOut;
    private final PacketVector kernelIn;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer copy = new UnsafeBuffer(0, 0);

    /**
     * @param wire            the router's port on the wire (its index, name, MAC and MTU are this port's).
     * @param kernel          the port of the kernel interface (e.g. a DPDK net_tap port).
     * @param kernelAddresses the IPv4 addresses (host order) the kernel interface holds; IPv4 to others stays.
     * @param toKernel        counts frames moved to the kernel.
     * @param arpCopied       counts ARP frames copied to the kernel.
     * @param fromKernel      counts frames the kernel sent out through the wire port.
     * @param copyFailed      counts ARP copies not made (the packet pool was empty).
     */
    public KernelPathPort(
        final Port wire,
        final Port kernel,
        final int[] kernelAddresses,
        final AtomicCounter toKernel,
        final AtomicCounter arpCopied,
        final AtomicCounter fromKernel,
        final AtomicCounter copyFailed)
    {
        this.wire = wire;
        this.kernel = kernel;
        this.kernelAddresses = kernelAddresses.clone();
        this.toKernel = toKernel;
        this.arpCopied = arpCopied;
        this.fromKernel = fromKernel;
        this.copyFailed = copyFailed;
        this.kernelOut = new PacketVector(PacketVector.DEFAULT_CAPACITY);
        this.kernelIn = new PacketVector(PacketVector.DEFAULT_CAPACITY);
    }

    /** @return the wire port. */
    public Port wire()
    {
        return wire;
    }

    /** @return the kernel interface's port. */
    public Port kernel()
    {
        return kernel;
    }

    /** @return frames moved to the kernel so far. */
    public long toKernelFrames()
    {
        return toKernel.get();
    }

    /** @return ARP frames copied to the kernel so far. */
    public long arpCopiedFrames()
    {
        return arpCopied.get();
    }

    /** @return frames the kernel sent out through the wire so far. */
    public long fromKernelFrames()
    {
        return fromKernel.get();
    }

    public String name()
    {
        return wire.name();
    }

    public int index()
    {
        return wire.index();
    }

    public int receive(final PacketVector into)
    {
        forwardKernelFrames();
        final int start = into.count();
        final int got = wire.receive(into);
        if (got <= 0)
        {
            return got;
        }
        int moved = 0;
        int copied = 0;
        for (int i = start, n = into.count(); i < n; i++)
        {
            final int verdict = classify(into, i);
            if (verdict == MOVE)
            {
                if (kernelOut.appendFrom(into, i) >= 0)
                {
                    into.detach(i);
                    moved++;
                }
            }
            else if (verdict == COPY)
            {
                if (copyToKernel(into, i))
                {
                    copied++;
                }
            }
        }
        if (!kernelOut.isEmpty())
        {
            kernel.transmit(kernelOut);
        }
        if (moved > 0)
        {
            into.compact();
            toKernel.getAndAddRelease(moved);
        }
        if (copied > 0)
        {
            arpCopied.getAndAddRelease(copied);
        }
        return got - moved;
    }

    /** The kernel's frames go out through the wire as they are (the kernel wrote the L2 header). */
    private int forwardKernelFrames()
    {
        final int n = kernel.receive(kernelIn);
        if (n <= 0)
        {
            return 0;
        }
        wire.transmit(kernelIn);
        fromKernel.getAndAddRelease(n);
        return n;
    }

    private static final int KEEP = 0;
    private static final int MOVE = 1;
    private static final int COPY = 2;

    private int classify(final PacketVector vector, final int i)
    {
        final int length = vector.length(i);
        if (length < ETHERNET_HEADER + 4)
        {
            return KEEP;
        }
        final UnsafeBuffer frame = vector.wrap(i, this.frame);
        final int etherType = frame.getShort(ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (etherType == ETHER_TYPE_ARP)
        {
            return (frame.getShort(ARP_PTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) == ETHER_TYPE_IPV4 ? COPY : KEEP;
        }
        if (etherType != ETHER_TYPE_IPV4 || length < IPV4_DESTINATION_OFFSET + 4)
        {
            return KEEP;
        }
        final int versionIhl = frame.getByte(ETHERNET_HEADER) & 0xFF;
        if ((versionIhl >>> 4) != 4 || !isKernelAddress(frame.getInt(IPV4_DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN)))
        {
            return KEEP;
        }
        final int protocol = frame.getByte(IPV4_PROTOCOL_OFFSET) & 0xFF;
        if (protocol == PROTOCOL_TCP || protocol == PROTOCOL_UDP)
        {
            return MOVE;
        }
        if (protocol != PROTOCOL_ICMP)
        {
            return KEEP; // 8to4 (protocol 253) and the rest are the data plane's
        }
        final boolean firstFragment = (frame.getShort(IPV4_FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0x1FFF) == 0;
        final int icmpOffset = ETHERNET_HEADER + (versionIhl & 0x0F) * 4;
        if (!firstFragment || length <= icmpOffset)
        {
            return MOVE;
        }
        final int type = frame.getByte(icmpOffset) & 0xFF;
        return type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY ? KEEP : MOVE; // errors for the kernel's TCP/UDP
    }

    private boolean isKernelAddress(final int address)
    {
        for (final int a : kernelAddresses)
        {
            if (a == address)
            {
                return true;
            }
        }
        return false;
    }

    private boolean copyToKernel(final PacketVector vector, final int i)
    {
        final PacketPool pool = vector.pool(i);
        final int length = vector.length(i);
        final int offset = pool.headroom();
        if (offset + length > pool.bufferLength() || kernelOut.isFull())
        {
            copyFailed.incrementRelease();
            return false;
        }
        final long handle = pool.alloc();
        if (handle == PacketPool.NULL_HANDLE)
        {
            copyFailed.incrementRelease();
            return false;
        }
        final long address = pool.bufferAddress(handle);
        copy.wrap(address + offset, length);
        copy.putBytes(0, vector.wrap(i, frame), 0, length);
        kernelOut.add(pool, handle, address, offset, length, vector.ingressPort(i));
        return true;
    }

    public int transmit(final PacketVector from)
    {
        return wire.transmit(from);
    }

    public int mtu()
    {
        return wire.mtu();
    }

    public long macAddress()
    {
        return wire.macAddress();
    }

    public boolean isLinkUp()
    {
        return wire.isLinkUp();
    }

    public PortCounters counters()
    {
        return wire.counters();
    }

    /** Closes the kernel port (which removes a TAP interface), then the wire port. */
    public void close()
    {
        try
        {
            kernel.close();
        }
        finally
        {
            wire.close();
        }
    }

    @Override
    public String toString()
    {
        return "KernelPathPort{" + wire + " <-> kernel " + kernel + "}";
    }
}
