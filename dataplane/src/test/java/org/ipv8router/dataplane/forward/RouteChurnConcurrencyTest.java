package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route updates racing forwarding: the router's worker forwards on its own thread while a FIB writer thread adds and
 * removes unrelated prefixes (Tier 1 ASNs, IPv4 /24s, local-ASN /24s) and keeps replacing the next hop of 64497
 * between two upstreams. Every packet must come out exactly once, on a port its destination may use (64497: p1 or
 * p2; 64498: only p1), with TTL 63, and nothing may be dropped.
 */
class RouteChurnConcurrencyTest
{
    static final long N1 = a(0, 203, 0, 113, 2);
    static final long N2 = a(0, 198, 18, 0, 2);

    @Test
    void routeUpdatesDoNotLoseOrMisroutePackets() throws Exception
    {
        final RouterSpec spec = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .addInterface("p2", 2, RouterSpec.Role.EXTERNAL, a(0, 198, 18, 0, 1), 62)
            .route(a(64497, 0, 0, 0, 0), 32, N1)
            .route(a(64498, 0, 0, 0, 0), 32, N1)
            .neighbor(null, N1, 0x02_00_00_00_02_01L, NeighborCapability.IPV8)
            .neighbor(null, N2, 0x02_00_00_00_02_02L, NeighborCapability.IPV8)
            .build();
        final int total = 200_000;
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("churn", 4096))
        {
            final RingPort[] ports = new RingPort[3];
            for (int p = 0; p < 3; p++)
            {
                ports[p] = RingPort.hosted(new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)),
                    1 << 22);
            }
            final Router router = Router.create(spec, List.of(ports), counters);
            final RingHost in = RingHost.of(ports[0]);
            final RingHost out1 = RingHost.of(ports[1]);
            final RingHost out2 = RingHost.of(ports[2]);

            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            final long[] updates = {0};
            final Thread writer = new Thread(() ->
            {
                final Random random = new Random(42);
                try
                {
                    boolean viaN2 = false;
                    while (!stop.get())
                    {
                        final int k = random.nextInt(4096);
                        final long asn = 70_000 + k;
                        final long hop = random.nextBoolean() ? N1 : N2;
                        add(router, asn << 32, 32, hop);
                        add(router, a(0, 10, k >>> 8, k & 0xFF, 0), 56, N1);
                        add(router, a(64496, 172, 16, k & 0xFF, 0), 56, N2);
                        viaN2 = !viaN2;
                        add(router, a(64497, 0, 0, 0, 0), 32, viaN2 ? N2 : N1); // replace
                        require(router.removeRoute(asn << 32, 32));
                        require(router.removeRoute(a(0, 10, k >>> 8, k & 0xFF, 0), 56));
                        require(router.removeRoute(a(64496, 172, 16, k & 0xFF, 0), 56));
                        router.fib().reclaim();
                        updates[0] += 7;
                    }
                }
                catch (final Throwable t)
                {
                    writerFailure.set(t);
                }
            }, "fib-writer");

            final AgentRunner runner = router.start(new YieldingIdleStrategy());
            writer.start();
            final byte[] seen = new byte[total];
            final int[] onP2For64498 = {0};
            final int[] badTtl = {0};
            final RingHost.FrameHandler handler1 = (buffer, offset, length) -> record(buffer, offset, seen, badTtl, null);
            final RingHost.FrameHandler handler2 = (buffer, offset, length) -> record(buffer, offset, seen, badTtl, onP2For64498);
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(14 + 28 + 8 + 8));
            int received = 0;
            final long deadline = System.nanoTime() + 60_000_000_000L;
            for (int seq = 0; seq < total || received < total; )
            {
                if (seq < total && seq - received < 2000)
                {
                    final long dst = (seq & 1) == 0 ? a(64497, 198, 51, 100, 7) : a(64498, 1, 2, 3, 4);
                    frame.putBytes(0, Pkt.ether(0x02_00_00_00_00_00L, 0x02_00_00_00_01_01L, 0x8080,
                        Pkt.ipv8(a(64496, 192, 0, 2, 1), dst, 64, 17, 0, Pkt.udp(1, 2, seqBytes(seq)))));
                    if (in.inject(frame, 0, frame.capacity()))
                    {
                        seq++;
                    }
                }
                received += out1.drain(handler1, 256) + out2.drain(handler2, 256);
                if (System.nanoTime() > deadline)
                {
                    break;
                }
                if (seq >= total)
                {
                    Thread.onSpinWait();
                }
            }
            stop.set(true);
            writer.join();
            runner.close();

            assertNull(writerFailure.get(), () -> "FIB writer failed: " + writerFailure.get());
            assertEquals(total, received, "every packet delivered");
            for (int s = 0; s < total; s++)
            {
                assertEquals(1, seen[s], "packet " + s + " delivered exactly once");
            }
            assertEquals(0, onP2For64498[0], "64498 never routed via the other upstream");
            assertEquals(0, badTtl[0]);
            for (final DropReason reason : DropReason.values())
            {
                assertEquals(0, counters.dropReasons().count(reason.ordinal()), "drops: " + reason.label());
            }
            assertTrue(updates[0] > 0);
            assertTrue(router.fastPathForwarded() > 0, "the fused fast path forwarded while routes churned");
            System.out.println("route churn: " + updates[0] + " FIB updates while forwarding " + total + " packets");
            router.close();
        }
    }

    /**
     * A writer that runs out of tbl8 groups waits for the forwarding thread's grace period (QSBR) and retries, as the
     * control plane would; anything else that is not a success fails the test.
     */
    private static void add(final Router router, final long prefix, final int length, final long nextHop)
        throws InterruptedException
    {
        for (int attempt = 0; attempt < 5_000; attempt++)
        {
            final RouteResult result = router.addRoute(prefix, length, nextHop);
            if (result != RouteResult.REJECTED_TABLE_FULL)
            {
                require(result);
                return;
            }
            router.fib().reclaim();
            Thread.sleep(1);
        }
        throw new IllegalStateException("tbl8 groups never came back from their grace period");
    }

    private static void require(final RouteResult result)
    {
        if (!result.isSuccess())
        {
            throw new IllegalStateException("route update failed: " + result);
        }
    }

    private static byte[] seqBytes(final int seq)
    {
        return ByteBuffer.allocate(8).putInt(0, seq).array();
    }

    private static void record(
        final DirectBuffer buffer, final int offset, final byte[] seen, final int[] badTtl, final int[] wrongPort)
    {
        final int seq = buffer.getInt(offset + 14 + 28 + 8, java.nio.ByteOrder.BIG_ENDIAN);
        seen[seq]++;
        if ((buffer.getByte(offset + 14 + 8) & 0xFF) != 63)
        {
            badTtl[0]++;
        }
        if (wrongPort != null && (seq & 1) == 1)
        {
            wrongPort[0]++;
        }
    }
}
