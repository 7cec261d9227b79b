package org.ipv8router.testbed.host.tools;

import org.ipv8router.testbed.host.EchoReply;
import org.ipv8router.testbed.host.IcmpError;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8PingSocket;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Address;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code traceroute8}: ICMPv8 echo probes with TTL 1, 2, 3, ... (like {@code traceroute -I}); each router on the
 * path answers with Time Exceeded (ICMPv8 11/0, or ICMPv4 when the hop is reached as IPv4), the destination with an
 * echo reply. Exit code 0 when the destination answered, 1 otherwise, 2 on usage or set-up errors.
 */
public final class Traceroute8
{
    static final String USAGE =
        "Usage: traceroute8 [-m MAX_TTL] [-f FIRST_TTL] [-q PROBES] [-w WAIT] --iface IF --addr ADDR/LEN\n" +
        "                   [--gw GW ...] [--ethertype HEX] [--netns NS] [-v] DESTINATION\n" +
        "Prints the routers towards DESTINATION with ICMPv8 echo probes of increasing TTL.\n" +
        "  -m MAX_TTL            largest TTL (default 30)\n" +
        "  -f FIRST_TTL          first TTL (default 1)\n" +
        "  -q PROBES             probes per hop (default 3)\n" +
        "  -w WAIT               seconds to wait for each probe (default 2)\n" +
        "Annotations: !H host, !N net, !P protocol, !A destination ASN unknown, !X prohibited, !F frag needed.\n" +
        HostOptions.USAGE;

    private Traceroute8()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return HostOptions.guard("traceroute8", err, () -> trace(args, out, err));
    }

    private static int trace(final String[] args, final PrintStream out, final PrintStream err)
        throws IOException, InterruptedException
    {
        final HostOptions options = new HostOptions();
        int maxTtl = 30;
        int firstTtl = 1;
        int probes = 3;
        Duration wait = Duration.ofSeconds(2);
        String destinationText = null;
        final ToolArguments arguments = new ToolArguments(args, options);
        while (arguments.next())
        {
            switch (arguments.arg())
            {
                case "-m" -> maxTtl = arguments.intValue(1, 255);
                case "-f" -> firstTtl = arguments.intValue(1, 255);
                case "-q" -> probes = arguments.intValue(1, 10);
                case "-w" -> wait = arguments.secondsValue(0.01);
                default -> destinationText = arguments.soleOperand("destination", destinationText);
            }
        }
        if (arguments.help(out, USAGE))
        {
            return 0;
        }
        if (destinationText == null)
        {
            throw new HostOptions.UsageException("missing DESTINATION");
        }
        if (firstTtl > maxTtl)
        {
            throw new HostOptions.UsageException("first TTL " + firstTtl + " is above the max TTL " + maxTtl);
        }
        final long destination = HostOptions.parseAddress("destination", destinationText);
        options.config();

        try (Ipv8Host host = options.openHost(); Ipv8PingSocket socket = host.openPingSocket())
        {
            out.printf("traceroute8 to %s (%s), %d hops max, 36 byte packets%n", Ipv8Address.toString(destination),
                Ipv8Address.toFullDotted(destination), maxTtl);
            // Resolve the first hop before probing: the dual probe of an IPv4-only neighbour takes over a second
            // (spec 4.3 grace), which would otherwise turn the first probe into a '*'.
            final long firstHop = host.nextHop(destination);
            if (firstHop != 0)
            {
                host.resolve(firstHop, Duration.ofSeconds(4));
            }
            int sequence = 0;
            boolean reached = false;
            for (int ttl = firstTtl; ttl <= maxTtl && !reached; ttl++)
            {
                final StringBuilder line = new StringBuilder(String.format("%2d ", ttl));
                long lastHop = -1;
                boolean stop = false;
                for (int probe = 0; probe < probes; probe++)
                {
                    final int seq = ++sequence & 0xFFFF;
                    final long sent = System.nanoTime();
                    socket.send(destination, seq, ttl, new byte[0]);
                    final Record event = awaitProbe(socket, seq, wait);
                    if (event == null)
                    {
                        line.append(" *");
                        continue;
                    }
                    final long from;
                    final long at;
                    String note = "";
                    if (event instanceof EchoReply reply)
                    {
                        from = reply.from();
                        at = reply.receivedAtNanos();
                        reached = true;
                    }
                    else
                    {
                        final IcmpError error = (IcmpError)event;
                        from = error.reporter();
                        at = error.receivedAtNanos();
                        if (error.type() == IcmpMessage.TYPE_DESTINATION_UNREACHABLE)
                        {
                            note = " " + annotation(error.code()) + (error.local() ? " (local)" : "");
                            stop = true;
                        }
                    }
                    if (from != lastHop)
                    {
                        line.append("  ").append(Ipv8Address.toString(from));
                        lastHop = from;
                    }
                    line.append(String.format("  %.3f ms%s", (at - sent) / 1e6, note));
                }
                out.println(line);
                if (stop)
                {
                    break;
                }
            }
            options.report(host, err);
            return reached ? 0 : 1;
        }
    }

    /** The reply or error for probe {@code seq}; stale answers to earlier probes are skipped. */
    private static Record awaitProbe(final Ipv8PingSocket socket, final int seq, final Duration wait)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                return null;
            }
            final Record event = socket.receive(Duration.ofNanos(left));
            if (event == null)
            {
                return null;
            }
            if ((event instanceof EchoReply reply && reply.sequence() == seq) ||
                (event instanceof IcmpError error && error.detail() == seq))
            {
                return event;
            }
        }
    }

    static String annotation(final int code)
    {
        return switch (code)
        {
            case IcmpMessage.CODE_NET_UNREACHABLE -> "!N";
            case IcmpMessage.CODE_HOST_UNREACHABLE -> "!H";
            case IcmpMessage.CODE_PROTOCOL_UNREACHABLE -> "!P";
            case IcmpMessage.CODE_FRAGMENTATION_NEEDED -> "!F";
            case IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN -> "!A";
            case IcmpMessage.CODE_ADMINISTRATIVELY_PROHIBITED -> "!X";
            default -> "!<" + code + ">";
        };
    }
}
