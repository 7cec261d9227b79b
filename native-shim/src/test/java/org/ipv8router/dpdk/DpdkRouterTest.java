package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

/**
 * The IPv8 {@link Router} (the real forwarding graph) over {@link DpdkPort}s made by {@link DpdkPortFactory} and
 * run by {@link DpdkRouter} on its own dataplane thread (registered with the test EAL).
 */
class DpdkRouterTest
{
    private static DpdkRouter start(final RouterSpec spec, final List<String> devices, final DataplaneCounters counters)
    {
        return DpdkRouter.start(spec, devices, new DpdkPortFactory(EalConfig.builder().build(), 4095, 32), counters,
            new BackoffIdleStrategy(10, 10, 1_000, 100_000));
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void ipv8UdpInOnP0LeavesP1WithTtl63ValidChecksumAndRewrittenMacs() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        // Each router port is one end of a net_ring pair; the test holds the other ends.
        final DpdkEthDev[] ring0 = DpdkEthDev.createRingPair(DpdkTestSupport.uniqueName("pair"),
            DpdkTestSupport.uniqueName("pair"), 1024);
        final DpdkEthDev[] ring1 = DpdkEthDev.createRingPair(DpdkTestSupport.uniqueName("pair"),
            DpdkTestSupport.uniqueName("pair"), 1024);
        final DpdkEthDev host = ring0[1];
        final DpdkEthDev upstream = ring1[1];
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            MbufBurst burst = new MbufBurst(32))
        {
            host.configure(1, 256, 256, mempool);
            upstream.configure(1, 256, 256, mempool);
            host.start(true);
            upstream.start(true);
            final int frames = 100;
            final List<byte[]> sent = new ArrayList<>();
            try (DpdkRouter router = start(Ipv8Topology.spec().build(), List.of(ring0[0].name(), ring1[0].name()),
                counters))
            {
                assertTrue(router.isRunning());
                assertEquals(2, router.ports().size());
                assertTrue(router.ports().get(0) instanceof DpdkPort, "ports are DPDK ports");
                for (int k = 0; k < frames; k += 20)
                {
                    assertTrue(mempool.allocBulk(burst, 20));
                    for (int j = 0; j < 20; j++)
                    {
                        final byte[] frame = Ipv8Topology.udpFrame(Ipv8Topology.H1, Ipv8Topology.FAR, 64,
                            18 + (k + j) * 13 % 1400, k + j);
                        Frames.store(burst.get(j), frame, scratch);
                        sent.add(frame);
                    }
                    assertEquals(20, host.txBurst(0, burst, 20));
                }
                final Port p1 = router.ports().get(1);
                await("100 frames out of p1", () -> p1.counters().txPackets() >= frames);
                assertEquals(frames, router.ports().get(0).counters().rxPackets());
            }
            final List<byte[]> received = new ArrayList<>();
            for (int n; (n = upstream.rxBurst(0, burst, 32)) > 0; )
            {
                for (int j = 0; j < n; j++)
                {
                    received.add(Frames.load(burst.get(j), scratch));
                }
                DpdkMempool.freeBulk(burst, n);
            }
            assertEquals(frames, received.size());
            for (int k = 0; k < frames; k++)
            {
                final byte[] out = received.get(k);
                assertEquals(Ipv8Topology.N_MAC, Ipv8Topology.mac(out, 0), "frame " + k + " to N's MAC");
                assertEquals(Ipv8Topology.P1_MAC, Ipv8Topology.mac(out, 6), "frame " + k + " from p1's MAC");
                assertEquals(63, out[14 + 8] & 0xFF, "frame " + k + " TTL");
                assertEquals(0, Ipv8Topology.checksum(out, 14, 28), "frame " + k + " header checksum verifies");
                assertArrayEquals(Ipv8Topology.routedToN(sent.get(k)), out, "frame " + k);
            }
            for (int n; (n = host.rxBurst(0, burst, 32)) > 0; )
            {
                DpdkMempool.freeBulk(burst, n);
                throw new AssertionError(n + " unexpected frame(s) sent back towards the host");
            }
            assertEquals(0, counters.dropReasons().count(DropReason.TTL_EXPIRED.ordinal()));
        }
        finally
        {
            host.close();
            upstream.close();
        }
    }

    /** Frames for the pcap comparison: routed both ways, for the router, TTL 1, no route, malformed. */
    private static List<byte[]> p0Input()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < 300; k++)
        {
            frames.add(Ipv8Topology.udpFrame(Ipv8Topology.H1,
                Ipv8Topology.address(64497, 10, k >>> 8, k & 0xFF, 9), 64, (k * 37) % 1200, k));
            if (k % 60 == 7)
            {
                frames.add(Ipv8Topology.udpFrame(Ipv8Topology.H1, Ipv8Topology.FAR, 1, 30, k)); // time exceeded
                frames.add(Ipv8Topology.udpFrame(Ipv8Topology.H1,
                    Ipv8Topology.address(64499, 1, 2, 3, 4), 64, 30, k));                     // no route
                final byte[] bad = Ipv8Topology.udpFrame(Ipv8Topology.H1, Ipv8Topology.FAR, 64, 30, k);
                bad[14 + 10] ^= 0x5A;                                                            // bad checksum
                frames.add(bad);
                frames.add(java.util.Arrays.copyOf(bad, 20));                                    // truncated
            }
        }
        return frames;
    }

    private static List<byte[]> p1Input()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < 200; k++)
        {
            final byte[] l3 = Ipv8Topology.ipv8(Ipv8Topology.address(64497, 198, 51, 100, k), Ipv8Topology.H1,
                50, 17, new byte[8 + k % 64]);
            frames.add(Ipv8Topology.ether(Ipv8Topology.P1_MAC, Ipv8Topology.N_MAC, l3));
        }
        return frames;
    }

    private static List<byte[]> sorted(final List<byte[]> frames)
    {
        final List<byte[]> copy = new ArrayList<>(frames);
        copy.sort(Comparator.comparing((byte[] f) -> f, java.util.Arrays::compare));
        return copy;
    }

    private static List<byte[]> only(final List<byte[]> frames, final long dstMac)
    {
        final List<byte[]> out = new ArrayList<>();
        for (final byte[] f : frames)
        {
            if (Ipv8Topology.mac(f, 0) == dstMac)
            {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void pcapThroughDpdkPortsGivesTheSameBytesAsThePureJavaPcapPorts() throws Exception
    {
        DpdkTestSupport.eal();
        final Path dir = DpdkTestSupport.testDirectory("router-pcap");
        final Path in0 = dir.resolve("p0-in.pcap");
        final Path in1 = dir.resolve("p1-in.pcap");
        PcapFile.write(in0, p0Input());
        PcapFile.write(in1, p1Input());

        // The pure-Java reference: the same router over dataplane PcapPorts, run offline.
        final long[] javaTx = new long[2];
        final long[] javaDrops = new long[DropReason.values().length];
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("pcap-ref", 4096))
        {
            final List<PcapPort> ports = List.of(
                PcapPort.open("p0", 0, pool, in0, dir.resolve("java-p0-out.pcap"), counters.newPortCounters(0, "p0")),
                PcapPort.open("p1", 1, pool, in1, dir.resolve("java-p1-out.pcap"), counters.newPortCounters(1, "p1")));
            try (Router router = Router.create(Ipv8Topology.spec().build(), ports, counters))
            {
                router.runToEndOfInput();
            }
            for (int p = 0; p < 2; p++)
            {
                javaTx[p] = ports.get(p).counters().txPackets();
                ports.get(p).close();
            }
            for (final DropReason reason : DropReason.values())
            {
                javaDrops[reason.ordinal()] = counters.dropReasons().count(reason.ordinal());
            }
        }

        final long rx0 = p0Input().size();
        final long rx1 = p1Input().size();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024))
        {
            try (DpdkRouter router = start(Ipv8Topology.spec().build(), List.of(
                DpdkTestSupport.uniqueName("net_pcap") + ",rx_pcap=" + in0 + ",tx_pcap=" + dir.resolve("dpdk-p0-out.pcap"),
                DpdkTestSupport.uniqueName("net_pcap") + ",rx_pcap=" + in1 + ",tx_pcap=" + dir.resolve("dpdk-p1-out.pcap")),
                counters))
            {
                final List<Port> ports = router.ports();
                await("every input frame received and the reference's output sent", () ->
                    ports.get(0).counters().rxPackets() == rx0 && ports.get(1).counters().rxPackets() == rx1 &&
                    ports.get(0).counters().txPackets() >= javaTx[0] && ports.get(1).counters().txPackets() >= javaTx[1]);
                Thread.sleep(50); // anything extra would show in the counts below
                assertEquals(javaTx[0], ports.get(0).counters().txPackets(), "p0 tx as in the pure-Java run");
                assertEquals(javaTx[1], ports.get(1).counters().txPackets(), "p1 tx as in the pure-Java run");
            }
            for (final DropReason reason : DropReason.values())
            {
                assertEquals(javaDrops[reason.ordinal()], counters.dropReasons().count(reason.ordinal()),
                    "drops counted as " + reason.label());
            }
            assertTrue(counters.dropReasons().count(DropReason.BAD_HEADER_CHECKSUM.ordinal()) > 0);
        }
        assertTrue(javaTx[0] > 0 && javaTx[1] >= 300, "the reference forwarded both ways: " + javaTx[0] + "/" + javaTx[1]);
        for (final String port : List.of("p0", "p1"))
        {
            final List<byte[]> java = PcapFile.read(dir.resolve("java-" + port + "-out.pcap"));
            final List<byte[]> dpdk = PcapFile.read(dir.resolve("dpdk-" + port + "-out.pcap"));
            assertEquals(java.size(), dpdk.size(), port + " frame count");
            // Frames of one flow keep their order; flows from the two inputs may interleave differently.
            for (final long dst : new long[]{Ipv8Topology.N_MAC, Ipv8Topology.H1_MAC})
            {
                final List<byte[]> j = only(java, dst);
                final List<byte[]> d = only(dpdk, dst);
                assertEquals(j.size(), d.size(), port + " frames to " + Long.toHexString(dst));
            }
            final List<byte[]> js = sorted(java);
            final List<byte[]> ds = sorted(dpdk);
            for (int k = 0; k < js.size(); k++)
            {
                assertArrayEquals(js.get(k), ds.get(k), port + " frame " + k + " (sorted)");
            }
        }
        final List<byte[]> java1 = PcapFile.read(dir.resolve("java-p1-out.pcap"));
        final List<byte[]> dpdk1 = PcapFile.read(dir.resolve("dpdk-p1-out.pcap"));
        for (int k = 0; k < java1.size(); k++)
        {
            assertArrayEquals(java1.get(k), dpdk1.get(k), "p1 frame " + k + " in order (one source)");
        }
    }

    @Test
    void aDeviceThatDoesNotExistFailsTheStartNamingTheInterfaceAndLeavesNothingBehind() throws Exception
    {
        DpdkTestSupport.eal();
        final int portsBefore = DpdkEthDev.portCount();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(256))
        {
            final String good = DpdkTestSupport.uniqueName("net_null");
            final DpdkException ex = assertThrows(DpdkException.class, () ->
                start(Ipv8Topology.spec().build(), List.of(good, "net_nosuchdriver0,x=1"), counters));
            assertTrue(ex.getMessage().contains("interface p1"), ex.getMessage());
            assertTrue(ex.getMessage().contains("net_nosuchdriver0"), ex.getMessage());
            assertEquals(portsBefore, DpdkEthDev.portCount(), "the port made for p0 was closed again");
            assertFalse(DpdkEthDev.portNames().contains(good));
            final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
                start(Ipv8Topology.spec().build(), List.of(good), counters));
            assertTrue(missing.getMessage().contains("interface p1"), missing.getMessage());
        }
    }

    @Test
    void routesAddedWhileForwardingTakeEffect() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        final DpdkEthDev[] ring0 = DpdkEthDev.createRingPair(DpdkTestSupport.uniqueName("pair"),
            DpdkTestSupport.uniqueName("pair"), 256);
        final String sink = DpdkTestSupport.uniqueName("net_null");
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            MbufBurst burst = new MbufBurst(1))
        {
            ring0[1].configure(1, 64, 64, mempool);
            ring0[1].start(true);
            try (DpdkRouter router = start(Ipv8Topology.spec().build(), List.of(ring0[0].name(), sink), counters))
            {
                final long dst = Ipv8Topology.address(64500, 10, 0, 0, 1);
                final Port p1 = router.ports().get(1);
                send(ring0[1], mempool, burst, scratch, Ipv8Topology.udpFrame(Ipv8Topology.H1, dst, 64, 20, 1));
                await("the frame for AS64500 counted", () -> router.ports().get(0).counters().rxPackets() == 1);
                Thread.sleep(20);
                assertEquals(0, p1.counters().txPackets(), "no route to AS64500 yet");
                assertNull(router.failure());
                router.router().addRoute(Ipv8Topology.address(64500, 0, 0, 0, 0), 32, Ipv8Topology.N);
                send(ring0[1], mempool, burst, scratch, Ipv8Topology.udpFrame(Ipv8Topology.H1, dst, 64, 20, 2));
                await("the frame for AS64500 routed", () -> p1.counters().txPackets() == 1);
            }
        }
        finally
        {
            ring0[1].close();
        }
    }

    private static void send(final DpdkEthDev device, final DpdkMempool mempool, final MbufBurst burst,
        final UnsafeBuffer scratch, final byte[] frame) throws IOException
    {
        assertTrue(mempool.allocBulk(burst, 1));
        Frames.store(burst.get(0), frame, scratch);
        assertEquals(1, device.txBurst(0, burst, 1));
    }
}
