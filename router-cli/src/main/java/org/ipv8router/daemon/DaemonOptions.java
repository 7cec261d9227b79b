package org.ipv8router.daemon;

import java.nio.file.Path;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.log.LogLevel;

/**
 * How {@code ipv8 router} was started.
 *
 * @param configFile    the configuration file (re-read on SIGHUP).
 * @param instance      instance name: names the default control socket, pid file and counters file.
 * @param controlSocket the control socket path.
 * @param countersFile  the counters file path.
 * @param pidFile       the pid file path.
 * @param logFile       a file the log is also written to, or null.
 * @param logLevel      lowest level logged.
 */
public record DaemonOptions(
    Path configFile, String instance, Path controlSocket, Path countersFile, Path pidFile, Path logFile,
    LogLevel logLevel)
{
    /** The default instance name. */
    public static final String DEFAULT_INSTANCE = "default";
    /** Where control sockets and pid files go by default. */
    public static final Path RUN_DIRECTORY = Path.of("/run/ipv8-router");

    /** Default control socket of an instance: {@code /run/ipv8-router/<instance>.sock}. */
    public static Path defaultControlSocket(final String instance)
    {
        return RUN_DIRECTORY.resolve(instance + ".sock");
    }

    /** Default pid file: beside the control socket, {@code <name>.pid}. */
    public static Path defaultPidFile(final Path controlSocket)
    {
        final String name = controlSocket.getFileName().toString();
        final String base = name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name;
        return controlSocket.resolveSibling(base + ".pid");
    }

    /** Default counters file of an instance (see {@link DataplaneCounters#defaultFile}). */
    public static Path defaultCountersFile(final String instance)
    {
        return DataplaneCounters.defaultFile(instance);
    }

    /** Checks an instance name: it becomes part of file names. */
    public static String checkInstance(final String instance)
    {
        if (!instance.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"))
        {
            throw new IllegalArgumentException("instance name '" + instance +
                "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return instance;
    }
}
