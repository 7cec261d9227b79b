package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.junit.jupiter.api.Test;

/** Operator mistakes around DpdkPort, the exception path and the forwarder end in messages that name the part. */
class DpdkPortErrorsTest
{
    @Test
    void portOverADeviceThatIsNotStartedOrAQueueThatDoesNotExistIsRefused()
    {
        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64);
            DpdkEthDev device = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""))
        {
            final IllegalStateException notStarted = assertThrows(IllegalStateException.class,
                () -> new DpdkPort("uplink", 0, device, 0, pool, counters.newPortCounters(0, "uplink"), 32, false));
            assertTrue(notStarted.getMessage().contains("uplink") && notStarted.getMessage().contains(device.name()),
                notStarted.getMessage());

            device.configure(1, mempool);
            device.start(true);
            final IllegalArgumentException badQueue = assertThrows(IllegalArgumentException.class,
                () -> new DpdkPort("uplink", 0, device, 3, pool, counters.newPortCounters(1, "uplink"), 32, false));
            assertTrue(badQueue.getMessage().contains("queue 3"), badQueue.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> new DpdkPort("uplink", 0, device, 0, pool, counters.newPortCounters(2, "uplink"), 0, false));

            // A port that does not own its device leaves it running on close.
            final DpdkPort port = new DpdkPort("uplink", 0, device, 0, pool, counters.newPortCounters(3, "up"), 32,
                false);
            final PacketVector vector = new PacketVector(48);
            assertEquals(48, port.receive(vector), "net_null's full bursts fill the vector: 32, then the 16 that fit");
            final int inUse = mempool.inUse();
            vector.freeAll(); // the engine frees one by one: returned in bulk, at the latest on the next poll
            assertEquals(48, pool.pendingFrees());
            assertEquals(inUse, mempool.inUse());
            final PacketVector next = new PacketVector(1);
            assertEquals(1, port.receive(next));
            assertEquals(0, pool.pendingFrees());
            assertEquals(inUse - 48 + 1, mempool.inUse(), "deferred frees went back before the next rx burst");
            next.freeAll();
            final PacketVector large = new PacketVector(1024);
            assertEquals(DpdkPort.MAX_BURSTS_PER_RECEIVE * 32, port.receive(large),
                "at most MAX_BURSTS_PER_RECEIVE bursts per call, even with room for more");
            large.freeAll();
            port.close();
            assertFalse(port.isLinkUp());
            assertTrue(device.isStarted());
        }
        finally
        {
            pool.close();
        }
    }

    @Test
    void exceptionPathRejectsABadInterfaceNameBeforeCreatingAnything()
    {
        DpdkTestSupport.eal();
        final DpdkPacketPool pool = new DpdkPacketPool(DpdkTestSupport.pool());
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64))
        {
            final DpdkPort wire = DpdkPort.start("wire", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""), pool,
                counters.newPortCounters(0, "wire"));
            try
            {
                final int portsBefore = DpdkEthDev.portCount();
                final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> ExceptionPath.create(counters, pool, List.of(
                        new ExceptionPath.Attachment(wire, "a-much-too-long-name", "10.0.0.1/24")), 1));
                assertTrue(tooLong.getMessage().contains("a-much-too-long-name"), tooLong.getMessage());
                final IllegalArgumentException badAddress = assertThrows(IllegalArgumentException.class,
                    () -> ExceptionPath.create(counters, pool, List.of(
                        new ExceptionPath.Attachment(wire, "tapok", "10.0.0.300/24")), 1));
                assertTrue(badAddress.getMessage().contains("10.0.0.300/24"), badAddress.getMessage());
                assertEquals(portsBefore, DpdkEthDev.portCount(), "no TAP was left behind");
            }
            finally
            {
                wire.close();
            }
        }
        finally
        {
            pool.close();
        }
    }

    @Test
    void forwarderNamesAPortThatDoesNotExist() throws Exception
    {
        DpdkTestSupport.assumeShim();
        final Path dir = DpdkTestSupport.testDirectory("forwarder-error");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + DpdkShim.loadedPath(),
            "-cp", System.getProperty("java.class.path"), DpdkForwarder.class.getName(),
            "--cores", "0", "--file-prefix", "fe" + ProcessHandle.current().pid(), "--no-huge",
            "--vdev", "net_null0", "--port", "net_null0", "--port", "eth_typo0", "--seconds", "1"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        final String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("no DPDK port named 'eth_typo0'"), out);
        assertTrue(out.contains("net_null0"), "lists the ports that exist: " + out);
    }

    @Test
    void shimWhoseDpdkLibrariesAreMissingIsReportedWithWhatToInstall() throws Exception
    {
        DpdkTestSupport.assumeShim(); // gcc and DPDK built the real shim, so gcc is here
        final Path dir = DpdkTestSupport.testDirectory("missing-dpdk");
        // A stand-in shim linked against a library that is then removed: dlopen fails exactly as it does on a
        // machine where librte_*.so.23 are not installed.
        Files.writeString(dir.resolve("fake.c"), "int rte_fake(void) { return 1; }\n");
        Files.writeString(dir.resolve("shim.c"),
            "int rte_fake(void);\nint shim_abi_version(void) { return rte_fake(); }\n");
        gcc(dir, "-shared", "-fPIC", "-o", "librte_fake.so.23", "fake.c", "-Wl,-soname,librte_fake.so.23");
        gcc(dir, "-shared", "-fPIC", "-o", "libipv8shim.so", "shim.c", dir.resolve("librte_fake.so.23").toString());
        Files.delete(dir.resolve("librte_fake.so.23"));

        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + DpdkShim.PATH_PROPERTY + "=" + dir.resolve("libipv8shim.so"),
            "-cp", System.getProperty("java.class.path"), DpdkProbe.class.getName(), "--vdev", "net_null0")
            .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        final String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("cannot load " + dir.resolve("libipv8shim.so")), out);
        assertTrue(out.contains("librte_fake.so.23"), "names the missing library: " + out);
        assertTrue(out.contains("apt-get install"), "says what to install: " + out);
    }

    private static void gcc(final Path dir, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add("gcc");
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "gcc " + String.join(" ", args) + ": " + out);
    }
}
