package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's forwarder ({@link DpdkForwarder}, default {@code --pipeline ipv8}) in its own process with its
 * own EAL: {@link ExampleRouter} frames from a net_pcap input come out of the second net_pcap port routed
 * (TTL 63, header checksum valid, MACs of p1 and N), so the benchmark measures the IPv8 router forwarding, not
 * dropping.
 */
class DpdkForwarderIpv8Test
{
    @Test
    void ipv8PipelineRoutesTheExampleFrames() throws Exception
    {
        DpdkTestSupport.assumeShim();
        final Path dir = DpdkTestSupport.testDirectory("forwarder-ipv8");
        final List<byte[]> frames = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++)
        {
            frames.add(ExampleRouter.forwardedFrame(seq, ExampleRouter.MIN_FRAME_LENGTH + seq % 3 * 20));
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);
        PcapFile.write(dir.resolve("empty.pcap"), List.of());
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + DpdkShim.loadedPath(),
            "-cp", System.getProperty("java.class.path"), DpdkForwarder.class.getName(),
            "--cores", "0", "--file-prefix", "fi" + ProcessHandle.current().pid(), "--no-huge",
            "--vdev", "net_pcap0,rx_pcap=" + dir.resolve("in.pcap"),
            "--vdev", "net_pcap1,rx_pcap=" + dir.resolve("empty.pcap") + ",tx_pcap=" + dir.resolve("out.pcap"),
            "--port", "net_pcap0", "--port", "net_pcap1", "--seconds", "20", "--stop-after-tx", "100",
            "--mbufs", "2047", "--cache", "32"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "forwarder finished");
        final String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("pipeline ipv8"), out);
        assertTrue(out.contains("total rx 100 tx 100 txdrop 0 drops 0"), out);
        // The allocation fields (AllocationMeter) follow the counters, measured when the loop ended.
        final Matcher alloc = Pattern.compile("(?m)^total rx 100 tx 100 txdrop 0 " +
            "drops 0 t_ms \\d+ fwd_alloc_bytes (\\d+) report_alloc_bytes \\d+ heap_alloc_bytes (\\d+) " +
            "eden_used_bytes -?\\d+ eden_capacity_bytes -?\\d+$").matcher(out);
        assertTrue(alloc.find(), out);
        assertTrue(Long.parseLong(alloc.group(1)) <= Long.parseLong(alloc.group(2)), alloc.group());

        final List<byte[]> sent = PcapFile.read(dir.resolve("out.pcap"));
        assertEquals(frames.size(), sent.size(), out);
        for (int k = 0; k < sent.size(); k++)
        {
            final byte[] expected = frames.get(k).clone();
            Ipv8Topology.putMac(expected, 0, ExampleRouter.N_MAC);
            Ipv8Topology.putMac(expected, 6, ExampleRouter.P1_MAC);
            expected[14 + 8] = 63;
            expected[14 + 10] = 0;
            expected[14 + 11] = 0;
            final int sum = Ipv8Topology.checksum(expected, 14, 28);
            expected[14 + 10] = (byte)(sum >>> 8);
            expected[14 + 11] = (byte)sum;
            assertArrayEquals(expected, sent.get(k), "frame " + k);
        }
    }
}
