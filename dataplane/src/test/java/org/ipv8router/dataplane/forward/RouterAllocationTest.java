package org.ipv8router.dataplane.forward;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten million packets through the whole router pipeline, twice (ring ports; once all through the graph of small
 * nodes of the IPv8, IPv4 and drop paths, once with ip8-fast taking the common case)
 * must not allocate: measured with the JVM's per-thread allocation counter on the one thread that injects,
 * forwards and drains. The control run puts one allocation per frame into the measured loop (in the drain
 * handler) and must be caught by the same harness, so the check can fail.
 */
class RouterAllocationTest
{
    private static final long SLACK_BYTES = 64 * 1024;
    private static final int BURST = 64;

    private static final class Counting implements RingHost.FrameHandler
    {
        final boolean allocate;
        long frames;
        long ttlSum;
        static volatile Object sink;

        Counting(final boolean allocate)
        {
            this.allocate = allocate;
        }

        public void onFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            frames++;
            ttlSum += buffer.getByte(offset + 14 + 8) & 0xFF;
            if (allocate)
            {
                sink = new byte[16];
            }
        }
    }

    /**
     * @param gatewayPair put a gateway pair in takeover on the ingress interface: ethernet-input, ip8-local and
     *                    ip8-fast (the held peer VIP) then check its live bits on every packet.
     */
    private static long forward(final boolean allocating, final long packets, final boolean gatewayPair)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long h1 = a(64496, 192, 0, 2, 1);
        final long n = a(0, 203, 0, 113, 2);
        final RouterSpec.Builder builder = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .route(a(64497, 0, 0, 0, 0), 32, n)
            .route(a(0, 198, 51, 100, 0), 56, n)
            .neighbor(null, n, 0x02_00_00_00_02_02L, NeighborCapability.IPV8)
            .neighbor(null, h1, 0x02_00_00_00_01_01L, NeighborCapability.IPV8);
        if (gatewayPair)
        {
            builder.gatewayPair(
                new RouterSpec.GatewayPair("p0", true, a(64496, 192, 0, 2, 254), a(64496, 192, 0, 2, 253), 0));
        }
        final RouterSpec spec = builder.build();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("alloc", 2048))
        {
            final RingPort p0 = RingPort.hosted(new RingPort.Endpoint("p0", 0, pool, counters.newPortCounters(0, "p0")),
                1 << 20);
            final RingPort p1 = RingPort.hosted(new RingPort.Endpoint("p1", 1, pool, counters.newPortCounters(1, "p1")),
                1 << 20);
            final long[] clock = {0};
            final Router router = Router.create(spec, List.of(p0, p1), counters, () -> clock[0]);
            if (gatewayPair)
            {
                router.gatewayPairs().ownActive(0, true);
                router.gatewayPairs().peerHeld(0, true);
            }
            final RingHost in = RingHost.of(p0);
            final RingHost out = RingHost.of(p1);
            // Four kinds of frames: foreign ASN (Tier 1), IPv4, r = 0 IPv8 (sent as IPv4), zone leak (dropped).
            final UnsafeBuffer[] frames = {
                frame(Pkt.ether(0x02_00_00_00_00_00L, 0x02_00_00_00_01_01L, 0x8080, ForwardingMatrixTest.udp8(h1, a(64497, 198, 51, 100, 7), 64))),
                frame(Pkt.ether(0x02_00_00_00_00_00L, 0x02_00_00_00_01_01L, 0x0800,
                    Pkt.ipv4(0xC0000201, 0xC6336409, 64, 17, 0, Pkt.udp(1, 2, new byte[18])))),
                frame(Pkt.ether(0x02_00_00_00_00_00L, 0x02_00_00_00_01_01L, 0x8080, ForwardingMatrixTest.udp8(a(0, 192, 0, 2, 1),
                    a(0, 198, 51, 100, 8), 64))),
                frame(Pkt.ether(0x02_00_00_00_00_00L, 0x02_00_00_00_01_01L, 0x8080,
                    ForwardingMatrixTest.udp8(a(0x7F01_0000L, 10, 0, 0, 5), a(64497, 198, 51, 100, 7), 64)))
            };
            final Counting counting = new Counting(allocating);

            long sent = run(router, in, out, frames, counting, 200_000, clock); // warm up: JIT, lazy structures
            final long warm = counting.frames;
            final long before = threads.getCurrentThreadAllocatedBytes();
            sent += run(router, in, out, frames, counting, packets, clock);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals(sent / 4 * 3, counting.frames, "three of every four frames forwarded");
            assertEquals(63L * counting.frames, counting.ttlSum, "TTL 63 on every forwarded frame");
            assertEquals(sent / 4, counters.dropReasons().count(DropReason.ZONE_NO_XLATE8.ordinal()));
            assertTrue(warm > 0);
            // The foreign-ASN and IPv4 frames take ip8-fast (with a pair in takeover it also checks the held VIP);
            // the r = 0 IPv8 and zone-leak frames take the graph of small nodes: both paths are measured.
            assertTrue(router.fastPathForwarded() >= sent / 4, "the fused fast path ran (foreign ASN frames at " +
                "least): " + router.fastPathForwarded());
            router.close();
            assertEquals(pool.capacity(), pool.available(), "no packet buffer leaked");
            return allocated;
        }
    }

    private static UnsafeBuffer frame(final byte[] bytes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        b.putBytes(0, bytes);
        return b;
    }

    private static long run(
        final Router router,
        final RingHost in,
        final RingHost out,
        final UnsafeBuffer[] frames,
        final Counting counting,
        final long packets,
        final long[] clock)
    {
        final RouterAgent agent = router.agent();
        long sent = 0;
        for (; sent < packets; sent += BURST)
        {
            for (int k = 0; k < BURST; k++)
            {
                final UnsafeBuffer f = frames[k & 3];
                if (!in.inject(f, 0, f.capacity()))
                {
                    throw new IllegalStateException("ring full");
                }
            }
            clock[0] += 1_000; // 1 us per burst
            agent.doWork();
            out.drain(counting, Integer.MAX_VALUE);
        }
        return sent;
    }

    @Test
    void tenMillionPacketsThroughThePipelineAllocateNothing()
    {
        final long slowGraph = forward(false, 10_000_000, true);
        System.out.println("router pipeline, slow graph, 10,000,000 packets: " + slowGraph + " bytes allocated");
        assertTrue(slowGraph < SLACK_BYTES, "forwarding 10,000,000 packets (slow graph, gateway pair) allocated " +
            slowGraph + " bytes");
        final long fastPath = forward(false, 10_000_000, false);
        System.out.println("router pipeline, with ip8-fast, 10,000,000 packets: " + fastPath + " bytes allocated");
        assertTrue(fastPath < SLACK_BYTES, "forwarding 10,000,000 packets (with ip8-fast) allocated " + fastPath +
            " bytes");
    }

    @Test
    void harnessDetectsAllocationInTheMeasuredLoop()
    {
        final long allocated = forward(true, 500_000, false);
        assertTrue(allocated > SLACK_BYTES, "the check must be able to fail, saw only " + allocated + " bytes");
    }
}
