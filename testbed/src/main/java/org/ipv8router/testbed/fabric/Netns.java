package org.ipv8router.testbed.fabric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Commands for the fabric: {@code ip netns}, veth pairs, bridges, sysctls, run with a timeout and failing with the
 * command's own output. Also says why the fabric cannot run here ({@link #unavailableReason()}), so tests can skip
 * loudly and the demo can fall back.
 */
public final class Netns
{
    private Netns()
    {
    }

    /** Exit code and combined stdout+stderr of a finished command. */
    public record Result(int exitCode, String output)
    {
    }

    /**
     * Why the fabric cannot run on this machine (not root, no {@code ip}, no {@code ethtool}, no DPDK shim), or
     * null when it can.
     */
    public static String unavailableReason()
    {
        final String uid = effectiveUid();
        if (!"0".equals(uid))
        {
            return "the fabric needs root (ip netns, veth, AF_PACKET, DPDK); effective uid is " + uid;
        }
        if (which("ip") == null)
        {
            return "iproute2 'ip' is not installed";
        }
        if (which("ethtool") == null)
        {
            return "'ethtool' is not installed (veth checksum offload must be turned off for AF_PACKET peers)";
        }
        if (!Files.isDirectory(Path.of("/usr/lib/x86_64-linux-gnu/dpdk")) && which("dpdk-testpmd") == null)
        {
            return "DPDK is not installed (the routers run on DPDK net_af_packet): apt-get install dpdk";
        }
        return null;
    }

    /** The full path of {@code program} in the usual sbin/bin directories, or null. */
    public static Path which(final String program)
    {
        for (final String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin"))
        {
            final Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /** Effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    public static String effectiveUid()
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

    /** Runs a command, failing with its output when it exits non-zero; returns stdout+stderr. */
    public static String run(final String... command) throws IOException
    {
        final Result result = exec(30, command);
        if (result.exitCode() != 0)
        {
            throw new IOException("'" + String.join(" ", command) + "' exited " + result.exitCode() + ": " +
                result.output().strip());
        }
        return result.output();
    }

    /** Runs {@code command} inside namespace {@code ns} ({@code ip netns exec}). */
    public static String runIn(final String ns, final String... command) throws IOException
    {
        final String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        return run(full);
    }

    /** Runs a command with a timeout; never throws for a non-zero exit. */
    public static Result exec(final int timeoutSeconds, final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            // Read while waiting: a chatty command must not block on a full pipe.
            final byte[][] out = new byte[1][];
            final Thread reader = Thread.ofPlatform().daemon().start(() ->
            {
                try
                {
                    out[0] = process.getInputStream().readAllBytes();
                }
                catch (final IOException ex)
                {
                    out[0] = ("(output unreadable: " + ex.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish in " + timeoutSeconds + " s");
            }
            reader.join(2_000);
            return new Result(process.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + String.join(" ", command) + "'", ex);
        }
    }

    /** Creates namespace {@code name} with lo up and IPv6 off (keeps captures free of ND noise). */
    public static void addNamespace(final String name) throws IOException
    {
        run("ip", "netns", "add", name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        runIn(name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        runIn(name, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
    }

    /** Deletes a namespace (its veth ends go with it); a missing one is not an error. */
    public static void deleteNamespace(final String name)
    {
        try
        {
            if (Files.exists(Path.of("/var/run/netns", name)))
            {
                final Result result = exec(15, "ip", "netns", "del", name);
                if (result.exitCode() != 0)
                {
                    System.err.println("WARNING: could not delete network namespace " + name + ": " + result.output());
                }
            }
        }
        catch (final IOException ex)
        {
            System.err.println("WARNING: could not delete network namespace " + name + ": " + ex.getMessage());
        }
    }

    /**
     * A veth pair {@code ifA}@{@code nsA} -- {@code ifB}@{@code nsB}, both up, with checksum offload off on both
     * ends: AF_PACKET readers (DPDK net_af_packet, the Java host stack) see the frame as the kernel left it, and a
     * partial checksum would look corrupt to them. {@code tmpTag} makes the names unique while both ends are still
     * in the caller's namespace.
     */
    public static void veth(final String tmpTag, final String nsA, final String ifA, final String nsB, final String ifB)
        throws IOException
    {
        final String a = tmp(tmpTag + "a");
        final String b = tmp(tmpTag + "b");
        run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        run("ip", "link", "set", a, "netns", nsA, "name", ifA);
        run("ip", "link", "set", b, "netns", nsB, "name", ifB);
        for (final String[] end : new String[][]{{nsA, ifA}, {nsB, ifB}})
        {
            runIn(end[0], "ethtool", "-K", end[1], "tx", "off", "rx", "off");
            run("ip", "-n", end[0], "link", "set", end[1], "up");
        }
    }

    /** A Linux bridge {@code name} in {@code ns}, up, forwarding any EtherType (IPv8 0x8080 included). */
    public static void bridge(final String ns, final String name) throws IOException
    {
        run("ip", "-n", ns, "link", "add", name, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        run("ip", "-n", ns, "link", "set", name, "type", "bridge", "ageing_time", "30000");
        run("ip", "-n", ns, "link", "set", name, "up");
    }

    /** Puts {@code iface} (in {@code ns}) into bridge {@code bridge}. */
    public static void enslave(final String ns, final String iface, final String bridge) throws IOException
    {
        run("ip", "-n", ns, "link", "set", iface, "master", bridge);
    }

    private static String tmp(final String tag)
    {
        // Interface names are at most 15 characters.
        final String name = "f8" + tag;
        return name.length() <= 15 ? name : name.substring(name.length() - 15);
    }
}
