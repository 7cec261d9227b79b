package org.ipv8router.dataplane.forward;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a router: errors name the offending part; every drop reason is registered; the worker thread hook. */
class RouterAssemblyTest
{
    private static String buildError(final RouterSpec.Builder spec, final int ports)
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("assembly", 64))
        {
            final List<RingPort> list = new java.util.ArrayList<>();
            for (int p = 0; p < ports; p++)
            {
                list.add(RingPort.hosted(new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)),
                    1 << 12));
            }
            return assertThrows(IllegalArgumentException.class,
                () -> Router.create(spec.localTableLayout(Dir24_8.Layout.DIR_16_8_8).build(), list, counters))
                .getMessage();
        }
    }

    @Test
    void badSpecsAreRejectedNamingTheOffendingPart()
    {
        final RouterSpec.Builder base = RouterSpec.builder()
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56);
        assertTrue(buildError(base, 2).contains("port p1"), "port without interface");
        assertTrue(buildError(RouterSpec.builder()
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .route(a(64497, 0, 0, 0, 0), 32, a(0, 203, 0, 113, 2)), 1)
            .contains("203.0.113.2"), "route next hop not connected");
        assertTrue(buildError(RouterSpec.builder()
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .neighbor(null, a(64496, 10, 0, 0, 1), 0x020000000001L, NeighborCapability.IPV8), 1)
            .contains("64496.10.0.0.1"), "neighbour not on a connected prefix");
        assertTrue(buildError(RouterSpec.builder()
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p9", 9, RouterSpec.Role.INTERNAL, a(64496, 10, 0, 0, 254), 56), 1)
            .contains("interface p9"), "interface without port");
        assertTrue(buildError(RouterSpec.builder()
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .route(a(64497, 10, 20, 30, 0), 56, a(64496, 192, 0, 2, 1)), 1)
            .contains("/16"), "Tier 1 prefix longer than /16");
    }

    @Test
    void everyDropReasonIsRegisteredAndTheWorkerHookRunsOnItsThread() throws Exception
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("assembly", 64))
        {
            final RingPort p0 = RingPort.hosted(new RingPort.Endpoint("p0", 0, pool, counters.newPortCounters(0, "p0")),
                1 << 12);
            final Router router = Router.create(RouterSpec.builder().localTableLayout(Dir24_8.Layout.DIR_16_8_8)
                .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56).build(),
                List.of(p0), counters);
            for (final DropReason reason : DropReason.values())
            {
                if (reason != DropReason.NONE)
                {
                    assertEquals(reason.label(), counters.dropReasons().name(reason.ordinal()));
                }
            }
            assertTrue(router.nodeNames().containsAll(List.of("ethernet-input", "ip8-lookup", "ip8-tx-decide",
                "icmp-error", "punt", "port-output", "drop")));
            final AtomicReference<Thread> worker = new AtomicReference<>();
            final CountDownLatch started = new CountDownLatch(1);
            router.agent().onThreadStart(() ->
            {
                worker.set(Thread.currentThread());
                started.countDown();
            });
            final AgentRunner runner = router.start(new SleepingIdleStrategy(1_000_000));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            runner.close();
            assertNotEquals(Thread.currentThread(), worker.get());
            router.close();
        }
    }
}
