package org.ipv8router.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.daemon.DaemonOptions;
import org.ipv8router.daemon.RouterDaemon;
import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.daemon.forward.PortFactoryRegistry;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ipv8 CLI against a daemon running the forwarding module: show, ping8 and ring, text and --json. */
class ForwardingCliTest
{
    @TempDir
    Path dir;

    @Test
    void cliCommandsReachTheForwardingModule() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("r.conf"), """
            ipv8 routing
            interface p0
             port ring
             ipv8 address 64496.192.0.2.254/24
            interface p1
             port ring
             ipv8 address 203.0.113.1/30
             ipv8 role external
            ipv8 route 64497.0.0.0.0/0 203.0.113.2
            ipv8 neighbor 203.0.113.2 02:00:00:00:02:02 ipv8
            """);
        final Path socket = dir.resolve("r.sock");
        final RouterDaemon daemon = new RouterDaemon(new DaemonOptions(config, "cli", socket,
            dir.resolve("c.dat"), DaemonOptions.defaultPidFile(socket), null, LogLevel.WARN),
            new Log(LogLevel.WARN, System::currentTimeMillis, new PrintStream(new ByteArrayOutputStream())),
            List.of(new ForwardingModule(new PortFactoryRegistry(), Dir24_8.Layout.DIR_16_8_8)));
        daemon.start();
        final Thread main = Thread.ofPlatform().start(daemon::run);
        try
        {
            final String s = socket.toString();
            final CliRun route = CliRun.of("show", "route", "64497.9.9.9.9", "--control", s);
            assertEquals(0, route.exitCode(), route.err());
            assertTrue(route.out().contains("64497.0.0.0.0/0"), route.out());
            final CliRun fib = CliRun.of("show", "fib", "summary", "--json", "--control", s);
            assertEquals(1, Json.MAPPER.readTree(fib.out()).get("tier1").get("asn_count").asInt(), fib.out());
            final CliRun arp = CliRun.of("show", "arp8", "--control", s);
            assertTrue(arp.out().contains("02:00:00:00:02:02"), arp.out());
            final CliRun ifs = CliRun.of("show", "interfaces", "--json", "--control", s);
            assertEquals(2, Json.MAPPER.readTree(ifs.out()).get("interfaces").size());

            // Nobody answers on the ring: ping8 reports the loss and exits 1, as ping(8).
            final CliRun ping = CliRun.of("ping8", "203.0.113.2", "-c", "1", "-W", "0.1", "--control", s);
            assertEquals(1, ping.exitCode(), ping.out() + ping.err());
            assertTrue(ping.out().contains("1 packets transmitted, 0 received, 100% packet loss"), ping.out());
            final CliRun noRoute = CliRun.of("ping8", "64498.1.1.1.1", "--control", s);
            assertEquals(1, noRoute.exitCode());
            assertTrue(noRoute.err().contains("no route to 64498.1.1.1.1"), noRoute.err());

            // The echo request the router sent is on p1's far end.
            final CliRun permit = CliRun.of("egress-permit", "add", "64496.192.0.2.1", "asn", "64497", "--control", s);
            assertEquals(ExitCode.OK, permit.exitCode(), permit.err());
            assertTrue(permit.out().contains("64496.192.0.2.1 asn 64497: added"), permit.out());
            final CliRun permits = CliRun.of("show", "egress-permits", "--json", "--control", s);
            assertEquals(ExitCode.OK, permits.exitCode(), permits.err());
            assertTrue(permits.out().contains("\"64496.192.0.2.1 asn 64497\""), permits.out());
            final CliRun badPermit = CliRun.of("egress-permit", "add", "64496.192.0.2.1", "--control", s);
            assertFalse(badPermit.exitCode() == ExitCode.OK, "usage error from the daemon");
            final CliRun acl8 = CliRun.of("show", "acl8", "--control", s);
            assertTrue(acl8.out().contains("no ACL8 (not filtered)"), acl8.out());
            final CliRun flows = CliRun.of("show", "return-flow", "--control", s);
            assertTrue(flows.out().contains("Return flows, at most 65536 entries"), flows.out());
            final CliRun capture = CliRun.of("ring", "capture", "p1", "--json", "--control", s);
            assertEquals(0, capture.exitCode(), capture.err());
            final JsonNode frames = Json.MAPPER.readTree(capture.out()).get("frames");
            assertTrue(frames.size() >= 1, capture.out());
            final String echo = frames.get(frames.size() - 1).asText();
            assertTrue(echo.startsWith("020000000202"), "to the neighbour's MAC: " + echo);
            // Both addresses are r = 0: the transmit decision downgrades to plain IPv4 (spec A16).
            assertEquals("0800", echo.substring(24, 28), "IPv4 EtherType: " + echo);
            assertEquals("cb007101cb007102", echo.substring(28 + 24, 28 + 40), "203.0.113.1 > 203.0.113.2");
            assertEquals("08", echo.substring(28 + 40, 28 + 42), "ICMP type 8 after the 20-octet header");
        }
        finally
        {
            daemon.requestStop("test");
            main.join(30_000);
        }
    }
}
