package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.graph.ForwardingAgent;
import org.junit.jupiter.api.Test;

/**
 * The forwarding loop over DpdkPorts allocates nothing on the Java heap once warm: rx burst, graph, tx burst,
 * counters and link polling (net_null in, net_null out). The check can fail: a per-packet or per-burst
 * allocation shows as megabytes over the measured bursts.
 */
class DpdkPortAllocationTest
{
    @Test
    void forwardingOverDpdkPortsAllocatesNothingWhenWarm()
    {
        DpdkTestSupport.eal();
        final DpdkPacketPool pool = new DpdkPacketPool(DpdkTestSupport.pool());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "this JVM measures per-thread allocation");
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final DpdkPort in = DpdkPort.start("in", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""), pool,
                counters.newPortCounters(0, "in"));
            final DpdkPort out = DpdkPort.start("out", 1,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""), pool,
                counters.newPortCounters(1, "out"));
            try
            {
                final ForwardingAgent agent = new ForwardingAgent("alloc",
                    ForwardingPipelines.macRewrite(new int[]{1, 0}, new long[]{1, 2}, false).build(counters,
                        List.of(in, out)), List.of(in), false);
                for (int k = 0; k < 100_000; k++) // warm up: JIT, lazily built structures, the one-time thread check
                {
                    agent.doWork();
                }
                // Best of three rounds: a one-off JIT recompilation (other tests in this JVM run other code
                // through DpdkPort and change its profile) may allocate once; a per-packet or per-burst allocation
                // shows in every round.
                long allocated = Long.MAX_VALUE;
                long forwarded = 0;
                for (int round = 0; round < 3 && allocated >= 4096; round++)
                {
                    final long txBefore = out.counters().txPackets();
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    for (int k = 0; k < 50_000; k++) // >= 16384 polls, so link refreshes are included
                    {
                        agent.doWork();
                    }
                    allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    forwarded = out.counters().txPackets() - txBefore;
                }
                assertTrue(forwarded >= 50_000L * DpdkPort.DEFAULT_BURST / 2, "forwarded " + forwarded);
                assertEquals(0, out.counters().txDrops());
                assertTrue(allocated < 4096, allocated + " bytes allocated while forwarding " + forwarded +
                    " packets (should be none)");
                agent.onClose();
            }
            finally
            {
                in.close();
                out.close();
                pool.close();
            }
        }
    }

    @Test
    void theIpv8RouterOverDpdkPortsAllocatesNothingWhenWarm() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkPacketPool pool = new DpdkPacketPool(DpdkTestSupport.pool());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final java.nio.file.Path dir = DpdkTestSupport.testDirectory("router-alloc");
        final java.util.List<byte[]> frames = new java.util.ArrayList<>();
        for (int k = 0; k < 64; k++)
        {
            frames.add(ExampleRouter.forwardedFrame(k, ExampleRouter.MIN_FRAME_LENGTH + k % 4 * 100));
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024))
        {
            final DpdkPort in = DpdkPort.start("p0", 0, DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_pcap"),
                "rx_pcap=" + dir.resolve("in.pcap") + ",infinite_rx=1"), pool, counters.newPortCounters(0, "p0"));
            final DpdkPort out = DpdkPort.start("p1", 1, DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"),
                "no-rx=1"), pool, counters.newPortCounters(1, "p1"));
            try (org.ipv8router.dataplane.forward.Router router =
                org.ipv8router.dataplane.forward.Router.create(ExampleRouter.spec(), List.of(in, out), counters))
            {
                final org.ipv8router.dataplane.forward.RouterAgent agent = router.agent();
                for (int k = 0; k < 100_000; k++)
                {
                    agent.doWork();
                }
                long allocated = Long.MAX_VALUE;
                long forwarded = 0;
                for (int round = 0; round < 3 && allocated >= 4096; round++)
                {
                    final long txBefore = out.counters().txPackets();
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    for (int k = 0; k < 50_000; k++)
                    {
                        agent.doWork();
                    }
                    allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    forwarded = out.counters().txPackets() - txBefore;
                }
                assertTrue(forwarded >= 50_000L * DpdkPort.DEFAULT_BURST / 2, "forwarded " + forwarded);
                assertEquals(in.counters().rxPackets(), out.counters().txPackets(), "every frame routed to p1");
                assertTrue(allocated < 4096, allocated + " bytes allocated while routing " + forwarded +
                    " IPv8 packets over DPDK (should be none)");
            }
            finally
            {
                in.close();
                out.close();
                pool.close();
            }
        }
    }
}
