package org.ipv8router.dataplane.port;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel exception path at the port: which frames of the wire go to the kernel (moved or, for ARP, copied),
 * which stay with the router, and the kernel's frames leaving through the wire. Ring ports stand in for the wire
 * and the TAP.
 */
class KernelPathPortTest
{
    private static final int OURS = 0xCB007101;      // 203.0.113.1, the kernel's address
    private static final int OTHER = 0xCB007102;     // 203.0.113.2, not ours
    private static final int SECOND = 0xC6336401;    // 198.51.100.1, our second address

    private final DataplaneCounters counters = DataplaneCounters.inMemory(256);
    private final SlabPacketPool pool = new SlabPacketPool("wire", 64);
    private final SlabPacketPool kernelPool = new SlabPacketPool("kernel", 64);
    private final RingPort wire = RingPort.hosted(endpoint("p1", 1, pool), 1 << 16);
    private final RingPort kernel = RingPort.hosted(endpoint("tap-p1", 257, kernelPool), 1 << 16);
    private final RingHost wireHost = RingHost.of(wire);
    private final RingHost kernelHost = RingHost.of(kernel);
    private final KernelPathPort port = new KernelPathPort(wire, kernel, new int[]{OURS, SECOND},
        counters.newCounter(CounterTypes.OTHER, 1, "to-kernel"), counters.newCounter(CounterTypes.OTHER, 1, "arp"),
        counters.newCounter(CounterTypes.OTHER, 1, "from-kernel"), counters.newCounter(CounterTypes.OTHER, 1, "lost"));

    @AfterEach
    void close()
    {
        port.close();
        pool.close();
        kernelPool.close();
        counters.close();
    }

    private RingPort.Endpoint endpoint(final String name, final int index, final SlabPacketPool pool)
    {
        return new RingPort.Endpoint(name, index, pool, counters.newPortCounters(index, name));
    }

    static byte[] ipv4(final int destination, final int protocol, final int icmpType, final int fragmentOffset)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.put(new byte[]{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putShort((short)7).putShort((short)fragmentOffset)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(OTHER).putInt(destination);
        b.put((byte)icmpType).put(new byte[7]);
        return b.array();
    }

    static byte[] arp(final int ptype)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28);
        b.put(new byte[]{-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0806);
        b.putShort((short)1).putShort((short)ptype).put((byte)6).put((byte)4).putShort((short)1)
            .put(new byte[]{2, 0, 0, 0, 0, 2}).putInt(OTHER).put(new byte[6]).putInt(OURS);
        return b.array();
    }

    private List<byte[]> receiveAll()
    {
        final PacketVector v = new PacketVector(64);
        final List<byte[]> frames = new ArrayList<>();
        port.receive(v);
        for (int i = 0; i < v.count(); i++)
        {
            assertTrue(!v.isDetached(i), "no detached entries are left in the router's vector");
            assertEquals(1, v.ingressPort(i));
            frames.add(v.toByteArray(i));
        }
        v.freeAll();
        return frames;
    }

    @Test
    void tcpUdpAndIcmpErrorsToOurAddressesGoToTheKernelTheRestStays()
    {
        final byte[] tcp = ipv4(OURS, 6, 0, 0);
        final byte[] udpSecond = ipv4(SECOND, 17, 0, 0);
        final byte[] icmpUnreachable = ipv4(OURS, 1, 3, 0);
        final byte[] icmpFragment = ipv4(OURS, 1, 8, 0x0010);
        final byte[] echoRequest = ipv4(OURS, 1, 8, 0);
        final byte[] echoReply = ipv4(OURS, 1, 0, 0);
        final byte[] tcpTransit = ipv4(OTHER, 6, 0, 0);
        final byte[] eightToFour = ipv4(OURS, 253, 0, 0);
        final byte[] ipv8 = ipv4(OURS, 6, 0, 0);
        ipv8[12] = (byte)0x80;
        ipv8[13] = (byte)0x80;
        for (final byte[] f : List.of(tcp, echoRequest, udpSecond, tcpTransit, icmpUnreachable, echoReply,
            eightToFour, ipv8, icmpFragment))
        {
            assertTrue(wireHost.inject(f));
        }
        final List<byte[]> router = receiveAll();
        assertEquals(5, router.size(), "echo request/reply, transit TCP, 8to4 and IPv8 stay with the router");
        assertArrayEquals(echoRequest, router.get(0));
        assertArrayEquals(tcpTransit, router.get(1));
        assertArrayEquals(echoReply, router.get(2));
        assertArrayEquals(eightToFour, router.get(3));
        assertArrayEquals(ipv8, router.get(4));
        final List<byte[]> toKernel = kernelHost.drainAll();
        assertEquals(4, toKernel.size());
        assertArrayEquals(tcp, toKernel.get(0));
        assertArrayEquals(udpSecond, toKernel.get(1));
        assertArrayEquals(icmpUnreachable, toKernel.get(2));
        assertArrayEquals(icmpFragment, toKernel.get(3));
        assertEquals(4, port.toKernelFrames());
        assertEquals(0, port.arpCopiedFrames());
        assertEquals(64, pool.available(), "nothing leaked: moved frames were sent and freed by the kernel port");
    }

    @Test
    void ipv4ArpGoesToBothTheRouterAndTheKernelArp8OnlyToTheRouter()
    {
        final byte[] arp4 = arp(0x0800);
        final byte[] arp8 = arp(0x8080);
        assertTrue(wireHost.inject(arp4));
        assertTrue(wireHost.inject(arp8));
        final List<byte[]> router = receiveAll();
        assertEquals(2, router.size());
        assertArrayEquals(arp4, router.get(0));
        assertArrayEquals(arp8, router.get(1));
        final List<byte[]> toKernel = kernelHost.drainAll();
        assertEquals(1, toKernel.size());
        assertArrayEquals(arp4, toKernel.get(0));
        assertEquals(1, port.arpCopiedFrames());
        assertEquals(0, port.toKernelFrames());
        assertEquals(64, pool.available());
    }

    @Test
    void theKernelsFramesLeaveThroughTheWireOnTheNextReceive()
    {
        final byte[] synAck = ipv4(OTHER, 6, 0, 0);
        assertTrue(kernelHost.inject(synAck));
        assertEquals(0, receiveAll().size(), "the kernel's frames are not the router's input");
        final List<byte[]> out = wireHost.drainAll();
        assertEquals(1, out.size());
        assertArrayEquals(synAck, out.get(0));
        assertEquals(1, port.fromKernelFrames());
        assertEquals(1, wire.counters().txPackets());
        assertEquals(1, kernel.counters().rxPackets());
    }

    @Test
    void theRoutersOwnTransmitGoesToTheWireAndThePortLooksLikeTheWire()
    {
        assertEquals("p1", port.name());
        assertEquals(1, port.index());
        assertEquals(wire.macAddress(), port.macAddress());
        assertEquals(wire.mtu(), port.mtu());
        assertTrue(kernelHost.inject(ipv4(OTHER, 17, 0, 0)));
        final PacketVector v = new PacketVector(4);
        kernel.receive(v); // a packet of some pool, as the graph would hand it over
        assertEquals(1, port.transmit(v));
        assertEquals(1, wireHost.drainAll().size());
        assertEquals(0, kernelHost.drainAll().size());
    }
}
