package org.ipv8router.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ipv8router.bgp8.fib.FibBatch;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;

/**
 * Full-table ingest benchmark: a GoBGP "feeder" (AS 65100) holds an N-route IPv4 table injected from a
 * synthetic MRT file and advertises it (a) to our BGP8 speaker and (b) to a second gobgpd, in the same run, one
 * after the other. Reports seconds to converge, routes per second, our heap per route (used heap after GC,
 * delta over the run) and the GoBGP receiver's RSS per route, and the time ratio gobgp/ours (> 1 = we are
 * faster).
 * <p>
 * Usage: {@code java -cp ipv8-perf.jar org.ipv8router.perf.BgpIngestBenchmark [routes] [distinctPaths]}
 * (defaults 100000 and 100; the goal run is 1000000). Needs gobgpd/gobgp on the PATH; runs only on
 * 127.0.0.61-63. Converged means: every route is in our Loc-RIB and has reached the FIB consumer thread.
 */
public final class BgpIngestBenchmark
{
    /** Address prefix of the lab: GoBGP refuses 127/8 next hops, so the script runs us in a netns on 10.99.0.0/24. */
    private static final String BASE = System.getProperty("bench.base", "10.99.0.");
    private static final String FEEDER_IP = BASE + "1";
    private static final String US_IP = BASE + "2";
    private static final String GOBGP_IP = BASE + "3";
    private static final String PUSHER_IP = BASE + "4";
    private static final Pattern RECEIVED = Pattern.compile(
        "\\Q" + FEEDER_IP + "\\E\\s+\\d+\\s+\\S+\\s+Establ\\s*\\|\\s*(\\d+)\\s+(\\d+)");

    private BgpIngestBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int routes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int paths = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (!Files.isExecutable(Path.of("/usr/bin/gobgpd")) || !Files.isExecutable(Path.of("/usr/bin/gobgp")))
        {
            System.err.println("gobgpd/gobgp not found in /usr/bin: apt-get install -y gobgpd");
            System.exit(2);
        }
        final Path dir = Files.createTempDirectory("ipv8-bgp-bench");
        final List<Process> processes = new ArrayList<>();
        try
        {
            final int feederPort = freePort(FEEDER_IP);
            final int feederApi = freePort("127.0.0.1");
            Files.writeString(dir.resolve("feeder.toml"), feederConfig(feederPort));
            processes.add(start(dir, "feeder", "gobgpd", "-f", dir.resolve("feeder.toml").toString(),
                "--api-hosts", "127.0.0.1:" + feederApi, "--pprof-disable", "-p", "-l", "warn"));
            awaitPort("127.0.0.1", feederApi);
            // Load the feeder's RIB over BGP from a pusher speaker (gobgp's own "mrt inject" drops routes).
            final long tInject = System.nanoTime();
            try (BgpSpeaker pusher = push(feederPort, routes, paths))
            {
                awaitFeederRib(feederApi, routes);
                log("feeder RIB holds %d routes after %.1f s", routes, (System.nanoTime() - tInject) / 1e9);
                final Result ours = runOurs(feederPort, routes);
                final Result gobgp = runGobgp(dir, processes, feederPort, routes);
                report(routes, ours, gobgp);
            }
        }
        finally
        {
            for (final Process p : processes)
            {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS))
                {
                    p.destroyForcibly();
                }
            }
            try (var walk = Files.walk(dir))
            {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(final int routes, final Result ours, final Result gobgp)
    {
        System.out.println();
        System.out.println("| receiver | routes | s Established->converged | routes/s | s incl. start-up | memory per route |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| ipv8-router bgp8 | %d | %.2f | %.0f | %.2f | %.0f B heap (used after GC) |%n",
            routes, ours.seconds, routes / ours.seconds, ours.total, ours.bytesPerRoute);
        System.out.printf(Locale.ROOT, "| gobgpd 3.10 | %d | %.2f | %.0f | %.2f | %.0f B RSS delta |%n",
            routes, gobgp.seconds, routes / gobgp.seconds, gobgp.total, gobgp.bytesPerRoute);
        System.out.printf(Locale.ROOT, "ratio gobgp/ours (Established->converged) = %.2f (> 1 means bgp8 converges faster)%n",
            gobgp.seconds / ours.seconds);
        System.out.println("(gobgpd's time is sampled by polling its CLI every ~20-40 ms: +-0.05 s)");
    }

    /**
     * A speaker (AS 65099) that originates the table: /24s from 1.0.0.0 upwards (skipping 10/8 and 127/8)
     * in {@code paths} groups, each with its own next hop so the feeder keeps several attribute sets.
     */
    private static BgpSpeaker push(final int feederPort, final int routes, final int paths) throws IOException
    {
        final BgpSpeaker pusher = new BgpSpeaker(SpeakerConfig.of(65099, 0x0A630004, null)
            .withPolicy(PolicyConfig.defaults(65099)), new FibChannel(16, 16)).start();
        final int perGroup = (routes + paths - 1) / paths;
        long net = 0x01000000L;
        int done = 0;
        for (int g = 0; g < paths && done < routes; g++)
        {
            final int n = Math.min(perGroup, routes - done);
            final long[] prefixes = new long[n];
            final byte[] lengths = new byte[n];
            for (int i = 0; i < n; i++)
            {
                while ((net >>> 24) == 10 || (net >>> 24) == 127)
                {
                    net += 1L << 24;
                }
                prefixes[i] = net;
                lengths[i] = 56;
                net += 256;
            }
            pusher.originateAll(prefixes, lengths, n, 0xC0000200L + g);
            done += n;
        }
        pusher.addPeer(new PeerConfig("feeder", new InetSocketAddress(FEEDER_IP, feederPort),
            new InetSocketAddress(PUSHER_IP, 0), 65100, FsmConfig.DEFAULT.withConnectRetry(1), PeerPolicy.ebgp(65100),
            true, false, 0, 0));
        return pusher;
    }

    /** seconds: from session Established to convergence; total: from process start / peer added. */
    private record Result(double seconds, double total, double bytesPerRoute)
    {
    }

    /** Our speaker ingests the table; a separate thread plays the dataplane and drains the FIB channel. */
    private static Result runOurs(final int feederPort, final int routes) throws Exception
    {
        final FibChannel fib = new FibChannel(1024, 1024);
        final AtomicLong installed = new AtomicLong();
        final Thread dataplane = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (fib.drain(batch -> countAdds(batch, installed)) == 0)
                {
                    Thread.onSpinWait();
                    try
                    {
                        Thread.sleep(1);
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                }
            }
        }, "fib-consumer");
        dataplane.setDaemon(true);
        dataplane.start();
        final SpeakerConfig cfg = SpeakerConfig.of(65101, 0x7F00003E, null)
            .withPolicy(PolicyConfig.defaults(65101));
        try (BgpSpeaker speaker = new BgpSpeaker(cfg, fib).start())
        {
            final MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            gc();
            final long before = mem.getHeapMemoryUsage().getUsed();
            final long t0 = System.nanoTime();
            final BgpSession s = speaker.addPeer(new PeerConfig("feeder", new InetSocketAddress(FEEDER_IP, feederPort),
                new InetSocketAddress(US_IP, 0), 65100, FsmConfig.DEFAULT.withConnectRetry(1), PeerPolicy.ebgp(65100),
                true, false, 0, 0));
            while (installed.get() < routes)
            {
                Thread.sleep(5);
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10))
                {
                    throw new IllegalStateException("bgp8 did not converge in 10 min: " + installed.get() + " of " +
                        routes + ", session " + s.state());
                }
            }
            final long end = System.nanoTime();
            final double seconds = (end - s.establishedAtNanos()) / 1e9;
            final double total = (end - t0) / 1e9;
            final int locRib = speaker.query(() -> speaker.rib().locRibSize());
            gc();
            final long after = mem.getHeapMemoryUsage().getUsed();
            log("bgp8: %d routes in Loc-RIB, %d in FIB after %.2f s; heap %d -> %d MB", locRib, installed.get(),
                seconds, before >> 20, after >> 20);
            dataplane.interrupt();
            return new Result(seconds, total, (double)(after - before) / routes);
        }
    }

    private static void countAdds(final FibBatch batch, final AtomicLong installed)
    {
        long adds = 0;
        for (int i = 0; i < batch.size(); i++)
        {
            adds += batch.op(i) == FibBatch.ADD_OR_REPLACE ? 1 : -1;
        }
        installed.addAndGet(adds);
    }

    private static Result runGobgp(
        final Path dir, final List<Process> processes, final int feederPort, final int routes) throws Exception
    {
        final int api = freePort("127.0.0.1");
        Files.writeString(dir.resolve("receiver.toml"), receiverConfig(feederPort));
        final long t0 = System.nanoTime();
        final Process p = start(dir, "receiver", "gobgpd", "-f", dir.resolve("receiver.toml").toString(),
            "--api-hosts", "127.0.0.1:" + api, "--pprof-disable", "-p", "-l", "warn");
        processes.add(p);
        awaitPort("127.0.0.1", api);
        final long rssBefore = rssBytes(p.pid());
        long accepted = 0;
        long established = 0;
        while (accepted < routes)
        {
            Thread.sleep(20);
            final String out = run("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(api), "neighbor");
            final Matcher m = RECEIVED.matcher(out);
            if (m.find())
            {
                if (established == 0)
                {
                    established = System.nanoTime();
                }
                accepted = Long.parseLong(m.group(2));
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10))
            {
                throw new IllegalStateException("gobgpd receiver did not converge in 10 min: " + accepted);
            }
        }
        final long end = System.nanoTime();
        final double seconds = (end - established) / 1e9;
        final long rssAfter = rssBytes(p.pid());
        log("gobgpd receiver: %d accepted after %.2f s; RSS %d -> %d MB", accepted, seconds, rssBefore >> 20,
            rssAfter >> 20);
        return new Result(seconds, (end - t0) / 1e9, (double)(rssAfter - rssBefore) / routes);
    }

    private static String feederConfig(final int port)
    {
        return """
            [global.config]
              as = 65100
              router-id = "%1$s"
              port = %2$d
              local-address-list = ["%1$s"]
            """.formatted(FEEDER_IP, port) + passiveNeighbor(US_IP, 65101) + passiveNeighbor(GOBGP_IP, 65102) +
            passiveNeighbor(PUSHER_IP, 65099);
    }

    /** One [[neighbors]] block of the feeder: IPv4 unicast, the feeder waits for the peer to connect. */
    private static String passiveNeighbor(final String address, final int peerAs)
    {
        return """
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "%s"
                peer-as = %d
              [neighbors.transport.config]
                passive-mode = true
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
            """.formatted(address, peerAs);
    }

    private static String receiverConfig(final int feederPort)
    {
        return """
            [global.config]
              as = 65102
              router-id = "%1$s"
              port = -1
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "%2$s"
                peer-as = 65100
              [neighbors.transport.config]
                local-address = "%1$s"
                remote-port = %3$d
              [neighbors.timers.config]
                connect-retry = 1
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
            """.formatted(GOBGP_IP, FEEDER_IP, feederPort);
    }

    private static void awaitFeederRib(final int api, final int routes) throws Exception
    {
        final Pattern dest = Pattern.compile("Destination:\\s*(\\d+)");
        final long t0 = System.nanoTime();
        while (true)
        {
            final String out = run("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(api), "global", "rib",
                "summary", "-a", "ipv4");
            final Matcher m = dest.matcher(out);
            if (m.find() && Long.parseLong(m.group(1)) >= routes)
            {
                return;
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10))
            {
                throw new IllegalStateException("feeder RIB not loaded: " + out);
            }
            Thread.sleep(200);
        }
    }

    private static long rssBytes(final long pid) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static void gc() throws InterruptedException
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static Process start(final Path dir, final String name, final String... cmd) throws IOException
    {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    }

    private static String run(final String... cmd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort(final String ip) throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip)))
        {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(final String ip, final int port) throws InterruptedException
    {
        for (int i = 0; i < 100; i++)
        {
            try (java.net.Socket s = new java.net.Socket())
            {
                s.connect(new InetSocketAddress(ip, port), 200);
                return;
            }
            catch (final IOException e)
            {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on " + ip + ":" + port);
    }

    private static void log(final String format, final Object... args)
    {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
