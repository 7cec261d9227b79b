package org.ipv8router.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads classic libpcap files (not pcapng) with Ethernet link type, in either byte order, with microsecond
 * ({@code 0xa1b2c3d4}) or nanosecond ({@code 0xa1b23c4d}) timestamps.
 * <pre>
 *   Global header (24 octets, in the file's byte order):
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                    Magic (a1b2c3d4 / a1b23c4d)                |  0
 *   +-------------------------------+-------------------------------+
 *   |        Version major (2)      |        Version minor (4)      |  4
 *   +-------------------------------+-------------------------------+
 *   |                     This zone (ignored)                       |  8
 *   +---------------------------------------------------------------+
 *   |                     Sig figs (ignored)                        |  12
 *   +---------------------------------------------------------------+
 *   |                        Snap length                            |  16
 *   +---------------------------------------------------------------+
 *   |             Link type (low 16 bits; 1 = Ethernet)             |  20
 *   +---------------------------------------------------------------+
 *   Record header (16 octets), then captured-length octets of frame:
 *   +---------------------------------------------------------------+
 *   |                    Timestamp seconds                          |  0
 *   +---------------------------------------------------------------+
 *   |              Timestamp micro- or nanoseconds                  |  4
 *   +---------------------------------------------------------------+
 *   |                    Captured length                            |  8
 *   +---------------------------------------------------------------+
 *   |                    Original length                            |  12
 *   +---------------------------------------------------------------+
 * </pre>
 * Records are read through one reused direct buffer: {@link #next()} and {@link #copyRecord} allocate nothing,
 * so reading into packet buffers costs no garbage per packet. Errors are {@link PcapFormatException}s naming the
 * file, the record and the problem. Not thread safe.
 */
public final class PcapReader implements AutoCloseable
{
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Microsecond-resolution magic as read in the file's own byte order. */
    public static final int MAGIC_MICROS = 0xA1B2_C3D4;
    /** Nanosecond-resolution magic as read in the file's own byte order. */
    public static final int MAGIC_NANOS = 0xA1B2_3C4D;
    /** Largest captured length accepted (libpcap's MAXIMUM_SNAPLEN). */
    public static final int MAX_RECORD_LENGTH = 262_144;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;

    private static final int BUFFER_LENGTH = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer view = new UnsafeBuffer(byteBuffer);
    private final ByteOrder order;
    private final boolean nanos;
    private final int versionMajor;
    private final int versionMinor;
    private final int snapLength;
    private final int linkType;
    private int position;
    private int limit;
    private boolean endOfFile;
    private long recordNumber;
    private int recordOffset;
    private int capturedLength;
    private int originalLength;
    private long timestampNanos;

    private PcapReader(final Path file, final FileChannel channel) throws IOException
    {
        this.file = file;
        this.channel = channel;
        final int have = ensure(GLOBAL_HEADER_LENGTH);
        if (have < GLOBAL_HEADER_LENGTH)
        {
            throw new PcapFormatException(file, 0, have == 0 ? "file is empty" :
                "truncated: only " + have + " of " + GLOBAL_HEADER_LENGTH + " octets");
        }
        final int magicLe = view.getInt(0, ByteOrder.LITTLE_ENDIAN);
        final int magicBe = view.getInt(0, ByteOrder.BIG_ENDIAN);
        if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS)
        {
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = magicLe == MAGIC_NANOS;
        }
        else if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS)
        {
            order = ByteOrder.BIG_ENDIAN;
            nanos = magicBe == MAGIC_NANOS;
        }
        else if (magicLe == 0x0A0D0D0A)
        {
            throw new PcapFormatException(file, 0, "this is a pcapng file; only classic pcap is supported " +
                "(convert with: editcap -F pcap in.pcapng out.pcap)");
        }
        else
        {
            throw new PcapFormatException(file, 0, "not a pcap file (magic 0x" + Integer.toHexString(magicBe) +
                ", expected a1b2c3d4 or a1b23c4d in either byte order)");
        }
        versionMajor = view.getShort(4, order) & 0xFFFF;
        versionMinor = view.getShort(6, order) & 0xFFFF;
        snapLength = view.getInt(16, order);
        linkType = view.getInt(20, order) & 0xFFFF;
        if (versionMajor != 2)
        {
            throw new PcapFormatException(file, 0, "unsupported version " + versionMajor + "." + versionMinor +
                " (expected 2.x)");
        }
        if (linkType != LINKTYPE_ETHERNET)
        {
            throw new PcapFormatException(file, 0, "link type " + linkType + " is not supported; only Ethernet (" +
                LINKTYPE_ETHERNET + ") is");
        }
        position = GLOBAL_HEADER_LENGTH;
        recordOffset = GLOBAL_HEADER_LENGTH;
    }

    /**
     * Opens a pcap file and validates its global header.
     *
     * @param file path of the file.
     * @return the reader, positioned before the first record.
     * @throws IOException if the file cannot be read, {@link PcapFormatException} if it is not a supported pcap.
     */
    public static PcapReader open(final Path file) throws IOException
    {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try
        {
            return new PcapReader(file, channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Advances to the next record and validates it.
     *
     * @return false at the clean end of the file (no partial record left).
     * @throws PcapFormatException for a truncated or inconsistent record.
     * @throws IOException         if reading fails.
     */
    public boolean next() throws IOException
    {
        position = recordOffset + capturedLength;
        capturedLength = 0;
        recordOffset = position;
        final int headerHave = ensure(RECORD_HEADER_LENGTH);
        if (headerHave == 0)
        {
            return false;
        }
        final long number = recordNumber + 1;
        if (headerHave < RECORD_HEADER_LENGTH)
        {
            throw new PcapFormatException(file, number, "truncated record header: only " + headerHave + " of " +
                RECORD_HEADER_LENGTH + " octets before the end of the file");
        }
        final long seconds = view.getInt(position, order) & 0xFFFF_FFFFL;
        final long fraction = view.getInt(position + 4, order) & 0xFFFF_FFFFL;
        final long captured = view.getInt(position + 8, order) & 0xFFFF_FFFFL;
        final long original = view.getInt(position + 12, order) & 0xFFFF_FFFFL;
        if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L))
        {
            throw new PcapFormatException(file, number, "timestamp fraction " + fraction + " is out of range for " +
                (nanos ? "nanosecond" : "microsecond") + " resolution (corrupt file?)");
        }
        if (captured > MAX_RECORD_LENGTH)
        {
            throw new PcapFormatException(file, number, "captured length " + captured + " exceeds the maximum " +
                MAX_RECORD_LENGTH + " (corrupt file?)");
        }
        if (original < captured)
        {
            throw new PcapFormatException(file, number, "original length " + original +
                " is less than captured length " + captured + " (corrupt file?)");
        }
        final int length = (int)captured;
        position += RECORD_HEADER_LENGTH;
        final int dataHave = ensure(length);
        if (dataHave < length)
        {
            throw new PcapFormatException(file, number, "truncated record data: captured length " + length +
                " but only " + dataHave + " octets before the end of the file");
        }
        recordNumber = number;
        recordOffset = position;
        capturedLength = length;
        originalLength = original > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int)original;
        timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000L);
        return true;
    }

    /** @return 1-based number of the current record, 0 before the first. */
    public long recordNumber()
    {
        return recordNumber;
    }

    /** @return octets of the current record present in the file. */
    public int capturedLength()
    {
        return capturedLength;
    }

    /** @return octets the current frame had on the wire. */
    public int originalLength()
    {
        return originalLength;
    }

    /** @return timestamp of the current record, ns since the epoch. */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * The internal buffer holding the current record's data at {@link #recordOffset()}; valid until
     * {@link #next()}.
     *
     * @return the buffer.
     */
    public DirectBuffer recordBuffer()
    {
        return view;
    }

    /** @return offset of the current record's data in {@link #recordBuffer()}. */
    public int recordOffset()
    {
        return recordOffset;
    }

    /**
     * Copies the current record's data.
     *
     * @param destination buffer to copy into; must have room for {@link #capturedLength()} octets.
     * @param index       where to start in {@code destination}.
     * @return the number of octets copied.
     */
    public int copyRecord(final MutableDirectBuffer destination, final int index)
    {
        destination.putBytes(index, view, recordOffset, capturedLength);
        return capturedLength;
    }

    /** @return the byte order the file was written in. */
    public ByteOrder byteOrder()
    {
        return order;
    }

    /** @return true for nanosecond timestamps, false for microseconds. */
    public boolean isNanosecondResolution()
    {
        return nanos;
    }

    /** @return the snap length from the global header. */
    public int snapLength()
    {
        return snapLength;
    }

    /** @return the link type from the global header (always Ethernet once open). */
    public int linkType()
    {
        return linkType;
    }

    /** @return major version from the global header. */
    public int versionMajor()
    {
        return versionMajor;
    }

    /** @return minor version from the global header. */
    public int versionMinor()
    {
        return versionMinor;
    }

    /** @return the file being read. */
    public Path file()
    {
        return file;
    }

    /** Closes the file. */
    public void close() throws IOException
    {
        channel.close();
    }

    /**
     * Makes at least {@code length} octets from {@code position} available in the buffer, reading and compacting
     * as needed.
     *
     * @return how many octets are available from {@code position}, less than {@code length} only at end of file.
     */
    private int ensure(final int length) throws IOException
    {
        if (limit - position >= length)
        {
            return length;
        }
        if (position > 0)
        {
            final int keep = limit - position;
            byteBuffer.limit(limit).position(position);
            byteBuffer.compact();
            if (recordOffset >= position)
            {
                recordOffset -= position;
            }
            position = 0;
            limit = keep;
        }
        while (!endOfFile && limit - position < length)
        {
            byteBuffer.limit(byteBuffer.capacity()).position(limit);
            final int read = channel.read(byteBuffer);
            if (read < 0)
            {
                endOfFile = true;
            }
            else
            {
                limit += read;
            }
        }
        return Math.min(length, limit - position);
    }
}
