package org.ipv8router.testbed.fabric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.pcap.PcapWriter;
import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.host.link.RawEthernetSocket;

/**
 * A packet capture on one link of the fabric: an AF_PACKET socket (ETH_P_ALL) on an interface inside a namespace,
 * keeping every frame (both directions) in memory with its direction and time, until {@link #close()}. The
 * fabric's proofs ("never received a version-8 header", "no 127.x on the external link") are predicates over
 * these frames; {@link #writePcap} keeps the evidence small for the conformance report (snap length, frame cap).
 */
public final class LinkCapture implements AutoCloseable
{
    /** One captured frame. */
    public record Frame(byte[] data, boolean outgoing, long epochNanos)
    {
    }

    private final String label;
    private final RawEthernetSocket socket;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private LinkCapture(final String label, final RawEthernetSocket socket)
    {
        this.label = label;
        this.socket = socket;
        thread = Thread.ofPlatform().daemon().name("capture-" + label).start(this::loop);
    }

    /** Starts capturing on {@code iface} in namespace {@code ns}; {@code label} names it in messages. */
    public static LinkCapture start(final String label, final String ns, final String iface) throws IOException
    {
        final RawEthernetSocket socket = NetworkNamespace.open(ns, () -> RawEthernetSocket.open(iface, true));
        return new LinkCapture(label, socket);
    }

    public String label()
    {
        return label;
    }

    private void loop()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65_536]);
        while (running)
        {
            try
            {
                final int n = socket.receive(buffer, 0, buffer.capacity(), 50_000_000L);
                if (n < 0)
                {
                    return;
                }
                if (n > 0)
                {
                    final byte[] frame = new byte[n];
                    buffer.getBytes(0, frame);
                    final long now = epochNanos();
                    frames.add(new Frame(frame, socket.lastFrameOutgoing(), now));
                }
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    /** Wall-clock time in nanoseconds, the time base of {@link Frame#epochNanos()}. */
    public static long epochNanos()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Every frame so far, both directions. */
    public List<Frame> frames()
    {
        return List.copyOf(frames);
    }

    /** Frames this interface received (not the ones it sent). */
    public List<Frame> received()
    {
        final List<Frame> in = new ArrayList<>();
        for (final Frame f : frames)
        {
            if (!f.outgoing())
            {
                in.add(f);
            }
        }
        return in;
    }

    /** How many frames (both directions) match. */
    public long count(final Predicate<byte[]> test)
    {
        return frames.stream().filter(f -> test.test(f.data())).count();
    }

    /** Waits up to {@code timeoutMs} for at least {@code n} frames matching {@code test}; true if they came. */
    public boolean await(final Predicate<byte[]> test, final long n, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (count(test) < n)
        {
            if (System.currentTimeMillis() > deadline)
            {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Writes at most {@code maxFrames} frames, each cut to {@code snapLength} octets, to {@code file} (the small
     * pcap the conformance report refers to). Returns the number written.
     */
    public int writePcap(final Path file, final int snapLength, final int maxFrames) throws IOException
    {
        return writePcap(file, snapLength, maxFrames, Long.MIN_VALUE);
    }

    /** {@link #writePcap(Path, int, int)} starting with the first frame at or after {@code fromEpochNanos}. */
    public int writePcap(final Path file, final int snapLength, final int maxFrames, final long fromEpochNanos)
        throws IOException
    {
        if (file.getParent() != null)
        {
            Files.createDirectories(file.getParent());
        }
        int written = 0;
        try (PcapWriter writer = PcapWriter.create(file))
        {
            for (final Frame f : frames)
            {
                if (f.epochNanos() < fromEpochNanos)
                {
                    continue;
                }
                if (written == maxFrames)
                {
                    break;
                }
                final byte[] data = f.data().length > snapLength ? java.util.Arrays.copyOf(f.data(), snapLength) : f.data();
                writer.write(data, f.epochNanos());
                written++;
            }
        }
        return written;
    }

    /** Stops capturing; the frames stay readable. */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        socket.close();
        try
        {
            thread.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
