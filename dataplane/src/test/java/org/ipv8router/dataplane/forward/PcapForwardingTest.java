package org.ipv8router.dataplane.forward;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.SystemNanoClock;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.ECHO;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.ECHO_HOP;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.FAR;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.topology;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pcap in, pcap out: the router over {@link PcapPort}s run offline, and a seeded random mix of frames whose every
 * packet must be accounted for exactly once (transmitted, punted or dropped with a counted reason).
 */
class PcapForwardingTest
{
    @TempDir
    Path dir;

    private static void write(final Path file, final List<byte[]> frames) throws IOException
    {
        try (PcapWriter w = PcapWriter.create(file))
        {
            long t = 1_000_000_000L;
            for (final byte[] f : frames)
            {
                w.write(f, t += 1000);
            }
        }
    }

    private static List<byte[]> read(final Path file) throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file))
        {
            while (r.next())
            {
                final byte[] f = new byte[r.capturedLength()];
                r.recordBuffer().getBytes(r.recordOffset(), f);
                frames.add(f);
            }
        }
        return frames;
    }

    private record Run(DataplaneCounters counters, List<List<byte[]>> out, long punted)
    {
    }

    private Run run(final RouterSpec spec, final List<byte[]> p0In, final List<byte[]> p1In) throws IOException
    {
        write(dir.resolve("p0-in.pcap"), p0In);
        write(dir.resolve("p1-in.pcap"), p1In);
        final DataplaneCounters counters = DataplaneCounters.inMemory(1024);
        final long[] punted = {0};
        try (SlabPacketPool pool = new SlabPacketPool("pcap", 4096))
        {
            final List<PcapPort> ports = new ArrayList<>();
            for (int p = 0; p < 3; p++)
            {
                final Path in = p < 2 ? dir.resolve("p" + p + "-in.pcap") : null;
                ports.add(PcapPort.open("p" + p, p, pool, in, dir.resolve("p" + p + ".pcap"),
                    counters.newPortCounters(p, "p" + p)));
            }
            final Router router = Router.create(spec, ports, counters, new SystemNanoClock());
            router.runToEndOfInput((port, buffer, offset, length) -> punted[0]++);
            for (final PcapPort port : ports)
            {
                port.close();
            }
            router.close();
            assertEquals(pool.capacity(), pool.available(), "no buffer leaked");
        }
        final List<List<byte[]>> out = new ArrayList<>();
        for (int p = 0; p < 3; p++)
        {
            out.add(read(dir.resolve("p" + p + ".pcap")));
        }
        return new Run(counters, out, punted[0]);
    }

    private static long counter(final DataplaneCounters counters, final String label)
    {
        final long[] value = {-1};
        counters.reader().forEach((id, typeId, keyBuffer, l) ->
        {
            if (l.equals(label))
            {
                value[0] = counters.reader().getCounterValue(id);
            }
        });
        return value[0];
    }

    @Test
    void echoInPcapComesOutForwardedInPcap() throws IOException
    {
        final RouterSpec spec = topology(NeighborCapability.IPV8).localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .acceptAnyDestinationMac(true).build();
        final Run r = run(spec, List.of(Pkt.ether(0, H1_MAC, 0x8080, ECHO)), List.of());
        assertEquals(1, r.out().get(1).size());
        assertArrayEquals(ECHO_HOP, Pkt.l3(r.out().get(1).get(0)));
        r.counters().close();
    }

    @Test
    void seededRandomMixIsFullyAccountedFor() throws IOException
    {
        final Random random = new Random(20261123);
        final List<byte[]> p0 = new ArrayList<>();
        final List<byte[]> p1 = new ArrayList<>();
        final long[] dsts = {
            FAR, a(64496, 10, 1, 0, 5), a(64496, 10, 1, 0, 6), a(64496, 172, 16, 0, 1), a(64499, 1, 2, 3, 4),
            a(0, 198, 51, 100, 9), a(64496, 192, 0, 2, 254), a(0x7F01_0000L, 10, 0, 0, 1), a(0xFFFF_FFFFL, 1, 2, 3, 4),
            a(64496, 10, 1, 0, 99)};
        final long[] srcs = {H1, a(0x7F01_0000L, 10, 0, 0, 5), a(64497, 198, 51, 100, 7), a(0, 10, 0, 0, 1)};
        for (int k = 0; k < 3000; k++)
        {
            final long src = srcs[random.nextInt(srcs.length)];
            final long dst = dsts[random.nextInt(dsts.length)];
            final int ttl = 1 + random.nextInt(3) * 63;
            byte[] l3 = ForwardingMatrixTest.udp8(src, dst, ttl);
            if (random.nextInt(10) == 0)
            {
                l3[11] ^= 0x5A; // corrupt the header checksum
            }
            final byte[] frame = Pkt.ether(0, 0x02_00_00_00_05_00L + random.nextInt(4), 0x8080, l3);
            (random.nextBoolean() ? p0 : p1).add(frame);
        }
        final RouterSpec spec = topology(NeighborCapability.IPV8).localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .acceptAnyDestinationMac(true).icmpRate(1_000_000, 1_000_000).build();
        final Run r = run(spec, p0, p1);
        long drops = 0;
        for (int code = 0; code < DropReasons.MAX_CODES; code++)
        {
            drops += r.counters().dropReasons().count(code);
        }
        long sent = 0;
        long arp = 0;
        long icmpErrors = 0;
        for (final List<byte[]> port : r.out())
        {
            for (final byte[] f : port)
            {
                if (Pkt.etherType(f) == 0x0806)
                {
                    arp++;
                }
                else if (Pkt.etherType(f) == 0x8080 && Pkt.u8(f, 14 + 9) == 1 && Pkt.u8(f, 14 + 28) != 8)
                {
                    icmpErrors++;
                }
                else
                {
                    sent++;
                }
            }
        }
        final long generated = counter(r.counters(), "icmp-error sent");
        // Every input packet and every ICMP error the router generated either left (forwarded / sent), was punted,
        // or was dropped with a counted reason (an error that cannot be delivered is dropped like any packet).
        assertEquals(p0.size() + p1.size() + generated, sent + icmpErrors + r.punted() + drops,
            "conservation: forwarded + errors sent + punted + dropped");
        assertEquals(true, generated >= icmpErrors);
        assertEquals(0, r.counters().dropReasons().count(DropReasons.UNKNOWN), "every drop has a registered reason");
        assertEquals(true, icmpErrors > 0 && arp > 0 && r.punted() > 0, "the mix exercised errors, ARP and punt");
        r.counters().close();
    }
}
