package org.ipv8router.dataplane.port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;

/**
 * An offline port: receives every frame of an input pcap file, in file order and with the file's timestamps,
 * and writes every transmitted frame to an output pcap file. Either file may be absent.
 * <p>
 * <b>End of input.</b> After the last input record {@link #isEndOfInput()} turns true (and stays true); a port
 * without an input file is at end of input from the start. An offline run stops when all its ports are.
 * If the pool runs dry the current record is kept and received on a later call, so a replay loses nothing.
 * A record longer than a pool buffer's room is counted as an rx drop and skipped.
 * <p>
 * <b>Errors.</b> A corrupt or truncated input file ends input at the bad record and {@code receive} throws an
 * {@link UncheckedIOException} wrapping the {@link org.ipv8router.pcap.PcapFormatException} (which names file and
 * record) once; a write error frees the burst, counts it as tx drops and throws likewise.
 * <p>
 * <b>Transmit timestamps.</b> A packet's receive timestamp if it has one, else the wall clock at transmit, so a
 * pcap-in/pcap-out run keeps the input's timing.
 * <p>
 * <b>Threading.</b> As {@link Port}. Receive allocates nothing per packet; {@link #close()} flushes the output.
 */
public final class PcapPort implements Port
{
    private final String name;
    private final int index;
    private final PacketPool pool;
    private final PcapReader reader;
    private final PcapWriter writer;
    private final PortCounters counters;
    private final long macAddress;
    private final int mtu;
    private final int maxFrameLength;
    private final UnsafeBuffer copyBuffer = new UnsafeBuffer(0, 0);
    private boolean haveRecord;
    private volatile boolean endOfInput;

    private PcapPort(
        final String name,
        final int index,
        final PacketPool pool,
        final PcapReader reader,
        final PcapWriter writer,
        final PortCounters counters,
        final long macAddress,
        final int mtu)
    {
        this.name = name;
        this.index = index;
        this.pool = pool;
        this.reader = reader;
        this.writer = writer;
        this.counters = counters;
        this.macAddress = macAddress;
        this.mtu = mtu;
        this.maxFrameLength = pool.bufferLength() - pool.headroom();
        this.endOfInput = reader == null;
    }

    /**
     * Opens the files of a pcap port.
     *
     * @param name     port name.
     * @param index    port index.
     * @param pool     pool input frames are read into.
     * @param input    pcap file to receive from, or null.
     * @param output   pcap file to transmit into (created or truncated), or null to drop transmitted packets.
     * @param counters port counters.
     * @return the port.
     * @throws IOException if a file cannot be opened or the input is not a supported pcap file.
     */
    public static PcapPort open(
        final String name,
        final int index,
        final PacketPool pool,
        final Path input,
        final Path output,
        final PortCounters counters) throws IOException
    {
        final PcapReader reader = input == null ? null : PcapReader.open(input);
        PcapWriter writer = null;
        try
        {
            writer = output == null ? null : PcapWriter.create(output);
        }
        catch (final IOException ex)
        {
            if (reader != null)
            {
                reader.close();
            }
            throw ex;
        }
        return new PcapPort(name, index, pool, reader, writer, counters, MacAddress.local(index), DEFAULT_MTU);
    }

    /** {@inheritDoc} */
    public String name()
    {
        return name;
    }

    /** {@inheritDoc} */
    public int index()
    {
        return index;
    }

    /** {@inheritDoc} */
    public int receive(final PacketVector into)
    {
        if (endOfInput)
        {
            return 0;
        }
        int received = 0;
        long bytes = 0;
        int drops = 0;
        try
        {
            while (into.remaining() > 0)
            {
                if (!haveRecord)
                {
                    if (!reader.next())
                    {
                        endOfInput = true;
                        break;
                    }
                    haveRecord = true;
                }
                final int length = reader.capturedLength();
                if (length > maxFrameLength)
                {
                    drops++;
                    haveRecord = false;
                    continue;
                }
                final long handle = pool.alloc();
                if (handle == PacketPool.NULL_HANDLE)
                {
                    break; // keep the record for the next call: an offline replay must not lose frames
                }
                final int headroom = pool.headroom();
                copyBuffer.wrap(pool.bufferAddress(handle) + headroom, length);
                reader.copyRecord(copyBuffer, 0);
                final int i = into.add(pool, handle, headroom, length, index);
                into.timestamp(i, reader.timestampNanos());
                haveRecord = false;
                received++;
                bytes += length;
            }
        }
        catch (final IOException ex)
        {
            endOfInput = true;
            haveRecord = false;
            throw new UncheckedIOException("port " + name + ": input stopped: " + ex.getMessage(), ex);
        }
        finally
        {
            counters.onReceiveBurst(received, bytes, drops);
        }
        return received;
    }

    /** {@inheritDoc} */
    public int transmit(final PacketVector from)
    {
        int sent = 0;
        long bytes = 0;
        int dropped = 0;
        long now = 0;
        IOException failure = null;
        for (int i = 0, n = from.count(); i < n; i++)
        {
            if (from.isDetached(i))
            {
                continue;
            }
            if (writer == null || failure != null)
            {
                dropped++;
            }
            else
            {
                long timestamp = from.timestamp(i);
                if (timestamp == 0)
                {
                    if (now == 0)
                    {
                        now = System.currentTimeMillis() * 1_000_000L;
                    }
                    timestamp = now;
                }
                final int length = from.length(i);
                try
                {
                    writer.write(from.buffer(i), 0, length, timestamp);
                    sent++;
                    bytes += length;
                }
                catch (final IOException ex)
                {
                    failure = ex;
                    dropped++;
                }
            }
            from.free(i);
        }
        from.clear();
        counters.onTransmitBurst(sent, bytes, dropped);
        if (failure != null)
        {
            throw new UncheckedIOException("port " + name + ": cannot write " + writer.file() + ": " +
                failure.getMessage(), failure);
        }
        return sent;
    }

    /** {@inheritDoc} */
    public int mtu()
    {
        return mtu;
    }

    /** {@inheritDoc} */
    public long macAddress()
    {
        return macAddress;
    }

    /** A pcap port's link is always up. */
    public boolean isLinkUp()
    {
        return true;
    }

    /** {@inheritDoc} */
    public boolean isEndOfInput()
    {
        return endOfInput;
    }

    /** {@inheritDoc} */
    public PortCounters counters()
    {
        return counters;
    }

    /**
     * Flushes and closes the output file and closes the input file.
     *
     * @throws UncheckedIOException if flushing the output fails.
     */
    public void close()
    {
        IOException failure = null;
        if (reader != null)
        {
            try
            {
                reader.close();
            }
            catch (final IOException ex)
            {
                failure = ex;
            }
        }
        if (writer != null)
        {
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                failure = ex;
            }
        }
        endOfInput = true;
        if (failure != null)
        {
            throw new UncheckedIOException("port " + name + ": close failed: " + failure.getMessage(), failure);
        }
    }

    public String toString()
    {
        return "PcapPort{" + name + "#" + index + ", in=" + (reader == null ? "-" : reader.file()) +
            ", out=" + (writer == null ? "-" : writer.file()) + '}';
    }
}
