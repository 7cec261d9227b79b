package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private static final String RECEIVER = RawSocketScripts.receiver(0x8080);
    private static final String SENDER = RawSocketScripts.SENDER;

    @Test
    void ipv8FramesFromNamespaceAArriveRoutedInNamespaceB() throws Exception
    {
        DpdkTestSupport.eal();
        final Path dir = DpdkTestSupport.testDirectory("router-veth");
        try (NetNamespaces nets = new NetNamespaces();
            DataplaneCounters counters = DataplaneCounters.inMemory(1024))
        {
            final String nsA = nets.namespace("a");
            final String nsB = nets.namespace("b");
            final String ai = nets.name("ai");
            final String ao = nets.name("ao");
            final String bi = nets.name("bi");
            final String bo = nets.name("bo");
            nets.veth(nsA, ai, null, ao);
            nets.veth(nsB, bi, null, bo);
            final long upstreamMac = nets.mac(nsB, bi);

            final int frames = 40;
            final List<byte[]> received = new ArrayList<>();
            final List<byte[]> sent = new ArrayList<>();
            try (DpdkRouter router = DpdkRouter.start(Ipv8Topology.spec(upstreamMac).build(), List.of(
                    DpdkTestSupport.uniqueName("net_af_packet") + ",iface=" + ao,
                    DpdkTestSupport.uniqueName("net_af_packet") + ",iface=" + bo),
                new DpdkPortFactory(EalConfig.builder().build(), 4095, 32), counters,
                new BackoffIdleStrategy(10, 10, 1_000, 100_000)))
            {
                assertEquals("net_af_packet", ((DpdkPort)router.ports().get(0)).device().info().driver());
                final Process receiver = nets.python(nsB, dir, "receiver", RECEIVER, bi, String.valueOf(frames), "5");
                RawSocketScripts.waitForLine(dir.resolve("receiver.out"), "ready", receiver);
                final List<String> args = new ArrayList<>();
                args.add(ai);
                for (int seq = 0; seq < frames; seq++)
                {
                    final byte[] frame = Ipv8Topology.udpFrame(Ipv8Topology.H1,
                        Ipv8Topology.address(64497, 198, 51, 100, seq), 64, 10 + 7 * seq, seq);
                    sent.add(frame);
                    args.add(HexFormat.of().formatHex(frame));
                }
                final Process sender = nets.python(nsA, dir, "sender", SENDER, args.toArray(new String[0]));
                assertEquals(0, sender.waitFor(), Files.readString(dir.resolve("sender.err")));
                receiver.waitFor();
                assertTrue(router.isRunning(), "dataplane still running: " + router.failure());
            }
            for (final String line : Files.readAllLines(dir.resolve("receiver.out")))
            {
                if (!line.equals("ready") && !line.isBlank())
                {
                    received.add(HexFormat.of().parseHex(line.trim()));
                }
            }
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
