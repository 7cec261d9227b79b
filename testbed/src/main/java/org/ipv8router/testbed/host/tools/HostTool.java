package org.ipv8router.testbed.host.tools;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * One entry point for the host tools: {@code HostTool ping8|traceroute8|udp8|serve8 ARGS...} (used by
 * {@code testbed/bin/host-tool}).
 */
public final class HostTool
{
    private HostTool()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help"))
        {
            (args.length == 0 ? err : out).println(
                "Usage: host-tool ping8|traceroute8|udp8|serve8 [ARGS...]   ('host-tool TOOL --help' for each tool)");
            return args.length == 0 ? 2 : 0;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0])
        {
            case "ping8" -> Ping8.run(rest, out, err);
            case "traceroute8" -> Traceroute8.run(rest, out, err);
            case "udp8" -> Udp8.run(rest, out, err);
            case "serve8" -> Serve8.run(rest, out, err);
            default ->
            {
                err.println("host-tool: unknown tool '" + args[0] + "' (ping8, traceroute8, udp8 or serve8)");
                yield 2;
            }
        };
    }
}
