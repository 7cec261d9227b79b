package org.ipv8router.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace with a veth pair into the root namespace for the daemon's {@code port dpdk net_af_packet}
 * tests: names unique to this JVM ({@code d8<pid>x<n>...}, at most 15 characters), all removed by
 * {@link #close()}. Skips loudly without root, iproute2 or ethtool. The root end carries no address, no ARP and
 * strict rp_filter, so only the router (DPDK reading the veth) and its TAP answer on that wire.
 */
final class NamespaceFixture implements AutoCloseable
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String tag;
    private final Deque<String[]> cleanup = new ArrayDeque<>();

    NamespaceFixture()
    {
        if (!"0".equals(run(false, "id", "-u").trim()))
        {
            skip("network namespace tests need root");
        }
        for (final String tool : new String[] {"/usr/sbin/ip", "/usr/sbin/ethtool"})
        {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr", ""))))
            {
                skip(tool + " is not installed: apt-get install -y iproute2 ethtool");
            }
        }
        if (!Files.exists(Path.of("/dev/net/tun")))
        {
            skip("/dev/net/tun is missing: the exception path's TAP cannot be created");
        }
        tag = "d8" + (ProcessHandle.current().pid() % 10_000) + "x" + COUNTER.incrementAndGet();
    }

    static void skip(final String reason)
    {
        System.err.println("[daemon-namespace-tests] SKIPPED, NAMESPACE TEST NOT RUN: " + reason);
        Assumptions.abort(reason);
    }

    /** tag + suffix, checked to fit a kernel interface name. */
    String name(final String suffix)
    {
        final String name = tag + suffix;
        if (name.length() > 15)
        {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        return name;
    }

    /** Namespace name("n") with loopback up. */
    String namespace()
    {
        final String ns = name("n");
        run(true, "ip", "netns", "add", ns);
        cleanup.push(new String[] {"ip", "netns", "del", ns});
        run(true, "ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** veth: inner end (with innerCidr) in ns, outer end in the root namespace, both up. */
    void veth(final String ns, final String inner, final String innerCidr, final String outer)
    {
        run(true, "ip", "link", "add", outer, "type", "veth", "peer", "name", inner, "netns", ns);
        cleanup.push(new String[] {"ip", "link", "del", outer});
        write("/proc/sys/net/ipv6/conf/" + outer + "/disable_ipv6", "1");
        run(true, "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + inner + ".disable_ipv6=1");
        run(true, "ip", "-n", ns, "address", "add", innerCidr, "dev", inner);
        // veth leaves checksums to "hardware"; net_af_packet would hand the TAP's kernel unfinished ones.
        run(true, "ip", "netns", "exec", ns, "ethtool", "-K", inner, "tx", "off");
        run(true, "ip", "-n", ns, "link", "set", inner, "up");
        run(true, "ip", "link", "set", outer, "up");
        run(true, "ip", "link", "set", "dev", outer, "arp", "off");
        write("/proc/sys/net/ipv4/conf/" + outer + "/rp_filter", "1");
    }

    private static void write(final String file, final String value)
    {
        try
        {
            Files.writeString(Path.of(file), value);
        }
        catch (final IOException ignored)
        {
            // no such knob in this kernel
        }
    }

    static String run(final boolean check, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            if (check && process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + out);
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Removes everything created, newest first; never throws. */
    @Override
    public void close()
    {
        while (!cleanup.isEmpty())
        {
            final String[] command = cleanup.pop();
            try
            {
                run(false, command);
            }
            catch (final RuntimeException ex)
            {
                System.err.println("[daemon-namespace-tests] cleanup failed: " + ex.getMessage());
            }
        }
    }
}
