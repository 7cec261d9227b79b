package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipv8 ping8 DST}: router-originated ICMPv8 echo, sent by the running daemon from its own address on the
 * egress interface; prints each reply's RTT and a ping(8)-like summary.
 */
public final class Ping8Command implements Command
{
    private final OptionParser parser = new OptionParser()
        .option("--count", "-c", "N", "echo requests to send (1..100, default 5)")
        .option("--interval", "-i", "SECONDS", "time between requests (0.01..10, default 1)")
        .option("--wait", "-W", "SECONDS", "how long to wait for each reply (0.01..30, default 1)")
        .option("--size", "-s", "OCTETS", "ICMP data octets (0..1400, default 56)")
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", null, "NAME", "router instance (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "how long to wait for the router (default: from count and interval)")
        .positional("destination", "IPv8 address (ASN dot, full dotted) or IPv4 address");

    @Override
    public String name()
    {
        return "ping8";
    }

    @Override
    public String summary()
    {
        return "ICMPv8 echo sent by the running router from its own address (asks the daemon)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 ping8 " + parser.synopsis() + "\n\n" +
            "The router builds each echo request with its own address on the egress interface as source and\n" +
            "sends it through its forwarding path; replies are matched on its punt path. Exit 1 if no reply.\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        final List<String> words = new ArrayList<>(options.positionals());
        double interval = 1;
        double wait = 1;
        int count = 5;
        if (options.has("--count"))
        {
            count = options.intValue("--count", 5, 1, 100);
            words.add("-c");
            words.add(Integer.toString(count));
        }
        if (options.has("--interval"))
        {
            interval = seconds(options, "--interval");
            words.add("-i");
            words.add(options.value("--interval", null));
        }
        if (options.has("--wait"))
        {
            wait = seconds(options, "--wait");
            words.add("-W");
            words.add(options.value("--wait", null));
        }
        if (options.has("--size"))
        {
            words.add("-s");
            words.add(Integer.toString(options.intValue("--size", 56, 0, 1400)));
        }
        final int timeout = (int)Math.min(3600, Math.ceil(count * Math.max(interval, wait)) + 5);
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final PrintStream capture = new PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        final int code = DaemonAddress.forward("ping8", words, options, timeout, capture, err);
        final String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        out.print(text);
        if (code != ExitCode.OK)
        {
            return code;
        }
        // As ping(8): exit 1 when nothing answered.
        final boolean none = options.has("--json") ? text.contains("\"received\" : 0,") : text.contains(" 0 received,");
        return none ? ExitCode.FAILURE : ExitCode.OK;
    }

    private static double seconds(final OptionParser.ParsedOptions options, final String name) throws UsageException
    {
        try
        {
            return Double.parseDouble(options.value(name, null));
        }
        catch (final NumberFormatException e)
        {
            throw new UsageException(name + " needs a number of seconds, got '" + options.value(name, null) + "'");
        }
    }
}
