package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the IPv8 router on DPDK: frames of every malformed kind the receive validation knows, frames
 * the forwarding path drops (TTL 1, no route, another MAC) and seeded garbage go into p0 through a net_ring
 * pair. Each must be counted under its drop reason (the receive validator is the oracle for the malformed
 * kinds; the same router over pure-Java pcap ports is the oracle for every count and every frame sent), and the
 * dataplane must keep forwarding afterwards.
 */
class RouterMalformedFramesTest
{
    private record Case(String what, byte[] frame)
    {
    }

    private static byte[] valid(final int seq)
    {
        return Ipv8Topology.udpFrame(Ipv8Topology.H1, Ipv8Topology.FAR, 64, 8 + seq % 40, seq);
    }

    private static byte[] refreshChecksum(final byte[] frame)
    {
        frame[24] = 0;
        frame[25] = 0;
        final int ihl = (frame[14] & 0xF) * 4;
        final int sum = Ipv8Topology.checksum(frame, 14, Math.min(ihl, frame.length - 14));
        frame[24] = (byte)(sum >>> 8);
        frame[25] = (byte)sum;
        return frame;
    }

    private static byte[] ipv4(final boolean goodChecksum, final int firstOctet)
    {
        final byte[] frame = new byte[14 + 28];
        Ipv8Topology.putMac(frame, 0, Ipv8Topology.P0_MAC);
        Ipv8Topology.putMac(frame, 6, Ipv8Topology.H1_MAC);
        frame[12] = 0x08;
        frame[14] = (byte)firstOctet;
        frame[17] = 28;
        frame[22] = 64;
        frame[23] = 17;
        final byte[] addresses = {(byte)192, 0, 2, 1, (byte)198, 51, 100, 7};
        System.arraycopy(addresses, 0, frame, 26, 8);
        final int sum = Ipv8Topology.checksum(frame, 14, 20);
        frame[24] = (byte)((goodChecksum ? sum : sum ^ 0x1111) >>> 8);
        frame[25] = (byte)(goodChecksum ? sum : sum ^ 0x1111);
        return frame;
    }

    static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case("valid IPv8", valid(0)));
        cases.add(new Case("valid IPv4", ipv4(true, 0x45)));
        cases.add(new Case("1-byte frame", new byte[]{42}));
        cases.add(new Case("13-byte frame", Arrays.copyOf(valid(1), 13)));
        final byte[] multicastSource = valid(2);
        multicastSource[6] |= 1;
        cases.add(new Case("multicast source MAC", multicastSource));
        final byte[] ipv6 = valid(3);
        ipv6[12] = (byte)0x86;
        ipv6[13] = (byte)0xDD;
        cases.add(new Case("IPv6 EtherType", ipv6));
        cases.add(new Case("IPv8 truncated", Arrays.copyOf(valid(4), 14 + 20)));
        final byte[] version9 = valid(5);
        version9[14] = (byte)0x97;
        cases.add(new Case("IPv8 version 9", refreshChecksum(version9)));
        final byte[] ihl5 = valid(6);
        ihl5[14] = (byte)0x85;
        cases.add(new Case("IPv8 IHL 5", refreshChecksum(ihl5)));
        final byte[] ihl15 = Arrays.copyOf(valid(7), 14 + 40);
        ihl15[14] = (byte)0x8F;
        cases.add(new Case("IPv8 IHL 15 beyond frame", ihl15));
        final byte[] short20 = valid(8);
        short20[16] = 0;
        short20[17] = 20;
        cases.add(new Case("IPv8 total length 20", refreshChecksum(short20)));
        final byte[] long400 = valid(9);
        long400[16] = 1;
        long400[17] = (byte)144;
        cases.add(new Case("IPv8 total length 400", refreshChecksum(long400)));
        final byte[] badSum = valid(10);
        badSum[24] ^= 0x55;
        cases.add(new Case("IPv8 bad checksum", badSum));
        cases.add(new Case("IPv4 bad checksum", ipv4(false, 0x45)));
        cases.add(new Case("version 6 on 0x0800", ipv4(true, 0x65)));
        final byte[] arp = new byte[14 + 28];
        Ipv8Topology.putMac(arp, 0, Ipv8Topology.P0_MAC);
        Ipv8Topology.putMac(arp, 6, Ipv8Topology.H1_MAC);
        arp[12] = 0x08;
        arp[13] = 0x06;
        arp[15] = 2; // HTYPE 2
        cases.add(new Case("ARP HTYPE 2", arp));
        cases.add(new Case("IPv8 TTL 1", Ipv8Topology.udpFrame(Ipv8Topology.H1, Ipv8Topology.FAR, 1, 8, 11)));
        cases.add(new Case("IPv8 no route", Ipv8Topology.udpFrame(Ipv8Topology.H1,
            Ipv8Topology.address(64499, 1, 2, 3, 4), 64, 8, 12)));
        final byte[] otherMac = valid(13);
        Ipv8Topology.putMac(otherMac, 0, 0x02_99_99_99_99_99L);
        cases.add(new Case("unicast for another MAC", otherMac));
        final Random random = new Random(8);
        for (int k = 0; k < 300; k++)
        {
            final byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            if (k % 2 == 0 && garbage.length > 14)
            {
                // Plausible headers with garbage behind them reach the deeper checks.
                final int[] types = {0x0800, 0x0806, Ipv8Topology.IPV8_ETHERTYPE};
                Ipv8Topology.putMac(garbage, 0, Ipv8Topology.P0_MAC);
                garbage[6] &= (byte)0xFE;
                garbage[12] = (byte)(types[k % 3] >> 8);
                garbage[13] = (byte)types[k % 3];
                if (k % 3 == 2 && garbage.length > 14 + 28)
                {
                    garbage[14] = (byte)0x87;
                }
            }
            cases.add(new Case("garbage " + k, garbage));
        }
        for (int k = 0; k < 20; k++)
        {
            cases.add(new Case("valid after the bad ones " + k, valid(100 + k)));
        }
        return cases;
    }

    @Test
    void everyMalformedKindIsCountedAndTheRouterKeepsForwarding() throws Exception
    {
        final List<Case> cases = cases();
        final ReceiveValidator oracle = new ReceiveValidator(WireProfile.DEFAULT);
        final Map<DropReason, Integer> malformed = new EnumMap<>(DropReason.class);
        for (final Case c : cases)
        {
            final boolean toUs = c.frame().length < 14 || (c.frame()[0] & 1) != 0 ||
                Ipv8Topology.mac(c.frame(), 0) == Ipv8Topology.P0_MAC;
            final DropReason reason = oracle.validateFrame(new UnsafeBuffer(c.frame()), 0, c.frame().length);
            if (toUs && reason != DropReason.NONE)
            {
                malformed.merge(reason, 1, Integer::sum);
            }
        }
        assertTrue(malformed.size() >= 12, "the cases cover the malformed kinds: " + malformed.keySet());

        DpdkTestSupport.eal();
        final Path dir = DpdkTestSupport.testDirectory("router-bad-input");
        final List<byte[]> frames = new ArrayList<>();
        for (final Case c : cases)
        {
            frames.add(c.frame());
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);

        // Reference: the same router, pure Java, offline.
        final long[] javaDrops = new long[DropReason.values().length];
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            SlabPacketPool pool = new SlabPacketPool("bad-ref", 2048))
        {
            final List<PcapPort> ports = List.of(
                PcapPort.open("p0", 0, pool, dir.resolve("in.pcap"), dir.resolve("java-p0.pcap"),
                    counters.newPortCounters(0, "p0")),
                PcapPort.open("p1", 1, pool, null, dir.resolve("java-p1.pcap"), counters.newPortCounters(1, "p1")));
            try (Router router = Router.create(Ipv8Topology.spec().build(), ports, counters))
            {
                // Not runToEndOfInput: that advances time until unresolved neighbours fail, while the live DPDK
                // run below takes milliseconds, so a neighbour some garbage frame points at stays incomplete.
                while (!(router.agent().doWork() == 0 && router.agent().isIdleAtEndOfInput()))
                {
                    Thread.onSpinWait();
                }
            }
            ports.forEach(Port::close);
            for (final DropReason reason : DropReason.values())
            {
                javaDrops[reason.ordinal()] = counters.dropReasons().count(reason.ordinal());
            }
        }
        final List<byte[]> javaP0 = unicast(PcapFile.read(dir.resolve("java-p0.pcap")));
        final List<byte[]> javaP1 = unicast(PcapFile.read(dir.resolve("java-p1.pcap")));

        final DpdkMempool mempool = DpdkTestSupport.pool();
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        final DpdkEthDev[] ring0 = DpdkEthDev.createRingPair(DpdkTestSupport.uniqueName("bad"),
            DpdkTestSupport.uniqueName("bad"), 1024);
        final DpdkEthDev[] ring1 = DpdkEthDev.createRingPair(DpdkTestSupport.uniqueName("bad"),
            DpdkTestSupport.uniqueName("bad"), 1024);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            MbufBurst burst = new MbufBurst(32))
        {
            ring0[1].configure(1, 256, 256, mempool);
            ring1[1].configure(1, 256, 256, mempool);
            ring0[1].start(true);
            ring1[1].start(true);
            final List<byte[]> outP0 = new ArrayList<>();
            final List<byte[]> outP1 = new ArrayList<>();
            try (DpdkRouter router = DpdkRouter.start(Ipv8Topology.spec().build(),
                List.of(ring0[0].name(), ring1[0].name()), new DpdkPortFactory(EalConfig.builder().build(), 4095, 32),
                counters, new BackoffIdleStrategy(10, 10, 1_000, 100_000)))
            {
                final Port p0 = router.ports().get(0);
                for (int k = 0; k < frames.size(); k += 32)
                {
                    final int n = Math.min(32, frames.size() - k);
                    assertTrue(mempool.allocBulk(burst, n));
                    for (int j = 0; j < n; j++)
                    {
                        Frames.store(burst.get(j), frames.get(k + j), scratch);
                    }
                    assertEquals(n, ring0[1].txBurst(0, burst, n));
                    final long target = k + n;
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (p0.counters().rxPackets() < target && System.nanoTime() < deadline)
                    {
                        Thread.sleep(1);
                    }
                }
                assertEquals(frames.size(), p0.counters().rxPackets(), "every frame was received");
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while ((unicast(outP1).size() < javaP1.size() || unicast(outP0).size() < javaP0.size()) &&
                    System.nanoTime() < deadline)
                {
                    drain(ring0[1], burst, scratch, outP0);
                    drain(ring1[1], burst, scratch, outP1);
                    Thread.sleep(1);
                }
                Thread.sleep(20);
                drain(ring0[1], burst, scratch, outP0);
                drain(ring1[1], burst, scratch, outP1);
                assertTrue(router.isRunning(), "the dataplane is still running");
                assertNull(router.failure());
            }
            for (final Map.Entry<DropReason, Integer> e : malformed.entrySet())
            {
                assertTrue(counters.dropReasons().count(e.getKey().ordinal()) >= e.getValue(),
                    e.getValue() + " malformed frame(s) counted as " + e.getKey().label());
            }
            for (final DropReason reason : DropReason.values())
            {
                assertEquals(javaDrops[reason.ordinal()], counters.dropReasons().count(reason.ordinal()),
                    "drops counted as " + reason.label() + ", as in the pure-Java run");
            }
            assertTrue(counters.dropReasons().count(DropReason.TTL_EXPIRED.ordinal()) >= 1);
            assertTrue(counters.dropReasons().count(DropReason.L2_NOT_FOR_US.ordinal()) >= 1);
            // Broadcasts are neighbour solicitations for addresses garbage frames pointed at: their retries depend
            // on how long each run took, so only unicast frames are compared.
            outP0.removeIf(f -> (f[0] & 1) != 0);
            outP1.removeIf(f -> (f[0] & 1) != 0);
            assertEquals(javaP1.size(), outP1.size(), "frames forwarded on p1");
            assertTrue(outP1.size() >= 21, "the valid frames, including those after the bad ones, came out");
            for (int k = 0; k < outP1.size(); k++)
            {
                assertArrayEquals(javaP1.get(k), outP1.get(k), "p1 frame " + k);
            }
            assertEquals(javaP0.size(), outP0.size(), "ICMP errors sent back on p0");
            for (int k = 0; k < outP0.size(); k++)
            {
                assertArrayEquals(javaP0.get(k), outP0.get(k), "p0 frame " + k);
            }
        }
        finally
        {
            ring0[1].close();
            ring1[1].close();
        }
    }

    private static List<byte[]> unicast(final List<byte[]> frames)
    {
        final List<byte[]> out = new ArrayList<>(frames);
        out.removeIf(f -> (f[0] & 1) != 0);
        return out;
    }

    private static void drain(final DpdkEthDev device, final MbufBurst burst, final UnsafeBuffer scratch,
        final List<byte[]> into)
    {
        for (int n; (n = device.rxBurst(0, burst, 32)) > 0; )
        {
            for (int j = 0; j < n; j++)
            {
                into.add(Frames.load(burst.get(j), scratch));
            }
            DpdkMempool.freeBulk(burst, n);
        }
    }
}
