package org.ipv8router.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlProtocol;

import org.ipv8router.daemon.DaemonOptions;

/**
 * Which router a CLI command talks to ({@code --control PATH}, or the socket of {@code --instance NAME}) and the
 * forwarding of a command to it: the daemon's text on stdout, or its JSON with {@code --json}; its refusal on
 * stderr with exit code 1.
 */
final class DaemonAddress
{
    private DaemonAddress()
    {
    }

    static String instance(final OptionParser.ParsedOptions options) throws UsageException
    {
        final String instance = options.value("--instance", DaemonOptions.DEFAULT_INSTANCE);
        try
        {
            return DaemonOptions.checkInstance(instance);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException(e.getMessage());
        }
    }

    static Path controlSocket(final OptionParser.ParsedOptions options) throws UsageException
    {
        if (options.has("--control") && options.has("--instance"))
        {
            throw new UsageException("give either --control or --instance, not both");
        }
        final String control = options.value("--control", null);
        return control != null ? Path.of(control) : DaemonOptions.defaultControlSocket(instance(options));
    }

    /**
     * Sends {@code command words...} to the daemon and prints the answer. Options used: --control, --instance,
     * --timeout (default 5 s), --json.
     */
    static int forward(
        final String command, final List<String> words, final OptionParser.ParsedOptions options,
        final PrintStream out, final PrintStream err) throws UsageException
    {
        return forward(command, words, options, 5, out, err);
    }

    /** As {@link #forward(String, List, OptionParser.ParsedOptions, PrintStream, PrintStream)} with another default timeout. */
    static int forward(
        final String command, final List<String> words, final OptionParser.ParsedOptions options,
        final int defaultTimeoutSeconds, final PrintStream out, final PrintStream err) throws UsageException
    {
        final Path socket = controlSocket(options);
        final int timeout = options.intValue("--timeout", defaultTimeoutSeconds, 1, 3600);
        final boolean json = options.has("--json");
        final ControlClient client = new ControlClient(socket, Duration.ofSeconds(timeout));
        final ControlProtocol.Response response;
        try
        {
            response = client.request(command, words, json);
        }
        catch (final ControlException e)
        {
            err.println("ipv8 " + command + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (!response.ok())
        {
            err.println("ipv8 " + command + ": " + response.error());
            return ExitCode.FAILURE;
        }
        if (json)
        {
            if (response.data() != null)
            {
                Json.print(out, response.data());
            }
            else
            {
                final ObjectNode wrapped = Json.object();
                wrapped.put("text", response.text());
                Json.print(out, wrapped);
            }
        }
        else if (response.text() != null)
        {
            out.print(response.text());
        }
        return ExitCode.OK;
    }
}
