package org.ipv8router.testbed.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.dataplane.counters.CountersFile;
import org.ipv8router.dataplane.counters.CountersSnapshot;

/**
 * A real router daemon for end-to-end tests: this project's {@code ipv8 router --config FILE} in its own JVM,
 * optionally inside a network namespace, with its DPDK ports in their own DPDK process ({@code --file-prefix}). Tests
 * talk to it only the way an operator does: the config file, the log, the control socket ({@link #show},
 * {@link #showJson}, {@link #request}), the counters file and signals. Used by the two-ASN fabric and by the
 * gateway-pair daemon tests.
 * <pre>
 *  RouterDaemon even = new RouterDaemon("even", "h8abcev", workDir, RouterDaemon.jar().toString());
 *  even.start(configText, "h8abc-even", Duration.ofSeconds(90));   // returns once the control socket answers
 *  even.awaitLog("gateway-pair peer-up", Duration.ofSeconds(30));
 *  JsonNode pairs = even.showJson("gateway-pair");
 *  even.kill();                                                    // SIGKILL: a crash
 * </pre>
 * The classpath is either the shaded {@code router-cli/target/ipv8-router.jar} ({@link #jar()}) or a classpath
 * holding {@code org.ipv8router.cli.Main} and its dependencies (the fabric passes its own JVM's). The DPDK shim
 * is passed as {@code -Ddpdk.shim} when {@link #shim()} exists (a shaded jar cannot find it next to itself).
 */
public final class RouterDaemon implements AutoCloseable
{
    private final String name;
    private final String namespace;
    private final Path dir;
    private final Path configFile;
    private final Path controlSocket;
    private final Path logFile;
    private final Path countersFile;
    private final String classpath;
    private Process process;

    /**
     * @param name      short name ("r1"), names its files in {@code dir}.
     * @param namespace where the daemon runs (its veth ends are there), or null for this JVM's namespace.
     * @param dir       working directory for config, socket, log, counters.
     * @param classpath a classpath holding {@code org.ipv8router.cli.Main} and its dependencies ({@link #jar()}).
     */
    public RouterDaemon(final String name, final String namespace, final Path dir, final String classpath)
    {
        this.name = name;
        this.namespace = namespace;
        this.dir = dir;
        this.configFile = dir.resolve(name + ".conf");
        this.controlSocket = dir.resolve(name + ".sock");
        this.logFile = dir.resolve(name + ".log");
        this.countersFile = dir.resolve(name + ".counters");
        this.classpath = classpath;
    }

    /** @return where the shaded router jar is expected ({@code -Dipv8.router.jar}, else router-cli/target). */
    public static Path jar()
    {
        final String property = System.getProperty("ipv8.router.jar");
        return property != null ? Path.of(property) : sibling("router-cli/target/ipv8-router.jar");
    }

    /** @return where the DPDK shim is expected ({@code -Ddpdk.shim} or the native-shim module's target). */
    public static Path shim()
    {
        final String property = System.getProperty("dpdk.shim");
        return property != null ? Path.of(property) : sibling("native-shim/target/libipv8shim.so");
    }

    private static Path sibling(final String relative)
    {
        final Path here = Path.of("").toAbsolutePath();
        return (here.getParent() != null ? here.getParent() : here).resolve(relative);
    }

    public String name()
    {
        return name;
    }

    public String namespace()
    {
        return namespace;
    }

    public Path configFile()
    {
        return configFile;
    }

    public Path controlSocket()
    {
        return controlSocket;
    }

    public Path logFile()
    {
        return logFile;
    }

    /** The command line an operator would type to start this router (for the report). */
    public String commandLine()
    {
        return (namespace != null ? "ip netns exec " + namespace + " " : "") + "./ipv8 router --config " +
            configFile.getFileName() + " --control " + controlSocket.getFileName();
    }

    /**
     * Writes {@code config} and starts the daemon; returns once the control socket answers (the daemon logs
     * "daemon started" after every module, ports included, is up).
     *
     * @throws IOException with the daemon's log when it exits or does not come up within {@code timeout}.
     */
    public void start(final String config, final String filePrefix, final Duration timeout) throws IOException
    {
        launch(config, filePrefix);
        awaitStarted(timeout);
    }

    /**
     * Writes {@code config} and starts the daemon without waiting for it ({@link #awaitStarted}, {@link #awaitLog}):
     * for a test that must not stall while a router (re)starts, e.g. one that keeps a flow going meanwhile.
     */
    public void launch(final String config, final String filePrefix) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(configFile, config, StandardCharsets.UTF_8);
        Files.deleteIfExists(controlSocket);
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>();
        if (namespace != null)
        {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-D" + FILE_PREFIX_PROPERTY + "=" + filePrefix, "-Dipv8.dpdk.no-pci=true"));
        if (Files.isRegularFile(shim()))
        {
            command.add("-Ddpdk.shim=" + shim());
        }
        command.addAll(List.of("-cp", classpath, "org.ipv8router.cli.Main", "router", "--config", configFile.toString(),
            "--instance", "fabric-" + filePrefix, "--control", controlSocket.toString(),
            "--counters", countersFile.toString(), "--pid-file", dir.resolve(name + ".pid").toString(),
            "--log-file", logFile.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile())).start();
    }

    /**
     * Returns once the control socket answers and the daemon logged "daemon started" (after every module, ports
     * included, is up).
     *
     * @throws IOException with the daemon's log when it exits or does not come up within {@code timeout}.
     */
    public void awaitStarted(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IOException("router " + name + " exited with " + process.exitValue() + " while starting:\n" +
                    tail(40));
            }
            if (Files.exists(controlSocket))
            {
                try
                {
                    final ControlProtocol.Response version = request("show", List.of("version"));
                    if (version.ok() && logContains("daemon started"))
                    {
                        return;
                    }
                }
                catch (final IOException ignored)
                {
                    // Not listening yet.
                }
            }
            sleep(100);
        }
        throw new IOException("router " + name + " did not come up in " + timeout.toSeconds() + " s:\n" + tail(40));
    }

    /** The system property the daemon's DPDK port factory reads for {@code --file-prefix}. */
    public static final String FILE_PREFIX_PROPERTY = "ipv8.dpdk.file-prefix";

    private boolean logContains(final String text) throws IOException
    {
        return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
    }

    /** @return the daemon's log so far and its console output (empty before it started). */
    public String log() throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        for (final Path file : List.of(logFile, dir.resolve(name + ".out")))
        {
            if (Files.exists(file))
            {
                sb.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    /**
     * Waits until the log contains {@code text}.
     *
     * @throws IOException with the log's tail if the daemon exits or the time runs out.
     */
    public void awaitLog(final String text, final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text))
        {
            if (process == null || !process.isAlive())
            {
                throw new IOException("router " + name + " is not running (exit " +
                    (process == null ? "-" : String.valueOf(process.exitValue())) + ") and never logged '" + text +
                    "':\n" + tail(60));
            }
            if (System.nanoTime() > deadline)
            {
                throw new IOException("router " + name + ": no '" + text + "' in the log within " +
                    timeout.toSeconds() + " s:\n" + tail(60));
            }
            sleep(50);
        }
    }

    /** The last {@code lines} lines of the daemon's log and console output. */
    public String tail(final int lines)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Path file : List.of(logFile, dir.resolve(name + ".out")))
        {
            try
            {
                if (Files.exists(file))
                {
                    final List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                    sb.append("--- ").append(file).append('\n');
                    for (final String line : all.subList(Math.max(0, all.size() - lines), all.size()))
                    {
                        sb.append(line).append('\n');
                    }
                }
            }
            catch (final IOException ex)
            {
                sb.append("(cannot read ").append(file).append(": ").append(ex.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Sends one control request ({@code show route}: command "show", args ["route"]) asking for JSON data. */
    public ControlProtocol.Response request(final String command, final List<String> args) throws IOException
    {
        return request(command, args, true);
    }

    /** Sends one control request; {@code json} asks for the data part too (as {@code --json} does). */
    public ControlProtocol.Response request(final String command, final List<String> args, final boolean json)
        throws IOException
    {
        try
        {
            return new ControlClient(controlSocket, Duration.ofSeconds(10)).request(command, args, json);
        }
        catch (final ControlException ex)
        {
            throw new IOException("router " + name + ": '" + command + " " + String.join(" ", args) + "': " +
                ex.getMessage(), ex);
        }
    }

    /** {@code ipv8 show ARGS} as the operator sees it (text). */
    public String show(final String... args) throws IOException
    {
        final ControlProtocol.Response response = request("show", List.of(args), false);
        if (!response.ok())
        {
            throw new IOException("router " + name + ": show " + String.join(" ", args) + ": " + response.error());
        }
        return response.text();
    }

    /** {@code ipv8 show ARGS --json}: the data part. */
    public JsonNode showJson(final String... args) throws IOException
    {
        final ControlProtocol.Response response = request("show", List.of(args));
        if (!response.ok())
        {
            throw new IOException("router " + name + ": show " + String.join(" ", args) + ": " + response.error());
        }
        return response.data();
    }

    /** A snapshot of the daemon's counters file (the same data {@code ipv8 show counters} prints). */
    public CountersSnapshot counters() throws IOException
    {
        try (CountersFile file = CountersFile.open(countersFile))
        {
            return file.snapshot();
        }
    }

    /** Packets dropped for {@code reason} (its label, e.g. "zone_denied"), summed over every drop node. */
    public long drops(final String reason) throws IOException
    {
        long sum = 0;
        for (final CountersSnapshot.Counter c : counters().counters())
        {
            if (c.label().startsWith("drop " + reason + ":"))
            {
                sum += c.value();
            }
        }
        return sum;
    }

    /** The non-zero counters, one per line (for the demo and the report). */
    public String nonZeroCounters() throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        for (final CountersSnapshot.Counter c : counters().counters())
        {
            if (c.value() != 0)
            {
                sb.append(String.format("%14d  %s%n", c.value(), c.label()));
            }
        }
        return sb.toString();
    }

    /** True while the daemon process runs. */
    public boolean isAlive()
    {
        return process != null && process.isAlive();
    }

    /** Sends SIGKILL and returns at once (a crash, mid-flow); {@link #close()} later reaps it. */
    public void killNow()
    {
        if (process != null)
        {
            process.destroyForcibly();
        }
    }

    /** Kills the daemon at once (SIGKILL), as a crash would, and waits for it to go. */
    public void kill()
    {
        if (process != null)
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Clean stop: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close()
    {
        if (process == null || !process.isAlive())
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                System.err.println("WARNING: router " + name + " did not stop on SIGTERM in 10 s; killing it");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
