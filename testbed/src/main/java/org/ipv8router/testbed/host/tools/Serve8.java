package org.ipv8router.testbed.host.tools;

import org.ipv8router.testbed.host.IcmpErrorException;
import org.ipv8router.testbed.host.Ipv8Datagram;
import org.ipv8router.testbed.host.Ipv8DatagramSocket;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8SocketAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve8}: keeps a userspace IPv8 host up on an interface (answers ARP8/ARP, echo requests and, with
 * {@code --udp-echo}, echoes UDP datagrams back) until interrupted or for {@code --duration} seconds. For fabrics and
 * demos that need a standing IPv8 endpoint in a namespace. Exit code 0, or 2 on usage or set-up errors.
 */
public final class Serve8
{
    static final String USAGE =
        "Usage: serve8 [--udp-echo PORT ...] [--duration S] --iface IF --addr ADDR/LEN [--addr ...] [--gw GW ...]\n" +
        "              [--ethertype HEX] [--netns NS] [-v]\n" +
        "Runs an IPv8 host that answers ARP8/ARP and pings; --udp-echo PORT echoes datagrams on PORT (repeatable).\n" +
        "Prints 'ready' once up; with -v prints the neighbour cache and counters when it stops.\n" +
        HostOptions.USAGE;

    private Serve8()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return HostOptions.guard("serve8", err, () -> serve(args, out, err));
    }

    private static int serve(final String[] args, final PrintStream out, final PrintStream err)
        throws IOException, InterruptedException
    {
        final HostOptions options = new HostOptions();
        final List<Integer> echoPorts = new ArrayList<>();
        Duration duration = null;
        final ToolArguments arguments = new ToolArguments(args, options);
        while (arguments.next())
        {
            switch (arguments.arg())
            {
                case "--udp-echo" -> echoPorts.add(arguments.intValue(1, 65_535));
                case "--duration" -> duration = arguments.secondsValue(0.01);
                default -> arguments.noOperand();
            }
        }
        if (arguments.help(out, USAGE))
        {
            return 0;
        }
        options.config();

        try (Ipv8Host host = options.openHost())
        {
            final List<Ipv8DatagramSocket> sockets = new ArrayList<>();
            final List<Thread> echoers = new ArrayList<>();
            for (final int port : echoPorts)
            {
                final Ipv8DatagramSocket socket = host.openDatagramSocket();
                socket.bind(Ipv8SocketAddress.ANY.withPort(port));
                sockets.add(socket);
                echoers.add(Thread.ofPlatform().daemon().name("udp-echo-" + port).start(() -> echo(socket, out)));
            }
            final Thread stop = Thread.currentThread();
            if (out == System.out)
            {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() ->
                {
                    stop.interrupt();
                    options.report(host, err);
                }));
            }
            out.printf("ready: %s on %s (%s), udp echo %s%n", host.addresses(), host.interfaceName(),
                org.ipv8router.wire.EthernetFrame.formatMac(host.macAddress()), echoPorts);
            out.flush();
            try
            {
                Thread.sleep(duration == null ? Long.MAX_VALUE : duration.toMillis());
            }
            catch (final InterruptedException stopped)
            {
                // Ctrl-C or SIGTERM: fall through to close
            }
            sockets.forEach(Ipv8DatagramSocket::close);
            for (final Thread echoer : echoers)
            {
                echoer.interrupt();
                echoer.join(1_000);
            }
            if (out != System.out)
            {
                options.report(host, err);
            }
            return 0;
        }
    }

    private static void echo(final Ipv8DatagramSocket socket, final PrintStream out)
    {
        while (!Thread.currentThread().isInterrupted())
        {
            try
            {
                final Ipv8Datagram datagram = socket.receive(Duration.ofMillis(500));
                if (datagram != null)
                {
                    socket.send(datagram.source(), datagram.data());
                }
            }
            catch (final IcmpErrorException ex)
            {
                out.println("udp echo " + socket.localAddress() + ": " + ex.getMessage());
            }
            catch (final IOException | InterruptedException ex)
            {
                return;
            }
        }
    }
}
