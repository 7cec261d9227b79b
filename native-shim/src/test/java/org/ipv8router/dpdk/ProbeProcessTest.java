package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * Scenarios that need an EAL of their own (rte_eal_init runs once per process), each in a forked JVM running
 * {@link DpdkProbe}: a bad EAL argument, the --no-huge fallback, the missing shim, and the probe itself.
 */
class ProbeProcessTest
{
    record Result(int exit, String out, String err)
    {
    }

    private static Result probe(final String shimPath, final String... args) throws IOException, InterruptedException
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + shimPath,
            "-cp", System.getProperty("java.class.path"), DpdkProbe.class.getName()));
        command.addAll(List.of(args));
        final Path dir = DpdkTestSupport.testDirectory("probe");
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
        if (!process.waitFor(90, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("DpdkProbe did not finish in 90 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String shimPath()
    {
        DpdkTestSupport.assumeShim();
        return DpdkShim.loadedPath().toString();
    }

    @Test
    void probeListsPortsAndCountsPolledPackets() throws Exception
    {
        final Result result = probe(shimPath(), "--vdev", "net_null0", "--vdev", "net_ring0", "--poll-ms", "200");
        assertEquals(0, result.exit(), result.out() + result.err());
        assertTrue(result.out().contains("port 0 net_null0: driver net_null"), result.out());
        assertTrue(result.out().contains("port 1 net_ring0: driver net_ring"), result.out());
        final Matcher rx = Pattern.compile("port 0: rx (\\d+) pkts").matcher(result.out());
        assertTrue(rx.find(), result.out());
        assertTrue(Long.parseLong(rx.group(1)) > 0, "net_null delivered packets while polled: " + result.out());
    }

    @Test
    void noHugeFallbackStartsTheEal() throws Exception
    {
        final Result result = probe(shimPath(), "--no-huge", "--vdev", "net_ring0", "--poll-ms", "50");
        assertEquals(0, result.exit(), result.out() + result.err());
        assertTrue(result.out().contains("hugepages: NO (--no-huge)"), result.out());
        assertTrue(result.out().contains("--no-huge -m 512"), result.out());
        assertTrue(result.err().contains("WITHOUT hugepages"), "the fallback is logged: " + result.err());
    }

    @Test
    void badEalArgumentFailsWithDpdksReason() throws Exception
    {
        final Result result = probe(shimPath(), "--eal-arg", "--not-an-eal-option");
        assertEquals(2, result.exit(), result.out() + result.err());
        assertTrue(result.err().contains("DPDK EAL initialisation failed"), result.err());
        assertTrue(result.err().contains("--not-an-eal-option"), result.err());
        assertTrue(result.err().contains("rte_eal_init failed"), "carries the shim's rte_errno text: " + result.err());
    }

    @Test
    void badVdevAtInitFailsTheEal() throws Exception
    {
        final Result result = probe(shimPath(), "--vdev", "net_nosuchdriver0");
        assertEquals(2, result.exit(), result.out() + result.err());
        assertTrue(result.err().contains("DPDK EAL initialisation failed"), result.err());
    }

    @Test
    void missingShimIsReportedWithWhatToInstall() throws Exception
    {
        final Result result = probe("/nonexistent/dir/libipv8shim.so", "--vdev", "net_null0");
        assertEquals(2, result.exit(), result.out() + result.err());
        assertTrue(result.err().contains("libipv8shim.so not found at /nonexistent/dir/libipv8shim.so"), result.err());
        assertTrue(result.err().contains("apt-get install -y dpdk libdpdk-dev"), result.err());
    }
}
