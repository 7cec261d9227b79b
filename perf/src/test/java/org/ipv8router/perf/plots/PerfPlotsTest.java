package org.ipv8router.perf.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNGs drawn by XChart from results JSON: written, decodable, of the documented size, and not blank. */
class PerfPlotsTest
{
    @TempDir
    Path dir;

    @BeforeAll
    static void headless()
    {
        System.setProperty("java.awt.headless", "true");
    }

    private static final String RFC2544 = """
        {"benchmark":"rfc2544","transport":"vhost","trial_seconds":2.0,"results":[
         {"size":"64","throughput_pps":1200000,"generator_ceiling_pps":1500000,"generator_limited":false,
          "latency_ns":{"p50":4000,"p99":25000,"p99_9":90000,"max":400000}},
         {"size":"1518","throughput_pps":300000,"generator_ceiling_pps":300000,"generator_limited":true,
          "latency_ns":{"p50":9000,"p99":30000,"p99_9":95000,"max":500000}},
         {"size":"imix","throughput_pps":0,"generator_ceiling_pps":900000,"generator_limited":false}]}
        """;

    private static final String DPDK = """
        {"benchmark":"dpdk-forwarding","pipeline":"ipv8","pairs":[
         {"pair":1,"testpmd_mpps":60.1,"router_mpps":9.7,"ratio":0.161},
         {"pair":2,"testpmd_mpps":58.9,"router_mpps":9.6,"ratio":0.163}],"median_ratio":0.162}
        """;

    private static final String JMH_SCALING = """
        [{"benchmark":"org.ipv8router.perf.FibLookupBenchmark.tier1AsnBatch32","params":{"asns":"1000"},
          "primaryMetric":{"score":9.5,"scoreUnit":"ns/op"}},
         {"benchmark":"org.ipv8router.perf.FibLookupBenchmark.tier1AsnBatch32","params":{"asns":"1000000"},
          "primaryMetric":{"score":31.0,"scoreUnit":"ns/op"}},
         {"benchmark":"org.ipv8router.perf.FibLookupBenchmark.tier1AsnBatch32","params":{"asns":"10000"},
          "primaryMetric":{"score":12.0,"scoreUnit":"ns/op"}}]
        """;

    private static final String GENERIC = """
        {"title":"Forwarding cores","x_label":"cores","y_label":"Mpps",
         "series":[{"name":"IPv8 router","x":[1,2],"y":[4.1,7.9]}]}
        """;

    @Test
    void drawsEveryPlotWhoseInputExists() throws Exception
    {
        final Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("rfc2544.json"), RFC2544);
        Files.writeString(results.resolve("dpdk-forwarding.json"), DPDK);
        Files.writeString(results.resolve("tier1-scaling.json"), JMH_SCALING);
        Files.writeString(results.resolve("cores.json"), GENERIC);
        final Path out = dir.resolve("png");

        final List<Path> written = new PerfPlots(out).plotAll(results, List.of());

        assertEquals(List.of("rfc2544-throughput.png", "rfc2544-latency.png", "dpdk-vs-testpmd.png",
            "tier1-scaling.png", "cores.png"), written.stream().map(p -> p.getFileName().toString()).toList());
        for (final Path png : written)
        {
            assertTrue(Files.size(png) > 2000, png + " is " + Files.size(png) + " bytes");
            final BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(PerfPlots.WIDTH, image.getWidth(), png.toString());
            assertEquals(PerfPlots.HEIGHT, image.getHeight(), png.toString());
            assertTrue(distinctColours(image) > 10, png + " looks blank");
        }
    }

    @Test
    void nothingToPlotWritesNothing() throws Exception
    {
        final Path results = Files.createDirectories(dir.resolve("empty"));
        assertEquals(List.of(), new PerfPlots(dir.resolve("png")).plotAll(results, List.of()));
    }

    @Test
    void aSeriesFileWithMismatchedArraysIsRefusedByName() throws Exception
    {
        final Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"series\":[{\"name\":\"s\",\"x\":[1,2],\"y\":[1]}]}");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new PerfPlots(dir.resolve("png")).plotAll(Files.createDirectories(dir.resolve("r")), List.of(bad)));
        assertTrue(ex.getMessage().contains("bad") && ex.getMessage().contains("'s'"), ex.getMessage());
    }

    private static int distinctColours(final BufferedImage image)
    {
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3)
        {
            for (int x = 0; x < image.getWidth(); x += 3)
            {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
