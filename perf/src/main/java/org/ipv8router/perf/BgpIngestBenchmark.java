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
 * (defaults 100000 and 100; the goal run is 1000000). Needs gobgpd/gobgp on the PATH; runs on
 * {@code bench.base}1-4 (default 10.99.0.1-4, in the script's network namespace). Converged means: every route is
 * in our Loc-RIB and has reached the FIB consumer thread; for gobgpd, its CLI shows every route accepted.
 * <p>
 * Timing. Ours: exact event times (the session FSM's Established instant; the FIB consumer thread takes the
 * time when it counts the last route), read by the main thread from memory, which costs the measured side
 * nothing. gobgpd: its progress can only be polled with {@code gobgp neighbor} (a process start, ~10 ms of CPU on
 * the 2-CPU VM, plus a ListPeer gRPC served by gobgpd itself), so polling loads only the gobgpd side: once its
 * session is Established it is polled only every {@code bench.pollMs} (default 500) ms, and the Established and
 * converged instants are estimated between polls by {@link ProgressSamples} (each poll is stamped at the
 * midpoint of the CLI's start and exit), which also gives the certain bracket printed with the result. Before
 * Established the poll is every {@code bench.startPollMs} (default 20) ms: that is outside the timed window
 * (only the poll in flight at the Established instant overlaps it) and keeps the Established bracket short.
 * <p>
 * Fairness options: {@code bench.order} = {@code ours-first} (default) or {@code gobgpd-first};
 * {@code bench.pusher} = {@code process} (default: the table pusher runs in its own JVM, see
 * {@link BgpTablePusher}) or {@code in-jvm} (the old set-up: the pusher pushes the table through our RIB code in
 * the measured JVM first, warming up its JIT and heap).
 */
public final class BgpIngestBenchmark
{
    /** Address prefix of the lab: GoBGP refuses 127/8 next hops, so the script runs us in a netns on 10.99.0.0/24. */
    private static final String BASE = System.getProperty("bench.base", "10.99.0.");
    private static final String FEEDER_IP = BASE + "1";
    private static final String US_IP = BASE + "2";
    private static final String GOBGP_IP = BASE + "3";
    private static final String PUSHER_IP = BASE + "4";
    private static final long POLL_MS = Long.getLong("bench.pollMs", 500);
    private static final long START_POLL_MS = Long.getLong("bench.startPollMs", 20);
    private static final String ORDER = System.getProperty("bench.order", "ours-first");
    private static final String PUSHER = System.getProperty("bench.pusher", "process");
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
        if (!ORDER.equals("ours-first") && !ORDER.equals("gobgpd-first"))
        {
            throw new IllegalArgumentException("bench.order must be ours-first or gobgpd-first, not '" + ORDER + "'");
        }
        if (!PUSHER.equals("process") && !PUSHER.equals("in-jvm"))
        {
            throw new IllegalArgumentException("bench.pusher must be process or in-jvm, not '" + PUSHER + "'");
        }
        if (POLL_MS < 1 || START_POLL_MS < 1)
        {
            throw new IllegalArgumentException("bench.pollMs and bench.startPollMs must be >= 1 ms, not " + POLL_MS +
                " and " + START_POLL_MS);
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
            Process pusherProcess = null;
            BgpSpeaker inJvmPusher = null;
            if (PUSHER.equals("process"))
            {
                pusherProcess = startPusher(dir, feederPort, routes, paths);
                processes.add(pusherProcess);
            }
            else
            {
                inJvmPusher = BgpTablePusher.push(FEEDER_IP, PUSHER_IP, feederPort, routes, paths);
            }
            try
            {
                awaitFeederRib(feederApi, routes, pusherProcess, dir);
                log("feeder RIB holds %d routes after %.1f s (pusher: %s); order: %s", routes,
                    (System.nanoTime() - tInject) / 1e9, PUSHER, ORDER);
                final Result ours;
                final Result gobgp;
                if (ORDER.equals("ours-first"))
                {
                    ours = runOurs(feederPort, routes);
                    gobgp = runGobgp(dir, processes, feederPort, routes);
                }
                else
                {
                    gobgp = runGobgp(dir, processes, feederPort, routes);
                    ours = runOurs(feederPort, routes);
                }
                report(routes, ours, gobgp);
            }
            finally
            {
                if (inJvmPusher != null)
                {
                    inJvmPusher.close();
                }
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
        System.out.printf(Locale.ROOT, "gobgpd polled with 'gobgp neighbor' every %d ms while Established (every %d ms " +
            "before), %d polls in the timed window; instants estimated between polls: Established %s, converged %s; " +
            "certain bracket %.3f-%.3f s, ratio bracket %.2f-%.2f%n", POLL_MS, START_POLL_MS, gobgp.polls,
            gobgp.establishedMethod, gobgp.convergedMethod, gobgp.secondsMin, gobgp.secondsMax,
            gobgp.secondsMin / ours.seconds, gobgp.secondsMax / ours.seconds);
        System.out.println("bgp8 times are exact event times (FSM Established; FIB consumer thread counted the last " +
            "route), not polled");
        System.out.printf(Locale.ROOT, "order: %s; table pusher: %s%s%n", ORDER,
            PUSHER.equals("process") ? "separate JVM" : "in the measured JVM",
            PUSHER.equals("process") ? "" : " (pushed the table through our RIB code first: JIT warm-up and heap " +
                "favour bgp8)");
    }

    /**
     * seconds: from session Established to convergence (gobgpd: estimated, in [secondsMin, secondsMax] for
     * certain); total: from process start / peer added; polls: gobgpd CLI polls inside the timed window.
     */
    private record Result(double seconds, double total, double bytesPerRoute, double secondsMin, double secondsMax,
        String establishedMethod, String convergedMethod, int polls)
    {
        static Result exact(final double seconds, final double total, final double bytesPerRoute)
        {
            return new Result(seconds, total, bytesPerRoute, seconds, seconds, "exact", "exact", 0);
        }
    }

    /** Our speaker ingests the table; a separate thread plays the dataplane and drains the FIB channel. */
    private static Result runOurs(final int feederPort, final int routes) throws Exception
    {
        final FibChannel fib = new FibChannel(1024, 1024);
        final AtomicLong installed = new AtomicLong();
        // Taken by the consumer thread when it counts the last route: exact to the drain, unlike the main thread's
        // polling loop below (which only waits for it).
        final AtomicLong convergedAt = new AtomicLong();
        final Thread dataplane = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (fib.drain(batch -> countAdds(batch, installed, routes, convergedAt)) == 0)
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
            while (convergedAt.get() == 0)
            {
                Thread.sleep(5);
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10))
                {
                    throw new IllegalStateException("bgp8 did not converge in 10 min: " + installed.get() + " of " +
                        routes + ", session " + s.state());
                }
            }
            final long end = convergedAt.get();
            final double seconds = (end - s.establishedAtNanos()) / 1e9;
            final double total = (end - t0) / 1e9;
            final int locRib = speaker.query(() -> speaker.rib().locRibSize());
            gc();
            final long after = mem.getHeapMemoryUsage().getUsed();
            log("bgp8: %d routes in Loc-RIB, %d in FIB after %.2f s; heap %d -> %d MB", locRib, installed.get(),
                seconds, before >> 20, after >> 20);
            dataplane.interrupt();
            return Result.exact(seconds, total, (double)(after - before) / routes);
        }
    }

    private static void countAdds(
        final FibBatch batch, final AtomicLong installed, final int routes, final AtomicLong convergedAt)
    {
        long adds = 0;
        for (int i = 0; i < batch.size(); i++)
        {
            adds += batch.op(i) == FibBatch.ADD_OR_REPLACE ? 1 : -1;
        }
        if (installed.addAndGet(adds) >= routes && convergedAt.get() == 0)
        {
            convergedAt.set(System.nanoTime());
        }
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
        // Established is a 0/1 state: no rate to interpolate with, so ProgressSamples takes the midpoint of the
        // bracket; t0 is a certain "not yet" sample (the process had not started). Accepted routes rise at a
        // roughly steady rate and stop at the table size: ProgressSamples extrapolates with the previous
        // interval's rate. Before Established the accepted count is 0, recorded as such.
        final ProgressSamples establishedSamples = new ProgressSamples();
        final ProgressSamples acceptedSamples = new ProgressSamples();
        establishedSamples.add(t0, 0);
        boolean up = false;
        int pollsWhileUp = 0;
        while (acceptedSamples.lastCount() < routes)
        {
            Thread.sleep(up ? POLL_MS : START_POLL_MS);
            final long launched = System.nanoTime();
            final String out = run("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(api), "neighbor");
            final long at = launched + (System.nanoTime() - launched) / 2;
            final Matcher m = RECEIVED.matcher(out);
            if (m.find())
            {
                up = true;
                pollsWhileUp++;
                establishedSamples.add(at, 1);
                acceptedSamples.add(at, Long.parseLong(m.group(2)));
            }
            else if (up)
            {
                throw new IllegalStateException("gobgpd receiver's session left Established during the run: " + out);
            }
            else
            {
                establishedSamples.add(at, 0);
                acceptedSamples.add(at, 0);
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10))
            {
                throw new IllegalStateException("gobgpd receiver did not converge in 10 min: " +
                    acceptedSamples.lastCount());
            }
        }
        final long wallEnd = System.nanoTime();
        final ProgressSamples.Crossing established = establishedSamples.crossing(1);
        final ProgressSamples.Crossing converged = acceptedSamples.crossing(routes);
        final double seconds = (converged.estimateNanos() - established.estimateNanos()) / 1e9;
        final double min = (converged.earliestNanos() - established.latestNanos()) / 1e9;
        final double max = (converged.latestNanos() - established.earliestNanos()) / 1e9;
        final long rssAfter = rssBytes(p.pid());
        log("gobgpd receiver: %d accepted after %.2f s (estimated; certain %.3f-%.3f s; %d polls while Established," +
            " every %d ms); RSS %d -> %d MB", acceptedSamples.lastCount(), seconds, min, max, pollsWhileUp, POLL_MS,
            rssBefore >> 20, rssAfter >> 20);
        if (converged.method() == ProgressSamples.Method.FIRST_SAMPLE)
        {
            log("WARNING: gobgpd had converged by its first poll: its time is an upper bound only");
        }
        // Stop it so that it does not share the machine with our run when it goes first.
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
        }
        return new Result(seconds, (wallEnd - t0) / 1e9, (double)(rssAfter - rssBefore) / routes, min, max,
            established.method().name(), converged.method().name(), pollsWhileUp);
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

    /** Starts {@link BgpTablePusher} in a JVM of its own, with this JVM's flags and class path. */
    private static Process startPusher(final Path dir, final int feederPort, final int routes, final int paths)
        throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BgpTablePusher.class.getName(), FEEDER_IP,
            PUSHER_IP, Integer.toString(feederPort), Integer.toString(routes), Integer.toString(paths)));
        return start(dir, "pusher", cmd.toArray(String[]::new));
    }

    private static void awaitFeederRib(final int api, final int routes, final Process pusher, final Path dir)
        throws Exception
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
            if (pusher != null && !pusher.isAlive())
            {
                throw new IllegalStateException("the table pusher JVM exited with " + pusher.exitValue() + ": " +
                    Files.readString(dir.resolve("pusher.log")));
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
