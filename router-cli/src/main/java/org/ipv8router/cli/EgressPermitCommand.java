package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ipv8 egress-permit add|del SRC DST-ADDRESS | SRC asn ASN}: the Zone Server's control channel for the
 * running router's egress-validation table (spec 7.5), one permit per call. {@code ipv8 show egress-permits} lists
 * the table.
 */
public final class EgressPermitCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "JSON output for scripts")
        .option("--instance", "-i", "NAME", "router instance (default: default)")
        .option("--control", null, "PATH", "control socket (default: /run/ipv8-router/<instance>.sock)")
        .option("--timeout", null, "SECONDS", "how long to wait for the router (default: 5)")
        .positional("action", "add or del")
        .morePositionals("permit", "SRC DST-ADDRESS or SRC asn ASN");

    @Override
    public String name()
    {
        return "egress-permit";
    }

    @Override
    public String summary()
    {
        return "add or remove an egress-validation permit of the running router (spec 7.5; asks the daemon)";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 egress-permit " + parser.synopsis() + "\n\n" +
            "  ipv8 egress-permit add SRC DST-ADDRESS   SRC may leave for DST-ADDRESS (SRC: address, prefix or any)\n" +
            "  ipv8 egress-permit add SRC asn ASN       SRC may leave for any address of ASN\n" +
            "  ipv8 egress-permit del ...               removes the same permit\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        return DaemonAddress.forward("egress-permit", options.positionals(), options, out, err);
    }
}
