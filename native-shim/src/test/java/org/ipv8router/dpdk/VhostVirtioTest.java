package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ipv8router.dataplane.port.MacAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two DPDK processes joined by vhost-user, the virtio path a VM uses: process B ({@link DpdkForwarder}, the "VM")
 * reads a pcap and forwards it into {@code virtio_user0}; process A owns {@code net_vhost0} (the vhost-user server,
 * socket in a temp dir) and forwards what it receives into an output pcap. Every frame must arrive, in order,
 * rewritten by both pipelines.
 * <p>
 * Memory: vhost maps the virtio side's memory through file descriptors, so B needs fd-backed hugepages. What
 * works here: both with hugepages and {@code --in-memory} (memfd), B with {@code --single-file-segments}
 * (without it each 2 MB page is its own region and vhost refuses more than 8: "Too many memory regions").
 * {@code --no-huge} on the virtio side does not work (anonymous memory cannot be shared; the vhost side closes
 * the connection). Distinct {@code --file-prefix}es keep the two primaries apart. Direction: frames sent into
 * {@code net_vhost0} right after its link comes up can be refused while the virtio side re-sends its memory table
 * (seen here under load), whereas frames sent by virtio wait in its tx ring, so the finite source is the virtio
 * side.
 */
class VhostVirtioTest
{
    private static final int FRAMES = 200;

    private static Process forwarder(final Path dir, final String name, final String... args) throws IOException
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + DpdkShim.loadedPath(),
            "-cp", System.getProperty("java.class.path"), DpdkForwarder.class.getName(), "--pipeline", "mac"));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    }

    private static void awaitLine(final Path file, final String text, final Process process) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(file) && Files.readString(file).contains(text))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("forwarder exited (" + process.exitValue() + ") before '" + text + "': " +
                    Files.readString(file));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' from the forwarder in 60 s");
    }

    private static String tail(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 3000 ? "..." + text.substring(text.length() - 3000) : text;
    }

    @Test
    void framesCrossFromOneDpdkProcessToAnotherOverVhostUser() throws Exception
    {
        DpdkTestSupport.assumeShim();
        final HugepageInfo hugepages = HugepageInfo.read();
        if (!hugepages.usable(256L << 20))
        {
            System.err.println("[dpdk-tests] SKIPPED, VHOST NOT TESTED: needs 256 MB of free hugepages (" + hugepages +
                "); virtio_user cannot share --no-huge memory with net_vhost");
            Assumptions.abort("vhost-user needs hugepages: " + hugepages);
        }
        final Path dir = DpdkTestSupport.testDirectory("vhost");
        final Path socket = dir.resolve("vhost.sock");
        final List<byte[]> frames = new ArrayList<>();
        for (int seq = 0; seq < FRAMES; seq++)
        {
            frames.add(Frames.frame(seq, Frames.lengthOf(seq)));
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);
        final String tag = "v" + ProcessHandle.current().pid();

        // A: the vhost-user server (as a hypervisor's switch would be) and the sink. Started first: it creates
        // the socket.
        final Process a = forwarder(dir, "a", "--cores", "0", "--file-prefix", tag + "a", "--mbufs", "4095",
            "--vdev", "net_vhost0,iface=" + socket + ",queues=1",
            "--vdev", "net_pcap_dst,tx_pcap=" + dir.resolve("out.pcap"),
            "--port", "net_vhost0", "--port", "net_pcap_dst", "--patch", "1,-1",
            "--stop-after-tx", String.valueOf(FRAMES), "--seconds", "30");
        Process b = null;
        try
        {
            awaitLine(dir.resolve("a.out"), "ready", a);
            // B: the virtio side (as a VM would be) and the source. Its virtio tx ring holds the frames until the
            // vhost side takes them, so none is lost while A is still applying B's memory table.
            b = forwarder(dir, "b", "--cores", "1", "--file-prefix", tag + "b", "--mbufs", "4095",
                "--eal-arg", "--single-file-segments",
                "--vdev", "virtio_user0,path=" + socket + ",queues=1",
                "--vdev", "net_pcap_src,rx_pcap=" + dir.resolve("in.pcap"),
                "--port", "net_pcap_src", "--port", "virtio_user0", "--patch", "1,-1",
                "--wait-link-ms", "30000", "--seconds", "2");
            assertTrue(b.waitFor(60, TimeUnit.SECONDS), "process B finished");
            assertTrue(a.waitFor(60, TimeUnit.SECONDS), "process A finished");
            assertEquals(0, a.exitValue(), tail(dir.resolve("a.err")));
            assertEquals(0, b.exitValue(), tail(dir.resolve("b.err")));
        }
        finally
        {
            a.destroyForcibly();
            if (b != null)
            {
                b.destroyForcibly();
            }
        }
        final String outA = Files.readString(dir.resolve("a.out"));
        final String outB = Files.readString(dir.resolve("b.out"));
        assertTrue(outB.contains("port 1 virtio_user0: driver net_virtio_user"), outB);
        assertTrue(outB.contains("links up"), "virtio_user connected: " + outB);
        assertTrue(outB.contains("total rx " + FRAMES + " tx " + FRAMES + " txdrop 0"), outB);
        assertTrue(outA.contains("port 0 net_vhost0: driver net_vhost"), outA);
        assertTrue(outA.contains("total rx " + FRAMES + " tx " + FRAMES + " txdrop 0"), outA);

        final Matcher mac = Pattern.compile("port 1 net_pcap_dst: driver net_pcap, MAC ([0-9a-f:]+)").matcher(outA);
        assertTrue(mac.find(), outA);
        final long sourceMac = MacAddress.parse(mac.group(1));
        final long peerMac = 0x02_00_00_00_00_01L; // DpdkForwarder's default peer of port 1, like testpmd's
        final List<byte[]> out = PcapFile.read(dir.resolve("out.pcap"));
        assertEquals(FRAMES, out.size());
        for (int seq = 0; seq < FRAMES; seq++)
        {
            final byte[] expected = frames.get(seq).clone();
            for (int k = 0; k < 6; k++)
            {
                expected[k] = (byte)(peerMac >>> (40 - 8 * k));
                expected[6 + k] = (byte)(sourceMac >>> (40 - 8 * k));
            }
            assertArrayEquals(expected, out.get(seq), "frame " + seq);
        }
    }
}
