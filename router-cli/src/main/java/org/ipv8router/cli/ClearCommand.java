package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code ipv8 clear bgp <peer>|*}: operational resets, served by the running daemon over its control socket. */
public final class ClearCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", "-i", "NAME", "router instance (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "how long to wait for the router (default: 5)")
        .positional("what", "bgp")
        .morePositionals("args", "e.g. the peer address in 'clear bgp 192.0.2.1'");

    @Override
    public String name()
    {
        return "clear";
    }

    @Override
    public String summary()
    {
        return "reset router state, e.g. a BGP8 session (asks the running daemon)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 clear " + parser.synopsis() + "\n\n" +
            "  ipv8 clear bgp PEER|*    reset the BGP8 session with PEER (or all of them)\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        return DaemonAddress.forward("clear", options.positionals(), options, out, err);
    }
}
