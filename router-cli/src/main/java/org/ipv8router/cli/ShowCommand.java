package org.ipv8router.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.dataplane.counters.CountersFile;
import org.ipv8router.dataplane.counters.CountersSnapshot;
import org.ipv8router.daemon.DaemonOptions;

/**
 * {@code ipv8 show ...}: operational state. {@code show counters} reads the counters file directly (lock-free,
 * works while the router runs and after it stopped, needs no daemon); every other {@code show} is forwarded to
 * the running daemon over its control socket and prints what the daemon's handler answers.
 */
public final class ShowCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", "-i", "NAME", "router instance (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "how long to wait for the router (default: 5)")
        .option("--counters", null, "PATH", "show counters: the counters file (default: from --instance)")
        .flag("--watch", "-w", "show counters: redraw every SECONDS (the word after 'counters', default 1) with rates")
        .option("--count", "-c", "N", "show counters --watch: stop after N redraws (default: until interrupted)")
        .flag("--all", "-a", "show counters: include counters that are zero")
        .positional("what", "counters, version, config, sec-alerts, commands, interfaces, route, fib, arp8, bgp, whois8, gateway-pair")
        .morePositionals("args", "the rest of the command, e.g. 'summary' in 'show fib summary'");

    @Override
    public String name()
    {
        return "show";
    }

    @Override
    public String summary()
    {
        return "show router state: counters (from the counters file), version, config, routes ... (from the daemon)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 show " + parser.synopsis() + "\n\n" +
            "  ipv8 show counters [--watch [SECONDS]] [--count N] [--all] [--instance NAME | --counters PATH]\n" +
            "      non-zero counters of the router's counters file, grouped by interface, graph node and drop\n" +
            "      reason; read without locks and without the daemon. --watch redraws with rates per second.\n" +
            "  ipv8 show version | config | sec-alerts | commands\n" +
            "  ipv8 show interfaces | route [PREFIX] | fib summary | arp8 | bgp summary|neighbors|routes | whois8\n" +
            "  ipv8 show gateway-pair\n" +
            "      asked from the running router over its control socket ('show commands' lists what it serves).\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        final List<String> words = options.positionals();
        if (words.getFirst().equals("counters"))
        {
            return counters(options, words.subList(1, words.size()), out, err);
        }
        for (final String countersOnly : List.of("--counters", "--watch", "--count", "--all"))
        {
            if (options.has(countersOnly))
            {
                throw new UsageException("option '" + countersOnly + "' only applies to 'show counters'");
            }
        }
        return DaemonAddress.forward("show", words, options, out, err);
    }

    private int counters(
        final OptionParser.ParsedOptions options, final List<String> rest, final PrintStream out, final PrintStream err)
        throws UsageException
    {
        if (options.has("--control") || options.has("--timeout"))
        {
            throw new UsageException("'show counters' reads the counters file, not the control socket: use " +
                "--instance or --counters");
        }
        if (options.has("--counters") && options.has("--instance"))
        {
            throw new UsageException("give either --counters or --instance, not both");
        }
        double interval = 1;
        if (!rest.isEmpty())
        {
            if (!options.has("--watch") || rest.size() > 1)
            {
                throw new UsageException("unexpected argument '" + rest.getFirst() + "' after 'counters'");
            }
            try
            {
                interval = Double.parseDouble(rest.getFirst());
            }
            catch (final NumberFormatException e)
            {
                throw new UsageException("--watch interval must be a number of seconds, got '" + rest.getFirst() + "'");
            }
            if (!(interval >= 0.1 && interval <= 3600))
            {
                throw new UsageException("--watch interval must be in 0.1..3600 seconds, got " + rest.getFirst());
            }
        }
        if (options.has("--count") && !options.has("--watch"))
        {
            throw new UsageException("option '--count' needs --watch");
        }
        final int count = options.intValue("--count", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        final Path file = options.has("--counters") ? Path.of(options.value("--counters", null)) :
            DaemonOptions.defaultCountersFile(DaemonAddress.instance(options));
        final boolean json = options.has("--json");
        final boolean all = options.has("--all");
        final boolean watch = options.has("--watch");

        try (CountersFile counters = CountersFile.open(file))
        {
            if (!options.has("--watch"))
            {
                print(counters, counters.snapshot(), null, 0, json, all, false, out);
                return ExitCode.OK;
            }
            CountersSnapshot previous = null;
            long previousNs = 0;
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    Thread.sleep((long)(interval * 1000));
                }
                final long nowNs = System.nanoTime();
                final CountersSnapshot now = counters.snapshot();
                print(counters, now, previous, previous == null ? 0 : (nowNs - previousNs) / 1e9, json, all, watch, out);
                previous = now;
                previousNs = nowNs;
            }
            return ExitCode.OK;
        }
        catch (final IllegalStateException e)
        {
            err.println("ipv8 show counters: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        }
    }

    private static void print(
        final CountersFile file, final CountersSnapshot now, final CountersSnapshot previous, final double seconds,
        final boolean json, final boolean all, final boolean watch, final PrintStream out)
    {
        // Redraw in place only on a terminal; piped --watch output is a plain sequence of tables (or JSON Lines).
        final boolean clear = watch && !json && out == System.out && System.console() != null;
        final CountersView view = new CountersView(now, previous, seconds);
        if (json)
        {
            final ObjectNode node = Json.object();
            node.put("file", file.file().toString());
            node.put("writer_pid", file.writerPid());
            node.put("writer_alive", file.isWriterAlive());
            node.put("created_at", Instant.ofEpochMilli(file.startTimestampMs()).toString());
            node.put("timestamp", Instant.now().toString());
            if (previous != null)
            {
                node.put("interval_s", seconds);
            }
            view.json(node);
            if (watch)
            {
                Json.printLine(out, node);
            }
            else
            {
                Json.print(out, node);
            }
            return;
        }
        if (clear)
        {
            out.print("\033[H\033[2J");
        }
        out.print(CountersView.header(file.file().toString(), file.writerPid(), file.isWriterAlive(),
            file.startTimestampMs()));
        if (previous != null)
        {
            out.printf("rates over the last %.1f s, %s%n%n", seconds, Instant.now());
        }
        out.print(view.text(all));
        out.flush();
    }
}
