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
 * <p>
 * Zero GCs alone depends on the eden's size and the run's length, so the run also reports the allocation itself,
 * from the fields the forwarder appends to its warm-up sample line and its total line (its AllocationMeter): bytes
 * the forwarding thread allocated after the warm-up per packet (expected 0), the report code's and the whole JVM's
 * bytes, the JVM's allocation rate, and from it and the eden's size and occupancy the run length at which the next
 * GC would come.
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
    /** The allocation fields DpdkForwarder appends to its sample and total lines (AllocationMeter). */
    private static final Pattern ALLOCATION = Pattern.compile(" t_ms (\\d+) fwd_alloc_bytes (-?\\d+) " +
        "report_alloc_bytes (-?\\d+) heap_alloc_bytes (-?\\d+) eden_used_bytes (-?\\d+) eden_capacity_bytes (-?\\d+)");
    private static final double MB = 1e6;

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

    /**
     * The forwarder's allocation counters at one of its sample lines or at its total line: milliseconds since its
     * forwarding loop began, packets transmitted so far, and bytes allocated since the loop began by the forwarding
     * threads (report code excluded), by its report code and by the whole JVM; the eden's occupancy and committed
     * size. -1 where the forwarder's JVM could not tell.
     */
    record AllocationMark(long tMs, long txPackets, long forwardingBytes, long reportBytes, long heapBytes,
        long edenUsedBytes, long edenCapacityBytes)
    {
        /**
         * @param line a forwarder sample or total line.
         * @return its allocation fields, or null when the line is neither or has none (a forwarder from before
         *         the fields were added).
         */
        static AllocationMark parse(final String line)
        {
            final Matcher sample = SAMPLE.matcher(line);
            final Matcher total = TOTAL.matcher(line);
            final long tx;
            if (sample.find())
            {
                tx = Long.parseLong(sample.group(3));
            }
            else if (total.find())
            {
                tx = Long.parseLong(total.group(2));
            }
            else
            {
                return null;
            }
            final Matcher m = ALLOCATION.matcher(line);
            if (!m.find())
            {
                return null;
            }
            return new AllocationMark(Long.parseLong(m.group(1)), tx, Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)));
        }
    }

    /**
     * Allocation between the warm-up mark and the end of the run, and what it means for the first GC.
     *
     * @param seconds                   time between the two marks.
     * @param packets                   packets transmitted between them.
     * @param forwardingBytes           bytes the forwarding threads allocated between them (report code excluded);
     *                                  -1 when not measured.
     * @param reportBytes               bytes the forwarder's once-per-period report code allocated between them.
     * @param forwardingBytesPerPacket  forwardingBytes / packets (NaN when not measured or no packets).
     * @param heapBytes                 bytes the whole JVM allocated between them; -1 when not measured.
     * @param heapMbPerSecond           heapBytes / seconds in MB (10^6 B) per second.
     * @param edenCapacityBytes         the eden's committed size at the end; -1 when unknown.
     * @param edenFillSeconds           seconds the JVM's allocation at this rate takes to fill an empty eden of
     *                                  that size (infinite when nothing was allocated; NaN when unknown).
     * @param nextGcAtSeconds           seconds after the forwarding loop began at which the eden, filled as at the
     *                                  end mark, would be full at this rate: the run length ({@code --seconds}) at
     *                                  which the next GC would come (the first after the warm-up when none
     *                                  happened in this run); infinite / NaN as above.
     */
    record AllocationAfterWarmup(double seconds, long packets, long forwardingBytes, long reportBytes,
        double forwardingBytesPerPacket, long heapBytes, double heapMbPerSecond, long edenCapacityBytes,
        double edenFillSeconds, double nextGcAtSeconds)
    {
        static AllocationAfterWarmup between(final AllocationMark warm, final AllocationMark end)
        {
            if (end.tMs() <= warm.tMs())
            {
                throw new IllegalArgumentException("the end mark (" + end.tMs() + " ms) is not after the warm-up " +
                    "mark (" + warm.tMs() + " ms)");
            }
            final double seconds = (end.tMs() - warm.tMs()) / 1e3;
            final long packets = end.txPackets() - warm.txPackets();
            final boolean threadsMeasured = warm.forwardingBytes() >= 0 && end.forwardingBytes() >= 0;
            final long forwarding = threadsMeasured ? end.forwardingBytes() - warm.forwardingBytes() : -1;
            final long report = threadsMeasured ? end.reportBytes() - warm.reportBytes() : -1;
            final double perPacket = threadsMeasured && packets > 0 ? (double)forwarding / packets : Double.NaN;
            final boolean heapMeasured = warm.heapBytes() >= 0 && end.heapBytes() >= 0;
            final long heap = heapMeasured ? end.heapBytes() - warm.heapBytes() : -1;
            final double bytesPerSecond = heapMeasured ? heap / seconds : Double.NaN;
            final long capacity = end.edenCapacityBytes();
            final double fill;
            final double nextGc;
            if (capacity < 0 || end.edenUsedBytes() < 0 || !heapMeasured)
            {
                fill = Double.NaN;
                nextGc = Double.NaN;
            }
            else if (heap == 0)
            {
                fill = Double.POSITIVE_INFINITY;
                nextGc = Double.POSITIVE_INFINITY;
            }
            else
            {
                fill = capacity / bytesPerSecond;
                nextGc = end.tMs() / 1e3 + Math.max(0, capacity - end.edenUsedBytes()) / bytesPerSecond;
            }
            return new AllocationAfterWarmup(seconds, packets, forwarding, report, perPacket, heap,
                bytesPerSecond / MB, capacity, fill, nextGc);
        }
    }

    /** A double for the JSON (which has no NaN or infinity): null for either. */
    static Double jsonNumber(final double value)
    {
        return Double.isFinite(value) ? value : null;
    }

    /** Seconds for the markdown: "never" when infinite, "n/a" when unknown. */
    static String formatSeconds(final double seconds)
    {
        if (Double.isNaN(seconds))
        {
            return "n/a";
        }
        return Double.isInfinite(seconds) ? "never" : String.format(Locale.ROOT, "%.0f s", seconds);
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
        AllocationMark warmMark = null;
        AllocationMark endMark = null;
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
                        warmMark = AllocationMark.parse(line);
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
                    endMark = AllocationMark.parse(line);
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
        final AllocationAfterWarmup alloc = warmMark == null || endMark == null ? null :
            AllocationAfterWarmup.between(warmMark, endMark);
        if (alloc != null)
        {
            result.put("allocation_note", ALLOCATION_NOTE);
            result.put("allocation_seconds_after_warmup", alloc.seconds());
            result.put("allocation_packets_after_warmup", alloc.packets());
            result.put("forwarding_alloc_bytes_after_warmup", alloc.forwardingBytes());
            result.put("forwarding_alloc_bytes_per_packet_after_warmup", jsonNumber(alloc.forwardingBytesPerPacket()));
            result.put("report_alloc_bytes_after_warmup", alloc.reportBytes());
            result.put("heap_alloc_bytes_after_warmup", alloc.heapBytes());
            result.put("heap_alloc_mb_per_s_after_warmup", jsonNumber(alloc.heapMbPerSecond()));
            result.put("eden_used_bytes_at_warmup", warmMark.edenUsedBytes());
            result.put("eden_used_bytes_at_end", endMark.edenUsedBytes());
            result.put("eden_capacity_bytes", alloc.edenCapacityBytes());
            result.put("eden_fill_seconds_at_this_rate", jsonNumber(alloc.edenFillSeconds()));
            result.put("next_gc_projected_at_seconds", jsonNumber(alloc.nextGcAtSeconds()));
        }
        else
        {
            System.err.println("[nogc] the forwarder printed no allocation fields; allocation not reported");
        }
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
        final String mdAllocation = alloc == null ? "" : allocationMarkdown(alloc, warmMark, endMark);
        Files.writeString(out.resolve("nogc.md"), md + mdAllocation);
        System.out.print(md + mdAllocation);
        return after.isEmpty() ? 0 : 1;
    }

    private static final String ALLOCATION_NOTE = "Allocation is measured, not inferred from the GC count: " +
        "HotSpot's per-thread allocated-bytes counters (com.sun.management.ThreadMXBean) read by the forwarder " +
        "at its warm-up sample and when its loop ends; the forwarding threads' bytes exclude what the forwarder's " +
        "once-per-second report code allocates (counted apart), the whole JVM's include it. At the whole JVM's " +
        "rate an eden of the run's size fills in eden_fill_seconds; from the eden's occupancy at the end, the next " +
        "GC (the first after the warm-up when none happened) would come at next_gc_projected_at_seconds of " +
        "forwarding, which is how long the run could last without a GC.";

    static String allocationMarkdown(final AllocationAfterWarmup a, final AllocationMark warm, final AllocationMark end)
    {
        return String.format(Locale.ROOT, "%n| after the warm-up (%.1f s) | forwarding thread: bytes allocated | " +
                "bytes per packet | report line code: bytes | whole JVM: bytes | whole JVM: MB/s | eden used at " +
                "warm-up / end / size (MB) | eden fills in | next GC at |%n" +
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|%n" +
                "| %d packets | %d | **%.6f** | %d | %d | %.6f | %.1f / %.1f / %.1f | %s | **%s** |%n%n%s%n",
            a.seconds(), a.packets(), a.forwardingBytes(), a.forwardingBytesPerPacket(), a.reportBytes(),
            a.heapBytes(), a.heapMbPerSecond(), warm.edenUsedBytes() / MB, end.edenUsedBytes() / MB,
            a.edenCapacityBytes() / MB, formatSeconds(a.edenFillSeconds()), formatSeconds(a.nextGcAtSeconds()),
            "Allocation is measured, not inferred from the GC count: HotSpot's per-thread allocated-bytes counters " +
                "read by the forwarder at its warm-up sample and when its loop ended. The forwarding thread's bytes " +
                "exclude what its once-per-second report line allocates (shown apart); the whole JVM's include " +
                "it. At the whole JVM's rate an eden of this size fills in the time shown; from the eden's " +
                "occupancy at the end, the next GC (the first after the warm-up, when none happened) would come " +
                "after about the time shown of forwarding, i.e. a run up to that --seconds stays GC-free.");
    }

    /** For tests: the pattern a GC event line must match. */
    static boolean isGcEvent(final String line)
    {
        return GC_EVENT.matcher(line).find();
    }
}
