package org.ipv8router.dataplane.counters;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Read-only view of a counters file written by {@link DataplaneCounters}, usually in another process (this backs
 * {@code ipv8 show counters}). Maps the file read-only and reads it without locks through Agrona's
 * {@link CountersReader}: a counter's label is read only once its record is marked allocated, and values are
 * read with volatile loads, so a reader never sees a torn record or blocks the dataplane.
 * <p>
 * Cold path: opening and {@link #snapshot()} allocate. Not thread safe; open one per thread. Close it before the
 * writer recreates the file, or it keeps reading the old (deleted) file.
 */
public final class CountersFile implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final CountersReader reader;
    private final long writerPid;
    private final long startTimestampMs;
    private boolean closed;

    private CountersFile(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        if (all.capacity() < CountersFileDescriptor.HEADER_LENGTH)
        {
            throw new IllegalStateException("counters file " + file + " is too short (" + all.capacity() +
                " octets) to hold the " + CountersFileDescriptor.HEADER_LENGTH + "-octet header");
        }
        final int magic = all.getInt(CountersFileDescriptor.MAGIC_OFFSET);
        final int version = all.getIntVolatile(CountersFileDescriptor.VERSION_OFFSET);
        if (version == 0)
        {
            throw new IllegalStateException("counters file " + file + " is still being created; retry");
        }
        if (magic != CountersFileDescriptor.MAGIC)
        {
            throw new IllegalStateException("counters file " + file + " is not an ipv8-router counters file (magic 0x" +
                Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(CountersFileDescriptor.MAGIC) + ")");
        }
        if (version != CountersFileDescriptor.VERSION)
        {
            throw new IllegalStateException("counters file " + file + " has layout version " + version +
                ", this tool reads version " + CountersFileDescriptor.VERSION);
        }
        final int metadataLength = all.getInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET);
        final int valuesLength = all.getInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET);
        final long needed = (long)CountersFileDescriptor.HEADER_LENGTH + metadataLength + valuesLength;
        if (metadataLength <= 0 || valuesLength <= 0 || needed > all.capacity())
        {
            throw new IllegalStateException("counters file " + file + " is corrupt: header says metadata " +
                metadataLength + " + values " + valuesLength + " octets, file has " + all.capacity());
        }
        this.writerPid = all.getLong(CountersFileDescriptor.PID_OFFSET);
        this.startTimestampMs = all.getLong(CountersFileDescriptor.START_TIMESTAMP_OFFSET);
        this.reader = new CountersReader(
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH + metadataLength, valuesLength));
    }

    /**
     * Maps an existing counters file read-only.
     *
     * @param file path of the counters file.
     * @return the open file.
     * @throws IllegalStateException with the path and the problem if it is missing, still being created,
     *                               not a counters file or of another layout version.
     */
    public static CountersFile open(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalStateException("counters file " + file + " does not exist (is the router running, " +
                "and is this its instance name?)");
        }
        final File f = file.toFile();
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(f, FileChannel.MapMode.READ_ONLY, "counters file");
        try
        {
            return new CountersFile(file, mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /** @return the path of the file. */
    public Path file()
    {
        return file;
    }

    /** @return the process id of the writer that created the file. */
    public long writerPid()
    {
        return writerPid;
    }

    /** @return when the writer created the file, ms since the epoch. */
    public long startTimestampMs()
    {
        return startTimestampMs;
    }

    /** @return true if the writing process still runs (as seen from this host). */
    public boolean isWriterAlive()
    {
        return ProcessHandle.of(writerPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** @return Agrona's reader over the mapped buffers, for custom scans. */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * Reads every allocated counter: id, type, key, label and value at about the same instant.
     *
     * @return the snapshot, in counter id order.
     */
    public CountersSnapshot snapshot()
    {
        checkOpen();
        final List<CountersSnapshot.Counter> list = new ArrayList<>();
        reader.forEach((CountersReader.MetaData)(counterId, typeId, keyBuffer, label) ->
            list.add(new CountersSnapshot.Counter(
                counterId, typeId, keyBuffer.getInt(0), label, reader.getCounterValue(counterId))));
        return new CountersSnapshot(list);
    }

    /** Unmaps the file. Idempotent. */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Prints every counter of a counters file: {@code CountersFile <path>} or {@code CountersFile --instance
     * <name>}.
     *
     * @param args the path of the file, or {@code --instance} and an instance name.
     */
    public static void main(final String[] args)
    {
        final Path path;
        if (args.length == 2 && "--instance".equals(args[0]))
        {
            path = DataplaneCounters.defaultFile(args[1]);
        }
        else if (args.length == 1)
        {
            path = Path.of(args[0]);
        }
        else
        {
            System.err.println("usage: CountersFile <counters.dat> | --instance <name>");
            System.exit(2);
            return;
        }
        try (CountersFile countersFile = open(path))
        {
            System.out.print(countersFile.snapshot().format());
        }
        catch (final IllegalStateException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(1);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("counters file " + file + " already closed");
        }
    }
}
