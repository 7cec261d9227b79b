package org.ipv8router.testbed.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real router daemon ({@code ipv8 router}, the shaded {@code router-cli/target/ipv8-router.jar}) in its own JVM,
 * optionally inside a network namespace, for end-to-end tests: writes the config, starts the process with the DPDK
 * shim path, waits for log lines, runs {@code ipv8 show ...} against its control socket, stops it cleanly
 * (SIGTERM) or kills it (SIGKILL, a crash). Files (config, log, control socket, counters, pid) live in one work
 * directory, named after the instance.
 * <pre>
 *  RouterDaemonProcess even = RouterDaemonProcess.start(workDir, "even", "h8abcev", configText);
 *  even.awaitLog("gateway-pair peer-up", Duration.ofSeconds(90));
 *  String json = even.show("gateway-pair", "--json");
 *  even.kill();
 * </pre>
 * Needs the jar ({@code ipv8_mvn -pl router-cli -am package -DskipTests}) and, for {@code port dpdk} lines, the
 * shim; {@link #jar()} and {@link #shim()} say where they are expected so a test can skip loudly without them.
 */
public final class RouterDaemonProcess implements AutoCloseable
{
    private final String instance;
    private final Path workDir;
    private final Process process;

    private RouterDaemonProcess(final String instance, final Path workDir, final Process process)
    {
        this.instance = instance;
        this.workDir = workDir;
        this.process = process;
    }

    /** @return where the shaded router jar is expected (a sibling module of the working directory's module). */
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

    /** @return the java binary running this JVM (the daemon runs on the same JDK). */
    public static String java()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Starts a daemon.
     *
     * @param workDir   where its files go.
     * @param instance  instance name (file names, log).
     * @param namespace network namespace to run in ({@code ip netns exec}), or null for the current one.
     * @param config    the configuration text.
     * @return the running process (check {@link #awaitLog} for readiness).
     * @throws IOException if the process cannot be started.
     */
    public static RouterDaemonProcess start(final Path workDir, final String instance, final String namespace,
        final String config) throws IOException
    {
        final Path file = Files.writeString(workDir.resolve(instance + ".conf"), config);
        final List<String> command = new ArrayList<>();
        if (namespace != null)
        {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(java(), "-Ddpdk.shim=" + shim(), "-jar", jar().toString(), "router",
            "--config", file.toString(), "--instance", instance,
            "--control", workDir.resolve(instance + ".sock").toString(),
            "--counters", workDir.resolve(instance + ".counters").toString(),
            "--pid-file", workDir.resolve(instance + ".pid").toString()));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(workDir.resolve(instance + ".log").toFile()).start();
        return new RouterDaemonProcess(instance, workDir, p);
    }

    /** @return the daemon's log so far. */
    public String log() throws IOException
    {
        return Files.readString(workDir.resolve(instance + ".log"), StandardCharsets.UTF_8);
    }

    /**
     * Waits until the log contains {@code text}.
     *
     * @throws IllegalStateException with the log if the daemon exits or the time runs out.
     */
    public void awaitLog(final String text, final java.time.Duration timeout) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text))
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException(instance + " exited (" + process.exitValue() + ") before logging '" +
                    text + "':\n" + log());
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("timed out waiting for '" + text + "' in " + instance + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Runs {@code ipv8 show WORDS... --control SOCKET} (a separate JVM) and returns its output.
     *
     * @throws IllegalStateException with the output if it exits non-zero.
     */
    public String show(final String... words) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString(), "show"));
        command.addAll(List.of(words));
        command.addAll(List.of("--control", workDir.resolve(instance + ".sock").toString()));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            throw new IllegalStateException("ipv8 show " + String.join(" ", words) + " (" + instance + ") failed:\n" + out);
        }
        return out;
    }

    /** @return the instance name. */
    public String instance()
    {
        return instance;
    }

    /** @return true while the daemon runs. */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** SIGKILL: the daemon dies without its shutdown steps (a crash, a power cut). */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: clean stop (shutdown steps run); SIGKILL if it does not exit within 20 s. */
    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                kill();
            }
        }
    }
}
