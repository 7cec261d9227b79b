package org.ipv8router.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes classic libpcap files: little-endian, microsecond timestamps, version 2.4, snap length
 * {@value PcapReader#MAX_RECORD_LENGTH}, link type Ethernet (1). Layout as drawn in {@link PcapReader}.
 * <p>
 * Records go through one reused direct buffer, so {@link #write(DirectBuffer, int, int, long)} allocates nothing
 * per packet; data reaches the file when the buffer fills, on {@link #flush()} and on {@link #close()}.
 * Not thread safe.
 */
public final class PcapWriter implements AutoCloseable
{
    private static final int BUFFER_LENGTH = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer view = new UnsafeBuffer(byteBuffer);
    private final ByteOrder order;
    private final boolean nanosecond;
    private int limit;
    private long records;
    private boolean closed;

    private PcapWriter(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
        this.order = ByteOrder.LITTLE_ENDIAN;
        this.nanosecond = false;
        view.putInt(0, PcapReader.MAGIC_MICROS, ByteOrder.LITTLE_ENDIAN);
        view.putShort(4, (short)2, ByteOrder.LITTLE_ENDIAN);
        view.putShort(6, (short)4, ByteOrder.LITTLE_ENDIAN);
        view.putInt(8, 0, ByteOrder.LITTLE_ENDIAN);
        view.putInt(12, 0, ByteOrder.LITTLE_ENDIAN);
        view.putInt(16, PcapReader.MAX_RECORD_LENGTH, ByteOrder.LITTLE_ENDIAN);
        view.putInt(20, PcapReader.LINKTYPE_ETHERNET, ByteOrder.LITTLE_ENDIAN);
        limit = PcapReader.GLOBAL_HEADER_LENGTH;
    }

    /**
     * Creates (or truncates) a pcap file and writes its global header.
     *
     * @param file path of the file; the parent directory must exist.
     * @return the writer.
     * @throws IOException if the file cannot be created.
     */
    public static PcapWriter create(final Path file) throws IOException
    {
        final FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        final PcapWriter writer = new PcapWriter(file, channel);
        writer.flush();
        return writer;
    }

    /** Writer that appends to an existing file whose global header was already checked. */
    private PcapWriter(final Path file, final FileChannel channel, final ByteOrder order, final boolean nanosecond)
    {
        this.file = file;
        this.channel = channel;
        this.order = order;
        this.nanosecond = nanosecond;
        limit = 0;
    }

    /**
     * Opens a pcap file for appending, creating it (as {@link #create}) when it is missing or empty. Records are
     * written in the existing file's byte order and timestamp resolution, so files from other tools stay valid.
     *
     * @param file path of the file.
     * @return the writer, positioned at the end of the file.
     * @throws IOException if the file cannot be opened, or it is not a pcap file with Ethernet link type (the
     *                     {@link PcapFormatException} from the reader names the problem).
     */
    public static PcapWriter append(final Path file) throws IOException
    {
        if (!Files.exists(file) || Files.size(file) == 0)
        {
            return create(file);
        }
        final ByteOrder order;
        final boolean nanosecond;
        try (PcapReader reader = PcapReader.open(file))
        {
            order = reader.byteOrder();
            nanosecond = reader.isNanosecondResolution();
        }
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new PcapWriter(file, channel, order, nanosecond);
    }

    /**
     * Appends one frame.
     *
     * @param source         buffer holding the frame.
     * @param offset         of the frame in {@code source}.
     * @param length         of the frame, at most {@value PcapReader#MAX_RECORD_LENGTH}.
     * @param timestampNanos capture time, ns since the epoch, not negative.
     * @throws IOException if writing fails.
     */
    public void write(final DirectBuffer source, final int offset, final int length, final long timestampNanos)
        throws IOException
    {
        if (length < 0 || length > PcapReader.MAX_RECORD_LENGTH)
        {
            throw new IllegalArgumentException("pcap file " + file + ": frame length " + length + " is outside [0, " +
                PcapReader.MAX_RECORD_LENGTH + "]");
        }
        if (timestampNanos < 0)
        {
            throw new IllegalArgumentException("pcap file " + file + ": negative timestamp " + timestampNanos);
        }
        if (BUFFER_LENGTH - limit < PcapReader.RECORD_HEADER_LENGTH + length)
        {
            flush();
        }
        final long seconds = timestampNanos / 1_000_000_000L;
        final long fraction = nanosecond ? timestampNanos % 1_000_000_000L : (timestampNanos % 1_000_000_000L) / 1000L;
        view.putInt(limit, (int)seconds, order);
        view.putInt(limit + 4, (int)fraction, order);
        view.putInt(limit + 8, length, order);
        view.putInt(limit + 12, length, order);
        view.putBytes(limit + PcapReader.RECORD_HEADER_LENGTH, source, offset, length);
        limit += PcapReader.RECORD_HEADER_LENGTH + length;
        records++;
    }

    /**
     * Appends one frame from an array (cold path convenience).
     *
     * @param frame          the frame octets.
     * @param timestampNanos capture time, ns since the epoch.
     * @throws IOException if writing fails.
     */
    public void write(final byte[] frame, final long timestampNanos) throws IOException
    {
        write(new UnsafeBuffer(frame), 0, frame.length, timestampNanos);
    }

    /** @return records written so far. */
    public long recordsWritten()
    {
        return records;
    }

    /** @return the file being written. */
    public Path file()
    {
        return file;
    }

    /**
     * Writes buffered records to the file.
     *
     * @throws IOException if writing fails.
     */
    public void flush() throws IOException
    {
        byteBuffer.limit(limit).position(0);
        while (byteBuffer.hasRemaining())
        {
            channel.write(byteBuffer);
        }
        limit = 0;
    }

    /** Flushes and closes the file. Idempotent. */
    public void close() throws IOException
    {
        if (!closed)
        {
            closed = true;
            try
            {
                flush();
            }
            finally
            {
                channel.close();
            }
        }
    }
}
