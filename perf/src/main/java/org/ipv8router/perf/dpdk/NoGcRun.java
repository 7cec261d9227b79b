package org.ipv8router.perf.dpdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ipv8router.dpdk.DpdkForwarder;
import org.ipv8router.perf.JvmFlags;

/**
 * Issue 9.5: no garbage collection while the IPv8 DPDK router forwards at full rate. Runs the router
 * ({@link DpdkForwarder} {@code --pipeline ipv8}, one forwarding core) on
 * {@code net_pcap (infinite_rx) -> net_null} for {@code --seconds} (default 60) with
 * {@code -Xlog:gc*:file=gc.log:utctime,uptime,level,tags}, notes the wall-clock time at which the warm-up ended
 * (the forwarder's {@code --warmup}-th per-second sample line), and counts the GC events in the log after that
 * time. Every GC of HotSpot logs a line {@code GC(n) Pause ...} (or {@code Concurrent ...} for the concurrent
 * phases); one such line after the warm-up is a failure, reported with the line.
 * <pre>
 * java -cp perf/target/ipv8-perf.jar org.ipv8router.perf.dpdk.NoGcRun --out DIR [--seconds 60] [--warmup 5]
 *      [--core 1] [--shim PATH] [--java-opts "-XX:+UseSerialGC ..."]
 * </pre>
 * Output in {@code --out}: {@code gc.log} (the attachment), {@code forwarder.log}, {@code nogc.json},
 * {@code nogc.md}. Exit status 0 when no GC happened after the warm-up, 1 when one did, 2 on a failed run.
 */
public final class NoGcRun
{
    /** A HotSpot GC event line: "[2026-11-23T23:59:01.123+0000][1.234s][info][gc] GC(3) Pause Young ...". */
    private static final Pattern GC_EVENT = Pattern.compile(
        "^\\[([^\\]]+)\\]\\[([0-9.]+)s\\]\\[\\w+\\s*\\]\\[gc(?:,\\w+)*\\s*\\] (GC\\((\\d+)\\) (?:Pause|Concurrent)[^\\n]*)");
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern SAMPLE = Pattern.compile("^sample (\\d+) rx (\\d+) tx (\\d+) mpps ([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("^total rx (\\d+) tx (\\d+) txdrop (\\d+) drops (\\d+)");

    private int seconds = 60;
    private int warmup = 5;
    private int core = 1;
    private String shim;
    private String javaOpts = "";
    private Path out;

    private NoGcRun()
    {
    }

    /** A GC of the log (by its GC id): when it started (wall clock), JVM uptime in seconds, its first line. */
    record GcEvent(long id, Instant time, double uptimeSeconds, String message)
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final NoGcRun run = new NoGcRun();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--seconds" -> run.seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> run.warmup = Integer.parseInt(args[++i]);
                case "--core" -> run.core = Integer.parseInt(args[++i]);
                case "--shim" -> run.shim = args[++i];
                case "--java-opts" -> run.javaOpts = args[++i];
                case "--out" -> run.out = Path.of(args[++i]).toAbsolutePath();
                default ->
                {
                    System.err.println("nogc: unknown option " + args[i] + "; usage: NoGcRun --out DIR [--seconds 60] " +
                        "[--warmup 5] [--core 1] [--shim PATH] [--java-opts OPTS]");
                    System.exit(2);
                }
            }
        }
        if (run.out == null || run.seconds <= run.warmup + 1)
        {
            System.err.println("nogc: --out DIR is required and --seconds must exceed --warmup + 1");
            System.exit(2);
        }
        System.exit(run.run());
    }

    /**
     * GC events of a unified-logging GC log with the utctime and uptime decorations, in log order.
     *
     * @param lines the log.
     * @return one event per GC id that has a "GC(n) Pause ..." or "GC(n) Concurrent ..." line of the gc tag set
     *         (HotSpot logs a start and an end line per pause), at its first such line.
     */
    static List<GcEvent> gcEvents(final List<String> lines)
    {
        final List<GcEvent> events = new ArrayList<>();
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        for (final String line : lines)
        {
            final Matcher m = GC_EVENT.matcher(line);
            if (m.find())
            {
                Instant time;
                try
                {
                    time = OffsetDateTime.parse(m.group(1), UTC_TIME).toInstant();
                }
                catch (final DateTimeParseException ex)
                {
                    throw new IllegalArgumentException("GC log line without a utctime decoration: " + line, ex);
                }
                final long id = Long.parseLong(m.group(4));
                if (seen.add(id))
                {
                    events.add(new GcEvent(id, time, Double.parseDouble(m.group(2)), m.group(3)));
                }
            }
        }
        return events;
    }

    private int run() throws Exception
    {
        Files.createDirectories(out);
        final Path pcap = out.resolve("frames64.pcap");
        DpdkForwardingBenchmark.writeFrames(pcap);
        final Path gcLog = out.resolve("gc.log");
        final List<String> jvmOptions = new ArrayList<>(List.of("-Xlog:gc*:file=" + gcLog +
            ":utctime,uptime,level,tags"));
        for (final String opt : javaOpts.trim().split("\\s+"))
        {
            if (!opt.isEmpty())
            {
                jvmOptions.add(opt);
            }
        }
        final List<String> command = JvmFlags.childJvm(shim, jvmOptions);
        command.addAll(0, List.of("taskset", "-c", String.valueOf(core)));
        command.addAll(List.of(DpdkForwarder.class.getName(),
            "--pipeline", "ipv8", "--cores", String.valueOf(core),
            "--file-prefix", "nogc" + ProcessHandle.current().pid(),
            "--vdev", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", "--vdev", "net_null0,no-rx=1",
            "--port", "net_pcap0", "--port", "net_null0", "--mbufs", "16383", "--cache", "256", "--burst", "32",
            "--seconds", String.valueOf(seconds)));
        System.err.println("[nogc] " + String.join(" ", command));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Instant warmEnd = null;
        final List<Double> mpps = new ArrayList<>();
        long[] total = null;
        final StringBuilder log = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line; (line = reader.readLine()) != null; )
            {
                log.append(line).append('\n');
                final Matcher sample = SAMPLE.matcher(line);
                if (sample.find())
                {
                    final int n = Integer.parseInt(sample.group(1));
                    if (n == warmup)
                    {
                        warmEnd = Instant.now();
                        System.err.println("[nogc] warm-up over after sample " + n + "; counting GCs from " + warmEnd);
                    }
                    else if (n > warmup)
                    {
                        mpps.add(Double.parseDouble(sample.group(4)));
                    }
                }
                final Matcher t = TOTAL.matcher(line);
                if (t.find())
                {
                    total = new long[] {Long.parseLong(t.group(1)), Long.parseLong(t.group(2)),
                        Long.parseLong(t.group(3)), Long.parseLong(t.group(4))};
                }
            }
        }
        final int status = process.waitFor();
        Files.writeString(out.resolve("forwarder.log"), log);
        if (status != 0 || warmEnd == null || total == null)
        {
            System.err.println("[nogc] the forwarder failed (exit " + status + "); see " + out.resolve("forwarder.log"));
            return 2;
        }
        final List<GcEvent> events = gcEvents(Files.readAllLines(gcLog));
        final List<GcEvent> after = new ArrayList<>();
        for (final GcEvent e : events)
        {
            if (!e.time().isBefore(warmEnd))
            {
                after.add(e);
            }
        }
        final double[] sorted = mpps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "nogc");
        result.put("finished", Instant.now().toString());
        result.put("seconds", seconds);
        result.put("warmup_seconds", warmup);
        result.put("core", core);
        result.put("vdevs", "net_pcap0 (infinite_rx, 64-octet IPv8 frames) -> net_null0");
        result.put("gc_log", "gc.log");
        result.put("gc_events_total", events.size());
        result.put("gc_events_after_warmup", after.size());
        result.put("gc_events_after_warmup_lines", after.stream().map(GcEvent::message).toList());
        result.put("rx_packets", total[0]);
        result.put("tx_packets", total[1]);
        result.put("tx_drops", total[2]);
        result.put("drops", total[3]);
        result.put("median_mpps_after_warmup", median);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("nogc.json").toFile(),
            result);
        final String md = String.format(Locale.ROOT, "## No GC during a %d s forwarding run%n%n" +
                "IPv8 router (DpdkForwarder --pipeline ipv8, CPU %d), net_pcap infinite_rx -> net_null, 64-octet IPv8 " +
                "frames, -Xlog:gc* (log: gc.log).%n%n" +
                "| GC events in the whole run | after the %d s warm-up | packets forwarded | median Mpps after warm-up " +
                "| drops |%n|---:|---:|---:|---:|---:|%n| %d | **%d** | %d | %.2f | %d |%n%s",
            seconds, core, warmup, events.size(), after.size(), total[1], median, total[3],
            after.isEmpty() ? "" : "\nGC events after the warm-up:\n\n" + String.join("\n",
                after.stream().map(e -> "    " + e.message()).toList()) + "\n");
        Files.writeString(out.resolve("nogc.md"), md);
        System.out.print(md);
        return after.isEmpty() ? 0 : 1;
    }

    /** For tests: the pattern a GC event line must match. */
    static boolean isGcEvent(final String line)
    {
        return GC_EVENT.matcher(line).find();
    }
}
