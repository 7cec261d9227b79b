package org.ipv8router.dataplane.graph;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.Frames;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state forwarding RingPort -> graph -> RingPort must not allocate. Measured with the JVM's per-thread
 * allocation counter on the one thread that injects, forwards and drains; the control test shows the same
 * harness catches a node that allocates once per vector.
 */
class ZeroAllocationTest
{
    private static final long SLACK_BYTES = 64 * 1024;
    private static final int BURST = 64;

    /** Allocates one small array per vector and publishes it, so escape analysis cannot remove it. */
    static final class AllocatingNode implements Node
    {
        static volatile Object sink;

        public String name()
        {
            return "allocating";
        }

        public List<String> nextNodes()
        {
            return List.of(MacSwapNode.NAME);
        }

        public void process(final PacketVector vector)
        {
            sink = new long[2];
            for (int i = 0; i < vector.count(); i++)
            {
                vector.next(i, 0);
            }
        }
    }

    private static final class Counting implements RingHost.FrameHandler
    {
        long frames;
        long checksum;

        public void onFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            frames++;
            checksum += buffer.getByte(offset + 5); // first octet pair of the swapped dst (was src)
        }
    }

    private static long forward(final boolean withAllocatingNode, final long packets)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(256);
            SlabPacketPool pool = new SlabPacketPool("zero", 1024))
        {
            MacSwapNode.registerDropReasons(counters.dropReasons());
            final RingPort a = RingPort.hosted(new RingPort.Endpoint("a", 0, pool, counters.newPortCounters(0, "a")),
                1 << 16);
            final RingPort b = RingPort.hosted(new RingPort.Endpoint("b", 1, pool, counters.newPortCounters(1, "b")),
                1 << 16);
            final Graph.Builder builder = Graph.builder("zero", counters);
            if (withAllocatingNode)
            {
                builder.node(new AllocatingNode()).start("allocating");
            }
            final Graph graph = builder
                .node(new MacSwapNode())
                .node(new L2PatchNode(new int[] {1, 0}))
                .node(new PortOutputNode(List.of(a, b)))
                .build();
            final ForwardingAgent agent = new ForwardingAgent("zero", graph, List.of(a, b), false);
            final RingHost in = RingHost.of(a);
            final RingHost out = RingHost.of(b);
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
            frame.putBytes(0, Frames.frame(Frames.MAC_B, Frames.MAC_A, 0, 1, 128));
            final Counting counting = new Counting();

            run(agent, in, out, frame, counting, 300_000); // warm up: JIT, counters, lazily built structures
            final long warmFrames = counting.frames;

            final long before = threads.getCurrentThreadAllocatedBytes();
            run(agent, in, out, frame, counting, packets);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals(warmFrames + packets, counting.frames, "every packet forwarded");
            assertEquals((byte)0x0A * counting.frames, counting.checksum, "MACs swapped on every packet");
            assertEquals(packets + warmFrames, b.counters().txPackets());
            agent.onClose();
            assertEquals(1024, pool.available());
            return allocated;
        }
    }

    private static void run(
        final ForwardingAgent agent,
        final RingHost in,
        final RingHost out,
        final UnsafeBuffer frame,
        final Counting counting,
        final long packets)
    {
        for (long sent = 0; sent < packets; sent += BURST)
        {
            for (int k = 0; k < BURST; k++)
            {
                if (!in.inject(frame, 0, frame.capacity()))
                {
                    throw new IllegalStateException("ring full");
                }
            }
            agent.doWork();
            out.drain(counting, Integer.MAX_VALUE);
        }
    }

    @Test
    void millionPacketsThroughTheGraphAllocateNothing()
    {
        final long allocated = forward(false, 1_000_000);
        System.out.println("allocated while forwarding 1,000,000 packets: " + allocated + " bytes");
        assertTrue(allocated < SLACK_BYTES,
            "forwarding 1,000,000 packets allocated " + allocated + " bytes (slack " + SLACK_BYTES + ")");
    }

    @Test
    void harnessDetectsANodeThatAllocatesOncePerVector()
    {
        final long allocated = forward(true, 1_000_000);
        System.out.println("allocated with an allocating node: " + allocated + " bytes");
        assertTrue(allocated > SLACK_BYTES,
            "the allocation check must be able to fail, but only " + allocated + " bytes were seen");
    }
}
