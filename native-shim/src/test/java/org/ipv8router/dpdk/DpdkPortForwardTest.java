package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.graph.ForwardingAgent;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

/**
 * The dataplane's forwarding graph, unchanged, over {@link DpdkPort}s: net_ring pairs and net_pcap, compared
 * with the same graph over the pure-Java {@link PcapPort}.
 * <p>
 * The graph under test is {@link #PIPELINE}; replacing that one line with the IPv8 pipeline's factory runs all
 * of these tests over it.
 */
class DpdkPortForwardTest
{
    private static final long PEER_A = 0x02_00_00_00_0A_0AL;
    private static final long PEER_B = 0x02_00_00_00_0B_0BL;
    private static final long[] PORT_MACS = {0x02_11_11_11_11_00L, 0x02_11_11_11_11_01L};
    private static final int[] PATCH = {1, 0};
    /** The pipeline under test: swap in the IPv8 pipeline here. */
    private static final ForwardingPipelines.Factory PIPELINE =
        ForwardingPipelines.macRewrite(PATCH, PORT_MACS, new long[]{PEER_A, PEER_B}, false);

    private static byte[] rewritten(final byte[] frame, final int egress)
    {
        final byte[] expected = frame.clone();
        final long dst = egress == 0 ? PEER_A : PEER_B;
        for (int k = 0; k < 6; k++)
        {
            expected[k] = (byte)(dst >>> (40 - 8 * k));
            expected[6 + k] = (byte)(PORT_MACS[egress] >>> (40 - 8 * k));
        }
        return expected;
    }

    private static void runUntil(final ForwardingAgent agent, final java.util.function.BooleanSupplier done)
    {
        for (int idle = 0; !done.getAsBoolean() && idle < 200_000; )
        {
            if (agent.doWork() == 0)
            {
                idle++;
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void graphForwardsFromRingToRingZeroCopyAndFreesEverything()
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final int inUseBefore = mempool.inUse();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        final int frames = 1000;
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512);
            MbufBurst burst = new MbufBurst(32))
        {
            final DpdkPort a = DpdkPort.start("ring-a", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""), pool,
                counters.newPortCounters(0, "ring-a"));
            final DpdkPort b = DpdkPort.start("ring-b", 1,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""), pool,
                counters.newPortCounters(1, "ring-b"));
            try
            {
                assertTrue(a.isLinkUp() && b.isLinkUp(), "net_ring links are up once started");
                assertEquals(a.device().macAddress(), a.macAddress());
                assertEquals(a.device().mtu(), a.mtu());
                final Graph graph = PIPELINE.build(counters, List.of(a, b));
                // Only A is polled: each net_ring port is a loop, so B keeps what is sent to it for the check.
                final ForwardingAgent agent = new ForwardingAgent("fwd", graph, List.of(a), false);

                long bytes = 0;
                for (int seq = 0; seq < frames; seq += 32)
                {
                    final int n = Math.min(32, frames - seq);
                    assertTrue(mempool.allocBulk(burst, n));
                    for (int k = 0; k < n; k++)
                    {
                        final byte[] frame = Frames.frame(seq + k, Frames.lengthOf(seq + k));
                        Frames.store(burst.get(k), frame, scratch);
                        bytes += frame.length;
                    }
                    assertEquals(n, a.device().txBurst(0, burst, n));
                    runUntil(agent, () -> a.counters().rxPackets() >= 0 && b.counters().txPackets() >=
                        a.counters().rxPackets() && a.device().stats().rxPackets() == a.device().stats().txPackets());
                }
                assertEquals(frames, a.counters().rxPackets());
                assertEquals(bytes, a.counters().rxBytes());
                assertEquals(frames, b.counters().txPackets());
                assertEquals(bytes, b.counters().txBytes());
                assertEquals(0, b.counters().txDrops());

                int seen = 0;
                for (int n; (n = b.device().rxBurst(0, burst, 32)) > 0; )
                {
                    for (int k = 0; k < n; k++)
                    {
                        final int seq = seen + k;
                        assertArrayEquals(rewritten(Frames.frame(seq, Frames.lengthOf(seq)), 1),
                            Frames.load(burst.get(k), scratch), "frame " + seq);
                    }
                    DpdkMempool.freeBulk(burst, n);
                    seen += n;
                }
                assertEquals(frames, seen);
                agent.onClose();
            }
            finally
            {
                a.close();
                b.close();
                pool.close();
            }
        }
        assertEquals(inUseBefore, mempool.inUse(), "every mbuf went back to the pool");
    }

    @Test
    void transmitCopiesPacketsOfOtherPoolsAndWritesBackPrependedHeaders()
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final int inUseBefore = mempool.inUse();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        final SlabPacketPool slab = new SlabPacketPool("slab", 64);
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64);
            MbufBurst burst = new MbufBurst(64))
        {
            final DpdkPort ring = DpdkPort.start("ring", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""), pool,
                counters.newPortCounters(0, "ring"));
            try
            {
                final PacketVector vector = new PacketVector(64);
                final List<byte[]> expected = new ArrayList<>();
                for (int seq = 0; seq < 40; seq++)
                {
                    final byte[] frame = Frames.frame(seq, 60 + seq);
                    final boolean fromSlab = seq % 2 == 0;
                    final long handle = fromSlab ? slab.alloc() : pool.alloc();
                    final int i = vector.add(fromSlab ? slab : pool, handle,
                        fromSlab ? slab.headroom() : pool.headroom(), frame.length, 0);
                    vector.buffer(i).putBytes(0, frame);
                    if (seq % 3 == 0)
                    {
                        // Push a 4-byte tag in front, as encapsulation would: it must reach the wire.
                        assertTrue(vector.prepend(i, 4));
                        vector.buffer(i).putInt(0, 0xCAFEF00D, java.nio.ByteOrder.BIG_ENDIAN);
                        final byte[] tagged = new byte[frame.length + 4];
                        tagged[0] = (byte)0xCA;
                        tagged[1] = (byte)0xFE;
                        tagged[2] = (byte)0xF0;
                        tagged[3] = (byte)0x0D;
                        System.arraycopy(frame, 0, tagged, 4, frame.length);
                        expected.add(tagged);
                    }
                    else
                    {
                        expected.add(frame);
                    }
                }
                assertEquals(40, ring.transmit(vector));
                assertTrue(vector.isEmpty());
                assertEquals(64, slab.available(), "slab packets were copied and their buffers freed");
                final PacketVector received = new PacketVector(64);
                // A full burst of 32, then a short one of 8 in the same call; the short one ends the call.
                assertEquals(40, ring.receive(received), "bursts taken while they come back full");
                assertEquals(0, ring.receive(received));
                for (int i = 0; i < 40; i++)
                {
                    assertArrayEquals(expected.get(i), received.toByteArray(i), "packet " + i);
                    assertEquals(0, received.ingressPort(i));
                    assertTrue(received.pool(i) == pool);
                }
                received.freeAll();
                assertEquals(40, ring.counters().rxPackets());
                assertEquals(40, ring.counters().txPackets());
            }
            finally
            {
                ring.close();
                pool.close();
            }
        }
        assertEquals(inUseBefore, mempool.inUse(), "every mbuf went back to the pool");
    }

    @Test
    void netPcapOutputIsByteIdenticalToPureJavaPcapPortOutput() throws Exception
    {
        DpdkTestSupport.eal();
        final Path dir = DpdkTestSupport.testDirectory("pcap-graph");
        final List<byte[]> in0 = new ArrayList<>();
        final List<byte[]> in1 = new ArrayList<>();
        for (int seq = 0; seq < 150; seq++)
        {
            in0.add(Frames.frame(seq, Frames.lengthOf(seq)));
            in1.add(Frames.frame(10_000 + seq, 60 + seq % 40));
        }
        in0.add(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); // a runt: dropped by both, counted
        PcapFile.write(dir.resolve("in0.pcap"), in0);
        PcapFile.write(dir.resolve("in1.pcap"), in1);

        // Pure Java: PcapPorts over a slab pool.
        final long javaRunts;
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final SlabPacketPool slab = new SlabPacketPool("slab", 1024);
            final List<Port> ports = List.of(
                PcapPort.open("p0", 0, slab, dir.resolve("in0.pcap"), dir.resolve("java-out0.pcap"),
                    counters.newPortCounters(0, "p0")),
                PcapPort.open("p1", 1, slab, dir.resolve("in1.pcap"), dir.resolve("java-out1.pcap"),
                    counters.newPortCounters(1, "p1")));
            final ForwardingAgent agent = new ForwardingAgent("java", PIPELINE.build(counters, ports), ports, true);
            agent.runUntilEndOfInput();
            ports.forEach(Port::close);
            javaRunts = counters.dropReasons().count(DropReason.FRAME_TRUNCATED.ordinal());
        }

        // DPDK: net_pcap ports over the DPDK pool, same graph.
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        final long dpdkRunts;
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final DpdkPort p0 = DpdkPort.start("p0", 0, DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_pcap"),
                "rx_pcap=" + dir.resolve("in0.pcap") + ",tx_pcap=" + dir.resolve("dpdk-out0.pcap")), pool,
                counters.newPortCounters(0, "p0"));
            final DpdkPort p1 = DpdkPort.start("p1", 1, DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_pcap"),
                "rx_pcap=" + dir.resolve("in1.pcap") + ",tx_pcap=" + dir.resolve("dpdk-out1.pcap")), pool,
                counters.newPortCounters(1, "p1"));
            final List<DpdkPort> ports = List.of(p0, p1);
            final ForwardingAgent agent = new ForwardingAgent("dpdk", PIPELINE.build(counters, ports), ports, false);
            runUntil(agent, () -> p0.counters().rxPackets() == in0.size() && p1.counters().rxPackets() == in1.size());
            agent.onClose();
            assertEquals(in0.size(), p0.counters().rxPackets());
            assertEquals(in1.size(), p1.counters().rxPackets());
            dpdkRunts = counters.dropReasons().count(DropReason.FRAME_TRUNCATED.ordinal());
            p0.close(); // rte_eth_dev_close flushes the tx pcap
            p1.close();
            pool.close();
        }

        for (final String out : List.of("out0.pcap", "out1.pcap"))
        {
            final List<byte[]> java = PcapFile.read(dir.resolve("java-" + out));
            final List<byte[]> dpdk = PcapFile.read(dir.resolve("dpdk-" + out));
            assertEquals(java.size(), dpdk.size(), out + ": frame count");
            for (int i = 0; i < java.size(); i++)
            {
                assertArrayEquals(java.get(i), dpdk.get(i), out + ": frame " + i);
            }
        }
        // And both are what the pipeline must produce, not merely equal to each other.
        final List<byte[]> out1 = PcapFile.read(dir.resolve("dpdk-out1.pcap"));
        assertEquals(150, out1.size(), "the runt is not forwarded");
        assertArrayEquals(rewritten(in0.get(7), 1), out1.get(7));
        assertArrayEquals(rewritten(in1.get(9), 0), PcapFile.read(dir.resolve("dpdk-out0.pcap")).get(9));
        assertEquals(1, javaRunts);
        assertEquals(1, dpdkRunts);
    }

    @Test
    void forwardingAgentOnItsOwnRunnerThreadIsAnEalThread() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final DpdkPort in = DpdkPort.start("null-in", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""), pool,
                counters.newPortCounters(0, "null-in"));
            final DpdkPort out = DpdkPort.start("null-out", 1,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""), pool,
                counters.newPortCounters(1, "null-out"));
            try
            {
                final ForwardingAgent forwarding = new ForwardingAgent("dataplane-1",
                    PIPELINE.build(counters, List.of(in, out)), List.of(in), false);
                final EalThreadAgent agent = new EalThreadAgent(forwarding);
                try (org.agrona.concurrent.AgentRunner runner = new org.agrona.concurrent.AgentRunner(
                    new org.agrona.concurrent.BusySpinIdleStrategy(), Throwable::printStackTrace, null, agent))
                {
                    org.agrona.concurrent.AgentRunner.startOnThread(runner);
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (out.counters().txPackets() < 100_000 && System.nanoTime() < deadline)
                    {
                        Thread.sleep(5);
                    }
                }
                assertTrue(agent.lcore() >= 0, "the runner thread got an lcore id: " + agent.lcore());
                assertTrue(out.counters().txPackets() >= 100_000, "net_null traffic was forwarded");
                assertEquals(in.counters().rxPackets(), out.counters().txPackets() + out.counters().txDrops(),
                    "every received packet was sent or counted");
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
    void twoQueuesOfOneDeviceAreForwardedByTwoRegisteredThreadsWithTheirOwnPoolWrappers() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final int inUseBefore = mempool.inUse();
        final DpdkPacketPool pool0 = new DpdkPacketPool(mempool);
        final DpdkPacketPool pool1 = new DpdkPacketPool(mempool);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512);
            DpdkEthDev in = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "");
            DpdkEthDev out = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""))
        {
            in.configure(2, 256, 256, mempool);
            out.configure(2, 256, 256, mempool);
            in.start(true);
            out.start(true);
            final List<EalThreadAgent> agents = new ArrayList<>();
            final List<DpdkPort> outs = new ArrayList<>();
            final List<DpdkPort> all = new ArrayList<>();
            final List<org.agrona.concurrent.AgentRunner> runners = new ArrayList<>();
            for (int q = 0; q < 2; q++)
            {
                final DpdkPacketPool pool = q == 0 ? pool0 : pool1;
                final DpdkPort rxPort = new DpdkPort("in-q" + q, 0, in, q, pool,
                    counters.newPortCounters(10 + q, "in-q" + q), 32, false);
                final DpdkPort txPort = new DpdkPort("out-q" + q, 1, out, q, pool,
                    counters.newPortCounters(20 + q, "out-q" + q), 32, false);
                outs.add(txPort);
                all.add(rxPort);
                all.add(txPort);
                final EalThreadAgent agent = new EalThreadAgent(new ForwardingAgent("dataplane-q" + q,
                    PIPELINE.build(counters, List.of(rxPort, txPort)), List.of(rxPort), false));
                agents.add(agent);
                final org.agrona.concurrent.AgentRunner runner = new org.agrona.concurrent.AgentRunner(
                    new org.agrona.concurrent.BusySpinIdleStrategy(), Throwable::printStackTrace, null, agent);
                runners.add(runner);
                org.agrona.concurrent.AgentRunner.startOnThread(runner);
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while ((outs.get(0).counters().txPackets() < 50_000 || outs.get(1).counters().txPackets() < 50_000) &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            runners.forEach(org.agrona.concurrent.AgentRunner::close);
            all.forEach(DpdkPort::close); // the ports do not own the devices: this frees their burst arrays only
            assertTrue(outs.get(0).counters().txPackets() >= 50_000 && outs.get(1).counters().txPackets() >= 50_000,
                "both queues forwarded: " + outs.get(0).counters().txPackets() + ", " +
                outs.get(1).counters().txPackets());
            assertTrue(agents.get(0).lcore() >= 0 && agents.get(1).lcore() >= 0 &&
                agents.get(0).lcore() != agents.get(1).lcore(), "each runner thread has its own lcore id");
            final PortStats stats = out.stats();
            assertTrue(stats.queueTxPackets(0) >= 50_000 && stats.queueTxPackets(1) >= 50_000,
                "DPDK counted tx on both queues: " + stats);
        }
        finally
        {
            pool0.close();
            pool1.close();
        }
        assertEquals(inUseBefore, mempool.inUse(), "every mbuf went back to the pool");
    }
}
