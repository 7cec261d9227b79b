package org.ipv8router.dataplane.port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.ipv8router.dataplane.Frames;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.pcap.PcapFormatException;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapPortTest
{
    @TempDir
    Path dir;

    private final DataplaneCounters counters = DataplaneCounters.inMemory(256);
    private final SlabPacketPool pool = new SlabPacketPool("pcap", 4);

    @AfterEach
    void close()
    {
        pool.close();
        counters.close();
    }

    @Test
    void replaysEveryFrameEvenWhenThePoolRunsDryThenReportsEndOfInput() throws IOException
    {
        final Path in = dir.resolve("in.pcap");
        try (PcapWriter writer = PcapWriter.create(in))
        {
            for (int k = 0; k < 10; k++)
            {
                writer.write(Frames.frame(1, 2, 0, k, 64 + k), 1_000_000_000L * (k + 1));
            }
            writer.write(new byte[4000], 5_000_000_099L); // longer than a 2 KiB slot's room: rx drop
            writer.write(Frames.frame(1, 2, 0, 10, 64), 5_000_000_099L);
        }
        final Path out = dir.resolve("out.pcap");
        try (PcapPort port = PcapPort.open("p", 3, pool, in, out, counters.newPortCounters(3, "p")))
        {
            final PacketVector v = new PacketVector(16);
            long expectedSeq = 0;
            int rounds = 0;
            while (!port.isEndOfInput())
            {
                final int n = port.receive(v);
                assertTrue(n <= 4, "pool of 4");
                for (int i = 0; i < v.count(); i++)
                {
                    assertEquals(expectedSeq++, Frames.seq(v.toByteArray(i)));
                    assertEquals(3, v.ingressPort(i));
                }
                port.transmit(v);
                rounds++;
            }
            assertEquals(11, expectedSeq, "every frame but the oversize one");
            assertTrue(rounds >= 3);
            assertEquals(11, port.counters().rxPackets());
            assertEquals(1, port.counters().rxDrops());
            assertEquals(11, port.counters().txPackets());
            assertEquals(0, port.receive(v));
        }
        try (PcapReader reader = PcapReader.open(out))
        {
            for (int k = 0; k < 11; k++)
            {
                assertTrue(reader.next());
                assertEquals(k < 10 ? 1_000_000_000L * (k + 1) : 5_000_000_000L, reader.timestampNanos(), "input timestamps kept");
                final byte[] f = new byte[reader.capturedLength()];
                reader.recordBuffer().getBytes(reader.recordOffset(), f);
                assertArrayEquals(Frames.frame(1, 2, 0, k, k < 10 ? 64 + k : 64), f);
            }
            assertFalse(reader.next());
        }
    }

    @Test
    void corruptInputStopsInputWithAMessageNamingTheRecord() throws IOException
    {
        final Path in = dir.resolve("bad.pcap");
        try (PcapWriter writer = PcapWriter.create(in))
        {
            writer.write(Frames.frame(1, 2, 0, 0, 64), 1);
            writer.write(Frames.frame(1, 2, 0, 1, 64), 1);
        }
        final byte[] bytes = Files.readAllBytes(in);
        Files.write(in, Arrays.copyOf(bytes, bytes.length - 10));
        try (PcapPort port = PcapPort.open("bad", 0, pool, in, null, counters.newPortCounters(0, "bad")))
        {
            final PacketVector v = new PacketVector(16);
            final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> port.receive(v));
            assertInstanceOf(PcapFormatException.class, ex.getCause());
            assertTrue(ex.getMessage().contains("record 2"), ex.getMessage());
            assertTrue(ex.getMessage().contains("port bad"), ex.getMessage());
            assertTrue(port.isEndOfInput());
            assertEquals(1, v.count(), "the good record was delivered");
            assertEquals(0, port.transmit(v), "no output file: dropped");
            assertEquals(1, port.counters().txDrops());
            assertEquals(4, pool.available());
        }
    }

    @Test
    void outputOnlyPortIsAtEndOfInputFromTheStart() throws IOException
    {
        try (PcapPort port = PcapPort.open("o", 0, pool, null, dir.resolve("o.pcap"), counters.newPortCounters(0, "o")))
        {
            assertTrue(port.isEndOfInput());
            assertEquals(0, port.receive(new PacketVector(4)));
        }
        assertEquals(24, Files.size(dir.resolve("o.pcap")), "just the global header");
    }
}
