package org.ipv8router.perf.dpdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ipv8router.dpdk.DpdkForwarder;
import org.ipv8router.dpdk.ExampleRouter;
import org.ipv8router.perf.JvmFlags;

/**
 * Side-by-side forwarding benchmark (issue 4): the Java DPDK forwarding loop ({@link DpdkForwarder}: by default
 * the IPv8 router's forwarding graph over {@code DpdkPort}s with the {@link ExampleRouter} config, or with
 * {@code --pipeline mac} the MAC-rewrite stand-in) against {@code dpdk-testpmd --forward-mode=mac}, on the same
 * vdevs, one forwarding core, 64-byte frames:
 * <pre>
 *   net_pcap0 (rx_pcap=64-byte IPv8 frames, infinite_rx=1)  --forwarding core--&gt;  net_null0 (no-rx=1)
 * </pre>
 * The input is 32 distinct 64-byte IPv8 UDP frames from H1 to 64497.198.51.100.k ({@link
 * ExampleRouter#forwardedFrame}), which the example router routes out of p1 (the net_null port); or any pcap given
 * with {@code --pcap FILE} (e.g. built with {@code ./ipv8 pkt build ... --pcap FILE}). The Java run's end line
 * ({@code total rx .. tx .. drops ..}) is checked: a run that drops instead of forwarding fails.
 * Runs alternating A/B pairs (testpmd, then Java; each its own process with its own EAL), waiting before each run
 * for an idle machine (1-minute load average below a threshold, up to a maximum wait), takes the median of the
 * per-second samples after a warm-up, and prints a markdown table with each pair's ratio and the median ratio with
 * its range. Absolute Mpps on a shared VM are noisy (java-stack.md 4.2); the paired ratio is the result.
 * <pre>
 * java -cp perf/target/ipv8-perf.jar org.ipv8router.perf.dpdk.DpdkForwardingBenchmark [--pairs 5] [--seconds 10]
 *      [--warmup 2] [--core 0] [--main-core 1] [--idle-load 0.3] [--max-wait 120] [--shim PATH] [--no-huge]
 *      [--direct] [--pipeline ipv8|ipv8-slow|mac] [--pcap FILE] [--json FILE]
 * </pre>
 * {@code --json FILE} also writes the pairs and the median ratios as JSON (for {@code PerfPlots}).
 * (or {@code perf/scripts/dpdk-forwarding-bench.sh}, which builds first). {@code --direct} adds a third run per
 * pair: the same ports and MAC rewrite without the graph ({@code DpdkForwarder --direct}), which separates the
 * ports' cost from the graph's.
 */
public final class DpdkForwardingBenchmark
{
    /** Octets per frame without FCS: a 64-octet frame on the wire. */
    static final int FRAME_LENGTH = 60;
    static final Pattern JAVA_SAMPLE =
        Pattern.compile("^sample \\d+ rx \\d+ tx (\\d+) mpps ([0-9.]+) cpu_ms (\\d+)");
    static final Pattern JAVA_TOTAL =
        Pattern.compile("(?m)^total rx (\\d+) tx (\\d+) txdrop \\d+ drops (\\d+)");
    /** Clock ticks per second of /proc/.../stat times (USER_HZ, 100 on Linux). */
    private static final double USER_HZ = 100.0;

    private int pairs = 5;
    private int seconds = 10;
    private int warmup = 2;
    private int core = 0;
    private int mainCore = 1;
    private double idleLoad = 0.3;
    private int maxWaitSeconds = 120;
    private String shim;
    private boolean noHuge;
    private String testpmd = "dpdk-testpmd";
    private boolean direct;
    private String pipeline = "ipv8";
    private Path inputPcap;
    private Path jsonOut;

    private DpdkForwardingBenchmark()
    {
    }

    /** One run's result. */
    record Run(double mpps, double mppsPerCpuSecond, int samples, double loadBefore)
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final DpdkForwardingBenchmark bench = new DpdkForwardingBenchmark();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pairs" -> bench.pairs = Integer.parseInt(args[++i]);
                case "--seconds" -> bench.seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> bench.warmup = Integer.parseInt(args[++i]);
                case "--core" -> bench.core = Integer.parseInt(args[++i]);
                case "--main-core" -> bench.mainCore = Integer.parseInt(args[++i]);
                case "--idle-load" -> bench.idleLoad = Double.parseDouble(args[++i]);
                case "--max-wait" -> bench.maxWaitSeconds = Integer.parseInt(args[++i]);
                case "--shim" -> bench.shim = args[++i];
                case "--no-huge" -> bench.noHuge = true;
                case "--testpmd" -> bench.testpmd = args[++i];
                case "--direct" -> bench.direct = true;
                case "--pipeline" -> bench.pipeline = args[++i];
                case "--pcap" -> bench.inputPcap = Path.of(args[++i]).toAbsolutePath();
                case "--json" -> bench.jsonOut = Path.of(args[++i]).toAbsolutePath();
                default ->
                {
                    System.err.println("unknown option " + args[i]);
                    System.exit(1);
                }
            }
        }
        if (!bench.pipeline.equals("ipv8") && !bench.pipeline.equals("ipv8-slow") && !bench.pipeline.equals("mac"))
        {
            System.err.println("--pipeline must be ipv8, ipv8-slow (the router without its fast path) or mac");
            System.exit(1);
        }
        if (bench.seconds <= bench.warmup)
        {
            System.err.println("--seconds must exceed --warmup");
            System.exit(1);
        }
        System.exit(bench.run());
    }

    private int run() throws Exception
    {
        final Path dir = Files.createTempDirectory("ipv8-dpdk-bench");
        final Path pcap = inputPcap != null ? inputPcap : dir.resolve("frames64.pcap");
        if (inputPcap == null)
        {
            writeFrames(pcap);
        }
        final List<Run> testpmdRuns = new ArrayList<>();
        final List<Run> javaRuns = new ArrayList<>();
        final List<Run> directRuns = new ArrayList<>();
        System.out.println("# DPDK forwarding: Java " + (pipeline.equals("ipv8") ? "IPv8 router" :
            pipeline.equals("ipv8-slow") ? "IPv8 router without its fast path" : "MAC-rewrite graph") +
            " over DpdkPort vs dpdk-testpmd --forward-mode=mac");
        System.out.println();
        System.out.println("net_pcap (infinite_rx=1, " + (inputPcap != null ? inputPcap.toString() :
            (FRAME_LENGTH + 4) + "-byte IPv8 frames") + ") -> net_null, forwarding " +
            "core " + core + ", " + pairs + " A/B pairs of " + seconds + " s (first " + warmup + " s discarded), " +
            "medians of per-second samples" + (noHuge ? ", --no-huge" : "") + ".");
        System.out.println();
        for (int p = 0; p < pairs; p++)
        {
            testpmdRuns.add(runTestpmd(pcap, p));
            javaRuns.add(runJava(pcap, p, false));
            if (direct)
            {
                directRuns.add(runJava(pcap, p, true));
            }
            System.err.println("pair " + (p + 1) + ": testpmd " + fmt(testpmdRuns.get(p).mpps()) + " Mpps, java " +
                fmt(javaRuns.get(p).mpps()) + " Mpps");
        }

        System.out.println("| pair | testpmd Mpps | Java Mpps | Java / testpmd | testpmd Mpps per CPU-s | " +
            "Java Mpps per CPU-s | Java / testpmd per CPU-s | load before (testpmd / Java) |" +
            (direct ? " Java ports only, no graph: Mpps | ratio |" : ""));
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|" + (direct ? "---:|---:|" : ""));
        final double[] ratios = new double[pairs];
        final double[] cpuRatios = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            final Run a = testpmdRuns.get(p);
            final Run b = javaRuns.get(p);
            ratios[p] = a.mpps() > 0 ? b.mpps() / a.mpps() : Double.NaN;
            cpuRatios[p] = b.mppsPerCpuSecond() / a.mppsPerCpuSecond();
            System.out.println("| " + (p + 1) + " | " + fmt(a.mpps()) + " | " + fmt(b.mpps()) + " | " +
                fmt(ratios[p]) + " | " + fmt(a.mppsPerCpuSecond()) + " | " + fmt(b.mppsPerCpuSecond()) + " | " +
                fmt(cpuRatios[p]) + " | " + fmt(a.loadBefore()) + " / " + fmt(b.loadBefore()) + " |" +
                (direct ? " " + fmt(directRuns.get(p).mpps()) + " | " + fmt(directRuns.get(p).mpps() / a.mpps()) + " |"
                    : ""));
        }
        System.out.println();
        System.out.println("**Median ratio Java / testpmd: " + summary(ratios) + "**; per CPU-second of the " +
            "forwarding thread: " + summary(cpuRatios) + " (" + pairs + " pairs; the per-CPU-second ratio removes " +
            "time the thread did not get its core, not cache or memory contention)");
        if (jsonOut != null)
        {
            writeJson(testpmdRuns, javaRuns, ratios, cpuRatios);
        }
        return 0;
    }

    private void writeJson(final List<Run> testpmdRuns, final List<Run> javaRuns, final double[] ratios,
        final double[] cpuRatios) throws IOException
    {
        final java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("benchmark", "dpdk-forwarding");
        doc.put("pipeline", pipeline);
        doc.put("vdevs", "net_pcap0 (infinite_rx) -> net_null0");
        doc.put("seconds", seconds);
        doc.put("warmup_seconds", warmup);
        doc.put("core", core);
        final List<java.util.Map<String, Object>> list = new ArrayList<>();
        for (int p = 0; p < pairs; p++)
        {
            final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("pair", p + 1);
            m.put("testpmd_mpps", testpmdRuns.get(p).mpps());
            m.put("router_mpps", javaRuns.get(p).mpps());
            m.put("ratio", ratios[p]);
            m.put("ratio_per_cpu_second", cpuRatios[p]);
            m.put("load_before_testpmd", testpmdRuns.get(p).loadBefore());
            m.put("load_before_router", javaRuns.get(p).loadBefore());
            list.add(m);
        }
        doc.put("pairs", list);
        final double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        doc.put("median_ratio", median(sorted));
        final double[] cpuSorted = cpuRatios.clone();
        Arrays.sort(cpuSorted);
        doc.put("median_ratio_per_cpu_second", median(cpuSorted));
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValue(jsonOut.toFile(), doc);
    }

    static void writeFrames(final Path pcap) throws IOException
    {
        // 32 distinct IPv8 frames the example router forwards out of p1, cycled by infinite_rx.
        try (OutputStream out = Files.newOutputStream(pcap))
        {
            final java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(header.array());
            for (int k = 0; k < 32; k++)
            {
                final java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate(16 + FRAME_LENGTH)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                record.putInt(1).putInt(k).putInt(FRAME_LENGTH).putInt(FRAME_LENGTH);
                record.put(ExampleRouter.forwardedFrame(k, FRAME_LENGTH));
                out.write(record.array());
            }
        }
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

    /** Waits until the 1-minute load average is below the threshold, at most maxWaitSeconds. */
    private double waitForIdle() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWaitSeconds);
        double load = loadAverage();
        while (!(load < idleLoad) && System.nanoTime() < deadline)
        {
            Thread.sleep(1000);
            load = loadAverage();
        }
        if (!(load < idleLoad))
        {
            System.err.println("warning: machine not idle after " + maxWaitSeconds + " s (load " + load +
                "); running anyway, the ratio of this pair is less trustworthy");
        }
        return load;
    }

    private String vdevPcap(final Path pcap)
    {
        return "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1";
    }

    private Run runTestpmd(final Path pcap, final int pair) throws Exception
    {
        final double load = waitForIdle();
        final List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "timeout", "-s", "INT",
            String.valueOf(seconds + 1), testpmd,
            "-l", mainCore + "," + core, "--main-lcore", String.valueOf(mainCore),
            "--file-prefix", "ipv8bench-tp" + ProcessHandle.current().pid() + "-" + pair,
            "--no-pci", "--no-telemetry", "--log-level=lib.eal:error",
            "--vdev", vdevPcap(pcap), "--vdev", "net_null0,no-rx=1"));
        command.addAll(noHuge ? List.of("--no-huge", "-m", "512") : List.of("--in-memory"));
        command.addAll(List.of("--", "--forward-mode=mac", "--nb-cores=1", "--burst=32", "--mbcache=256",
            "--total-num-mbufs=16383", "--stats-period=1", "--no-lsc-interrupt"));
        final List<Double> samples = new ArrayList<>();
        final List<Long> txPackets = new ArrayList<>();
        final List<Long> cpuTicks = new ArrayList<>();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final TestpmdStats stats = new TestpmdStats(2);
        Path workerStat = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line; (line = reader.readLine()) != null; )
            {
                if (stats.accept(line))
                {
                    if (workerStat == null)
                    {
                        workerStat = testpmdWorkerStat(process);
                    }
                    samples.add(stats.mpps());
                    txPackets.add(stats.txPackets());
                    cpuTicks.add(workerStat == null ? -1 : cpuTicks(workerStat));
                }
            }
        }
        process.waitFor();
        // Packets sent between period k and the last one (cumulative counters: testpmd's periods are not all one
        // second long, see TestpmdStats) over the worker's CPU time in between.
        double perCpu = Double.NaN;
        int first = Math.min(warmup, samples.size() - 1);
        while (first >= 0 && first < cpuTicks.size() - 1 && cpuTicks.get(first) < 0)
        {
            first++; // the worker thread was found only later
        }
        if (first >= 0 && cpuTicks.size() == samples.size() && cpuTicks.get(first) >= 0)
        {
            final int last = samples.size() - 1;
            final double packets = (txPackets.get(last) - txPackets.get(first)) / 1e6;
            final long ticks = cpuTicks.get(last) - cpuTicks.get(first);
            perCpu = ticks > 0 ? packets / (ticks / USER_HZ) : Double.NaN;
        }
        return new Run(median(afterWarmup(samples)), perCpu, samples.size(), load);
    }

    private Run runJava(final Path pcap, final int pair, final boolean directLoop) throws Exception
    {
        final double load = waitForIdle();
        final List<String> command = JvmFlags.childJvm(shim, List.of());
        command.addAll(List.of(DpdkForwarder.class.getName(),
            "--cores", String.valueOf(core),
            "--file-prefix", "ipv8bench-j" + ProcessHandle.current().pid() + "-" + pair,
            "--vdev", vdevPcap(pcap), "--vdev", "net_null0,no-rx=1", "--port", "net_pcap0", "--port", "net_null0",
            "--pipeline", pipeline, "--patch", "1,0", "--mbufs", "16383", "--cache", "256", "--burst", "32", "--seconds",
            String.valueOf(seconds)));
        if (noHuge)
        {
            command.add("--no-huge");
        }
        if (directLoop)
        {
            command.add("--direct");
        }
        final List<Double> samples = new ArrayList<>();
        final List<Long> tx = new ArrayList<>();
        final List<Long> cpuMs = new ArrayList<>();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final StringBuilder log = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line; (line = reader.readLine()) != null; )
            {
                log.append(line).append('\n');
                final Matcher m = JAVA_SAMPLE.matcher(line);
                if (m.find())
                {
                    tx.add(Long.parseLong(m.group(1)));
                    samples.add(Double.parseDouble(m.group(2)));
                    cpuMs.add(Long.parseLong(m.group(3)));
                }
            }
        }
        if (process.waitFor() != 0)
        {
            throw new IllegalStateException("the Java forwarder failed:\n" + log);
        }
        final Matcher total = JAVA_TOTAL.matcher(log);
        if (!total.find() || Long.parseLong(total.group(2)) < Long.parseLong(total.group(1)) / 2 ||
            Long.parseLong(total.group(3)) > Long.parseLong(total.group(1)) / 100)
        {
            throw new IllegalStateException("the Java forwarder did not forward what it received (wrong input " +
                "frames for the pipeline?):\n" + log);
        }
        double perCpu = Double.NaN;
        final int first = Math.min(warmup, samples.size() - 1);
        if (first >= 0)
        {
            final int last = samples.size() - 1;
            final long ms = cpuMs.get(last) - cpuMs.get(first);
            perCpu = ms > 0 ? (tx.get(last) - tx.get(first)) / 1e6 / (ms / 1e3) : Double.NaN;
        }
        return new Run(median(afterWarmup(samples)), perCpu, samples.size(), load);
    }

    /** The /proc stat file of testpmd's forwarding thread (EAL 22.11 names workers "rte-worker-N"). */
    private Path testpmdWorkerStat(final Process process)
    {
        final List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(process.toHandle());
        process.toHandle().descendants().forEach(candidates::add);
        for (final ProcessHandle handle : candidates)
        {
            final Path tasks = Path.of("/proc", String.valueOf(handle.pid()), "task");
            try (var stream = Files.list(tasks))
            {
                for (final Path task : (Iterable<Path>)stream::iterator)
                {
                    final String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.equals("rte-worker-" + core) || comm.equals("lcore-worker-" + core) ||
                        comm.equals("dpdk-worker" + core))
                    {
                        return task.resolve("stat");
                    }
                }
            }
            catch (final IOException | RuntimeException ignored)
            {
                // the process may have gone; try the next one
            }
        }
        return null;
    }

    /** utime + stime of a thread, in clock ticks; -1 if unreadable. */
    private static long cpuTicks(final Path stat)
    {
        try
        {
            final String text = Files.readString(stat);
            final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private double[] afterWarmup(final List<Double> samples)
    {
        final int skip = Math.min(warmup, Math.max(0, samples.size() - 1));
        final double[] values = new double[samples.size() - skip];
        for (int k = skip; k < samples.size(); k++)
        {
            values[k - skip] = samples.get(k);
        }
        Arrays.sort(values);
        return values;
    }

    private static String summary(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return fmt(median(sorted)) + " (range " + fmt(sorted[0]) + " - " + fmt(sorted[sorted.length - 1]) + ")";
    }

    private static double median(final double[] sorted)
    {
        if (sorted.length == 0)
        {
            return Double.NaN;
        }
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
