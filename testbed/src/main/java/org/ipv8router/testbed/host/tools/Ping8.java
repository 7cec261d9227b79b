package org.ipv8router.testbed.host.tools;

import org.ipv8router.testbed.host.EchoReply;
import org.ipv8router.testbed.host.IcmpError;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8PingSocket;
import org.ipv8router.wire.Ipv8Address;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code ping8}: ICMPv8 echo from a userspace IPv8 host on one interface, printed like iputils ping, with the
 * header version each reply arrived with ({@code IPv8} or {@code IPv4}, spec 3.2). Exit code 0 when at least one
 * reply came back, 1 when none did, 2 on usage or set-up errors.
 */
public final class Ping8
{
    static final String USAGE =
        "Usage: ping8 [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-t TTL] [-s SIZE] [-q] --iface IF --addr ADDR/LEN\n" +
        "             [--addr ...] [--gw GW ...] [--ethertype HEX] [--netns NS] [-v] DESTINATION\n" +
        "Sends ICMPv8 echo requests to DESTINATION (64496.10.0.0.2, 0.0.251.240.10.0.0.2 or 10.0.0.2) from a\n" +
        "userspace IPv8 host on IF; IPv8 to neighbours that answered ARP8, plain IPv4 to IPv4-only ones.\n" +
        "  -c COUNT              stop after COUNT requests (default: until interrupted)\n" +
        "  -i INTERVAL           seconds between requests (default 1, fractions allowed)\n" +
        "  -W TIMEOUT            seconds to wait for the last reply (default 2)\n" +
        "  -t TTL                TTL of the requests (default 64)\n" +
        "  -s SIZE               echo data octets (default 56)\n" +
        "  -q                    quiet: only the summary\n" +
        HostOptions.USAGE;

    private Ping8()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return HostOptions.guard("ping8", err, () -> ping(args, out, err));
    }

    private static int ping(final String[] args, final PrintStream out, final PrintStream err)
        throws java.io.IOException, InterruptedException
    {
        final HostOptions options = new HostOptions();
        long count = Long.MAX_VALUE;
        Duration interval = Duration.ofSeconds(1);
        Duration timeout = Duration.ofSeconds(2);
        int ttl = 64;
        int size = 56;
        boolean quiet = false;
        String destinationText = null;
        final ToolArguments arguments = new ToolArguments(args, options);
        while (arguments.next())
        {
            switch (arguments.arg())
            {
                case "-c" -> count = arguments.intValue(1, Integer.MAX_VALUE);
                case "-i" -> interval = arguments.secondsValue(0.01);
                case "-W" -> timeout = arguments.secondsValue(0.01);
                case "-t" -> ttl = arguments.intValue(1, 255);
                case "-s" -> size = arguments.intValue(0, 65_000);
                case "-q" -> quiet = true;
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
        final long destination = HostOptions.parseAddress("destination", destinationText);
        options.config();   // usage errors before touching the interface

        try (Ipv8Host host = options.openHost(); Ipv8PingSocket socket = host.openPingSocket())
        {
            final String shown = Ipv8Address.toString(destination);
            out.printf("PING8 %s (%s) from %s %s: %d(%d) data bytes%n", shown, Ipv8Address.toFullDotted(destination),
                Ipv8Address.toString(host.selectSource(destination)), host.interfaceName(), size, size + 8 + 28);
            final Stats stats = new Stats();
            final long start = System.nanoTime();
            final Thread interrupted = Thread.ofPlatform().unstarted(() -> stats.summary(out, shown, start));
            if (count == Long.MAX_VALUE && out == System.out)
            {
                Runtime.getRuntime().addShutdownHook(interrupted);   // Ctrl-C prints the summary, as ping does
            }
            final long[] sentAt = new long[65_536];
            final byte[] data = new byte[size];
            for (int i = 0; i < size; i++)
            {
                data[i] = (byte)(0x10 + i);
            }
            long sequence = 0;
            while (sequence < count)
            {
                sequence++;
                final int seq = (int)(sequence & 0xFFFF);
                sentAt[seq] = System.nanoTime();
                socket.send(destination, seq, ttl, data);
                stats.transmitted++;
                final boolean last = sequence == count;
                final long waitUntil = last ? System.nanoTime() + timeout.toNanos() :
                    start + sequence * interval.toNanos();
                while (true)
                {
                    final long left = waitUntil - System.nanoTime();
                    if (left <= 0 || (last && stats.answered >= stats.transmitted))
                    {
                        break;
                    }
                    final Record event = socket.receive(Duration.ofNanos(left));
                    if (event instanceof EchoReply reply)
                    {
                        final double ms = (reply.receivedAtNanos() - sentAt[reply.sequence()]) / 1e6;
                        stats.reply(ms);
                        if (!quiet)
                        {
                            out.printf("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms (IPv%d)%n",
                                reply.dataLength() + 8, Ipv8Address.toString(reply.from()), reply.sequence(),
                                reply.ttl(), ms, reply.ipVersion());
                        }
                    }
                    else if (event instanceof IcmpError error)
                    {
                        stats.errors++;
                        stats.answered++;
                        if (!quiet)
                        {
                            out.printf("From %s icmp_seq=%d %s%n", Ipv8Address.toString(error.reporter()),
                                error.detail(), error.description());
                        }
                    }
                }
            }
            stats.summary(out, shown, start);
            options.report(host, err);
            return stats.received > 0 ? 0 : 1;
        }
    }

    /** Round-trip statistics as iputils prints them. */
    private static final class Stats
    {
        long transmitted;
        long received;
        long answered;
        long errors;
        double min = Double.MAX_VALUE;
        double max;
        double sum;
        double sumSquares;
        boolean printed;

        /** Prints the closing statistics once (normal end or Ctrl-C). */
        synchronized void summary(final PrintStream out, final String shown, final long start)
        {
            if (printed)
            {
                return;
            }
            printed = true;
            out.printf("%n--- %s ping8 statistics ---%n", shown);
            out.printf("%d packets transmitted, %d received, %s%d%% packet loss, time %dms%n",
                transmitted, received, errors > 0 ? "+" + errors + " errors, " : "",
                transmitted == 0 ? 0 : (transmitted - received) * 100 / transmitted,
                (System.nanoTime() - start) / 1_000_000);
            if (received > 0)
            {
                out.printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms%n", min, average(), max,
                    mdev());
            }
            out.flush();
        }

        synchronized void reply(final double ms)
        {
            received++;
            answered++;
            min = Math.min(min, ms);
            max = Math.max(max, ms);
            sum += ms;
            sumSquares += ms * ms;
        }

        double average()
        {
            return sum / received;
        }

        double mdev()
        {
            final double mean = average();
            return Math.sqrt(Math.max(0, sumSquares / received - mean * mean));
        }
    }
}
