package org.ipv8router.testbed.fabric;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.ipv8router.testbed.host.Ipv8Datagram;
import org.ipv8router.testbed.host.Ipv8DatagramSocket;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8SocketAddress;
import org.ipv8router.testbed.router.RouterDaemon;
import org.ipv8router.wire.Ipv8Address;

/**
 * {@code ./ipv8 demo} as root: brings the two-ASN {@link Fabric} up on this machine, runs traffic through it (each
 * step checked, ok / FAIL), shows the routers' live routes, neighbours and counters through their control sockets
 * while traffic flows, and tears everything down on exit, on failure and on Ctrl-C (the fabric's shutdown hook;
 * the {@code ipv8} script's trap removes anything a killed JVM left behind).
 * <pre>
 * FabricDemo [--id ID] [--watch SECONDS]
 * </pre>
 * Exit code 0 when every check passed, 1 when one failed, 3 when the fabric cannot run here (the script then falls
 * back to the pipeline demo).
 */
public final class FabricDemo
{
    private final PrintStream out;
    private int failures;

    private FabricDemo(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args) throws Exception
    {
        String id = null;
        int watchSeconds = 6;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--id" -> id = args[++i];
                case "--watch" -> watchSeconds = Integer.parseInt(args[++i]);
                case "-h", "--help" ->
                {
                    System.out.println("usage: ipv8 demo [--watch SECONDS] [--pipeline]\n" +
                        "  brings the two-ASN fabric up (root), runs traffic, shows live routes and counters for\n" +
                        "  SECONDS (default 6) and tears it all down; --pipeline runs the offline pipeline demo instead");
                    return;
                }
                default ->
                {
                    System.err.println("ipv8 demo: unknown option '" + args[i] + "' (try --help)");
                    System.exit(2);
                }
            }
        }
        final String reason = Netns.unavailableReason();
        if (reason != null)
        {
            System.err.println("ipv8 demo: the two-ASN fabric cannot run here: " + reason);
            System.exit(3);
        }
        System.exit(new FabricDemo(System.out).run(id, watchSeconds));
    }

    private void check(final boolean ok, final String what)
    {
        out.println((ok ? "  ok    " : "  FAIL  ") + what);
        if (!ok)
        {
            failures++;
        }
    }

    private void heading(final String text)
    {
        out.println();
        out.println("== " + text);
    }

    private int run(final String id, final int watchSeconds) throws Exception
    {
        out.println("ipv8 demo: the two-ASN IPv8 fabric on this machine (network namespaces, two router daemons on " +
            "DPDK net_af_packet, IPv8 hosts on the Java host stack, an IPv4-only host, an IPv4-only transit).");
        out.println("Ctrl-C at any time tears everything down.");
        Fabric.Options options = Fabric.Options.defaults().withLog(out);
        if (id != null)
        {
            options = options.withId(id);
        }
        try (Fabric fabric = Fabric.start(options))
        {
            out.println("""

                  AS 64496                                                                  AS 64497
                  h1 64496.10.1.0.1 (IPv8) --+                     wh (WHOIS8 registry)
                  v4 10.1.0.4 (Linux IPv4) --+-- r1 -- t (Linux IPv4 transit) -- r2 -- h2 64497.10.2.0.1 (IPv8)
                  z1 127.1.0.0.10.11.0.1 ------- r1  (zone 127.1.0.0 group 1; zone-permit 1 2)
                  z2 127.2.0.0.10.12.0.1 ------- r1  (zone 127.2.0.0 group 2)
                  hp 64496.10.4.0.3 -- [r1 .254 | r3 .253] -- h3 64496.10.3.0.1   (gateway pair)
                  BGP8 r2 -> r1 over the transit (TCP through each router's TAP), 8to4 across it,
                  r1 installs AS 64497's route only once WHOIS8 says it is VALID""");
            try
            {
                traffic(fabric);
                watch(fabric, watchSeconds);
            }
            catch (final IOException | InterruptedException ex)
            {
                if (fabric.isClosed())
                {
                    out.println("ipv8 demo: stopped; the fabric was torn down (Ctrl-C / SIGTERM)");
                    return 130;
                }
                throw ex;
            }
            heading("r1 show bgp summary");
            out.print(fabric.router("r1").show("bgp", "summary"));
            heading("r1 show bgp routes (WHOIS8 validation)");
            out.print(fabric.router("r1").show("bgp", "routes"));
            heading("r1 show gateway-pair");
            out.print(fabric.router("r1").show("gateway-pair"));
            heading("r1 show route");
            out.print(fabric.router("r1").show("route"));
            heading("r2 show route");
            out.print(fabric.router("r2").show("route"));
            heading("r1 show arp8");
            out.print(fabric.router("r1").show("arp8"));
            heading("r1 counters (non-zero)");
            out.print(fabric.router("r1").nonZeroCounters());
            heading("r2 counters (non-zero)");
            out.print(fabric.router("r2").nonZeroCounters());
            out.println();
            if (failures > 0)
            {
                fabric.keepWorkDir(true);
            }
            out.println("router configs and logs: " + fabric.workDir() + (failures > 0 ? " (kept: a check failed)" :
                " (removed at teardown; IPV8_JAVA_OPTS=-Dipv8.fabric.keep=true keeps them)"));
        }
        out.println();
        out.println(failures == 0 ? "ipv8 demo: all checks passed; fabric torn down" :
            "ipv8 demo: " + failures + " check(s) FAILED; fabric torn down");
        return failures == 0 ? 0 : 1;
    }

    private void traffic(final Fabric fabric) throws Exception
    {
        heading("traffic");
        final Ipv8Host h1 = fabric.host("h1");
        final Fabric.PingResult warm = Fabric.ping(h1, Fabric.H2, 3, Duration.ofMillis(300), Duration.ofSeconds(3));
        out.println("  (ARP8 warm-up: " + warm.summary() + ")");
        final Fabric.PingResult ping = Fabric.ping(h1, Fabric.H2, 5, Duration.ofMillis(200), Duration.ofSeconds(2));
        check(ping.received() == 5, "ping8 h1 64496.10.1.0.1 -> h2 64497.10.2.0.1 across the ASNs and the 8to4 transit: " +
            ping.summary());
        final Fabric.UdpResult udp = Fabric.udpEcho(fabric.host("h2"), Fabric.H1, 5, Duration.ofSeconds(2));
        check(udp.echoed() == 5 && udp.ipVersionOfEchoes() == 8, "UDP h2 -> h1 echo: " + udp.summary());
        final Netns.Result linux = Netns.exec(20, "ip", "netns", "exec", fabric.ns("v4"), "ping", "-c", "3", "-i", "0.2",
            "-W", "2", "10.1.0.1");
        check(linux.exitCode() == 0, "IPv4-only Linux host: ping 10.1.0.1 (h1) -> " +
            linux.output().lines().filter(l -> l.contains("transmitted")).findFirst().orElse("exit " + linux.exitCode()));
        final int permitted = oneWay(fabric.host("z1"), fabric.host("z2"), Fabric.Z2);
        check(permitted == 3, "zone 127.1.0.0 -> zone 127.2.0.0 (permitted): " + permitted + "/3 delivered");
        final int denied = oneWay(fabric.host("z2"), fabric.host("z1"), Fabric.Z1);
        check(denied == 0, "zone 127.2.0.0 -> zone 127.1.0.0 (default deny): " + denied + "/3 delivered, r1 drops " +
            "zone_denied");
        final int viaPair = oneWay(fabric.host("hp"), fabric.host("h3"), Fabric.H3);
        check(viaPair == 3, "hp -> h3 through the gateway pair (.253 = r3 preferred): " + viaPair + "/3 delivered");
        final Fabric.PingResult leak = Fabric.ping(fabric.host("z1"), Fabric.H2, 2, Duration.ofMillis(100),
            Duration.ofMillis(800));
        check(leak.received() == 0, "zone 127.1.0.0 -> AS 64497 without XLATE8: " + leak.summary() +
            " (r1 drops zone_no_xlate8)");
    }

    private static int oneWay(final Ipv8Host from, final Ipv8Host to, final String toAddress) throws Exception
    {
        int got = 0;
        try (Ipv8DatagramSocket rx = to.openDatagramSocket(); Ipv8DatagramSocket tx = from.openDatagramSocket())
        {
            rx.bind(Ipv8SocketAddress.ANY.withPort(9));
            tx.bind(Ipv8SocketAddress.ANY);
            for (int i = 0; i < 3; i++)
            {
                tx.send(Ipv8SocketAddress.of(Ipv8Address.parse(toAddress), 9), ("demo " + i).getBytes());
            }
            final long until = System.currentTimeMillis() + 1_500;
            while (got < 3 && System.currentTimeMillis() < until)
            {
                final Ipv8Datagram d = rx.receive(Duration.ofMillis(100));
                if (d != null)
                {
                    got++;
                }
            }
        }
        return got;
    }

    /** Background pings h1 -> h2 while the routers' interface counters are printed every two seconds. */
    private void watch(final Fabric fabric, final int seconds) throws Exception
    {
        if (seconds <= 0)
        {
            return;
        }
        heading("live: ping8 h1 -> h2 every 100 ms for " + seconds + " s; routers' interface counters (show interfaces)");
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final Thread pinger = Thread.ofPlatform().daemon().name("demo-pinger").start(() ->
        {
            final long end = System.currentTimeMillis() + seconds * 1_000L;
            while (System.currentTimeMillis() < end)
            {
                try
                {
                    final Fabric.PingResult r = Fabric.ping(fabric.host("h1"), Fabric.H2, 1, Duration.ZERO,
                        Duration.ofMillis(100));
                    sent.addAndGet(r.sent());
                    received.addAndGet(r.received());
                    Thread.sleep(100);
                }
                catch (final IOException | InterruptedException ex)
                {
                    return;
                }
            }
        });
        for (int t = 0; t < seconds; t += 2)
        {
            Thread.sleep(Math.min(2, seconds - t) * 1_000L);
            out.printf("  t=%2ds  pings %d sent %d answered%n", Math.min(t + 2, seconds), sent.get(), received.get());
            for (final RouterDaemon router : fabric.routers())
            {
                for (final var i : router.showJson("interfaces").path("interfaces"))
                {
                    final var c = i.path("counters");
                    out.printf("         %s %-3s rx %6d pkts  tx %6d pkts  drops rx %d tx %d%n", router.name(),
                        i.path("name").asText(), c.path("rx_packets").asLong(), c.path("tx_packets").asLong(),
                        c.path("rx_drops").asLong(), c.path("tx_drops").asLong());
                }
            }
        }
        pinger.join(2_000);
        check(sent.get() > 0 && received.get() >= sent.get() - 2, "live pings: " + received.get() + "/" + sent.get() +
            " answered");
    }
}
