package org.ipv8router.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipv8router.config.ConfigDiff;
import org.ipv8router.config.ConfigException;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.control.ControlResult;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's life cycle driven in-process (no signals): modules, seams, reload, stop order. */
class RouterDaemonTest
{
    static final String CONFIG = """
        ipv8 routing
        ipv8 asn 64496
        interface eth0
         ipv8 address 64496.192.0.2.254/24
        """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(LogLevel.INFO, System::currentTimeMillis,
        new PrintStream(logged, true, StandardCharsets.UTF_8));

    private DaemonOptions options(final Path config)
    {
        final Path socket = dir.resolve("r.sock");
        return new DaemonOptions(config, "t", socket, dir.resolve("counters.dat"), DaemonOptions.defaultPidFile(socket),
            null, LogLevel.INFO);
    }

    /** A module standing in for the forwarding assembly: records what the seams hand it. */
    private static final class FakeForwarding implements DaemonModule
    {
        final List<String> events = new ArrayList<>();
        boolean refuseNext;

        @Override
        public String name()
        {
            return "fake-forwarding";
        }

        @Override
        public void start(final DaemonContext context)
        {
            events.add("start asn=" + context.config().asn() + " counters=" + (context.counters() != null));
            context.handlers().register("show route", "routes", (args, json) ->
                new ControlResult("routes of " + context.config().interfaces().size() + " interface(s)\n", null));
            context.addShutdownStep(new ShutdownStep()
            {
                public String name()
                {
                    return "ports";
                }

                public void stop()
                {
                    events.add("close ports");
                }
            });
            context.addShutdownStep(new ShutdownStep()
            {
                public String name()
                {
                    return "bgp8 cease";
                }

                public void stop()
                {
                    events.add("cease");
                }
            });
            context.addReloadTarget(new ReloadTarget()
            {
                public String name()
                {
                    return "fib";
                }

                public void check(final ConfigDiff diff, final RouterConfig before, final RouterConfig after)
                    throws Exception
                {
                    if (refuseNext)
                    {
                        throw new Exception("no live MTU change on eth0");
                    }
                }

                public void apply(final ConfigDiff diff, final RouterConfig before, final RouterConfig after)
                {
                    events.add("apply " + diff.counts());
                }
            });
        }
    }

    @Test
    void badConfigStartsNothing() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("bad.conf"), "ipv8 routing\nipv8 asn banana\n");
        final RouterDaemon daemon = new RouterDaemon(options(config), log, List.of());
        final ConfigException e = assertThrows(ConfigException.class, daemon::start);
        assertEquals(2, e.line());
        assertFalse(Files.exists(dir.resolve("r.sock")));
        assertFalse(Files.exists(dir.resolve("counters.dat")));
        assertFalse(Files.exists(dir.resolve("r.pid")));
    }

    @Test
    void lifeCycleThroughTheSeams() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("r.conf"), CONFIG);
        final FakeForwarding forwarding = new FakeForwarding();
        final RouterDaemon daemon = new RouterDaemon(options(config), log, List.of(forwarding));
        daemon.start();
        final Thread main = Thread.ofPlatform().name("daemon-main").start(daemon::run);
        try
        {
            assertEquals(List.of("start asn=64496 counters=true"), forwarding.events);
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve("r.pid")).strip());
            final ControlClient client = new ControlClient(dir.resolve("r.sock"), Duration.ofSeconds(5));

            // The module replaced the placeholder; the others still say what is missing.
            assertEquals("routes of 1 interface(s)\n", client.request("show", List.of("route"), false).text());
            final ControlProtocol.Response bgp = client.request("show", List.of("bgp", "summary"), false);
            assertFalse(bgp.ok());
            assertEquals("'show bgp' is not available in this build: the BGP8 speaker is not wired into the daemon yet",
                bgp.error());

            // Reload with a change: diff logged and applied.
            Files.writeString(config, CONFIG + "ipv8 route 64497.0.0.0.0/0 64496.192.0.2.1\n");
            daemon.requestReload("test");
            waitFor(() -> logged.toString(StandardCharsets.UTF_8).contains("reload-done"));
            assertTrue(forwarding.events.contains("apply routes +1 -0 ~0"), forwarding.events.toString());
            assertEquals(1, daemon.config().routes().size());
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains(
                "INFO  daemon reload-change change=\"route 64497.0.0.0.0/0 via 64496.192.0.2.1: added\""),
                logged.toString(StandardCharsets.UTF_8));

            // The same through the control socket ('ipv8 config reload'): answered once applied, with the changes.
            Files.writeString(config, CONFIG + "ipv8 route 64497.0.0.0.0/0 64496.192.0.2.3\n");
            final ControlProtocol.Response reload = client.request("config", List.of("reload"), false);
            assertTrue(reload.ok(), reload.error());
            assertEquals("reload applied: routes +0 -0 ~1\n" +
                "  route 64497.0.0.0.0/0 via 64496.192.0.2.1: changed: next-hop via 64496.192.0.2.1 -> via 64496.192.0.2.3\n",
                reload.text());
            assertEquals("applied: routes +0 -0 ~1", reload.data().get("result").asText());

            // A target refuses: the whole reload is refused, the running config kept, the target not applied.
            forwarding.refuseNext = true;
            Files.writeString(config, CONFIG.replace(" ipv8 address", " mtu 9000\n ipv8 address"));
            daemon.requestReload("test");
            waitFor(() -> logged.toString(StandardCharsets.UTF_8).contains("reload-refused"));
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains(
                "error=\"fib cannot apply the change: no live MTU change on eth0\""));
            assertEquals(1, daemon.config().routes().size(), "previous config kept");
            assertEquals(2, forwarding.events.stream().filter(e -> e.startsWith("apply")).count());
            assertEquals(Ipv8Address.parse("64496.192.0.2.3"), daemon.config().routes().getFirst().nextHop());
        }
        finally
        {
            daemon.requestStop("test");
            main.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(main.isAlive());
        // Module steps in reverse order of registration; files removed.
        assertEquals(List.of("cease", "close ports"), forwarding.events.subList(forwarding.events.size() - 2,
            forwarding.events.size()));
        assertFalse(Files.exists(dir.resolve("r.sock")));
        assertFalse(Files.exists(dir.resolve("r.pid")));
        assertFalse(Files.exists(dir.resolve("counters.dat")));
        final String text = logged.toString(StandardCharsets.UTF_8);
        assertTrue(text.indexOf("step=\"control socket\"") < text.indexOf("step=\"bgp8 cease\"") &&
            text.indexOf("step=\"bgp8 cease\"") < text.indexOf("step=ports") &&
            text.indexOf("step=ports") < text.indexOf("step=\"counters file\""), text);
    }

    @Test
    void aModuleThatFailsToStartStopsWhatStarted() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("r.conf"), CONFIG);
        final List<String> stopped = new ArrayList<>();
        final DaemonModule first = new DaemonModule()
        {
            public String name()
            {
                return "first";
            }

            public void start(final DaemonContext context)
            {
                context.addShutdownStep(new ShutdownStep()
                {
                    public String name()
                    {
                        return "first";
                    }

                    public void stop()
                    {
                        stopped.add("first");
                    }
                });
            }
        };
        final DaemonModule broken = new DaemonModule()
        {
            public String name()
            {
                return "broken";
            }

            public void start(final DaemonContext context) throws Exception
            {
                throw new Exception("DPDK port 0000:00:08.0 not found");
            }
        };
        final RouterDaemon daemon = new RouterDaemon(options(config), log, List.of(first, broken));
        final RouterDaemon.StartupException e = assertThrows(RouterDaemon.StartupException.class, daemon::start);
        assertTrue(e.getMessage().contains("DPDK port 0000:00:08.0 not found"), e.getMessage());
        assertEquals(List.of("first"), stopped);
        assertFalse(Files.exists(dir.resolve("r.sock")));
        assertFalse(Files.exists(dir.resolve("r.pid")));
    }

    static void waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }
}
