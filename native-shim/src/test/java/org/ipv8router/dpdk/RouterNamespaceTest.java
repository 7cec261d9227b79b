package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.junit.jupiter.api.Test;

/**
 * The IPv8 router on net_af_packet between two network namespaces: namespace A (host H1) and namespace B
 * (upstream N) are each joined by a veth pair to the root namespace, where {@link DpdkRouter} runs with the
 * issue 3 example config on the two root-side ends. IPv8 frames injected with a raw AF_PACKET socket in A must
 * arrive in B routed: TTL 63, header checksum valid, destination MAC = B's veth (the static neighbour N), source
 * MAC = p1's configured MAC.
 */
class RouterNamespaceTest
{
    @Test
    void ipv8FramesFromNamespaceAArriveRoutedInNamespaceB() throws Exception
    {
        DpdkTestSupport.eal();
        final Path dir = DpdkTestSupport.testDirectory("router-veth");
        try (NetNamespaces nets = new NetNamespaces();
            DataplaneCounters counters = DataplaneCounters.inMemory(1024))
        {
            final NetNamespaces.TwoWires wires = nets.twoWires();
            final long upstreamMac = nets.mac(wires.nsB(), wires.bi());

            final int frames = 40;
            final List<byte[]> sent = new ArrayList<>();
            try (DpdkRouter router = DpdkRouter.start(Ipv8Topology.spec(upstreamMac).build(), List.of(
                    DpdkTestSupport.uniqueName("net_af_packet") + ",iface=" + wires.ao(),
                    DpdkTestSupport.uniqueName("net_af_packet") + ",iface=" + wires.bo()),
                new DpdkPortFactory(EalConfig.builder().build(), 4095, 32), counters,
                new BackoffIdleStrategy(10, 10, 1_000, 100_000)))
            {
                assertEquals("net_af_packet", ((DpdkPort)router.ports().get(0)).device().info().driver());
                final Process receiver = RawSocketScripts.startReceiver(nets, wires.nsB(), dir, 0x8080, wires.bi(),
                    frames);
                for (int seq = 0; seq < frames; seq++)
                {
                    sent.add(Ipv8Topology.udpFrame(Ipv8Topology.H1,
                        Ipv8Topology.address(64497, 198, 51, 100, seq), 64, 10 + 7 * seq, seq));
                }
                final Process sender = RawSocketScripts.startSender(nets, wires.nsA(), dir, wires.ai(), sent);
                assertEquals(0, sender.waitFor(), Files.readString(dir.resolve("sender.err")));
                receiver.waitFor();
                assertTrue(router.isRunning(), "dataplane still running: " + router.failure());
            }
            final List<byte[]> received = RawSocketScripts.receivedFrames(dir);
            assertEquals(frames, received.size(), "IPv8 frames out of namespace B; receiver stderr: " +
                Files.readString(dir.resolve("receiver.err")));
            for (int seq = 0; seq < frames; seq++)
            {
                final byte[] out = received.get(seq);
                assertEquals(upstreamMac, Ipv8Topology.mac(out, 0), "frame " + seq + " to B's veth MAC");
                assertEquals(Ipv8Topology.P1_MAC, Ipv8Topology.mac(out, 6), "frame " + seq + " from p1's MAC");
                assertEquals(63, out[14 + 8] & 0xFF, "frame " + seq + " TTL decremented");
                assertEquals(0, Ipv8Topology.checksum(out, 14, 28), "frame " + seq + " checksum verifies");
                final byte[] expected = Ipv8Topology.routedToN(sent.get(seq));
                Ipv8Topology.putMac(expected, 0, upstreamMac);
                assertArrayEquals(expected, out, "frame " + seq);
            }
        }
    }
}
