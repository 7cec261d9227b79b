package org.ipv8router.dpdk;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * The exception-path classifier (VPP's punt / linux-cp): decides which received frames the kernel should handle
 * and hands them to the kernel TAP interface paired with the ingress port; frames the kernel sends out of a TAP
 * leave through the paired router port. Everything else goes on to the forwarding pipeline.
 * <p>
 * Kernel-bound (punted) frames on a port that has a TAP:
 * <ul>
 *   <li>IPv4 ARP (EtherType 0x0806, PTYPE 0x0800): the kernel answers for the router's IPv4 address and learns
 *       its neighbours;</li>
 *   <li>IPv4 (EtherType 0x0800, version 4) whose destination is the port's own IPv4 address: BGP8 sessions
 *       (TCP 179), management (SSH, the CLI), ping.</li>
 * </ul>
 * IPv8 to the router's own address is not punted: the kernel has no IPv8; the IPv8 pipeline's local-delivery
 * node handles it. 802.1Q-tagged frames are not punted (the TAP carries untagged frames only).
 * <pre>
 *   next slot 0: port-output  (punted to the TAP, or injected from the TAP to its router port)
 *   next slot 1: the forwarding pipeline's first node
 * </pre>
 * Counters: frames punted to the kernel and frames injected from it. One writer (the forwarding thread).
 */
public final class ExceptionPathNode implements org.ipv8router.dataplane.graph.Node
{
    /** Name of the node. */
    public static final String NAME = "exception-path";
    /** Ethernet EtherType offset. */
    private static final int ETHER_TYPE_OFFSET = 12;
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_ARP = 0x0806;
    /** ARP PTYPE offset from the frame start (14 + 2). */
    private static final int ARP_PTYPE_OFFSET = ETHERNET_HEADER + 2;
    /** IPv4 destination address offset from the frame start (14 + 16). */
    private static final int IPV4_DESTINATION_OFFSET = ETHERNET_HEADER + 16;
    private static final int NEXT_OUTPUT = 0;
    private static final int NEXT_FORWARD = 1;

    private final String forwardNode;
    private final int[] tapOfPort;
    private final int[] portOfTap;
    private final int[] localIpv4;
    private final AtomicCounter punted;
    private final AtomicCounter injected;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /**
     * @param forwardNode name of the node non-kernel frames go to.
     * @param tapOfPort   TAP port index by router port index, -1 where a port has no TAP.
     * @param portOfTap   router port index by TAP port index, -1 for ports that are not TAPs.
     * @param localIpv4   the router's IPv4 address by router port index (host order), 0 for none.
     * @param punted      counts frames handed to the kernel.
     * @param injected    counts frames the kernel sent out through a router port.
     */
    public ExceptionPathNode(
        final String forwardNode,
        final int[] tapOfPort,
        final int[] portOfTap,
        final int[] localIpv4,
        final AtomicCounter punted,
        final AtomicCounter injected)
    {
        this.forwardNode = forwardNode;
        this.tapOfPort = tapOfPort.clone();
        this.portOfTap = portOfTap.clone();
        this.localIpv4 = localIpv4.clone();
        this.punted = punted;
        this.injected = injected;
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public List<String> nextNodes()
    {
        return List.of(PortOutputNode.NAME, forwardNode);
    }

    /** {@inheritDoc} */
    public void process(final PacketVector vector)
    {
        int puntedCount = 0;
        int injectedCount = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final int in = vector.ingressPort(i);
            final int routerPort = in >= 0 && in < portOfTap.length ? portOfTap[in] : -1;
            if (routerPort >= 0)
            {
                vector.txPort(i, routerPort);
                vector.next(i, NEXT_OUTPUT);
                injectedCount++;
                continue;
            }
            final int tap = in >= 0 && in < tapOfPort.length ? tapOfPort[in] : -1;
            if (tap >= 0 && isForKernel(vector, i, localIpv4[in]))
            {
                vector.txPort(i, tap);
                vector.next(i, NEXT_OUTPUT);
                puntedCount++;
                continue;
            }
            vector.next(i, NEXT_FORWARD);
        }
        if (puntedCount > 0)
        {
            punted.getAndAddRelease(puntedCount);
        }
        if (injectedCount > 0)
        {
            injected.getAndAddRelease(injectedCount);
        }
    }

    private boolean isForKernel(final PacketVector vector, final int i, final int localAddress)
    {
        final int length = vector.length(i);
        if (length < ETHERNET_HEADER)
        {
            return false;
        }
        final UnsafeBuffer frame = vector.wrap(i, this.frame);
        final int etherType = frame.getShort(ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (etherType == ETHER_TYPE_ARP)
        {
            return length >= ARP_PTYPE_OFFSET + 2 &&
                (frame.getShort(ARP_PTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) == ETHER_TYPE_IPV4;
        }
        if (etherType == ETHER_TYPE_IPV4 && localAddress != 0 && length >= IPV4_DESTINATION_OFFSET + 4)
        {
            return (frame.getByte(ETHERNET_HEADER) & 0xF0) == 0x40 &&
                frame.getInt(IPV4_DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN) == localAddress;
        }
        return false;
    }

    /** @return frames handed to the kernel so far. */
    public long puntedFrames()
    {
        return punted.get();
    }

    /** @return frames the kernel sent out through router ports so far. */
    public long injectedFrames()
    {
        return injected.get();
    }
}
