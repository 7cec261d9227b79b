package org.ipv8router.testbed.host.tools;

import org.ipv8router.testbed.host.IcmpErrorException;
import org.ipv8router.testbed.host.Ipv8Datagram;
import org.ipv8router.testbed.host.Ipv8DatagramSocket;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8SocketAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code udp8 send|recv}: UDP over a userspace IPv8 host. {@code send} sends datagrams and reports a reply or an
 * ICMP error (port/host unreachable); {@code recv} prints datagrams as they arrive, optionally echoing them back.
 * Exit code 0 on success, 1 when an error came back or fewer datagrams than asked arrived, 2 on usage or set-up
 * errors.
 */
public final class Udp8
{
    static final String USAGE =
        "Usage: udp8 send [-c COUNT] [-i INTERVAL] [--src-port P] [--ttl T] [--reply-timeout S] [--error-wait S]\n" +
        "                 --iface IF --addr ADDR/LEN [--gw GW ...] [--netns NS] [-v] DESTINATION:PORT MESSAGE\n" +
        "       udp8 recv --port P [-c COUNT] [--timeout S] [--echo]\n" +
        "                 --iface IF --addr ADDR/LEN [--gw GW ...] [--netns NS] [-v]\n" +
        "send: sends MESSAGE (COUNT times, INTERVAL s apart), waits for the datagrams to leave, then for a reply\n" +
        "      (--reply-timeout, default none) or an ICMP error (--error-wait, default 0.3 s).\n" +
        "recv: prints each datagram as 'from SRC:PORT to DST:PORT (IPvN, ttl T) LEN bytes: TEXT'; stops after COUNT\n" +
        "      datagrams or TIMEOUT seconds (default: run until interrupted); --echo sends each one back.\n" +
        HostOptions.USAGE;

    private Udp8()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return HostOptions.guard("udp8", err, () ->
        {
            if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help"))
            {
                out.print(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            final String[] rest = Arrays.copyOfRange(args, 1, args.length);
            return switch (args[0])
            {
                case "send" -> send(rest, out, err);
                case "recv" -> receive(rest, out, err);
                default -> throw new HostOptions.UsageException("unknown command '" + args[0] + "' (send or recv)");
            };
        });
    }

    private static int send(final String[] args, final PrintStream out, final PrintStream err)
        throws IOException, InterruptedException
    {
        final HostOptions options = new HostOptions();
        int count = 1;
        Duration interval = Duration.ofSeconds(1);
        int sourcePort = 0;
        int ttl = 64;
        Duration replyTimeout = Duration.ZERO;
        Duration errorWait = Duration.ofMillis(300);
        String destinationText = null;
        String message = null;
        final ToolArguments arguments = new ToolArguments(args, options);
        while (arguments.next())
        {
            switch (arguments.arg())
            {
                case "-c" -> count = arguments.intValue(1, 1_000_000);
                case "-i" -> interval = arguments.secondsValue(0);
                case "--src-port" -> sourcePort = arguments.intValue(1, 65_535);
                case "--ttl" -> ttl = arguments.intValue(1, 255);
                case "--reply-timeout" -> replyTimeout = arguments.secondsValue(0);
                case "--error-wait" -> errorWait = arguments.secondsValue(0);
                default ->
                {
                    final String operand = arguments.operand();
                    if (destinationText == null)
                    {
                        destinationText = operand;
                    }
                    else if (message == null)
                    {
                        message = operand;
                    }
                    else
                    {
                        throw new HostOptions.UsageException("unexpected argument '" + operand +
                            "' (quote the MESSAGE)");
                    }
                }
            }
        }
        if (arguments.help(out, USAGE))
        {
            return 0;
        }
        if (destinationText == null || message == null)
        {
            throw new HostOptions.UsageException("send needs DESTINATION:PORT and MESSAGE");
        }
        final Ipv8SocketAddress destination;
        try
        {
            destination = Ipv8SocketAddress.parse(destinationText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new HostOptions.UsageException("destination " + ex.getMessage());
        }
        options.config();
        final byte[] data = message.getBytes(StandardCharsets.UTF_8);

        try (Ipv8Host host = options.openHost(); Ipv8DatagramSocket socket = host.openDatagramSocket())
        {
            socket.bind(Ipv8SocketAddress.ANY.withPort(sourcePort));
            socket.ttl(ttl);
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    Thread.sleep(interval.toMillis());
                }
                socket.send(destination, data);
                out.printf("sent %d bytes to %s from %s%n", data.length, destination,
                    Ipv8SocketAddress.of(host.selectSource(destination.address()), socket.localAddress().port()));
            }
            host.awaitIdle(Duration.ofSeconds(5));
            int status = 0;
            final Duration wait = replyTimeout.compareTo(errorWait) > 0 ? replyTimeout : errorWait;
            try
            {
                final Ipv8Datagram reply = socket.receive(wait);
                if (reply != null)
                {
                    print(out, "reply from", reply);
                }
                else if (!replyTimeout.isZero())
                {
                    out.println("no reply within " + replyTimeout.toMillis() + " ms");
                    status = 1;
                }
            }
            catch (final IcmpErrorException ex)
            {
                out.println("error: " + ex.error());
                status = 1;
            }
            options.report(host, err);
            return status;
        }
    }

    private static int receive(final String[] args, final PrintStream out, final PrintStream err)
        throws IOException, InterruptedException
    {
        final HostOptions options = new HostOptions();
        int port = -1;
        long count = Long.MAX_VALUE;
        Duration timeout = null;
        boolean echo = false;
        final ToolArguments arguments = new ToolArguments(args, options);
        while (arguments.next())
        {
            switch (arguments.arg())
            {
                case "--port" -> port = arguments.intValue(1, 65_535);
                case "-c" -> count = arguments.intValue(1, Integer.MAX_VALUE);
                case "--timeout" -> timeout = arguments.secondsValue(0.01);
                case "--echo" -> echo = true;
                default -> arguments.noOperand();
            }
        }
        if (arguments.help(out, USAGE))
        {
            return 0;
        }
        if (port < 0)
        {
            throw new HostOptions.UsageException("recv needs --port P");
        }
        options.config();

        try (Ipv8Host host = options.openHost(); Ipv8DatagramSocket socket = host.openDatagramSocket())
        {
            socket.bind(Ipv8SocketAddress.ANY.withPort(port));
            out.printf("listening on %s udp port %d (%s)%n", host.interfaceName(), port, host.addresses());
            out.flush();
            final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            long received = 0;
            while (received < count)
            {
                final long left = deadline == Long.MAX_VALUE ? 1_000_000_000L : deadline - System.nanoTime();
                if (left <= 0)
                {
                    break;
                }
                try
                {
                    final Ipv8Datagram datagram = socket.receive(Duration.ofNanos(left));
                    if (datagram == null)
                    {
                        continue;
                    }
                    received++;
                    print(out, "from", datagram);
                    if (echo)
                    {
                        socket.send(datagram.source(), datagram.data());
                    }
                }
                catch (final IcmpErrorException ex)
                {
                    out.println("error: " + ex.error());
                }
            }
            host.awaitIdle(Duration.ofSeconds(2));
            options.report(host, err);
            if (count != Long.MAX_VALUE && received < count)
            {
                out.printf("received %d of %d datagrams before the timeout%n", received, count);
                return 1;
            }
            return 0;
        }
    }

    private static void print(final PrintStream out, final String prefix, final Ipv8Datagram datagram)
    {
        out.printf("%s %s to %s (IPv%d, ttl %d) %d bytes: %s%n", prefix, datagram.source(), datagram.destination(),
            datagram.ipVersion(), datagram.ttl(), datagram.data().length, text(datagram.data()));
        out.flush();
    }

    /** UTF-8 when printable, else hex. */
    static String text(final byte[] data)
    {
        final String decoded = new String(data, StandardCharsets.UTF_8);
        if (decoded.chars().allMatch(c -> c >= 0x20 && c != 0x7F && c != 0xFFFD))
        {
            return decoded;
        }
        final StringBuilder hex = new StringBuilder("0x");
        for (final byte b : data)
        {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }
}
