package org.ipv8router.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.cli.Json;
import org.ipv8router.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ipv8 router} as a real process: real signals (SIGHUP reload, SIGTERM stop), the CLI talking to it over
 * the control socket, a second daemon refused, the exit code and the files left behind.
 */
class RouterProcessTest
{
    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void kill()
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
        }
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run cli(final String... args)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int code = Main.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void signal(final String name) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    private String log() throws IOException
    {
        final Path file = dir.resolve("router.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private void waitForLog(final String text) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!log().contains(text))
        {
            if (!process.isAlive())
            {
                throw new AssertionError("router exited with " + process.exitValue() + " before logging '" + text +
                    "':\n" + log() + Files.readString(dir.resolve("stderr.txt")));
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("router did not log '" + text + "' within 60 s:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void startQueryReloadRefuseBadConfigAndStopOnSigterm() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("r.conf"), RouterDaemonTest.CONFIG);
        final Path socket = dir.resolve("r.sock");
        final Path pid = dir.resolve("r.pid");
        final Path counters = dir.resolve("counters.dat");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>(List.of(java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "router", "--config", config.toString(), "--instance", "e2e", "--control", socket.toString(),
            "--counters", counters.toString(), "--log-file", dir.resolve("router.log").toString()));
        process = new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
        waitForLog("INFO  daemon started ");

        // Pid file (default: beside the socket) and counters file.
        assertEquals(Long.toString(process.pid()), Files.readString(pid).strip());
        final Run counterRun = cli("show", "counters", "--json", "--counters", counters.toString());
        assertEquals(0, counterRun.exitCode(), counterRun.err());
        assertEquals(process.pid(), Json.MAPPER.readTree(counterRun.out()).get("writer_pid").asLong());

        // show version over the socket, text and JSON.
        final Run version = cli("show", "version", "--control", socket.toString());
        assertEquals(0, version.exitCode(), version.err());
        assertTrue(version.out().startsWith("ipv8-router "), version.out());
        assertTrue(version.out().contains(String.format("  %-15s %d%n", "pid", process.pid())), version.out());
        final Run versionJson = cli("show", "version", "--json", "--control", socket.toString());
        final JsonNode v = Json.MAPPER.readTree(versionJson.out());
        assertEquals(process.pid(), v.get("pid").asLong());
        assertEquals("e2e", v.get("instance").asText());
        assertEquals(1, v.get("control_protocol").asInt());
        assertEquals(config.toString(), v.get("config_file").asText());

        // The forwarding module serves the routes of the config (the interface runs on an unconnected ring port).
        final Run route = cli("show", "route", "--control", socket.toString());
        assertEquals(0, route.exitCode(), route.err());
        assertTrue(route.out().matches("(?s).*\\nC +64496\\.192\\.0\\.2\\.0/24 +directly connected +eth0\\n.*"),
            route.out());
        // Commands the integration will serve answer an honest error.
        final Run clear = cli("clear", "bgp", "192.0.2.1", "--control", socket.toString());
        assertEquals(1, clear.exitCode());
        assertTrue(clear.err().startsWith("ipv8 clear: BGP8 is not configured: no 'router bgp8' block in "), clear.err());
        final Run unknown = cli("show", "frobs", "--control", socket.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("ipv8 show: unknown command 'show frobs'; the daemon knows: "), unknown.err());

        // A second daemon on the same socket is refused; the first keeps its socket.
        final Run second = cli("router", "--config", config.toString(), "--control", socket.toString(),
            "--counters", dir.resolve("counters2.dat").toString());
        assertEquals(1, second.exitCode());
        assertTrue(second.err().contains("ipv8 router: another ipv8-router is already running on control socket " +
            socket), second.err());
        assertEquals(0, cli("show", "version", "--control", socket.toString()).exitCode());

        // SIGHUP with a changed config: the diff is logged and the new config served.
        Files.writeString(config, RouterDaemonTest.CONFIG + "ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1\n" +
            "ipv8 egress-validation monitor\n");
        signal("HUP");
        waitForLog("reload-done");
        final String afterReload = log();
        assertTrue(afterReload.contains("INFO  daemon reload-start trigger=SIGHUP"), afterReload);
        assertTrue(afterReload.contains("reload-diff changes=\"1 global knob(s), routes +1 -0 ~0\""), afterReload);
        assertTrue(afterReload.contains("reload-change change=\"ipv8 egress-validation: off -> monitor\""), afterReload);
        assertTrue(afterReload.contains("reload-change change=\"route 64497.0.0.0.0/0 via 64496.192.0.2.1: added\""),
            afterReload);
        final Run shownConfig = cli("show", "config", "--control", socket.toString());
        assertTrue(shownConfig.out().contains("ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1\n"), shownConfig.out());
        final Run reloadedRoute = cli("show", "route", "64497.1.2.3.4", "--json", "--control", socket.toString());
        assertEquals("static", Json.MAPPER.readTree(reloadedRoute.out()).get("route").get("kind").asText(),
            reloadedRoute.out());

        // SIGHUP with a bad config: refused with file:line:col, the daemon keeps running the previous one.
        Files.writeString(config, "ipv8 routing\nipv8 asn 64496\ninterface eth0\n mtu 99999\n");
        signal("HUP");
        waitForLog("reload-refused");
        assertTrue(log().contains("ERROR daemon reload-refused error=\"" + config + ":4:6: value 99999 is outside 68..9216\""),
            log());
        assertTrue(process.isAlive());
        // The same through the control socket: the CLI shows why.
        final Run reload = cli("config", "reload", "--control", socket.toString());
        assertEquals(1, reload.exitCode());
        assertEquals("ipv8 config: reload refused: " + config + ":4:6: value 99999 is outside 68..9216 " +
            "(running configuration kept)\n", reload.err());
        final Run kept = cli("show", "config", "--json", "--control", socket.toString());
        final JsonNode keptNode = Json.MAPPER.readTree(kept.out());
        assertTrue(keptNode.get("text").asText().contains("ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1\n"));
        assertEquals(1, keptNode.get("reloads").asInt());
        assertEquals(2, keptNode.get("reloads_refused").asInt());

        // SIGTERM: clean stop, exit 0, socket, pid file and counters file removed.
        signal("TERM");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "router stopped");
        assertEquals(0, process.exitValue(), log());
        assertFalse(Files.exists(socket), "socket removed");
        assertFalse(Files.exists(pid), "pid file removed");
        assertFalse(Files.exists(counters), "counters file removed");
        final String end = log();
        assertTrue(end.contains("INFO  daemon stop-requested trigger=SIGTERM"), end);
        assertTrue(end.contains("INFO  daemon stopped "), end);
        final Run gone = cli("show", "version", "--control", socket.toString());
        assertEquals(1, gone.exitCode());
        assertTrue(gone.err().startsWith("ipv8 show: no router at " + socket + ": is ipv8-router running?"), gone.err());
    }

    @Test
    void badConfigAtStartExitsOneAndStartsNothing() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("bad.conf"), "ipv8 routing\ninterface eth0\n ipv8 role outside\n");
        final Run run = cli("router", "--config", config.toString(), "--control", dir.resolve("x.sock").toString(),
            "--counters", dir.resolve("c.dat").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("ipv8 router: " + config + ":3:12: unknown role 'outside'"), run.err());
        assertFalse(Files.exists(dir.resolve("x.sock")));
        assertFalse(Files.exists(dir.resolve("c.dat")));
        assertFalse(Files.exists(dir.resolve("x.pid")));
    }
}
