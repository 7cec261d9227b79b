package org.ipv8router.testbed.host;

import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.host.link.RawEthernetSocket;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.pcap.PcapWriter;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces and veth pairs for one test class, with unique names ({@code h8<id><role>}), removed again
 * by {@link #close()} (deleting a namespace deletes its veth ends). {@link #requireRoot()} skips loudly where the
 * environment cannot run them (not root, no {@code ip}).
 */
final class NetnsLab implements AutoCloseable
{
    private final String id = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Capture> captures = new ArrayList<>();

    static void requireRoot()
    {
        final String uid = effectiveUid();
        Assumptions.assumeTrue("0".equals(uid), "SKIPPED: namespace tests need root (ip netns, veth, AF_PACKET); " +
            "effective uid is " + uid);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")) ||
            Files.isExecutable(Path.of("/usr/bin/ip")), "SKIPPED: iproute2 'ip' not installed");
    }

    /** Effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    private static String effectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Uid:"))
                {
                    return line.substring(4).trim().split("\\s+")[1];
                }
            }
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
        return "unknown";
    }

    /** Creates namespace {@code h8<id><role>} with lo up and IPv6 off (keeps captures free of ND noise). */
    String namespace(final String role) throws IOException
    {
        final String name = "h8" + id + role;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        run("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        run("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        return name;
    }

    /** A veth pair {@code ifA}@{@code nsA} -- {@code ifB}@{@code nsB}, both up. */
    void veth(final String nsA, final String ifA, final String nsB, final String ifB) throws IOException
    {
        run("ip", "link", "add", ifA + id, "type", "veth", "peer", "name", ifB + id);
        run("ip", "link", "set", ifA + id, "netns", nsA, "name", ifA);
        run("ip", "link", "set", ifB + id, "netns", nsB, "name", ifB);
        run("ip", "-n", nsA, "link", "set", ifA, "up");
        run("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** Runs a command, failing with its output when it exits non-zero; returns stdout+stderr. */
    static String run(final String... command) throws IOException
    {
        final Result result = exec(30, command);
        if (result.exitCode != 0)
        {
            throw new IOException("'" + String.join(" ", command) + "' exited " + result.exitCode + ": " + result.output);
        }
        return result.output;
    }

    record Result(int exitCode, String output)
    {
    }

    static Result exec(final int timeoutSeconds, final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish in " + timeoutSeconds + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts capturing frames received on {@code iface} in {@code ns} (incoming only unless {@code outgoing}). */
    Capture capture(final String ns, final String iface) throws IOException
    {
        final RawEthernetSocket socket = NetworkNamespace.open(ns, () -> RawEthernetSocket.open(iface, true));
        final Capture capture = new Capture(socket);
        captures.add(capture);
        return capture;
    }

    /** Frames received by one interface, kept in memory and optionally written to a pcap file. */
    static final class Capture implements AutoCloseable
    {
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        final List<byte[]> all = new CopyOnWriteArrayList<>();
        private final List<Long> allAtNanos = new CopyOnWriteArrayList<>();
        private final RawEthernetSocket socket;
        private final Thread thread;
        private volatile boolean running = true;

        private Capture(final RawEthernetSocket socket)
        {
            this.socket = socket;
            thread = Thread.ofPlatform().daemon().name("capture-" + socket.name()).start(this::loop);
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
                        allAtNanos.add(System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L);
                        all.add(frame);
                        if (!socket.lastFrameOutgoing())
                        {
                            received.add(frame);
                        }
                    }
                }
                catch (final IOException ex)
                {
                    return;
                }
            }
        }

        /** Writes every frame seen (both directions) to {@code file}. */
        void writePcap(final Path file) throws IOException
        {
            Files.createDirectories(file.getParent());
            try (PcapWriter writer = PcapWriter.create(file))
            {
                for (int i = 0; i < all.size(); i++)
                {
                    writer.write(all.get(i), allAtNanos.get(i));
                }
            }
        }

        @Override
        public void close()
        {
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

    @Override
    public void close()
    {
        for (final Capture capture : captures)
        {
            capture.close();
        }
        for (final String ns : namespaces.reversed())
        {
            try
            {
                exec(10, "ip", "netns", "del", ns);
            }
            catch (final IOException ex)
            {
                System.err.println("WARNING: could not delete network namespace " + ns + ": " + ex.getMessage());
            }
        }
    }
}
