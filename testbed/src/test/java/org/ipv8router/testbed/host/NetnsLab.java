package org.ipv8router.testbed.host;

import org.ipv8router.testbed.fabric.LinkCapture;
import org.ipv8router.testbed.fabric.Netns;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

    private static String effectiveUid()
    {
        return Netns.effectiveUid();
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

    /** Runs a command, failing with its output when it exits non-zero; returns stdout+stderr ({@link Netns#run}). */
    static String run(final String... command) throws IOException
    {
        return Netns.run(command);
    }

    record Result(int exitCode, String output)
    {
    }

    static Result exec(final int timeoutSeconds, final String... command) throws IOException
    {
        final Netns.Result result = Netns.exec(timeoutSeconds, command);
        return new Result(result.exitCode(), result.output());
    }

    /** Starts capturing frames on {@code iface} in {@code ns} (both directions; {@link Capture#received()} = incoming). */
    Capture capture(final String ns, final String iface) throws IOException
    {
        final Capture capture = new Capture(LinkCapture.start(iface + "@" + ns, ns, iface));
        captures.add(capture);
        return capture;
    }

    /** Frames seen by one interface: a {@link LinkCapture} with the test-friendly views these tests use. */
    static final class Capture implements AutoCloseable
    {
        private final LinkCapture capture;

        private Capture(final LinkCapture capture)
        {
            this.capture = capture;
        }

        /** Frames the interface received (not the ones it sent). */
        List<byte[]> received()
        {
            final List<byte[]> frames = new ArrayList<>();
            for (final LinkCapture.Frame f : capture.received())
            {
                frames.add(f.data());
            }
            return frames;
        }

        /** Writes every frame seen (both directions) to {@code file}. */
        void writePcap(final Path file) throws IOException
        {
            capture.writePcap(file, 65_535, Integer.MAX_VALUE);
        }

        @Override
        public void close()
        {
            capture.close();
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
