package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ipv8 ring inject NAME HEX | ring capture NAME [MAX]}: the far ends of the running router's
 * {@code port ring} interfaces (embedded ports with no NIC): inject an Ethernet frame the router receives on
 * NAME, or collect (and remove) the frames it transmitted there, in hex.
 */
public final class RingCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", "-i", "NAME", "router instance (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "how long to wait for the router (default: 5)")
        .positional("action", "inject or capture")
        .morePositionals("args", "NAME HEX (inject) or NAME [MAX] (capture)");

    @Override
    public String name()
    {
        return "ring";
    }

    @Override
    public String summary()
    {
        return "inject frames into / capture frames from the router's 'port ring' interfaces (asks the daemon)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 ring " + parser.synopsis() + "\n\n" +
            "  ipv8 ring inject NAME HEX     the router receives the Ethernet frame HEX on interface NAME\n" +
            "  ipv8 ring capture NAME [MAX]  frames the router sent on NAME since the last capture, one per line\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        return DaemonAddress.forward("ring", options.positionals(), options, out, err);
    }
}
