package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.junit.jupiter.api.Test;

/** The exception-path classifier on its own (no DPDK): which frames go to the kernel, which to forwarding. */
class ExceptionPathNodeTest
{
    private static final int WIRE = 0;
    private static final int OTHER_WIRE = 1;
    private static final int TAP = 2;
    private static final int LOCAL = 0xC6120101; // 198.18.1.1

    private static byte[] frame(final int etherType, final int length)
    {
        final byte[] frame = new byte[length];
        frame[12] = (byte)(etherType >> 8);
        frame[13] = (byte)etherType;
        return frame;
    }

    private static byte[] ipv4To(final int destination, final int version)
    {
        final byte[] frame = frame(0x0800, 54);
        frame[14] = (byte)(version << 4 | 5);
        new UnsafeBuffer(frame).putInt(30, destination, ByteOrder.BIG_ENDIAN);
        return frame;
    }

    private static byte[] arp(final int ptype)
    {
        final byte[] frame = frame(0x0806, 42);
        new UnsafeBuffer(frame).putShort(16, (short)ptype, ByteOrder.BIG_ENDIAN);
        return frame;
    }

    @Test
    void puntsArpAndIpv4ForTheRouterAndSendsKernelFramesOutOfThePairedPort()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64))
        {
            final AtomicCounter punted = counters.newCounter(CounterTypes.OTHER, 0, "punted");
            final AtomicCounter injected = counters.newCounter(CounterTypes.OTHER, 1, "injected");
            // WIRE has a TAP, OTHER_WIRE has none.
            final ExceptionPathNode node = new ExceptionPathNode("forward", new int[]{TAP, -1, -1},
                new int[]{-1, -1, WIRE}, new int[]{LOCAL, 0xC6120201, 0}, punted, injected);
            final SlabPacketPool pool = new SlabPacketPool("t", 32);
            final PacketVector v = new PacketVector(32);
            final Object[][] cases = {
                // frame, ingress, expected next slot (0 = port-output, 1 = forward), expected tx port
                {arp(0x0800), WIRE, 0, TAP},
                {ipv4To(LOCAL, 4), WIRE, 0, TAP},
                {ipv4To(LOCAL + 1, 4), WIRE, 1, PacketVector.NO_PORT},   // transit IPv4: forwarding
                {ipv4To(LOCAL, 6), WIRE, 1, PacketVector.NO_PORT},       // not IPv4 after all
                {arp(0x8080), WIRE, 1, PacketVector.NO_PORT},            // ARP8 belongs to the IPv8 pipeline
                {frame(0x8080, 60), WIRE, 1, PacketVector.NO_PORT},      // IPv8: never the kernel's
                {frame(0x8100, 60), WIRE, 1, PacketVector.NO_PORT},      // tagged: not punted
                {new byte[10], WIRE, 1, PacketVector.NO_PORT},           // runt: forwarding drops it
                {arp(0x0800), OTHER_WIRE, 1, PacketVector.NO_PORT},      // no TAP on that port
                {ipv4To(0xC6120201, 4), OTHER_WIRE, 1, PacketVector.NO_PORT},
                {frame(0x0806, 42), TAP, 0, WIRE},                       // whatever the kernel sends goes out
                {frame(0x86DD, 60), TAP, 0, WIRE},
            };
            for (final Object[] c : cases)
            {
                final byte[] bytes = (byte[])c[0];
                final int i = v.add(pool, pool.alloc(), pool.headroom(), bytes.length, (int)c[1]);
                v.buffer(i).putBytes(0, bytes);
            }
            node.process(v);
            for (int i = 0; i < cases.length; i++)
            {
                assertEquals((int)cases[i][2], v.next(i), "case " + i + " next");
                assertEquals((int)cases[i][3], v.txPort(i), "case " + i + " tx port");
            }
            assertEquals(2, node.puntedFrames());
            assertEquals(2, node.injectedFrames());
            v.freeAll();
        }
    }
}
