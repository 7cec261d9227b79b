package org.ipv8router.bgp8.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real routing daemon started by the test with its own config, control socket and pid/log files in a
 * temporary directory, on a loopback address. Always stopped and cleaned up by {@link #close()}.
 */
final class Daemon implements AutoCloseable
{
    final Path dir;
    private final List<String> command;
    private Process process;

    Daemon(final String name, final List<String> command) throws IOException
    {
        this.dir = Files.createTempDirectory("ipv8-" + name);
        this.command = new ArrayList<>(command);
    }

    static boolean installed(final String binary)
    {
        for (final String d : new String[] {"/usr/sbin/", "/usr/bin/", "/usr/local/bin/", "/usr/lib/frr/"})
        {
            if (Files.isExecutable(Path.of(d + binary)))
            {
                return true;
            }
        }
        return false;
    }

    /** A free TCP port on the given loopback address. */
    static int freePort(final String ip)
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip)))
        {
            return s.getLocalPort();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    Path write(final String file, final String content) throws IOException
    {
        final Path p = dir.resolve(file);
        Files.writeString(p, content);
        return p;
    }

    void start() throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        for (final String c : command)
        {
            cmd.add(c.replace("${dir}", dir.toString()));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    }

    long pid()
    {
        return process.pid();
    }

    boolean alive()
    {
        return process != null && process.isAlive();
    }

    void signal(final String sig) throws IOException, InterruptedException
    {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until something accepts TCP connections at ip:port. */
    static boolean awaitListening(final String ip, final int port, final long timeoutMs)
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end)
        {
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress(ip, port), 200);
                return true;
            }
            catch (final IOException e)
            {
                try
                {
                    Thread.sleep(100);
                }
                catch (final InterruptedException ie)
                {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Runs a CLI command and returns its output (stdout + stderr). */
    static String run(final String... cmd)
    {
        try
        {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    String log(final String file)
    {
        try
        {
            return Files.readString(dir.resolve(file));
        }
        catch (final IOException e)
        {
            return "(no " + file + ")";
        }
    }

    @Override
    public void close() throws Exception
    {
        stop();
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
