package org.ipv8router.perf.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * PNG plots of the benchmark results, drawn with XChart from the JSON files of a results directory
 * ({@code perf/bin/run-benchmarks --only plots}, or directly):
 * <pre>
 * java -cp perf/target/ipv8-perf.jar org.ipv8router.perf.plots.PerfPlots --results DIR --out docs/perf
 *      [--series FILE]...
 * </pre>
 * <table>
 *   <caption>what is drawn from which file (missing files are skipped, with a note)</caption>
 *   <tr><th>input in DIR</th><th>PNG</th></tr>
 *   <tr><td>rfc2544.json ({@code Rfc2544Benchmark})</td><td>rfc2544-throughput.png (zero-loss Mpps and Gbit/s
 *       per frame size), rfc2544-latency.png (p50/p99/p99.9/max at that rate, log scale)</td></tr>
 *   <tr><td>dpdk-forwarding.json ({@code DpdkForwardingBenchmark --json})</td><td>dpdk-vs-testpmd.png (Mpps of
 *       both per pair, and the ratio per pair)</td></tr>
 *   <tr><td>tier1-scaling.json or any {@code --series FILE}</td><td>one XY plot per file, named after it</td></tr>
 *   <tr><td>cores.json ({@code perf/scripts/dpdk-cores-bench.sh})</td><td>cores.png</td></tr>
 * </table>
 * Series files are generic so that other benchmarks can be plotted without code here: either a JMH result
 * array (one series per benchmark method, x = its first numeric {@code @Param}, y = the score; e.g.
 * {@code FibLookupBenchmark -p asns=1000,10000,100000,1000000 -rf json}), or
 * <pre>
 * {"title": "...", "x_label": "...", "y_label": "...", "log_x": true, "log_y": false,
 *  "series": [{"name": "...", "x": [1000, 10000], "y": [12.5, 14.1]}]}
 * </pre>
 * Every chart is {@value #WIDTH} x {@value #HEIGHT} pixels; linear y axes of non-negative data start at 0.
 */
public final class PerfPlots
{
    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path out;
    private final List<Path> written = new ArrayList<>();

    /** @param out the directory the PNGs go to (created if missing). */
    public PerfPlots(final Path out)
    {
        this.out = out;
    }

    public static void main(final String[] args) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Path results = null;
        Path out = null;
        final List<Path> series = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--results" -> results = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--series" -> series.add(Path.of(args[i + 1]));
                default ->
                {
                    System.err.println("plots: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (results == null || out == null || args.length % 2 != 0)
        {
            System.err.println("usage: PerfPlots --results DIR --out DIR [--series FILE]...");
            System.exit(2);
            return;
        }
        final PerfPlots plots = new PerfPlots(out);
        final List<Path> files = plots.plotAll(results, series);
        files.forEach(f -> System.out.println("wrote " + f));
        if (files.isEmpty())
        {
            System.err.println("plots: nothing to plot in " + results);
            System.exit(1);
        }
    }

    /**
     * Draws every plot whose input exists in the results directory, plus the extra series files.
     *
     * @return the PNG files written.
     */
    public List<Path> plotAll(final Path results, final List<Path> extraSeries) throws IOException
    {
        Files.createDirectories(out);
        final Path rfc = results.resolve("rfc2544.json");
        if (Files.exists(rfc))
        {
            rfc2544(mapper.readTree(rfc.toFile()));
        }
        final Path dpdk = results.resolve("dpdk-forwarding.json");
        if (Files.exists(dpdk))
        {
            dpdkVsTestpmd(mapper.readTree(dpdk.toFile()));
        }
        final List<Path> seriesFiles = new ArrayList<>();
        for (final String name : List.of("tier1-scaling.json", "cores.json"))
        {
            if (Files.exists(results.resolve(name)))
            {
                seriesFiles.add(results.resolve(name));
            }
        }
        seriesFiles.addAll(extraSeries);
        for (final Path file : seriesFiles)
        {
            final String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            series(mapper.readTree(file.toFile()), name);
        }
        return List.copyOf(written);
    }

    /** rfc2544-throughput.png and rfc2544-latency.png. */
    void rfc2544(final JsonNode doc) throws IOException
    {
        final List<String> sizes = new ArrayList<>();
        final List<Double> mpps = new ArrayList<>();
        final List<Double> ceiling = new ArrayList<>();
        final Map<String, List<Double>> latency = new LinkedHashMap<>();
        for (final String p : List.of("p50", "p99", "p99_9", "max"))
        {
            latency.put(p, new ArrayList<>());
        }
        final List<String> latencySizes = new ArrayList<>();
        for (final JsonNode r : doc.path("results"))
        {
            final String size = r.path("size").asText();
            sizes.add(size);
            mpps.add(r.path("throughput_pps").asDouble() / 1e6);
            ceiling.add(r.path("generator_ceiling_pps").asDouble() / 1e6);
            final JsonNode l = r.path("latency_ns");
            if (l.isObject())
            {
                latencySizes.add(size);
                // Log axes cannot show 0: a 0 ns percentile (impossible in practice) is drawn at 0.001 us.
                latency.forEach((k, v) -> v.add(Math.max(1e-3, l.path(k).asDouble() / 1e3)));
            }
        }
        if (sizes.isEmpty())
        {
            return;
        }
        final String subtitle = doc.path("transport").asText() + ", trials of " + doc.path("trial_seconds").asText() +
            " s";
        final CategoryChart throughput = category("RFC 2544 zero-loss throughput (" + subtitle + ")",
            "frame size (octets)", "Mpps");
        throughput.addSeries("router, zero loss", sizes, mpps);
        throughput.addSeries("generator maximum", sizes, ceiling);
        save(throughput, "rfc2544-throughput");
        if (!latencySizes.isEmpty())
        {
            final CategoryChart lat = category("Latency at the zero-loss rate (" + subtitle + ")",
                "frame size (octets)", "microseconds (log)");
            // Bars start at 0, which a log axis cannot show: latency is drawn as lines with markers.
            lat.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            lat.getStyler().setOverlapped(true); // every percentile's marker above its frame size
            lat.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            lat.getStyler().setYAxisLogarithmic(true);
            lat.addSeries("p50", latencySizes, latency.get("p50"));
            lat.addSeries("p99", latencySizes, latency.get("p99"));
            lat.addSeries("p99.9", latencySizes, latency.get("p99_9"));
            lat.addSeries("max", latencySizes, latency.get("max"));
            save(lat, "rfc2544-latency");
        }
    }

    /** dpdk-vs-testpmd.png: both rates per pair, the ratio in the series name and title. */
    void dpdkVsTestpmd(final JsonNode doc) throws IOException
    {
        final List<String> pairs = new ArrayList<>();
        final List<Double> testpmd = new ArrayList<>();
        final List<Double> router = new ArrayList<>();
        final List<Double> ratio = new ArrayList<>();
        for (final JsonNode p : doc.path("pairs"))
        {
            pairs.add("pair " + p.path("pair").asInt() + String.format(Locale.ROOT, " (%.2f)", p.path("ratio").asDouble()));
            testpmd.add(p.path("testpmd_mpps").asDouble());
            router.add(p.path("router_mpps").asDouble());
            ratio.add(p.path("ratio").asDouble());
        }
        if (pairs.isEmpty())
        {
            return;
        }
        final CategoryChart chart = category(String.format(Locale.ROOT,
            "IPv8 router vs dpdk-testpmd mac, 1 core, 64 B: median ratio %.2f", doc.path("median_ratio").asDouble()),
            "A/B pair (router / testpmd)", "Mpps");
        chart.addSeries("dpdk-testpmd --forward-mode=mac", pairs, testpmd);
        chart.addSeries("IPv8 router (" + doc.path("pipeline").asText("ipv8") + ")", pairs, router);
        save(chart, "dpdk-vs-testpmd");
    }

    /** One XY plot from a JMH result array or the generic series format; x on a log axis when it spans > 100x. */
    void series(final JsonNode doc, final String name) throws IOException
    {
        final XYChart chart;
        if (doc.isArray())
        {
            chart = xy(name + " (JMH)", "parameter", "score");
            final Map<String, List<double[]>> points = new LinkedHashMap<>();
            String unit = null;
            String param = null;
            for (final JsonNode run : doc)
            {
                final JsonNode params = run.path("params");
                Double x = null;
                for (final Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext() && x == null; )
                {
                    final Map.Entry<String, JsonNode> e = it.next();
                    try
                    {
                        x = Double.parseDouble(e.getValue().asText());
                        param = e.getKey();
                    }
                    catch (final NumberFormatException ignored)
                    {
                        // not a numeric parameter
                    }
                }
                if (x == null)
                {
                    continue;
                }
                final String benchmark = run.path("benchmark").asText().replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1");
                points.computeIfAbsent(benchmark, k -> new ArrayList<>())
                    .add(new double[] {x, run.path("primaryMetric").path("score").asDouble()});
                unit = run.path("primaryMetric").path("scoreUnit").asText();
            }
            if (points.isEmpty())
            {
                System.err.println("plots: " + name + ": no JMH run with a numeric parameter, skipped");
                return;
            }
            chart.setXAxisTitle(param);
            chart.setYAxisTitle(unit);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (final Map.Entry<String, List<double[]>> e : points.entrySet())
            {
                final List<double[]> list = e.getValue();
                list.sort((a, b) -> Double.compare(a[0], b[0]));
                final double[] xs = list.stream().mapToDouble(p -> p[0]).toArray();
                final double[] ys = list.stream().mapToDouble(p -> p[1]).toArray();
                min = Math.min(min, xs[0]);
                max = Math.max(max, xs[xs.length - 1]);
                chart.addSeries(e.getKey(), xs, ys);
            }
            chart.getStyler().setXAxisLogarithmic(min > 0 && max / min > 100);
        }
        else
        {
            chart = xy(doc.path("title").asText(name), doc.path("x_label").asText("x"),
                doc.path("y_label").asText("y"));
            chart.getStyler().setXAxisLogarithmic(doc.path("log_x").asBoolean(false));
            chart.getStyler().setYAxisLogarithmic(doc.path("log_y").asBoolean(false));
            int added = 0;
            for (final JsonNode s : doc.path("series"))
            {
                final double[] xs = doubles(s.path("x"));
                final double[] ys = doubles(s.path("y"));
                if (xs.length == 0 || xs.length != ys.length)
                {
                    throw new IllegalArgumentException(name + ": series '" + s.path("name").asText() +
                        "' needs x and y arrays of the same non-zero length");
                }
                chart.addSeries(s.path("name").asText("series " + (added + 1)), xs, ys);
                added++;
            }
            if (added == 0)
            {
                System.err.println("plots: " + name + ": no series, skipped");
                return;
            }
        }
        // Rates and times start at zero: an axis from min to max would turn a 3 % difference into a cliff.
        if (!chart.getStyler().isYAxisLogarithmic() && minY(chart) >= 0)
        {
            chart.getStyler().setYAxisMin(0.0);
        }
        save(chart, name);
    }

    private static double minY(final XYChart chart)
    {
        double min = Double.MAX_VALUE;
        for (final org.knowm.xchart.XYSeries series : chart.getSeriesMap().values())
        {
            for (final double y : series.getYData())
            {
                min = Math.min(min, y);
            }
        }
        return min;
    }

    private static double[] doubles(final JsonNode array)
    {
        final double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static CategoryChart category(final String title, final String x, final String y)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static XYChart xy(final String title, final String x, final String y)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x)
            .yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private void save(final Chart<?, ?> chart, final String name) throws IOException
    {
        final Path file = out.resolve(name + ".png");
        try (var stream = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG);
        }
        written.add(file);
    }
}
