package org.ipv8router.dataplane.counters;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The dataplane's counters: an Agrona {@link CountersManager} over a memory-mapped file (layout in
 * {@link CountersFileDescriptor}) that other processes read without locks through {@link CountersFile}.
 * <p>
 * <b>Allocation</b> ({@code newCounter}, {@code newPortCounters}, {@code newNodeCounters},
 * {@link DropReasons#register}) is cold path, synchronized, and should happen before the forwarding agents start;
 * the agents then hold the resulting {@link AtomicCounter}s and never look counters up by name.
 * <p>
 * <b>Writers.</b> Port and node counters have a single writer thread each and are bumped with release
 * ("ordered") stores: plain add, no lock prefix. Drop reason counters may be shared by several agents and use an
 * atomic add, once per vector per reason (see the drop node).
 * <p>
 * <b>Lifetime.</b> {@link #close()} unmaps the file (and deletes it if asked); counters must not be used after.
 */
public final class DataplaneCounters implements AutoCloseable
{
    /** Counters a file holds unless configured otherwise: 1024 (128 KiB values, 512 KiB metadata). */
    public static final int DEFAULT_MAX_COUNTERS = 1024;

    private final Path file;
    private final ByteBuffer mapped;
    private final CountersManager manager;
    private final DropReasons dropReasons;
    private final boolean deleteOnClose;
    private boolean closed;

    private DataplaneCounters(final Path file, final ByteBuffer mapped, final boolean deleteOnClose)
    {
        this.file = file;
        this.mapped = mapped;
        this.deleteOnClose = deleteOnClose;
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        final int metadataLength = all.getInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET);
        final int valuesLength = all.getInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET);
        final AtomicBuffer metadata = new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH, metadataLength);
        final AtomicBuffer values =
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = new CountersManager(metadata, values);
        this.dropReasons = new DropReasons(this);
    }

    /**
     * Default counters file of a router instance: {@code /dev/shm/ipv8-router-<instance>/counters.dat}, or under
     * {@code java.io.tmpdir} where there is no {@code /dev/shm}.
     *
     * @param instance name of the router instance.
     * @return the path.
     */
    public static Path defaultFile(final String instance)
    {
        final Path shm = Path.of("/dev/shm");
        final Path root = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return root.resolve("ipv8-router-" + instance).resolve(CountersFileDescriptor.FILE_NAME);
    }

    /**
     * Creates (replacing any stale file) and maps a counters file. A file whose writer process is still alive
     * (another router with the same instance name) is not replaced.
     *
     * @param file          path of the file; parent directories are created.
     * @param maxCounters   number of counters it can hold.
     * @param deleteOnClose delete the file in {@link #close()}.
     * @return the counters.
     * @throws IllegalStateException naming the file and process if a live process owns the file.
     */
    public static DataplaneCounters create(final Path file, final int maxCounters, final boolean deleteOnClose)
    {
        checkMaxCounters(maxCounters);
        final File f = file.toFile();
        final File parent = f.getAbsoluteFile().getParentFile();
        if (parent != null)
        {
            IoUtil.ensureDirectoryExists(parent, "counters directory");
        }
        checkNotOwnedByLiveProcess(file);
        IoUtil.deleteIfExists(f);
        final MappedByteBuffer mapped = IoUtil.mapNewFile(f, CountersFileDescriptor.fileLength(maxCounters), true);
        writeHeader(new UnsafeBuffer(mapped), maxCounters);
        return new DataplaneCounters(file, mapped, deleteOnClose);
    }

    /**
     * Counters in process memory only (tests, embedded use without a counters file).
     *
     * @param maxCounters number of counters it can hold.
     * @return the counters.
     */
    public static DataplaneCounters inMemory(final int maxCounters)
    {
        checkMaxCounters(maxCounters);
        final ByteBuffer buffer =
            BufferUtil.allocateDirectAligned((int)CountersFileDescriptor.fileLength(maxCounters), 4096);
        writeHeader(new UnsafeBuffer(buffer), maxCounters);
        return new DataplaneCounters(null, buffer, false);
    }

    /** @return the counters file, or null for {@link #inMemory(int)} counters. */
    public Path file()
    {
        return file;
    }

    /** @return the drop reason registry backed by these counters. */
    public DropReasons dropReasons()
    {
        return dropReasons;
    }

    /** @return a reader over these counters for in-process use (same buffers, no copy). */
    public CountersReader reader()
    {
        return manager;
    }

    /**
     * Allocates a counter.
     *
     * @param typeId a {@link CounterTypes} value.
     * @param key    port index, node index or reason code, stored as the 4-octet key.
     * @param label  human-readable label, at most {@link CountersReader#MAX_LABEL_LENGTH} octets.
     * @return the counter.
     * @throws IllegalStateException naming the label when the file is full.
     */
    public synchronized AtomicCounter newCounter(final int typeId, final int key, final String label)
    {
        checkOpen();
        try
        {
            return manager.newCounter(label, typeId, keyBuffer -> keyBuffer.putInt(0, key));
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalStateException("counters" + (file != null ? " file " + file : "") +
                " is full (capacity " + manager.capacity() + "): cannot allocate '" + label +
                "'; raise the maximum number of counters", ex);
        }
    }

    /**
     * Allocates the six counters of a port.
     *
     * @param portIndex index of the port.
     * @param portName  name of the port.
     * @return the port counters.
     */
    public PortCounters newPortCounters(final int portIndex, final String portName)
    {
        return new PortCounters(
            newCounter(CounterTypes.PORT_RX_PACKETS, portIndex, "port " + portName + " rx-packets"),
            newCounter(CounterTypes.PORT_RX_BYTES, portIndex, "port " + portName + " rx-bytes"),
            newCounter(CounterTypes.PORT_RX_DROPS, portIndex, "port " + portName + " rx-drops"),
            newCounter(CounterTypes.PORT_TX_PACKETS, portIndex, "port " + portName + " tx-packets"),
            newCounter(CounterTypes.PORT_TX_BYTES, portIndex, "port " + portName + " tx-bytes"),
            newCounter(CounterTypes.PORT_TX_DROPS, portIndex, "port " + portName + " tx-drops"));
    }

    /**
     * Allocates the counters of a graph node.
     *
     * @param graphName name of the graph (one per forwarding agent).
     * @param nodeIndex index of the node in its graph.
     * @param nodeName  name of the node.
     * @return the node counters.
     */
    public NodeCounters newNodeCounters(final String graphName, final int nodeIndex, final String nodeName)
    {
        return new NodeCounters(
            newCounter(CounterTypes.NODE_VECTORS, nodeIndex, "node " + nodeName + " vectors (graph " + graphName + ")"),
            newCounter(CounterTypes.NODE_PACKETS, nodeIndex, "node " + nodeName + " packets (graph " + graphName + ")"));
    }

    /**
     * Frees a counter's slot (for ports or graphs that go away while the router runs).
     *
     * @param counter to free; closed as well.
     */
    public synchronized void free(final AtomicCounter counter)
    {
        counter.close();
    }

    /** @return true once {@link #close()} has been called. */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Unmaps the file and deletes it if so configured. Stop every writer first.
     */
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            if (file != null)
            {
                IoUtil.unmap(mapped);
            }
            if (deleteOnClose && file != null)
            {
                IoUtil.deleteIfExists(file.toFile());
            }
        }
    }

    public String toString()
    {
        return "DataplaneCounters{file=" + file + ", capacity=" + manager.capacity() + '}';
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("counters" + (file != null ? " file " + file : "") + " already closed");
        }
    }

    private static void checkNotOwnedByLiveProcess(final Path file)
    {
        if (!Files.exists(file))
        {
            return;
        }
        long pid = -1;
        boolean alive = false;
        try (CountersFile existing = CountersFile.open(file))
        {
            pid = existing.writerPid();
            alive = existing.isWriterAlive();
        }
        catch (final RuntimeException ex)
        {
            return; // unreadable or half-written: stale, replace it
        }
        if (alive && pid != ProcessHandle.current().pid())
        {
            throw new IllegalStateException("counters file " + file + " belongs to running process " + pid +
                "; is another router running with the same instance name?");
        }
    }

    private static void checkMaxCounters(final int maxCounters)
    {
        if (maxCounters < 16 || maxCounters > 1 << 20)
        {
            throw new IllegalArgumentException("maximum number of counters must be in [16, 1048576], got " + maxCounters);
        }
    }

    private static void writeHeader(final UnsafeBuffer header, final int maxCounters)
    {
        header.putInt(CountersFileDescriptor.MAGIC_OFFSET, CountersFileDescriptor.MAGIC);
        header.putInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET, CountersFileDescriptor.metadataLength(maxCounters));
        header.putInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET, CountersFileDescriptor.valuesLength(maxCounters));
        header.putLong(CountersFileDescriptor.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(CountersFileDescriptor.START_TIMESTAMP_OFFSET, System.currentTimeMillis());
        // Version last: a reader that sees it also sees the rest of the header.
        header.putIntRelease(CountersFileDescriptor.VERSION_OFFSET, CountersFileDescriptor.VERSION);
    }
}
