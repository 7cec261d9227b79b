package org.ipv8router.dataplane.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.Frames;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.CountersFile;
import org.ipv8router.dataplane.counters.CountersSnapshot;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.pcap.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ForwardingAgentTest
{
    @TempDir
    Path dir;

    static Graph macSwapGraph(final String name, final DataplaneCounters counters, final int[] patch,
        final List<? extends Port> txPorts)
    {
        return Graph.builder(name, counters)
            .node(new MacSwapNode())
            .node(new L2PatchNode(patch))
            .node(new PortOutputNode(txPorts))
            .start(MacSwapNode.NAME)
            .build();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ringPortsAcrossThreadsLoseNothingAndKeepOrderWhileCountersAreReadable() throws Exception
    {
        final int perPort = 20_000;
        final Path countersPath = dir.resolve("ipv8-router-test").resolve("counters.dat");
        try (DataplaneCounters counters = DataplaneCounters.create(countersPath, 1024, true);
            SlabPacketPool pool = new SlabPacketPool("fwd", 2048))
        {
            MacSwapNode.registerDropReasons(counters.dropReasons());
            final RingPort a = RingPort.hosted(new RingPort.Endpoint("a", 0, pool, counters.newPortCounters(0, "a")),
                1 << 16);
            // b's ring holds every frame of the run, so a slow reader thread cannot cause tx drops (none allowed)
            final RingPort b = RingPort.hosted(new RingPort.Endpoint("b", 1, pool, counters.newPortCounters(1, "b")),
                1 << 24);
            final RingPort c = RingPort.hosted(new RingPort.Endpoint("c", 2, pool, counters.newPortCounters(2, "c")),
                1 << 16);
            final Graph graph = macSwapGraph("fwd-0", counters, new int[] {1, -1, 1}, List.of(a, b, c));
            final ForwardingAgent agent = new ForwardingAgent("fwd-0", graph, List.of(a, b, c), false);
            final AtomicCounter errors = counters.newCounter(CounterTypes.AGENT_ERRORS, 0, "agent fwd-0 errors");
            final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            final List<Thread> producers = new ArrayList<>();
            for (final RingPort in : List.of(a, c))
            {
                final RingHost host = RingHost.of(in);
                final Thread t = new Thread(() ->
                {
                    try
                    {
                        for (int k = 0; k < perPort; k++)
                        {
                            final UnsafeBuffer f = new UnsafeBuffer(
                                Frames.frame(Frames.MAC_B, Frames.MAC_A, in.index(), k, 60 + k % 200));
                            while (!host.inject(f, 0, f.capacity()))
                            {
                                Thread.onSpinWait();
                            }
                        }
                    }
                    catch (final Throwable ex)
                    {
                        producerFailure.set(ex);
                    }
                }, "producer-" + in.name());
                producers.add(t);
            }

            final AgentRunner runner = agent.startOnThread(new BackoffIdleStrategy(), errors);
            try (CountersFile reader = CountersFile.open(countersPath))
            {
                producers.forEach(Thread::start);
                final RingHost out = RingHost.of(b);
                final int aRxPackets = reader.snapshot().find("port a rx-packets").id();
                final long[] nextSeq = new long[3];
                int received = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                boolean sawPartialCounters = false;
                while (received < 2 * perPort)
                {
                    final byte[] f = out.poll();
                    if (f == null)
                    {
                        if (System.nanoTime() > deadline)
                        {
                            fail("only " + received + " of " + 2 * perPort + " frames arrived; counters:\n" +
                                reader.snapshot().format());
                        }
                        final long rx = reader.reader().getCounterValue(aRxPackets);
                        sawPartialCounters |= rx > 0 && rx < perPort;
                        Thread.yield();
                        continue;
                    }
                    final int tag = Frames.tag(f);
                    assertEquals(nextSeq[tag], Frames.seq(f), "order from port " + tag);
                    assertArrayEquals(Frames.swapMacs(Frames.frame(Frames.MAC_B, Frames.MAC_A, tag, nextSeq[tag],
                        60 + (int)(nextSeq[tag] % 200))), f);
                    nextSeq[tag]++;
                    received++;
                }
                for (final Thread t : producers)
                {
                    t.join();
                }
                assertNull(producerFailure.get());
                assertEquals(perPort, nextSeq[0]);
                assertEquals(perPort, nextSeq[2]);
                assertNull(out.poll(), "nothing extra");

                // the separately mapped, read-only view sees the writer's counters while the agent runs
                final CountersSnapshot snapshot = reader.snapshot();
                assertEquals(perPort, snapshot.value("port a rx-packets"));
                assertEquals(perPort, snapshot.value("port c rx-packets"));
                assertEquals(2L * perPort, snapshot.value("port b tx-packets"));
                assertEquals(0, snapshot.value("port b tx-drops"));
                assertEquals(2L * perPort, snapshot.value("node mac-swap packets (graph fwd-0)"));
                assertEquals(0, snapshot.value("drop runt: frame shorter than an Ethernet header"));
                assertEquals(0, snapshot.value("agent fwd-0 errors"));
                assertEquals(CounterTypes.PORT_RX_PACKETS, snapshot.find("port c rx-packets").typeId());
                assertEquals(2, snapshot.find("port c rx-packets").key());
                assertEquals(ProcessHandle.current().pid(), reader.writerPid());
                assertTrue(reader.isWriterAlive());
                System.out.println("counters seen mid-run by the reader: " + sawPartialCounters);
            }
            finally
            {
                runner.close();
            }
            assertTrue(runner.isClosed());
            assertEquals(2048, pool.available(), "every buffer returned");
        }
        assertTrue(Files.notExists(countersPath), "deleted on close");
    }

    @Test
    void pcapInGraphPcapOutProducesTheExpectedFile() throws IOException
    {
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        final Path expected = dir.resolve("expected.pcap");
        try (PcapWriter input = PcapWriter.create(in);
            PcapWriter golden = PcapWriter.create(expected))
        {
            for (int k = 0; k < 1000; k++)
            {
                final byte[] f = Frames.frame(Frames.MAC_B, Frames.MAC_A, 0, k, 60 + (k * 13) % 1400);
                final long ts = 1_763_900_000_000_000_000L + k * 1_000L;
                input.write(f, ts);
                golden.write(Frames.swapMacs(f), ts);
            }
            input.write(new byte[10], 1_763_900_001_000_000_000L); // runt: dropped by mac-swap
        }
        try (DataplaneCounters counters = DataplaneCounters.inMemory(256);
            SlabPacketPool pool = new SlabPacketPool("offline", 64))
        {
            MacSwapNode.registerDropReasons(counters.dropReasons());
            final PcapPort rx = PcapPort.open("pcap-in", 0, pool, in, null, counters.newPortCounters(0, "pcap-in"));
            final PcapPort tx = PcapPort.open("pcap-out", 1, pool, null, out, counters.newPortCounters(1, "pcap-out"));
            final Graph graph = macSwapGraph("offline", counters, new int[] {1, -1}, List.of(rx, tx));
            final ForwardingAgent agent = new ForwardingAgent("offline", graph, List.of(rx, tx), true);
            assertEquals(1001, agent.runUntilEndOfInput());
            assertTrue(agent.isInputEnded());
            rx.close();
            tx.close();
            assertEquals(64, pool.available());
            assertEquals(1000, tx.counters().txPackets());
            assertEquals(1, counters.dropReasons().count(MacSwapNode.RUNT));
        }
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void offlineAgentOnARunnerStopsByItselfAtEndOfInput() throws Exception
    {
        final Path in = dir.resolve("in2.pcap");
        try (PcapWriter input = PcapWriter.create(in))
        {
            for (int k = 0; k < 10; k++)
            {
                input.write(Frames.frame(Frames.MAC_B, Frames.MAC_A, 0, k, 64), k * 1000L + 1000L);
            }
        }
        try (DataplaneCounters counters = DataplaneCounters.inMemory(256);
            SlabPacketPool pool = new SlabPacketPool("offline", 64))
        {
            MacSwapNode.registerDropReasons(counters.dropReasons());
            final PcapPort rx = PcapPort.open("in", 0, pool, in, null, counters.newPortCounters(0, "in"));
            final PcapPort tx = PcapPort.open("out", 1, pool, null, dir.resolve("o2.pcap"),
                counters.newPortCounters(1, "out"));
            final ForwardingAgent agent = new ForwardingAgent("offline",
                macSwapGraph("offline", counters, new int[] {1, -1}, List.of(rx, tx)), List.of(rx, tx), true);
            final AgentRunner runner = agent.startOnThread(new BackoffIdleStrategy(), null);
            runner.thread();
            while (runner.thread() == null)
            {
                Thread.onSpinWait();
            }
            runner.thread().join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(agent.isInputEnded());
            runner.close();
            rx.close();
            tx.close();
            assertEquals(10, tx.counters().txPackets());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void countersFileIsReadableFromAnotherProcess() throws Exception
    {
        final Path countersPath = dir.resolve("other").resolve("counters.dat");
        try (DataplaneCounters counters = DataplaneCounters.create(countersPath, 64, true))
        {
            counters.newPortCounters(4, "eth4").onReceive(7, 700);
            counters.dropReasons().register(1, "ttl-expired", "TTL reached zero").getAndAdd(3);
            final String java = ProcessHandle.current().info().command().orElse("java");
            final Process process = new ProcessBuilder(java,
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                CountersFile.class.getName(), countersPath.toString())
                .redirectErrorStream(true)
                .start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.matches("(?s).*\\s7\\s+port eth4 rx-packets\\R.*"), output);
            assertTrue(output.matches("(?s).*\\s700\\s+port eth4 rx-bytes\\R.*"), output);
            assertTrue(output.matches("(?s).*\\s3\\s+drop ttl-expired: TTL reached zero\\R.*"), output);
        }
    }
}
