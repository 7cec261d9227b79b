package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code DpdkForwarder --workers 2}: two forwarding threads, each on its own queue of every port, with the IPv8
 * router. net_pcap gives one rx queue per {@code rx_pcap=}; each queue replays the same finite pcap once, so each
 * worker must forward exactly the pcap's frames and the total must be twice that. Runs in a child JVM (one EAL
 * per process).
 */
class DpdkForwarderWorkersTest
{
    private static final int FRAMES = 500;

    @Test
    void twoWorkersEachForwardTheirQueue() throws Exception
    {
        DpdkTestSupport.assumeShim();
        final Path dir = DpdkTestSupport.testDirectory("workers");
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < FRAMES; k++)
        {
            frames.add(ExampleRouter.forwardedFrame(k, ExampleRouter.MIN_FRAME_LENGTH));
        }
        final Path pcap = dir.resolve("in.pcap");
        PcapFile.write(pcap, frames);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + DpdkShim.loadedPath(),
            "-cp", System.getProperty("java.class.path"), DpdkForwarder.class.getName(),
            "--pipeline", "ipv8", "--workers", "2", "--cores", "0,1", "--worker-cpus", "0,1", "--no-huge",
            "--file-prefix", "wk" + ProcessHandle.current().pid(), "--mbufs", "4095",
            "--vdev", "net_pcap0,rx_pcap=" + pcap + ",rx_pcap=" + pcap,
            "--vdev", "net_pcap1,tx_pcap=" + dir.resolve("out0.pcap") + ",tx_pcap=" + dir.resolve("out1.pcap"),
            "--port", "net_pcap0", "--port", "net_pcap1", "--stop-after-tx", String.valueOf(2 * FRAMES),
            "--seconds", "30", "--report-ms", "100"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("forwarder.out").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "forwarder finished");
        final String out = Files.readString(dir.resolve("forwarder.out"));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("worker 1: queue 1 of every port, CPU 1"), out);
        assertTrue(out.contains("worker 1 rx " + FRAMES + " tx " + FRAMES), out);
        assertTrue(out.contains("worker 0 rx " + FRAMES + " tx " + FRAMES), out);
        assertTrue(out.contains("total rx " + 2 * FRAMES + " tx " + 2 * FRAMES + " txdrop 0 drops 0"), out);
        // Each worker wrote its queue's frames, routed (TTL 63, MACs of p1 -> N), to its own tx_pcap.
        for (final String file : List.of("out0.pcap", "out1.pcap"))
        {
            final List<byte[]> sent = PcapFile.read(dir.resolve(file));
            assertEquals(FRAMES, sent.size(), file);
            final byte[] first = sent.getFirst();
            assertArrayEquals(new byte[] {2, 0, 0, 0, 2, 2}, Arrays.copyOfRange(first, 0, 6), file + " dst MAC N");
            assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0x11}, Arrays.copyOfRange(first, 6, 12), file + " src MAC p1");
            assertEquals(63, first[14 + 8] & 0xff, file + " TTL decremented");
        }
    }

    @Test
    void workerOptionsAreChecked()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () ->
            DpdkForwarder.parse(new String[] {"--port", "a", "--port", "b", "--workers", "0"}));
        assertTrue(zero.getMessage().contains("--workers"), zero.getMessage());
        final IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class, () ->
            DpdkForwarder.parse(new String[] {"--port", "a", "--port", "b", "--workers", "2", "--worker-cpus", "1"}));
        assertTrue(cpus.getMessage().contains("--worker-cpus"), cpus.getMessage());
        assertThrows(IllegalArgumentException.class, () ->
            DpdkForwarder.parse(new String[] {"--port", "a", "--port", "b", "--workers", "2", "--direct"}));
        assertArrayEquals(new int[] {0, 1},
            DpdkForwarder.parse(new String[] {"--port", "a", "--port", "b", "--workers", "2"}).workerCpus);
    }
}
