package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.wire.Checksum;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The two calibrations of the pipeline goal do the work they are said to do (no timing asserted): the brief's loop
 * in {@link PipelineFloor} rewrites the pipeline benchmark's frames as a router would (TTL - 1, a header checksum
 * that still verifies, the next hop's Ethernet header, tx port), and {@code perf/bin/c-reference-fastpath} builds
 * and runs its C program, which checks its own forwarded frames and exits non-zero otherwise.
 */
class PipelineFloorTest
{
    private static final int IP = 14;

    @Test
    void floorLoopRewritesEveryFrameOfTheBurst()
    {
        final UnsafeBuffer[] templates = PipelineBenchmark.bestCaseFrames();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(16);
            SlabPacketPool pool = new SlabPacketPool("floor-test", 256))
        {
            final PipelineBenchmark.NullPort in =
                new PipelineBenchmark.NullPort("p0", 0, pool, counters.newPortCounters(0, "p0"), templates);
            final PacketVector vector = new PacketVector();
            in.armed = true;
            assertEquals(64, in.receive(vector));

            assertEquals(64, new PipelineFloor().forward(vector));

            final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
            for (int i = 0; i < vector.count(); i++)
            {
                vector.wrap(i, frame);
                assertEquals(63, frame.getByte(IP + 8), "TTL of frame " + i);
                assertEquals(0, Checksum.compute(frame, IP, 28), "header checksum of frame " + i);
                // to the next hop's MAC (hop 1: 02:00:00:00:02:01) from 02:00:00:00:01:01, EtherType 0x8080
                assertEquals(0x0200_0000_0201_0200L, frame.getLong(0, ByteOrder.BIG_ENDIAN), "MACs of frame " + i);
                assertEquals(0x0200_0000_0101_8080L, frame.getLong(6, ByteOrder.BIG_ENDIAN),
                    "source MAC and EtherType of frame " + i);
                assertEquals(1, vector.txPort(i), "tx port of frame " + i);
            }
            vector.freeAll();
        }
    }

    @Test
    void cReferenceBuildsRunsAndPrintsBothLoops() throws Exception
    {
        final Path script = Path.of("..", "perf", "bin", "c-reference-fastpath").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(script), "no " + script);
        final boolean gcc = new ProcessBuilder("sh", "-c", "command -v gcc && command -v taskset")
            .start().waitFor() == 0;
        if (!gcc)
        {
            System.err.println("[perf-tests] SKIPPED, C REFERENCE NOT TESTED: gcc or taskset missing");
            Assumptions.abort("gcc or taskset missing");
        }
        final Path log = Files.createTempFile("c-reference", ".txt");
        final Process process = new ProcessBuilder(script.toString(), "--runs", "1", "--no-java", "--core", "0")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "c-reference-fastpath did not finish in 120 s");
        final String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertEquals(0, process.exitValue(), out);
        assertPositive(out, "C brief's loop \\(no rule checks\\): ([0-9.]+) ns/packet");
        assertPositive(out, "C ip8-fast work \\(fused, every check\\): ([0-9.]+) ns/packet");
    }

    private static void assertPositive(final String out, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no line matching " + regex + " in:\n" + out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, m.group());
    }
}
