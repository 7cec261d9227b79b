package org.ipv8router.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * The calibrations of the pipeline goal do the work they are said to do (no timing asserted): the brief's loop in
 * {@link PipelineFloor} and {@link FusedFastPathLoop} rewrite the pipeline benchmark's frames as a router would
 * (TTL - 1, a header checksum that still verifies, the next hop's Ethernet header, tx port), the checked loop refuses
 * a frame for each of its checks, and {@code perf/bin/c-reference-fastpath} builds and runs its C program, which
 * checks its own forwarded frames and exits non-zero otherwise.
 */
class PipelineFloorTest
{
    private static final int IP = 14;

    @Test
    void floorLoopRewritesEveryFrameOfTheBurst()
    {
        withBurst(PipelineBenchmark.bestCaseFrames(), vector ->
        {
            assertEquals(64, new PipelineFloor().forward(vector));
            // to the next hop's MAC (hop 1: 02:00:00:00:02:01) from 02:00:00:00:01:01
            assertForwardedToPort1(vector, 0x0200_0000_0201_0200L);
        });
    }

    @Test
    void checkedLoopRewritesEveryFrameOfTheBurst()
    {
        withBurst(PipelineBenchmark.bestCaseFrames(), vector ->
        {
            assertEquals(64, new FusedFastPathLoop().forward(vector));
            // to next hop 7's neighbour 02:00:00:00:02:02 from p1's 02:00:00:00:01:01
            assertForwardedToPort1(vector, 0x0200_0000_0202_0200L);
        });
    }

    /**
     * Every frame of the vector rewritten as a router forwards it out of port 1: TTL 63, a header checksum that still
     * verifies, {@code macs} (destination MAC and the source MAC's first two octets), then source MAC
     * 02:00:00:00:01:01 and EtherType 0x8080.
     */
    private static void assertForwardedToPort1(final PacketVector vector, final long macs)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        for (int i = 0; i < vector.count(); i++)
        {
            vector.wrap(i, frame);
            assertEquals(63, frame.getByte(IP + 8), "TTL of frame " + i);
            assertEquals(0, Checksum.compute(frame, IP, 28), "header checksum of frame " + i);
            assertEquals(macs, frame.getLong(0, ByteOrder.BIG_ENDIAN), "MACs of frame " + i);
            assertEquals(0x0200_0000_0101_8080L, frame.getLong(6, ByteOrder.BIG_ENDIAN),
                "source MAC and EtherType of frame " + i);
            assertEquals(1, vector.txPort(i), "tx port of frame " + i);
        }
    }

    /** Frame k of the burst breaks check k; the rest of the burst is forwarded. */
    @Test
    void checkedLoopRefusesAFrameForEachOfItsChecks()
    {
        final UnsafeBuffer[] frames = PipelineBenchmark.bestCaseFrames();
        frames[0].putShort(IP + 10, (short)(frames[0].getShort(IP + 10) + 1)); // header checksum
        frames[1].putByte(5, (byte)9); // destination MAC not ours
        frames[2].putByte(6, (byte)0x03); // multicast source MAC
        withChecksum(frames[3], f -> f.putByte(IP + 8, (byte)1)); // TTL 1: Time Exceeded
        withChecksum(frames[4], f -> f.putShort(IP + 2, (short)200, ByteOrder.BIG_ENDIAN)); // Total Length > frame
        withChecksum(frames[5], f -> f.putLong(IP + 12, 0)); // unspecified source
        withChecksum(frames[6], f -> f.putInt(IP + 12, 127 << 24 | 1 << 16, ByteOrder.BIG_ENDIAN)); // zone r
        withChecksum(frames[7], f -> f.putInt(IP + 24, 224 << 24 | 1, ByteOrder.BIG_ENDIAN)); // multicast n
        withChecksum(frames[8], f -> f.putLong(IP + 20, PipelineBenchmark.address(64496, 192, 0, 2, 254),
            ByteOrder.BIG_ENDIAN)); // ours
        withChecksum(frames[9], f -> // r = 0 at both ends of an IPv8 packet
        {
            f.putInt(IP + 12, 0);
            f.putInt(IP + 20, 0);
        });
        withChecksum(frames[10], f -> f.putInt(IP + 20, 65000, ByteOrder.BIG_ENDIAN)); // an r with no adjacency
        final int refused = 11;
        withBurst(frames, vector ->
        {
            assertEquals(64 - refused, new FusedFastPathLoop().forward(vector));
            for (int i = 0; i < vector.count(); i++)
            {
                assertEquals(i < refused ? PacketVector.NO_PORT : 1, vector.txPort(i), "tx port of frame " + i);
            }
        });
    }

    private static void withChecksum(final UnsafeBuffer frame, final Consumer<UnsafeBuffer> change)
    {
        change.accept(frame);
        frame.putShort(IP + 10, (short)0);
        frame.putShort(IP + 10, (short)Checksum.compute(frame, IP, 28), ByteOrder.BIG_ENDIAN);
    }

    private static void withBurst(final UnsafeBuffer[] templates, final Consumer<PacketVector> body)
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(16);
            SlabPacketPool pool = new SlabPacketPool("floor-test", 256))
        {
            final PipelineBenchmark.NullPort in =
                new PipelineBenchmark.NullPort("p0", 0, pool, counters.newPortCounters(0, "p0"), templates);
            final PacketVector vector = new PacketVector();
            in.armed = true;
            assertEquals(64, in.receive(vector));
            body.accept(vector);
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
