package org.ipv8router.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.config.ConfigException;
import org.ipv8router.config.ConfigParser;
import org.ipv8router.config.ConfigSummary;
import org.ipv8router.config.RouterConfig;

/**
 * {@code ipv8 config check FILE}: reads and checks a configuration exactly as the daemon does at start and on
 * reload, without starting anything. Prints OK with a summary, or the error with file:line:column (exit 1).
 */
public final class ConfigCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", "-i", "NAME", "reload: router instance (default: default)")
        .option("--control", null, "PATH", "reload: control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "reload: how long to wait for the router (default: 60)")
        .positional("action", "check or reload")
        .optionalPositional("file", "check: the configuration file");

    @Override
    public String name()
    {
        return "config";
    }

    @Override
    public String summary()
    {
        return "check a router configuration file (parse + semantic checks) without starting the router";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 config " + parser.synopsis() + "\n\n" +
            "  ipv8 config check FILE   read FILE as ipv8-router would; print OK and a summary, or the first\n" +
            "                           error as file:line:column: message (exit code 1).\n" +
            "  ipv8 config reload       make the running router re-read its configuration file and apply the\n" +
            "                           difference (as SIGHUP); prints the changes, or why it was refused.\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        final String action = options.positional(0, null);
        if (action.equals("reload"))
        {
            if (options.positionals().size() > 1)
            {
                throw new UsageException("'config reload' takes no file: the router re-reads the file it was started with");
            }
            final List<String> forwarded = new java.util.ArrayList<>(List.of("reload"));
            // A reload may take longer than a show: 60 s unless --timeout says otherwise.
            return DaemonAddress.forward("config", forwarded, options, 60, out, err);
        }
        if (!action.equals("check"))
        {
            throw new UsageException("unknown config action '" + action + "'; expected 'check' or 'reload'");
        }
        for (final String daemonOnly : List.of("--instance", "--control", "--timeout"))
        {
            if (options.has(daemonOnly))
            {
                throw new UsageException("option '" + daemonOnly + "' only applies to 'config reload'");
            }
        }
        if (options.positionals().size() < 2)
        {
            throw new UsageException("missing <file>");
        }
        final Path file = Path.of(options.positional(1, null));
        final boolean json = options.has("--json");
        try
        {
            final RouterConfig config = ConfigParser.parse(file);
            if (json)
            {
                final ObjectNode node = Json.object();
                node.put("ok", true);
                node.put("file", file.toString());
                node.set("summary", ConfigSummary.json(config));
                Json.print(out, node);
            }
            else
            {
                out.println(file + ": OK");
                for (final String line : ConfigSummary.lines(config))
                {
                    out.println("  " + line);
                }
            }
            return ExitCode.OK;
        }
        catch (final ConfigException e)
        {
            if (json)
            {
                final ObjectNode node = Json.object();
                node.put("ok", false);
                node.put("file", e.file());
                node.put("line", e.line());
                node.put("column", e.column());
                node.put("error", e.detail());
                Json.print(out, node);
            }
            err.println("ipv8 config check: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        catch (final IOException e)
        {
            if (json)
            {
                final ObjectNode node = Json.object();
                node.put("ok", false);
                node.put("file", file.toString());
                node.put("error", "cannot read: " + e);
                Json.print(out, node);
            }
            err.println("ipv8 config check: cannot read " + file + ": " + e);
            return ExitCode.FAILURE;
        }
    }
}
