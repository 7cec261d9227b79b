package org.ipv8router.dpdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces and veth pairs for one test, with names unique to this JVM and test ({@code <prefix><pid>x<n>}
 * plus a suffix, at most 15 characters), all removed again by {@link #close()} (also after failures). Needs root,
 * iproute2 and ethtool; skips loudly otherwise ({@link #requireTun()} adds /dev/net/tun for tests with a TAP).
 * <p>
 * Shared with other modules' tests through native-shim's test-jar (router-cli's daemon namespace test).
 */
public final class NetNamespaces implements AutoCloseable
{
    public static final String PYTHON = "/usr/bin/python3"; // Debian's, which sees python3-scapy (pitfall 13)
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String tag;
    private final Deque<String[]> cleanup = new ArrayDeque<>();

    /** Names start with "i8" (native-shim's own tests). */
    public NetNamespaces()
    {
        this("i8");
    }

    /** Names start with prefix (two characters keep room for suffixes), so each module's tests stay apart. */
    public NetNamespaces(final String prefix)
    {
        if (!"0".equals(run(false, "id", "-u").trim()))
        {
            skip("network namespace tests need root");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip")) &&
            !Files.isExecutable(Path.of("/usr/bin/ip")))
        {
            skip("iproute2 (ip) is not installed: apt-get install -y iproute2");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ethtool")) && !Files.isExecutable(Path.of("/sbin/ethtool")))
        {
            skip("ethtool is not installed (needed to turn veth checksum offload off): apt-get install -y ethtool");
        }
        this.tag = prefix + (ProcessHandle.current().pid() % 10_000) + "x" + COUNTER.incrementAndGet();
    }

    /** Aborts the calling test, loudly on stderr and as a JUnit assumption with the reason. */
    public static void skip(final String reason)
    {
        System.err.println("[namespace-tests] SKIPPED, NAMESPACE TEST NOT RUN: " + reason);
        Assumptions.abort(reason);
    }

    /** Skips the calling test (loudly) when /dev/net/tun is missing, so no TAP (exception path) can be created. */
    public static void requireTun()
    {
        if (!Files.exists(Path.of("/dev/net/tun")))
        {
            skip("/dev/net/tun is missing: the exception path's TAP cannot be created");
        }
    }

    /** The unique part of every name of this fixture (also usable as a DPDK file-prefix or instance name). */
    public String tag()
    {
        return tag;
    }

    /** A name unique to this JVM and fixture, at most 15 characters: tag + suffix. */
    public String name(final String suffix)
    {
        final String name = tag + suffix;
        if (name.length() > 15)
        {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        return name;
    }

    /** Creates namespace name(suffix) with loopback up. */
    public String namespace(final String suffix)
    {
        final String ns = name(suffix);
        run(true, "ip", "netns", "add", ns);
        cleanup.push(new String[]{"ip", "netns", "del", ns});
        run(true, "ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /**
     * A veth pair: inner end in namespace ns with the given address (null for none), outer end in the root
     * namespace, up, without IPv6 and ARP and with strict rp_filter, so the root kernel does not answer for
     * the router on it (net_af_packet still sees every frame).
     */
    public void veth(final String ns, final String inner, final String innerCidr, final String outer)
    {
        run(true, "ip", "link", "add", outer, "type", "veth", "peer", "name", inner, "netns", ns);
        cleanup.push(new String[]{"ip", "link", "del", outer});
        disableIpv6(outer);
        run(true, "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + inner + ".disable_ipv6=1");
        if (innerCidr != null)
        {
            run(true, "ip", "-n", ns, "address", "add", innerCidr, "dev", inner);
        }
        // veth leaves TCP/UDP checksums to "the hardware" (CHECKSUM_PARTIAL); net_af_packet would then hand
        // the router frames with unfinished checksums, which a TAP's kernel rightly drops.
        run(true, "ip", "netns", "exec", ns, "ethtool", "-K", inner, "tx", "off");
        run(true, "ip", "-n", ns, "link", "set", inner, "up");
        run(true, "ip", "link", "set", outer, "up");
        // Keep the root namespace's kernel from answering on the router's wire: no ARP, and strict reverse-path
        // filtering drops IPv4 whose source is reachable only through another interface (the TAP). tc ingress
        // drop would be cleaner, but this kernel has no tc classifiers.
        run(true, "ip", "link", "set", "dev", outer, "arp", "off");
        try
        {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", outer, "rp_filter"), "1");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot set rp_filter on " + outer + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A router's two wires: namespace A and namespace B, each joined to the root namespace by a veth pair without
     * addresses. The inner ends (ai, bi) sit in the namespaces; the outer ends (ao, bo) stay in the root namespace
     * for the router.
     */
    public record TwoWires(String nsA, String ai, String ao, String nsB, String bi, String bo)
    {
    }

    /** Creates the namespaces and veth pairs of {@link TwoWires} (suffixes a/b, ai/ao, bi/bo). */
    public TwoWires twoWires()
    {
        final TwoWires wires = new TwoWires(namespace("a"), name("ai"), name("ao"), namespace("b"), name("bi"),
            name("bo"));
        veth(wires.nsA(), wires.ai(), null, wires.ao());
        veth(wires.nsB(), wires.bi(), null, wires.bo());
        return wires;
    }

    /** Turns IPv6 off on a root-namespace interface (no router solicitations on the wire); no-op without IPv6. */
    public static void disableIpv6(final String ifName)
    {
        try
        {
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", ifName, "disable_ipv6"), "1");
        }
        catch (final IOException ignored)
        {
            // no IPv6 in this kernel: nothing to disable
        }
    }

    /** MAC address of an interface in a namespace, as a long. */
    public long mac(final String ns, final String ifName)
    {
        final String text = run(true, "ip", "netns", "exec", ns, "cat", "/sys/class/net/" + ifName + "/address").trim();
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /** Starts /usr/bin/python3 -c script args... inside namespace ns, output to files in dir. */
    public Process python(final String ns, final Path dir, final String name, final String script, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, PYTHON, "-u", "-c", script));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    }

    /** Runs a command (20 s at most) and returns its output; with check, a non-zero exit throws with the output. */
    public static String run(final boolean check, final String... command)
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
                throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": " +
                    out);
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
                System.err.println("[namespace-tests] cleanup failed: " + ex.getMessage());
            }
        }
    }
}
