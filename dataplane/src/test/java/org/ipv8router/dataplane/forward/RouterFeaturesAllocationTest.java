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
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IpProtocols;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional features on the hot path allocate nothing either: a million packets with ACL8 on the ingress
 * interface, egress validation in enforce mode and return flows recorded, refreshed and restored, measured with
 * the JVM's per-thread allocation counter (the harness of {@link RouterAllocationTest}, whose control run shows it
 * can fail).
 */
class RouterFeaturesAllocationTest
{
    private static final long SLACK_BYTES = 64 * 1024;
    private static final int BURST = 64;

    @Test
    void aclEgressValidationAndReturnFlowsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long h1 = a(64496, 192, 0, 2, 1);
        final long h3 = a(64496, 10, 1, 0, 6);
        final long n = a(0, 203, 0, 113, 2);
        final long far = a(64497, 198, 51, 100, 7);
        final RouterSpec spec = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .addInterface("p2", 2, RouterSpec.Role.INTERNAL, a(64496, 10, 1, 0, 254), 56)
            .route(a(64497, 0, 0, 0, 0), 32, n)
            .neighbor(null, n, 0x02_00_00_00_02_02L, NeighborCapability.IPV8)
            .neighbor(null, h1, 0x02_00_00_00_01_01L, NeighborCapability.IPV8)
            .neighbor(null, h3, 0x02_00_00_00_01_03L, NeighborCapability.IPV4_ONLY)
            .acl8("p0", List.of(
                new Acl8Rule(h1, 64, h3, 64, IpProtocols.UDP, 53),
                Acl8Rule.permit(a(64496, 192, 0, 2, 0), 56, a(64497, 0, 0, 0, 0), 32)))
            .egressValidation(EgressValidationMode.ENFORCE)
            .egressPermit(EgressPermit.toAddress(h1, far))
            .build();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("alloc-features", 2048))
        {
            final RingPort[] ports = new RingPort[3];
            for (int p = 0; p < 3; p++)
            {
                ports[p] = RingPort.hosted(new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)),
                    1 << 20);
            }
            final long[] clock = {0};
            final Router router = Router.create(spec, List.of(ports), counters, () -> clock[0]);
            final RingHost[] hosts = {RingHost.of(ports[0]), RingHost.of(ports[1]), RingHost.of(ports[2])};
            final long src = 0x02_00_00_00_01_01L;
            final UnsafeBuffer[] fromP0 = {
                // permitted by ACL8 and by egress validation
                frame(Pkt.ether(MacAddress.local(0), src, 0x8080, ForwardingMatrixTest.udp8(h1, far, 64))),
                // to the IPv4-only host: ACL8 rule 1, downgraded, flow recorded then refreshed
                frame(Pkt.ether(MacAddress.local(0), src, 0x8080, Pkt.ipv8(h1, h3, 64, IpProtocols.UDP, 0,
                    Pkt.udp(40000, 53, new byte[8])))),
                // ACL8 permits (64497), egress validation has no permit: dropped
                frame(Pkt.ether(MacAddress.local(0), src, 0x8080, ForwardingMatrixTest.udp8(h1, a(64497, 1, 2, 3, 4), 64))),
                // ACL8 denies (port 54)
                frame(Pkt.ether(MacAddress.local(0), src, 0x8080, Pkt.ipv8(h1, h3, 64, IpProtocols.UDP, 0, Pkt.udp(40000, 54, new byte[8]))))
            };
            // The IPv4 reply from the IPv4-only host: restored to IPv8 towards H1.
            final UnsafeBuffer reply = frame(Pkt.ether(MacAddress.local(2), 0x02_00_00_00_01_03L, 0x0800,
                Pkt.ipv4(0x0A010006, 0xC0000201, 64, IpProtocols.UDP, 0, Pkt.udp(53, 40000, new byte[8]))));
            final long[] received = new long[3];

            long sent = run(router, hosts, fromP0, reply, received, 100_000, clock); // warm up
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long restoredBefore = router.returnFlows().restored();
            sent += run(router, hosts, fromP0, reply, received, 1_000_000, clock);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            final long perKind = sent / 4;
            assertEquals(perKind, received[1], "only the permitted flow leaves p1");
            assertEquals(perKind, received[2], "the downgraded flow reaches the IPv4-only host");
            assertEquals(perKind, received[0], "every reply reaches H1");
            assertEquals(perKind, counters.dropReasons().count(DropReason.EGRESS_VALIDATION_FAILED.ordinal()));
            assertEquals(perKind, counters.dropReasons().count(DropReason.ACL8_DENIED.ordinal()));
            assertEquals(1_000_000 / 4, router.returnFlows().restored() - restoredBefore, "replies restored");
            router.close();
            assertEquals(pool.capacity(), pool.available(), "no packet buffer leaked");
            System.out.println("router pipeline with ACL8, egress validation and return flows, 1,000,000 packets: " +
                allocated + " bytes allocated");
            assertTrue(allocated < SLACK_BYTES, "forwarding allocated " + allocated + " bytes");
        }
    }

    private static UnsafeBuffer frame(final byte[] bytes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        b.putBytes(0, bytes);
        return b;
    }

    private static long run(
        final Router router, final RingHost[] hosts, final UnsafeBuffer[] fromP0, final UnsafeBuffer reply,
        final long[] received, final long packets, final long[] clock)
    {
        final RouterAgent agent = router.agent();
        final RingHost.FrameHandler[] counters = new RingHost.FrameHandler[3];
        for (int p = 0; p < 3; p++)
        {
            final int port = p;
            counters[p] = (DirectBuffer buffer, int offset, int length) -> received[port]++;
        }
        long sent = 0;
        for (; sent < packets; sent += BURST)
        {
            for (int k = 0; k < BURST; k++)
            {
                final UnsafeBuffer f = fromP0[k & 3];
                if (!hosts[0].inject(f, 0, f.capacity()))
                {
                    throw new IllegalStateException("ring full");
                }
            }
            clock[0] += 1_000;
            agent.doWork();
            for (int k = 0; k < BURST / 4; k++)
            {
                if (!hosts[2].inject(reply, 0, reply.capacity()))
                {
                    throw new IllegalStateException("ring full");
                }
            }
            agent.doWork();
            for (int p = 0; p < 3; p++)
            {
                hosts[p].drain(counters[p], Integer.MAX_VALUE);
            }
        }
        return sent;
    }
}
