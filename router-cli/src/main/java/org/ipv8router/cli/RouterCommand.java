package org.ipv8router.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.ipv8router.config.ConfigException;
import org.ipv8router.daemon.DaemonModule;
import org.ipv8router.daemon.DaemonOptions;
import org.ipv8router.daemon.RouterDaemon;
import org.ipv8router.daemon.Signals;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;

/**
 * {@code ipv8 router --config FILE}: the ipv8-router daemon. Checks the configuration (nothing starts on a bad
 * one: the error with file:line:column, exit 1), opens the counters file, listens on the control socket, writes
 * the pid file, starts the {@link DaemonModule}s, then runs until SIGTERM/SIGINT (clean stop, exit 0); SIGHUP
 * reloads the configuration as a diff.
 */
public final class RouterCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .option("--config", "-f", "FILE", "the configuration file (required)")
        .option("--instance", "-i", "NAME", "instance name for default file names (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--counters", null, "PATH", "counters file (default: /dev/shm/ipv8-router-<instance>/counters.dat)")
        .option("--pid-file", null, "PATH", "pid file (default: the control socket's path with .pid)")
        .option("--log-file", null, "PATH", "also append the log to this file")
        .option("--log-level", null, "LEVEL", "debug, info, warn or error (default: info)");

    /** The parts started after the daemon's own: the integration supplies forwarding, BGP8 and WHOIS8 here. */
    private final Function<DaemonOptions, List<DaemonModule>> modules;

    /** The daemon with no modules: control socket, counters file, reload diffs, SEC-ALERT monitor. */
    public RouterCommand()
    {
        this(options -> List.of());
    }

    /** @param modules makes the modules to start for given options (called once per run). */
    public RouterCommand(final Function<DaemonOptions, List<DaemonModule>> modules)
    {
        this.modules = modules;
    }

    @Override
    public String name()
    {
        return "router";
    }

    @Override
    public String summary()
    {
        return "run the ipv8-router daemon (SIGHUP reloads the config, SIGTERM stops cleanly)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 router " + parser.synopsis() + "\n\n" +
            "Runs the router daemon in the foreground, logging one line per event to stderr. The configuration is\n" +
            "checked first; nothing starts if it has an error. SIGHUP re-reads it and applies only what changed\n" +
            "(a bad new file is refused and the running configuration kept); SIGTERM or SIGINT stop cleanly.\n" +
            "Exit codes: 0 stopped cleanly, 1 bad configuration or could not start, 2 bad command line.\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions o = parser.parse(args);
        if (!o.has("--config"))
        {
            throw new UsageException("missing --config FILE");
        }
        final String instance = DaemonAddress.instance(o);
        final Path control = o.has("--control") ? Path.of(o.value("--control", null)) :
            DaemonOptions.defaultControlSocket(instance);
        final LogLevel level;
        try
        {
            level = LogLevel.parse(o.value("--log-level", "info"));
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException(e.getMessage());
        }
        final DaemonOptions options = new DaemonOptions(
            Path.of(o.value("--config", null)),
            instance,
            control,
            o.has("--counters") ? Path.of(o.value("--counters", null)) : DaemonOptions.defaultCountersFile(instance),
            o.has("--pid-file") ? Path.of(o.value("--pid-file", null)) : DaemonOptions.defaultPidFile(control),
            o.has("--log-file") ? Path.of(o.value("--log-file", null)) : null,
            level);

        final Log log = new Log(level, System::currentTimeMillis, err);
        PrintStream logFile = null;
        try
        {
            if (options.logFile() != null)
            {
                final Path parent = options.logFile().toAbsolutePath().getParent();
                if (parent != null)
                {
                    Files.createDirectories(parent);
                }
                logFile = new PrintStream(new FileOutputStream(options.logFile().toFile(), true), true,
                    StandardCharsets.UTF_8);
                log.addSink(logFile);
            }
        }
        catch (final IOException e)
        {
            err.println("ipv8 router: cannot open log file " + options.logFile() + ": " + e);
            return ExitCode.FAILURE;
        }
        try
        {
            final RouterDaemon daemon = new RouterDaemon(options, log, modules.apply(options));
            try
            {
                daemon.start();
            }
            catch (final ConfigException e)
            {
                log.error("daemon", "config-error", "error", e.getMessage(), "action", "not started");
                err.println("ipv8 router: " + e.getMessage());
                return ExitCode.FAILURE;
            }
            catch (final RouterDaemon.StartupException e)
            {
                err.println("ipv8 router: " + e.getMessage());
                return ExitCode.FAILURE;
            }
            Signals.install(daemon, log);
            daemon.run();
            return ExitCode.OK;
        }
        finally
        {
            if (logFile != null)
            {
                logFile.close();
            }
        }
    }
}
