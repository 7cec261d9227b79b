package org.ipv8router.pcap;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PcapTest
{
    @TempDir
    Path dir;

    private static byte[] frame(final int length, final int seed)
    {
        final byte[] f = new byte[length];
        for (int i = 0; i < length; i++)
        {
            f[i] = (byte)(seed * 31 + i);
        }
        return f;
    }

    /** Builds a pcap file by hand so reader tests do not depend on the writer. */
    private static final class RawPcap
    {
        final ByteBuffer b = ByteBuffer.allocate(1 << 16);

        RawPcap(final ByteOrder order, final int magic, final int linkType)
        {
            b.order(order);
            b.putInt(magic).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        }

        RawPcap record(final long sec, final long frac, final int incl, final int orig, final byte[] data)
        {
            b.putInt((int)sec).putInt((int)frac).putInt(incl).putInt(orig).put(data);
            return this;
        }

        Path write(final Path file, final int truncateBy) throws IOException
        {
            Files.write(file, Arrays.copyOf(b.array(), b.position() - truncateBy));
            return file;
        }
    }

    @Test
    void writerOutputReadsBackExactly() throws IOException
    {
        final Path file = dir.resolve("rt.pcap");
        final List<byte[]> frames = new ArrayList<>();
        final long t0 = 1_763_900_000_123_456_000L;
        try (PcapWriter writer = PcapWriter.create(file))
        {
            for (int k = 0; k < 300; k++)
            {
                final byte[] f = frame(60 + (k * 37) % 1455, k);
                frames.add(f);
                writer.write(f, t0 + k * 1_000_000L);
            }
            writer.write(frame(9000, 9), t0); // a jumbo frame, spanning the buffer logic
            frames.add(frame(9000, 9));
            assertEquals(301, writer.recordsWritten());
        }
        final byte[] raw = Files.readAllBytes(file);
        assertEquals(0xD4, raw[0] & 0xFF, "little-endian microsecond magic");
        assertEquals(1, raw[20], "LINKTYPE_ETHERNET");
        try (PcapReader reader = PcapReader.open(file))
        {
            assertEquals(ByteOrder.LITTLE_ENDIAN, reader.byteOrder());
            assertFalse(reader.isNanosecondResolution());
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[10_000]);
            for (int k = 0; k < frames.size(); k++)
            {
                assertTrue(reader.next(), "record " + (k + 1));
                assertEquals(k + 1, reader.recordNumber());
                final byte[] expected = frames.get(k);
                assertEquals(expected.length, reader.capturedLength());
                assertEquals(expected.length, reader.originalLength());
                assertEquals(expected.length, reader.copyRecord(dst, 0));
                assertArrayEquals(expected, Arrays.copyOf(dst.byteArray(), expected.length));
                final long expectedTs = k < 300 ? t0 + k * 1_000_000L : t0;
                assertEquals(expectedTs, reader.timestampNanos());
            }
            assertFalse(reader.next());
            assertFalse(reader.next(), "end of file stays end of file");
        }
    }

    @Test
    void readsBigEndianNanosecondFiles() throws IOException
    {
        final Path file = new RawPcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 1)
            .record(10, 999_999_999, 3, 64, new byte[] {1, 2, 3})
            .record(11, 5, 2, 2, new byte[] {4, 5})
            .write(dir.resolve("be.pcap"), 0);
        try (PcapReader reader = PcapReader.open(file))
        {
            assertEquals(ByteOrder.BIG_ENDIAN, reader.byteOrder());
            assertTrue(reader.isNanosecondResolution());
            assertEquals(65535, reader.snapLength());
            assertTrue(reader.next());
            assertEquals(10_999_999_999L, reader.timestampNanos());
            assertEquals(3, reader.capturedLength());
            assertEquals(64, reader.originalLength());
            assertEquals(2, reader.recordBuffer().getByte(reader.recordOffset() + 1));
            assertTrue(reader.next());
            assertEquals(11_000_000_005L, reader.timestampNanos());
            assertFalse(reader.next());
        }
    }

    @Test
    void appendAddsRecordsAfterExistingOnesAndCreatesMissingFiles() throws IOException
    {
        final Path file = dir.resolve("append.pcap");
        try (PcapWriter writer = PcapWriter.append(file))
        {
            writer.write(frame(60, 1), 1_000_000_000L);
        }
        try (PcapWriter writer = PcapWriter.append(file))
        {
            writer.write(frame(70, 2), 2_000_000_000L);
            writer.write(frame(80, 3), 3_000_001_000L);
        }
        try (PcapReader reader = PcapReader.open(file))
        {
            for (int i = 1; i <= 3; i++)
            {
                assertTrue(reader.next());
                final byte[] got = new byte[reader.capturedLength()];
                reader.recordBuffer().getBytes(reader.recordOffset(), got);
                assertArrayEquals(frame(50 + 10 * i, i), got);
                assertEquals(i * 1_000_000_000L + (i == 3 ? 1_000 : 0), reader.timestampNanos());
            }
            assertFalse(reader.next());
        }
    }

    @Test
    void appendKeepsAForeignFilesByteOrderAndResolution() throws IOException
    {
        final Path file = new RawPcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 1)
            .record(10, 7, 3, 3, new byte[] {1, 2, 3})
            .write(dir.resolve("foreign.pcap"), 0);
        try (PcapWriter writer = PcapWriter.append(file))
        {
            writer.write(new byte[] {9, 8}, 12_000_000_123L);
        }
        try (PcapReader reader = PcapReader.open(file))
        {
            assertEquals(ByteOrder.BIG_ENDIAN, reader.byteOrder());
            assertTrue(reader.next());
            assertEquals(10_000_000_007L, reader.timestampNanos());
            assertTrue(reader.next());
            assertEquals(12_000_000_123L, reader.timestampNanos(), "nanosecond file keeps nanoseconds");
            assertEquals(2, reader.capturedLength());
            assertFalse(reader.next());
        }
    }

    @Test
    void appendRefusesAFileThatIsNotPcap() throws IOException
    {
        final Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a capture file at all, just text");
        assertThrows(PcapFormatException.class, () -> PcapWriter.append(file));
        assertEquals("this is not a capture file at all, just text", Files.readString(file), "file left untouched");
    }

    @Test
    void readsLittleEndianMicrosecondFilesWrittenByOthers() throws IOException
    {
        final Path file = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(7, 250_000, 1, 1, new byte[] {9})
            .write(dir.resolve("le.pcap"), 0);
        try (PcapReader reader = PcapReader.open(file))
        {
            assertTrue(reader.next());
            assertEquals(7_250_000_000L, reader.timestampNanos());
            assertFalse(reader.next());
        }
    }

    private PcapFormatException expectFormatError(final Path file, final int records)
    {
        return assertThrows(PcapFormatException.class, () ->
        {
            try (PcapReader reader = PcapReader.open(file))
            {
                for (int k = 0; k < records; k++)
                {
                    reader.next();
                }
            }
        });
    }

    private static void assertMessage(final PcapFormatException ex, final Path file, final String... parts)
    {
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        for (final String part : parts)
        {
            assertTrue(ex.getMessage().contains(part), "'" + part + "' missing in: " + ex.getMessage());
        }
    }

    @Test
    void rejectsBadGlobalHeaders() throws IOException
    {
        final Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        assertMessage(expectFormatError(empty, 0), empty, "global header", "empty");

        final Path shortHeader = Files.write(dir.resolve("short.pcap"), new byte[] {(byte)0xD4, (byte)0xC3, 1, 2});
        assertMessage(expectFormatError(shortHeader, 0), shortHeader, "truncated", "4 of 24");

        final Path text = Files.write(dir.resolve("text.pcap"),
            "this is certainly not a capture file".getBytes(StandardCharsets.US_ASCII));
        assertMessage(expectFormatError(text, 0), text, "not a pcap file");

        final Path ng = new RawPcap(ByteOrder.LITTLE_ENDIAN, 0x0A0D0D0A, 1).write(dir.resolve("x.pcapng"), 0);
        assertMessage(expectFormatError(ng, 0), ng, "pcapng");

        final Path rawIp = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 101)
            .write(dir.resolve("rawip.pcap"), 0);
        assertMessage(expectFormatError(rawIp, 0), rawIp, "link type 101", "Ethernet");
    }

    @Test
    void rejectsTruncatedAndCorruptRecords() throws IOException
    {
        final byte[] data = frame(40, 1);
        final Path cutHeader = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(1, 0, 40, 40, data).record(2, 0, 40, 40, data)
            .write(dir.resolve("cut-header.pcap"), 40 + 6);
        assertMessage(expectFormatError(cutHeader, 2), cutHeader, "record 2", "truncated record header", "10 of 16");

        final Path cutData = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(1, 0, 40, 40, data).record(2, 0, 40, 40, data)
            .write(dir.resolve("cut-data.pcap"), 15);
        assertMessage(expectFormatError(cutData, 2), cutData, "record 2", "truncated record data", "25 octets");

        final Path huge = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(1, 0, 40, 40, data).record(1, 0, 0x7000_0000, 0x7000_0000, data)
            .write(dir.resolve("huge.pcap"), 0);
        assertMessage(expectFormatError(huge, 2), huge, "record 2", "captured length 1879048192", "maximum");

        final Path badFraction = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(1, 1_000_000, 40, 40, data).write(dir.resolve("frac.pcap"), 0);
        assertMessage(expectFormatError(badFraction, 1), badFraction, "record 1", "microsecond");

        final Path shorterOriginal = new RawPcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1)
            .record(1, 0, 40, 39, data).write(dir.resolve("orig.pcap"), 0);
        assertMessage(expectFormatError(shorterOriginal, 1), shorterOriginal, "record 1", "original length 39");
    }

    @Test
    void readingIntoAFixedBufferDoesNotAllocatePerRecord() throws IOException
    {
        final Path file = dir.resolve("many.pcap");
        try (PcapWriter writer = PcapWriter.create(file))
        {
            final UnsafeBuffer f = new UnsafeBuffer(frame(64, 3));
            for (int k = 0; k < 50_000; k++)
            {
                writer.write(f, 0, 64, k * 1000L);
            }
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
        try (PcapReader reader = PcapReader.open(file))
        {
            for (int k = 0; k < 10_000; k++)
            {
                reader.next(); // warm up
                reader.copyRecord(dst, 0);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            int records = 0;
            while (reader.next())
            {
                reader.copyRecord(dst, 0);
                records++;
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(40_000, records);
            assertTrue(allocated < 64 * 1024, "reading 40,000 records allocated " + allocated + " bytes");
        }
    }

    @Test
    void tsharkReadsWhatTheWriterWrote() throws Exception
    {
        final Path tshark = Path.of("/usr/bin/tshark");
        assumeTrue(Files.isExecutable(tshark), "SKIPPED: /usr/bin/tshark is not installed (apt-get install tshark)");
        final Path file = dir.resolve("for-tshark.pcap");
        final long t0 = 1_700_000_000_000_000_000L;
        try (PcapWriter writer = PcapWriter.create(file))
        {
            for (int k = 0; k < 3; k++)
            {
                final byte[] f = frame(60 + k * 100, k);
                // dst 02:00:00:00:00:0k, src 02:00:00:00:01:0k, EtherType 0x88b5
                final byte[] header = {2, 0, 0, 0, 0, (byte)k, 2, 0, 0, 0, 1, (byte)k, (byte)0x88, (byte)0xB5};
                System.arraycopy(header, 0, f, 0, header.length);
                writer.write(f, t0 + k * 1_500_000L);
            }
        }
        final Process process = new ProcessBuilder(tshark.toString(), "-r", file.toString(), "-T", "fields",
            "-e", "frame.len", "-e", "eth.dst", "-e", "eth.src", "-e", "eth.type", "-e", "frame.time_epoch")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, process.exitValue(), "tshark failed; output: " + out);
        final String[] lines = out.strip().split("\n");
        assertEquals(3, lines.length, out);
        for (int k = 0; k < 3; k++)
        {
            final String[] fields = lines[k].split("\t");
            assertEquals(String.valueOf(60 + k * 100), fields[0], lines[k]);
            assertEquals("02:00:00:00:00:0" + k, fields[1], lines[k]);
            assertEquals("02:00:00:00:01:0" + k, fields[2], lines[k]);
            assertEquals("0x88b5", fields[3].toLowerCase(), lines[k]);
            final double expected = 1_700_000_000.0 + k * 0.0015;
            assertEquals(expected, Double.parseDouble(fields[4]), 1e-6, lines[k]);
        }
    }
}
