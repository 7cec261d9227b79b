package org.ipv8router.perf.dpdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Issue 9.4, second half: throughput of the IPv8 DPDK router with one and with two forwarding cores. Each run is
 * {@link DpdkForwarder} {@code --pipeline ipv8 --workers W} on {@code net_pcap} (two {@code rx_pcap} queues of the
 * same 64-octet IPv8 frames, {@code infinite_rx}) {@code -> net_null}; worker w polls queue w of both ports on
 * CPU w. Runs alternate (1 core, 2 cores, 2, 1, ...) so that a change of machine load hits both equally; the
 * result per run is the median of its per-second samples after the warm-up, and the speed-up is the median of the
 * per-pair ratios. On a 2-CPU machine the 2-worker run has no CPU left for anything else (JIT, GC threads, other
 * processes): its number is a lower bound of what two dedicated cores give.
 * <pre>
 * java -cp perf/target/ipv8-perf.jar org.ipv8router.perf.dpdk.ForwardingCoresBenchmark --out DIR [--pairs 2]
 *      [--seconds 8] [--warmup 2] [--shim PATH]
 * </pre>
 * Output: {@code cores.json} (the generic series format of {@code PerfPlots}, plus the runs) and {@code cores.md}.
 */
public final class ForwardingCoresBenchmark
{
    static final Pattern SAMPLE = Pattern.compile("^sample \\d+ rx \\d+ tx \\d+ mpps ([0-9.]+)");
    static final Pattern TOTAL = Pattern.compile("(?m)^total rx (\\d+) tx (\\d+) txdrop \\d+ drops (\\d+)");

    private int pairs = 2;
    private int seconds = 8;
    private int warmup = 2;
    private String shim;
    private Path out;

    private ForwardingCoresBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ForwardingCoresBenchmark bench = new ForwardingCoresBenchmark();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pairs" -> bench.pairs = Integer.parseInt(args[++i]);
                case "--seconds" -> bench.seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> bench.warmup = Integer.parseInt(args[++i]);
                case "--shim" -> bench.shim = args[++i];
                case "--out" -> bench.out = Path.of(args[++i]).toAbsolutePath();
                default ->
                {
                    System.err.println("cores: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (bench.out == null || bench.seconds <= bench.warmup || bench.pairs < 1)
        {
            System.err.println("usage: ForwardingCoresBenchmark --out DIR [--pairs N] [--seconds S] [--warmup W] " +
                "[--shim PATH] (S > W)");
            System.exit(2);
        }
        System.exit(bench.run());
    }

    private int run() throws Exception
    {
        Files.createDirectories(out);
        final Path pcap = out.resolve("frames64.pcap");
        DpdkForwardingBenchmark.writeFrames(pcap);
        final double[] one = new double[pairs];
        final double[] two = new double[pairs];
        final double[] ratio = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            // Alternate the order: pair 1 runs 1 then 2 workers, pair 2 runs 2 then 1.
            if (p % 2 == 0)
            {
                one[p] = runForwarder(pcap, 1, p);
                two[p] = runForwarder(pcap, 2, p);
            }
            else
            {
                two[p] = runForwarder(pcap, 2, p);
                one[p] = runForwarder(pcap, 1, p);
            }
            ratio[p] = two[p] / one[p];
            System.err.printf(Locale.ROOT, "[cores] pair %d: 1 core %.3f Mpps, 2 cores %.3f Mpps, ratio %.2f%n", p + 1,
                one[p], two[p], ratio[p]);
        }
        final double medianOne = median(one);
        final double medianTwo = median(two);
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", "IPv8 router throughput by forwarding cores (64 B, net_pcap -> net_null)");
        doc.put("x_label", "forwarding cores");
        doc.put("y_label", "Mpps");
        doc.put("series", List.of(Map.of("name", "IPv8 router (median of " + pairs + " runs)",
            "x", List.of(1, 2), "y", List.of(medianOne, medianTwo))));
        doc.put("benchmark", "cores");
        doc.put("finished", Instant.now().toString());
        doc.put("seconds", seconds);
        doc.put("warmup_seconds", warmup);
        doc.put("one_core_mpps", Arrays.stream(one).boxed().toList());
        doc.put("two_cores_mpps", Arrays.stream(two).boxed().toList());
        doc.put("speedup_per_pair", Arrays.stream(ratio).boxed().toList());
        doc.put("median_speedup", median(ratio));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("cores.json").toFile(), doc);
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
            "## Forwarding cores: 1 vs 2 (IPv8 router, 64 B, net_pcap 2 queues -> net_null)%n%n" +
            "| pair | order | 1 core Mpps | 2 cores Mpps | 2 / 1 |%n|---:|---|---:|---:|---:|%n"));
        for (int p = 0; p < pairs; p++)
        {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.2f |%n", p + 1,
                p % 2 == 0 ? "1,2" : "2,1", one[p], two[p], ratio[p]));
        }
        md.append(String.format(Locale.ROOT, "%n**Median speed-up with 2 cores: %.2f** (medians: 1 core %.3f Mpps, " +
            "2 cores %.3f Mpps; %d s runs, first %d s discarded).%n", median(ratio), medianOne, medianTwo, seconds,
            warmup));
        Files.writeString(out.resolve("cores.md"), md);
        System.out.print(md);
        return 0;
    }

    private double runForwarder(final Path pcap, final int workers, final int pair) throws Exception
    {
        final List<String> command = JvmFlags.childJvm(shim, List.of());
        command.addAll(List.of(DpdkForwarder.class.getName(),
            "--pipeline", "ipv8", "--cores", "0,1", "--workers", String.valueOf(workers), "--worker-cpus",
            workers == 1 ? "0" : "0,1", "--file-prefix", "cores" + ProcessHandle.current().pid() + "w" + workers,
            "--vdev", "net_pcap0,rx_pcap=" + pcap + ",rx_pcap=" + pcap + ",infinite_rx=1",
            "--vdev", "net_null0,no-rx=1", "--port", "net_pcap0", "--port", "net_null0",
            "--mbufs", "16383", "--cache", "256", "--burst", "32", "--seconds", String.valueOf(seconds)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<Double> samples = new ArrayList<>();
        final StringBuilder log = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line; (line = reader.readLine()) != null; )
            {
                log.append(line).append('\n');
                final Matcher m = SAMPLE.matcher(line);
                if (m.find())
                {
                    samples.add(Double.parseDouble(m.group(1)));
                }
            }
        }
        Files.writeString(out.resolve("forwarder-w" + workers + "-pair" + (pair + 1) + ".log"), log);
        final Matcher total = TOTAL.matcher(log);
        if (process.waitFor() != 0 || !total.find() || Long.parseLong(total.group(3)) > Long.parseLong(total.group(1)) / 100)
        {
            throw new IllegalStateException("the forwarder with " + workers + " worker(s) failed or dropped:\n" + log);
        }
        final double[] kept = samples.stream().skip(Math.min(warmup, Math.max(0, samples.size() - 1)))
            .mapToDouble(Double::doubleValue).toArray();
        return median(kept);
    }

    static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
