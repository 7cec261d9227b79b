package org.ipv8router.perf.rfc2544;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ipv8router.dpdk.DpdkForwarder;
import org.ipv8router.dpdk.ExampleRouter;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.perf.JvmFlags;
import org.ipv8router.perf.pktgen.Pktgen;

/**
 * RFC 2544 throughput (26.1) and latency (26.2) of the IPv8 DPDK router, measured with ipv8-pktgen in another
 * process over two shared-memory links:
 * <pre>
 *   ipv8-pktgen (CPU 1)                                        IPv8 router, DpdkForwarder --pipeline ipv8 (CPU 0)
 *     tx net_memif0  role=client --- a.sock ---  net_memif0 role=server  p0 internal (H1's side)
 *     rx net_memif1  role=client --- b.sock ---  net_memif1 role=server  p1 external (towards N)
 * </pre>
 * (the default, {@code --transport vhost}: {@code virtio_user} in the generator, {@code net_vhost} servers in the
 * router, 8192-entry rings; {@code --transport memif} as drawn: DPDK 22.11's memif PMD crashed the router (SIGSEGV
 * in librte_net_memif) after a few client reconnects here, while the router polled the port, so memif is kept
 * for one-off runs only. vhost-user is built for peers that come and go.)
 * The generator sends IPv8 UDP frames from H1 (64496.192.0.2.1) to 64497.198.51.100.1-N, which the
 * {@link ExampleRouter} config routes from p0 to p1; every frame carries ipv8-pktgen's probe (sequence number and
 * timestamp), so loss and latency are counted per frame. The router runs for the whole benchmark (one forwarding
 * core, warmed by a discarded trial first); each trial is one ipv8-pktgen process (one EAL per process), pinned
 * with {@code taskset} to the other CPU. Per frame size, {@link ZeroLossSearch} finds the zero-loss rate; the
 * latency percentiles are those of the passing trial at that rate.
 * <p>
 * Deviations from RFC 2544, all options: trials of {@code --trial-seconds} (default 2 s, RFC: 60 s), no
 * learning frames (static neighbours), a final resolution of {@code --resolution} of the generator's ceiling.
 * Output: {@code rfc2544.json} and {@code rfc2544.md} in {@code --out}, every trial's pktgen JSON and the router
 * log beside them.
 * <pre>
 * java -cp perf/target/ipv8-perf.jar org.ipv8router.perf.rfc2544.Rfc2544Benchmark --out DIR
 *      [--sizes 64,128,256,512,1024,1280,1518,imix] [--transport memif|vhost] [--trial-seconds 2]
 *      [--resolution 0.02] [--max-trials 8] [--loss-tolerance 0] [--router-core 0] [--gen-core 1] [--flows 32]
 *      [--shim PATH]
 * </pre>
 * (or {@code perf/bin/rfc2544}).
 */
public final class Rfc2544Benchmark
{
    /** Frame sizes of RFC 2544 section 9.1 for Ethernet plus 1280 (the IPv6 minimum MTU) and IMIX. */
    public static final List<String> DEFAULT_SIZES =
        List.of("64", "128", "256", "512", "1024", "1280", "1518", "imix");
    /** Mean frame size of ipv8-pktgen's simple IMIX (7:4:1 of 64, 594, 1518), for the bit rate column. */
    static final double IMIX_MEAN_OCTETS = 361.8333;

    /** Descriptors per virtio ring of the vhost-user links (virtio's maximum is 32768). */
    static final int RING_SIZE = 8192;
    /** Generator mbufs: both 16384-entry rings full plus bursts in flight. */
    static final int GENERATOR_POOL = 65535;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private List<String> sizes = DEFAULT_SIZES;
    private String transport = "vhost";
    private double trialSeconds = 2;
    private double resolution = 0.02;
    private int maxTrials = 8;
    private double lossTolerance = 0;
    private int routerCore = 0;
    private int genCore = 1;
    private int flows = 32;
    private double warmupSeconds = 2;
    private String shim;
    private Path out;
    private Path sockets;
    private int trialCounter;

    private Rfc2544Benchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Rfc2544Benchmark bench = new Rfc2544Benchmark();
        try
        {
            bench.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("rfc2544: " + ex.getMessage());
            System.err.println("usage: Rfc2544Benchmark --out DIR [--sizes 64,128,...,imix] [--transport memif|vhost] " +
                "[--trial-seconds S] [--resolution F] [--max-trials N] [--loss-tolerance PERCENT] [--router-core C] " +
                "[--gen-core C] [--flows N] [--warmup-seconds S] [--shim PATH]");
            System.exit(2);
            return;
        }
        System.exit(bench.run());
    }

    private void parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null && !args[i].equals("--help"))
            {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i])
            {
                case "--sizes" -> sizes = parseSizes(value);
                case "--transport" ->
                {
                    if (!value.equals("memif") && !value.equals("vhost"))
                    {
                        throw new IllegalArgumentException("--transport must be memif or vhost, got " + value);
                    }
                    transport = value;
                }
                case "--trial-seconds" -> trialSeconds = Double.parseDouble(value);
                case "--resolution" -> resolution = Double.parseDouble(value);
                case "--max-trials" -> maxTrials = Integer.parseInt(value);
                case "--loss-tolerance" -> lossTolerance = Double.parseDouble(value);
                case "--router-core" -> routerCore = Integer.parseInt(value);
                case "--gen-core" -> genCore = Integer.parseInt(value);
                case "--flows" -> flows = Integer.parseInt(value);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value);
                case "--shim" -> shim = value;
                case "--out" -> out = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (out == null)
        {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (flows < 1 || flows > 254)
        {
            throw new IllegalArgumentException("--flows must be 1..254 (destination hosts 198.51.100.1-N), got " +
                flows);
        }
        if (!(trialSeconds > 0))
        {
            throw new IllegalArgumentException("--trial-seconds must be > 0");
        }
        new ZeroLossSearch(resolution, 1000, maxTrials, lossTolerance); // validates the search options
    }

    /** @return the sizes of a comma-separated list: 64..1518 or imix. */
    static List<String> parseSizes(final String text)
    {
        final List<String> result = new ArrayList<>();
        for (final String raw : text.split(","))
        {
            final String size = raw.trim().toLowerCase(Locale.ROOT);
            if (size.equals("imix"))
            {
                result.add(size);
                continue;
            }
            final int octets;
            try
            {
                octets = Integer.parseInt(size);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--sizes: '" + raw + "' is neither a frame size nor imix");
            }
            if (octets < 64 || octets > 1518)
            {
                throw new IllegalArgumentException("--sizes: " + octets + " is outside 64..1518");
            }
            result.add(size);
        }
        if (result.isEmpty())
        {
            throw new IllegalArgumentException("--sizes: empty list");
        }
        return List.copyOf(result);
    }

    private int run() throws Exception
    {
        Files.createDirectories(out);
        sockets = Files.createTempDirectory("ipv8-rfc2544-");
        final Process router = startRouter();
        final List<Map<String, Object>> results = new ArrayList<>();
        final String started = Instant.now().toString();
        try
        {
            // The router's JIT warms up on a discarded trial at max rate (64-octet frames, the hardest case).
            log("warm-up trial, " + warmupSeconds + " s at max rate");
            runPktgen("64", ZeroLossSearch.MAX_RATE, warmupSeconds, "warmup");
            final ZeroLossSearch search = new ZeroLossSearch(resolution, 1000, maxTrials, lossTolerance);
            for (final String size : sizes)
            {
                log("frame size " + size + ": searching the zero-loss rate");
                final ZeroLossSearch.Outcome outcome = search.search(rate -> runPktgen(size, rate, trialSeconds,
                    "size" + size));
                results.add(resultEntry(size, outcome, search));
                log(String.format(Locale.ROOT, "frame size %s: %.4f Mpps zero-loss (%s), %d trials", size,
                    outcome.throughputPps() / 1e6, "limited by " + outcome.limitedBy().label(),
                    outcome.trials().size()));
                if (!router.isAlive())
                {
                    throw new IllegalStateException("the router exited during the benchmark: see " +
                        out.resolve("router.log"));
                }
            }
        }
        finally
        {
            router.destroy();
            if (!router.waitFor(10, TimeUnit.SECONDS))
            {
                router.destroyForcibly();
            }
            deleteQuietly(sockets);
        }
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "rfc2544");
        document.put("started", started);
        document.put("finished", Instant.now().toString());
        document.put("transport", transport);
        document.put("router", "DpdkForwarder --pipeline ipv8 (ExampleRouter), 1 forwarding core");
        document.put("router_core", routerCore);
        document.put("generator_core", genCore);
        document.put("trial_seconds", trialSeconds);
        document.put("resolution", resolution);
        document.put("max_trials", maxTrials);
        document.put("loss_tolerance_percent", lossTolerance);
        document.put("flows", flows);
        document.put("load_average", loadAverage());
        // The router prints its totals when SIGTERM ends it: were the trials' losses the router's drops
        // (forwarding drops, or frames the generator's receive ring refused), or lost before the router?
        final java.util.regex.Matcher total = java.util.regex.Pattern
            .compile("(?m)^total rx (\\d+) tx (\\d+) txdrop (\\d+) drops (\\d+)")
            .matcher(Files.readString(out.resolve("router.log")));
        if (total.find())
        {
            final Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("rx", Long.parseLong(total.group(1)));
            totals.put("tx", Long.parseLong(total.group(2)));
            totals.put("txdrop", Long.parseLong(total.group(3)));
            totals.put("drops", Long.parseLong(total.group(4)));
            document.put("router_totals", totals);
        }
        document.put("results", results);
        json.writeValue(out.resolve("rfc2544.json").toFile(), document);
        final String markdown = markdown(document, results);
        Files.writeString(out.resolve("rfc2544.md"), markdown);
        System.out.print(markdown);
        return 0;
    }

    private Map<String, Object> resultEntry(final String size, final ZeroLossSearch.Outcome outcome,
        final ZeroLossSearch search)
    {
        final Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("size", size);
        final double pps = outcome.throughputPps();
        entry.put("throughput_pps", Math.round(pps));
        entry.put("throughput_gbps_wire", pps * (meanOctets(size) + 20) * 8 / 1e9);
        entry.put("generator_ceiling_pps", Math.round(outcome.ceilingPps()));
        entry.put("generator_limited", outcome.generatorLimited());
        entry.put("max_trial_passed", outcome.maxTrialPassed());
        entry.put("limited_by", outcome.limitedBy().label());
        final ZeroLossSearch.Latency latency = outcome.best() == null ? null : outcome.best().latency();
        if (latency != null)
        {
            final Map<String, Object> l = new LinkedHashMap<>();
            l.put("min", latency.min());
            l.put("p50", latency.p50());
            l.put("p99", latency.p99());
            l.put("p99_9", latency.p999());
            l.put("max", latency.max());
            l.put("mean", latency.mean());
            l.put("count", latency.count());
            entry.put("latency_ns", l);
        }
        final List<Map<String, Object>> trials = new ArrayList<>();
        for (final ZeroLossSearch.TrialResult t : outcome.trials())
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("offered_pps", t.offeredPps() == ZeroLossSearch.MAX_RATE ? "max" : Math.round(t.offeredPps()));
            m.put("tx_pps", Math.round(t.txPps()));
            m.put("sent", t.sent());
            m.put("lost", t.lost());
            m.put("passed", search.passes(t));
            m.put("tx_partial_bursts", t.backPressure().partialBursts());
            m.put("tx_retried_frames", t.backPressure().retriedFrames());
            m.put("tx_blocked_ms", t.backPressure().blockedNs() / 1e6);
            m.put("limit", t.limit().label());
            trials.add(m);
        }
        entry.put("trials", trials);
        return entry;
    }

    static double meanOctets(final String size)
    {
        return size.equals("imix") ? IMIX_MEAN_OCTETS : Double.parseDouble(size);
    }

    static String markdown(final Map<String, Object> document, final List<Map<String, Object>> results)
    {
        final StringBuilder md = new StringBuilder();
        md.append("## RFC 2544 zero-loss throughput and latency (").append(document.get("transport"))
            .append(", ").append(document.get("started")).append(")\n\n");
        md.append(String.format(Locale.ROOT, "ipv8-pktgen (CPU %s) -> IPv8 router (1 forwarding core, CPU %s) -> " +
                "ipv8-pktgen over %s; trials of %s s, resolution %s of the generator's ceiling, loss tolerance %s %%, " +
                "%s flows; load average at the end %s.%n%n", document.get("generator_core"),
            document.get("router_core"), document.get("transport"), document.get("trial_seconds"),
            document.get("resolution"), document.get("loss_tolerance_percent"), document.get("flows"),
            document.get("load_average")));
        if (document.get("router_totals") instanceof Map<?, ?> t)
        {
            md.append(String.format(Locale.ROOT, "Router totals over all trials (warm-up included): rx %s, tx %s, " +
                "refused by the generator's receive ring (txdrop) %s, dropped while forwarding %s.%n%n", t.get("rx"),
                t.get("tx"), t.get("txdrop"), t.get("drops")));
        }
        md.append("| frame size | zero-loss Mpps | Gbit/s (wire) | limited by | generator max Mpps | trials | " +
            "latency p50 (us) | p99 (us) | p99.9 (us) | max (us) |\n");
        md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (final Map<String, Object> r : results)
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> l = (Map<String, Object>)r.get("latency_ns");
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.3f | %s | %.4f | %d | %s | %s | %s | %s |%n",
                r.get("size"), ((Number)r.get("throughput_pps")).doubleValue() / 1e6,
                ((Number)r.get("throughput_gbps_wire")).doubleValue(),
                limitedBy(r), ((Number)r.get("generator_ceiling_pps")).doubleValue() / 1e6,
                ((List<?>)r.get("trials")).size(), micros(l, "p50"), micros(l, "p99"), micros(l, "p99_9"),
                micros(l, "max")));
        }
        md.append("\nTrials. Back-pressure = the generator's tx_burst calls that the router's receive ring (the " +
            "generator's transmit ring over vhost-user) took only partly or not at all, the frames offered again and " +
            "the time spent waiting: a lossless trial with back-pressure below its offered rate was paced by the " +
            "router, not the generator.\n\n");
        md.append("| frame size | offered Mpps | tx Mpps | sent | lost | passed | partial tx bursts | frames retried | " +
            "blocked ms | limit |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (final Map<String, Object> r : results)
        {
            for (final Object trial : (List<?>)r.get("trials"))
            {
                if (trial instanceof Map<?, ?> t)
                {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %s | %s | %s | %s | %s | %.1f | %s |%n",
                        r.get("size"), t.get("offered_pps") instanceof Number n ?
                            String.format(Locale.ROOT, "%.4f", n.doubleValue() / 1e6) : t.get("offered_pps"),
                        ((Number)t.get("tx_pps")).doubleValue() / 1e6, t.get("sent"), t.get("lost"), t.get("passed"),
                        t.get("tx_partial_bursts"), t.get("tx_retried_frames"),
                        t.get("tx_blocked_ms") instanceof Number b ? b.doubleValue() : 0.0, t.get("limit")));
                }
            }
        }
        return md.toString();
    }

    /** The "limited by" column; results written before the back-pressure counts only have generator_limited. */
    private static String limitedBy(final Map<String, Object> result)
    {
        if (result.get("limited_by") instanceof String label)
        {
            return label;
        }
        return Boolean.TRUE.equals(result.get("generator_limited")) ? "generator" : "loss below max";
    }

    private static String micros(final Map<String, Object> latency, final String key)
    {
        if (latency == null)
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", ((Number)latency.get(key)).doubleValue() / 1e3);
    }

    private List<String> java(final int core)
    {
        final List<String> command = JvmFlags.childJvm(shim, List.of());
        command.addAll(0, List.of("taskset", "-c", String.valueOf(core)));
        return command;
    }

    private Process startRouter() throws Exception
    {
        final List<String> command = java(routerCore);
        command.addAll(List.of(DpdkForwarder.class.getName(), "--pipeline", "ipv8", "--cores",
            String.valueOf(routerCore), "--file-prefix", "rfc2544r" + ProcessHandle.current().pid(),
            "--mbufs", "16383", "--seconds", "86400"));
        if (transport.equals("memif"))
        {
            command.addAll(List.of("--vdev", "net_memif0,role=server,id=0,socket=" + sockets.resolve("p0.sock"),
                "--vdev", "net_memif1,role=server,id=0,socket=" + sockets.resolve("p1.sock"),
                "--port", "net_memif0", "--port", "net_memif1"));
        }
        else
        {
            command.addAll(List.of("--vdev", "net_vhost0,iface=" + sockets.resolve("p0.sock") + ",queues=1",
                "--vdev", "net_vhost1,iface=" + sockets.resolve("p1.sock") + ",queues=1",
                "--port", "net_vhost0", "--port", "net_vhost1"));
        }
        final Path logFile = out.resolve("router.log");
        final Process router = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(logFile.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.readString(logFile).contains("\nready"))
            {
                log("router ready on CPU " + routerCore + " (" + transport + "), log " + logFile);
                return router;
            }
            if (!router.isAlive())
            {
                throw new IllegalStateException("the router exited before it was ready:\n" + Files.readString(logFile));
            }
            Thread.sleep(50);
        }
        router.destroyForcibly();
        throw new IllegalStateException("the router did not get ready in 60 s:\n" + Files.readString(logFile));
    }

    private ZeroLossSearch.TrialResult runPktgen(final String size, final double rate, final double seconds,
        final String tag) throws Exception
    {
        final int trial = ++trialCounter;
        final List<String> command = java(genCore);
        command.addAll(List.of(Pktgen.class.getName(), "--lcore", String.valueOf(genCore),
            "--src-mac", MacAddress.format(ExampleRouter.H1_MAC), "--dst-mac", MacAddress.format(ExampleRouter.P0_MAC),
            "--src-asn", "64496", "--src-host", "192.0.2.1", "--dst-asn", "64497",
            "--dst-host", "198.51.100.1-198.51.100." + flows, "--size", size,
            "--rate", rate == ZeroLossSearch.MAX_RATE ? "max" : String.valueOf(Math.round(rate)),
            "--duration", String.valueOf(seconds), "--wait-link-ms", "20000", "--drain-ms", "300",
            "--pool-size", String.valueOf(GENERATOR_POOL),
            "--json", "--quiet"));
        if (transport.equals("memif"))
        {
            command.addAll(List.of("--vdev", "net_memif0,role=client,id=0,rsize=12,socket=" + sockets.resolve("p0.sock"),
                "--vdev", "net_memif1,role=client,id=0,rsize=12,socket=" + sockets.resolve("p1.sock"),
                "--tx-port", "net_memif0", "--rx-port", "net_memif1"));
        }
        else
        {
            // virtio_user shares its memory with vhost through fds: hugepages in one file per segment list.
            // 16384-entry virtio rings (default 256) absorb the generator being descheduled for a while: its
            // receive ring is where the losses of a loaded machine happen (docs/perf.md 4.6).
            command.addAll(List.of("--vdev", "virtio_user0,path=" + sockets.resolve("p0.sock") + ",queues=1,queue_size=" +
                    RING_SIZE,
                "--vdev", "virtio_user1,path=" + sockets.resolve("p1.sock") + ",queues=1,queue_size=" + RING_SIZE,
                "--tx-port", "virtio_user0", "--rx-port", "virtio_user1", "--eal", "--single-file-segments"));
        }
        final Path report = out.resolve(String.format(Locale.ROOT, "trial-%03d-%s.json", trial, tag));
        final Path errors = out.resolve(String.format(Locale.ROOT, "trial-%03d-%s.log", trial, tag));
        final Process pktgen = new ProcessBuilder(command).redirectOutput(report.toFile())
            .redirectError(errors.toFile()).start();
        if (!pktgen.waitFor((long)(seconds + 90), TimeUnit.SECONDS))
        {
            pktgen.destroyForcibly();
            throw new IllegalStateException("ipv8-pktgen trial " + trial + " did not finish; see " + errors);
        }
        if (pktgen.exitValue() != 0)
        {
            throw new IllegalStateException("ipv8-pktgen trial " + trial + " exited " + pktgen.exitValue() + ": " +
                Files.readString(errors));
        }
        final ZeroLossSearch.TrialResult result = parseReport(json.readTree(report.toFile()), rate);
        log(String.format(Locale.ROOT, "  trial %d size %s offered %s: tx %.4f Mpps, sent %d, lost %d (%.4f %%), " +
                "back-pressure %d partial tx bursts / %d frames retried / %.1f ms blocked: %s",
            trial, size, rate == ZeroLossSearch.MAX_RATE ? "max" : String.format(Locale.ROOT, "%.4f Mpps", rate / 1e6),
            result.txPps() / 1e6, result.sent(), result.lost(), result.lossPercent(),
            result.backPressure().partialBursts(), result.backPressure().retriedFrames(),
            result.backPressure().blockedNs() / 1e6, result.limit().label()));
        return result;
    }

    /** @return the trial result of an ipv8-pktgen JSON report. */
    static ZeroLossSearch.TrialResult parseReport(final JsonNode report, final double offered)
    {
        final JsonNode l = report.path("latency_ns");
        final ZeroLossSearch.Latency latency = l.path("count").asLong(0) == 0 ? null :
            new ZeroLossSearch.Latency(l.path("min").asLong(), l.path("p50").asLong(), l.path("p99").asLong(),
                l.path("p99_9").asLong(), l.path("max").asLong(), l.path("mean").asDouble(), l.path("count").asLong());
        if (!report.has("tx_packets") || !report.has("lost"))
        {
            throw new IllegalStateException("not an ipv8-pktgen report (no tx_packets/lost): " + report);
        }
        // Reports of a generator without back-pressure counts read as none seen.
        final ZeroLossSearch.BackPressure backPressure = new ZeroLossSearch.BackPressure(
            report.path("tx_partial_bursts").asLong(0), report.path("tx_retried_frames").asLong(0),
            report.path("tx_blocked_ns").asLong(0));
        return new ZeroLossSearch.TrialResult(offered, report.path("tx_pps").asDouble(),
            report.path("tx_packets").asLong(), report.path("lost").asLong(), latency, backPressure);
    }

    private static double loadAverage()
    {
        try
        {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return Double.NaN;
        }
    }

    private static void log(final String message)
    {
        System.err.println("[rfc2544] " + message);
    }

    private static void deleteQuietly(final Path dir)
    {
        try (var files = Files.walk(dir))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // a temp dir left behind is harmless
        }
    }
}
