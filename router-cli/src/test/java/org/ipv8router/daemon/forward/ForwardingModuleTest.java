package org.ipv8router.daemon.forward;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.daemon.DaemonOptions;
import org.ipv8router.daemon.RouterDaemon;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.dataplane.port.PortFactory;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.dataplane.port.RingWire;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.ipv8router.wire.Checksum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ipv8router.daemon.forward.RingTestFrames.collect;
import static org.ipv8router.daemon.forward.RingTestFrames.mac;
import static org.ipv8router.daemon.forward.RingTestFrames.udp8;

/**
 * The daemon in-process with the forwarding module over two ring ports (the issue 3 example): forwarding through
 * the ring far ends, every forwarding show command in text and JSON, live reload without a data plane restart, a
 * refused reload that keeps forwarding, router-originated ping8 against a simulated neighbour, and the clean stop.
 */
class ForwardingModuleTest
{
    static final String CONFIG = """
        ! the example of issue 3 on embedded ring ports
        ipv8 routing
        interface p0
         port ring
         ipv8 address 64496.192.0.2.254/24
         ipv8 role internal
         ipv8 neighbor 64496.192.0.2.1 02:00:00:00:01:01 ipv8
        interface p1
         port ring
         ipv8 address 203.0.113.1/30
         ipv8 role external
        ipv8 route 64497.0.0.0.0/0 203.0.113.2
        ipv8 neighbor 203.0.113.2 02:00:00:00:02:02 ipv8
        """;

    static final long P0_HOST = a(64496, 192, 0, 2, 1);
    static final long REMOTE = a(64497, 198, 51, 100, 7);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(LogLevel.INFO, System::currentTimeMillis,
        new PrintStream(logged, true, StandardCharsets.UTF_8));
    private RouterDaemon daemon;
    private Thread main;
    private ForwardingModule module;
    private ControlClient client;
    private Path configFile;

    @AfterEach
    void stop() throws Exception
    {
        if (daemon != null && main != null && main.isAlive())
        {
            daemon.requestStop("test end");
            main.join(30_000);
        }
    }

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    private void start(final String config, final PortFactoryRegistry factories) throws Exception
    {
        configFile = Files.writeString(dir.resolve("router.conf"), config);
        final Path socket = dir.resolve("r.sock");
        final DaemonOptions options = new DaemonOptions(configFile, "fwd", socket, dir.resolve("counters.dat"),
            DaemonOptions.defaultPidFile(socket), null, LogLevel.INFO);
        module = new ForwardingModule(factories, Dir24_8.Layout.DIR_16_8_8);
        daemon = new RouterDaemon(options, log, List.of(module));
        daemon.start();
        main = Thread.ofPlatform().name("daemon-main").start(daemon::run);
        client = new ControlClient(socket, Duration.ofSeconds(30));
    }

    private void start() throws Exception
    {
        start(CONFIG, new PortFactoryRegistry());
    }

    private ControlProtocol.Response ask(final boolean json, final String command, final String... args)
        throws Exception
    {
        return client.request(command, List.of(args), json);
    }

    private JsonNode json(final String command, final String... args) throws Exception
    {
        final ControlProtocol.Response r = ask(true, command, args);
        assertTrue(r.ok(), command + " " + String.join(" ", args) + ": " + r.error());
        assertNotNull(r.data());
        return r.data();
    }

    private String text(final String command, final String... args) throws Exception
    {
        final ControlProtocol.Response r = ask(false, command, args);
        assertTrue(r.ok(), command + " " + String.join(" ", args) + ": " + r.error());
        return r.text();
    }

    static boolean isUdp8To(final byte[] f, final long dst)
    {
        return f.length >= 42 && (f[12] & 0xFF) == 0x80 && (f[13] & 0xFF) == 0x80 && f[14 + 9] == 17 &&
            ByteBuffer.wrap(f).getLong(14 + 20) == dst;
    }

    private void assertForwardsP0ToP1() throws Exception
    {
        final RingHost p0 = module.ringHost("p0");
        final RingHost p1 = module.ringHost("p1");
        final byte[] in = udp8(0, P0_HOST, REMOTE, 64);
        assertTrue(p0.inject(in));
        final byte[] out = collect(p1, f -> isUdp8To(f, REMOTE));
        assertNotNull(out, "the UDP packet leaves p1");
        assertArrayEquals(new byte[] {2, 0, 0, 0, 2, 2}, java.util.Arrays.copyOfRange(out, 0, 6), "neighbour MAC");
        assertArrayEquals(mac(MacAddress.local(1)), java.util.Arrays.copyOfRange(out, 6, 12), "p1's MAC as source");
        assertEquals(63, out[14 + 8] & 0xFF, "TTL 63");
        assertTrue(Checksum.verify(new UnsafeBuffer(out), 14, 28), "header checksum valid after the TTL decrement");
        assertArrayEquals(java.util.Arrays.copyOfRange(in, 14 + 12, in.length),
            java.util.Arrays.copyOfRange(out, 14 + 12, out.length), "addresses and payload unchanged");
    }

    @Test
    void forwardsBetweenRingPortsAndAnswersEveryShowCommand() throws Exception
    {
        start();
        final Thread forwarder = module.forwardingThread();
        assertEquals(ForwardingWorker.ROLE_NAME, forwarder.getName());
        assertForwardsP0ToP1();

        // show interfaces
        final JsonNode ifs = json("show", "interfaces").get("interfaces");
        assertEquals(2, ifs.size());
        final JsonNode p0 = ifs.get(0);
        assertEquals("p0", p0.get("name").asText());
        assertEquals(0, p0.get("port_index").asInt());
        assertEquals("ring", p0.get("port_kind").asText());
        assertTrue(p0.get("port_device").isNull());
        assertEquals(MacAddress.format(MacAddress.local(0)), p0.get("mac").asText());
        assertEquals(1500, p0.get("mtu").asInt());
        assertEquals("internal", p0.get("role").asText());
        assertEquals("64496.192.0.2.254", p0.get("addresses").get(0).get("address").asText());
        assertEquals("64496.192.0.2.0/24", p0.get("addresses").get(0).get("prefix").asText());
        assertEquals(56, p0.get("addresses").get(0).get("length64").asInt());
        assertEquals(0, p0.get("zones").size());
        assertEquals("up", p0.get("link").asText());
        assertTrue(p0.get("counters").get("rx_packets").asLong() >= 1, p0.toString());
        final JsonNode p1 = ifs.get(1);
        assertEquals("external", p1.get("role").asText());
        assertEquals("203.0.113.1", p1.get("addresses").get(0).get("address").asText());
        assertTrue(p1.get("counters").get("tx_packets").asLong() >= 1, p1.toString());
        for (final String key : List.of("rx_bytes", "rx_drops", "tx_bytes", "tx_drops"))
        {
            assertTrue(p1.get("counters").has(key), key);
        }
        final String ifText = text("show", "interfaces");
        assertTrue(ifText.contains("Interface p1, port 1 (ring), link up\n"), ifText);
        assertTrue(ifText.contains("  Addresses: 64496.192.0.2.254/24\n"), ifText);
        assertTrue(ifText.contains("role external"), ifText);
        assertEquals(1, json("show", "interfaces", "p1").get("interfaces").size());
        assertFalse(ask(false, "show", "interfaces", "p9").ok());

        // show route: static, connected and local routes from the FIB
        final JsonNode routes = json("show", "route");
        assertEquals(routes.get("routes").size(), routes.get("count").asInt());
        final JsonNode staticRoute = route(routes, "64497.0.0.0.0/0");
        assertEquals("static", staticRoute.get("kind").asText());
        assertEquals("203.0.113.2", staticRoute.get("next_hop").asText());
        assertEquals("p1", staticRoute.get("interface").asText());
        assertEquals(32, staticRoute.get("length64").asInt());
        assertEquals("0.0.251.241.0.0.0.0/32", staticRoute.get("prefix_full_dotted").asText());
        assertEquals("connected", route(routes, "64496.192.0.2.0/24").get("kind").asText());
        assertEquals("p0", route(routes, "64496.192.0.2.0/24").get("interface").asText());
        assertEquals("connected", route(routes, "203.0.113.0/30").get("kind").asText());
        assertEquals("local", route(routes, "64496.192.0.2.254/32").get("kind").asText());
        assertTrue(route(routes, "64496.192.0.2.254/32").get("interface").isNull());
        final String routeText = text("show", "route");
        assertTrue(routeText.matches("(?s).*\\nS +64497\\.0\\.0\\.0\\.0/0 +203\\.0\\.113\\.2 +p1\\n.*"), routeText);
        assertTrue(routeText.matches("(?s).*\\nC +64496\\.192\\.0\\.2\\.0/24 +directly connected +p0\\n.*"), routeText);

        // show route <address>: longest match through Fib.lookup
        final JsonNode hit = json("show", "route", "64497.10.20.30.40");
        assertEquals("route", hit.get("result").asText());
        assertEquals("64497.0.0.0.0/0", hit.get("route").get("prefix").asText());
        assertEquals("64496.192.0.2.0/24", json("show", "route", "64496.192.0.2.77").get("route").get("prefix").asText());
        final JsonNode miss = json("show", "route", "64498.1.1.1.1");
        assertEquals("miss", miss.get("result").asText());
        assertEquals(6, miss.get("icmp_code").asInt());
        assertTrue(text("show", "route", "64498.0.0.0.0/0").contains("destination ASN unknown"));
        assertFalse(ask(false, "show", "route", "banana").ok());

        // show fib summary
        final JsonNode fib = json("show", "fib", "summary");
        assertEquals(1, fib.get("tier1").get("asn_count").asInt(), "one foreign ASN (64497)");
        assertEquals(200_000, fib.get("tier1").get("max_asns").asInt());
        assertEquals(1, fib.get("tier1").get("routes").asInt());
        assertTrue(containsText(fib.get("local_r"), "64496"), fib.toString());
        assertEquals("ipv4", fib.get("tables").get(0).get("kind").asText());
        assertTrue(fib.get("tables").get(0).get("routes").asInt() >= 2, "203.0.113.0/30 and .1/32");
        assertTrue(fib.get("tier2_memory_bytes").asLong() > 0);
        assertTrue(fib.get("next_hops").get("live").asInt() >= 2);
        final String fibText = text("show", "fib", "summary");
        assertTrue(fibText.startsWith("Tier 1 (ASN table): 1 of 200000 ASNs"), fibText);
        assertTrue(fibText.contains("Local r: 64496\n"), fibText);
        assertFalse(ask(false, "show", "fib", "detail").ok());

        // show arp8: the static neighbours, from the caches on the forwarding thread
        final JsonNode arp = json("show", "arp8").get("interfaces");
        assertEquals("p0", arp.get(0).get("name").asText());
        final JsonNode n0 = arp.get(0).get("entries").get(0);
        assertEquals("64496.192.0.2.1", n0.get("address").asText());
        assertEquals("02:00:00:00:01:01", n0.get("mac").asText());
        assertEquals("permanent", n0.get("state").asText());
        assertEquals("ipv8", n0.get("capability").asText());
        assertTrue(n0.get("age_ms").isNull());
        final JsonNode n1 = arp.get(1).get("entries").get(0);
        assertEquals("203.0.113.2", n1.get("address").asText());
        assertEquals("02:00:00:00:02:02", n1.get("mac").asText());
        final String arpText = text("show", "arp8", "p1");
        assertTrue(arpText.matches("(?s).*\\np1 +203\\.0\\.113\\.2 +02:00:00:00:02:02 +permanent +IPv8 +- +0\\n.*"),
            arpText);
        assertFalse(arpText.contains("64496.192.0.2.1"), "only p1 asked for");

        // A route installed by another module through the FIB writer seam shows as a FIB route ("F"/"fib").
        final org.ipv8router.dataplane.fib.RouteResult added = module.onFibWriter("test route",
            r -> r.addRoute(a(64510, 0, 0, 0, 0), 32, a(0, 203, 0, 113, 2)));
        assertTrue(added.isSuccess(), added.description());
        assertEquals("fib", route(json("show", "route"), "64510.0.0.0.0/0").get("kind").asText());
        assertEquals(2, json("show", "fib", "summary").get("tier1").get("asn_count").asInt());
        assertEquals(Boolean.TRUE, module.onForwardingThread("thread check",
            r -> Thread.currentThread() == forwarder));

        assertSame(forwarder, module.forwardingThread());
        assertTrue(forwarder.isAlive());
    }

    @Test
    void ringControlCommandsInjectAndCapture() throws Exception
    {
        start();
        final byte[] in = udp8(0, P0_HOST, REMOTE, 9);
        final JsonNode injected = json("ring", "inject", "p0", java.util.HexFormat.of().formatHex(in));
        assertEquals(in.length, injected.get("injected").asInt());
        JsonNode captured = null;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            captured = json("ring", "capture", "p1");
            if (captured.get("count").asInt() > 0)
            {
                break;
            }
            Thread.sleep(5);
        }
        assertNotNull(captured);
        assertEquals(1, captured.get("count").asInt(), captured.toString());
        final byte[] out = java.util.HexFormat.of().parseHex(captured.get("frames").get(0).asText());
        assertEquals(8, out[14 + 8] & 0xFF, "TTL 9 -> 8");
        assertFalse(ask(false, "ring", "inject", "p0", "zz").ok());
        assertFalse(ask(false, "ring", "capture", "p7").ok());
    }

    private static boolean containsText(final JsonNode array, final String value)
    {
        for (final JsonNode n : array)
        {
            if (n.asText().equals(value))
            {
                return true;
            }
        }
        return false;
    }

    private static JsonNode route(final JsonNode routes, final String prefix)
    {
        for (final JsonNode r : routes.get("routes"))
        {
            if (r.get("prefix").asText().equals(prefix))
            {
                return r;
            }
        }
        throw new AssertionError("no route " + prefix + " in " + routes);
    }

    @Test
    void reloadAddsARouteLiveAndRefusesAPortChange() throws Exception
    {
        start();
        final Thread forwarder = module.forwardingThread();
        final long target = a(64499, 10, 0, 0, 1);
        assertEquals("miss", json("show", "route", "64499.10.0.0.1").get("result").asText());

        Files.writeString(configFile, CONFIG + "ipv8 route 64499.0.0.0.0/0 64496.192.0.2.1\n");
        final JsonNode reload = json("config", "reload");
        assertTrue(reload.get("result").asText().startsWith("applied: routes +1 -0 ~0"), reload.toString());
        final JsonNode found = json("show", "route", "64499.10.0.0.1");
        assertEquals("static", found.get("route").get("kind").asText());
        assertEquals("p0", found.get("route").get("interface").asText());

        // Forwarded via the new route, by the same forwarding thread.
        assertTrue(module.ringHost("p1").inject(udp8(1, REMOTE, target, 30)));
        final byte[] out = collect(module.ringHost("p0"), f -> isUdp8To(f, target));
        assertNotNull(out, "forwarded out p0 via the reloaded route");
        assertArrayEquals(new byte[] {2, 0, 0, 0, 1, 1}, java.util.Arrays.copyOfRange(out, 0, 6));
        assertEquals(29, out[14 + 8] & 0xFF);
        assertSame(forwarder, module.forwardingThread());

        // Removing it again takes it out of the FIB.
        Files.writeString(configFile, CONFIG);
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: routes +0 -1 ~0"));
        assertEquals("miss", json("show", "route", "64499.10.0.0.1").get("result").asText());

        // A static neighbour's MAC changed: the cache on the forwarding thread takes it, the next packet uses it.
        Files.writeString(configFile, CONFIG.replace("203.0.113.2 02:00:00:00:02:02", "203.0.113.2 02:00:00:00:02:03"));
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: neighbors +0 -0 ~1"));
        assertEquals("02:00:00:00:02:03",
            json("show", "arp8", "p1").get("interfaces").get(0).get("entries").get(0).get("mac").asText());
        assertTrue(module.ringHost("p0").inject(udp8(0, P0_HOST, REMOTE, 64)));
        final byte[] viaNewMac = collect(module.ringHost("p1"), f -> isUdp8To(f, REMOTE));
        assertNotNull(viaNewMac);
        assertArrayEquals(new byte[] {2, 0, 0, 0, 2, 3}, java.util.Arrays.copyOfRange(viaNewMac, 0, 6));
        Files.writeString(configFile, CONFIG);
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: neighbors +0 -0 ~1"));

        // A port change is refused with the reason; the running config and forwarding stay.
        Files.writeString(configFile, CONFIG.replace(" port ring\n ipv8 address 203", " port pcap in.pcap out.pcap\n" +
            " ipv8 address 203"));
        final ControlProtocol.Response refused = ask(false, "config", "reload");
        assertFalse(refused.ok());
        assertTrue(refused.error().contains("forwarding cannot apply the change: needs a restart or is invalid: " +
            "interface p1: port ring -> pcap in.pcap out.pcap (a port's device is opened at start)"), refused.error());
        assertForwardsP0ToP1();
        assertSame(forwarder, module.forwardingThread());

        // EAL options and ARP8 timers need a restart: refused, and the reason says so.
        Files.writeString(configFile, CONFIG + "ipv8 arp8 reachable-time 45\ndpdk\n lcores 1\n");
        final ControlProtocol.Response restart = ask(false, "config", "reload");
        assertFalse(restart.ok());
        assertTrue(restart.error().contains("ipv8 arp8 reachable-time 30 s -> 45 s (neighbour caches are built at " +
            "start: restart the daemon); dpdk lcores 0 -> 1 (the DPDK EAL is initialised once per process: restart " +
            "the daemon)"), restart.error());
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("needs restart: dpdk lcores 0 -> 1: the DPDK EAL " +
            "is initialised once per process (restart the daemon)"), logged.toString(StandardCharsets.UTF_8));
        assertSame(forwarder, module.forwardingThread());

        // A route whose next hop is on no interface is refused in the check phase too.
        Files.writeString(configFile, CONFIG + "ipv8 route 64500.0.0.0.0/0 198.51.100.1\n");
        final ControlProtocol.Response badHop = ask(false, "config", "reload");
        assertFalse(badHop.ok());
        assertTrue(badHop.error().contains("next hop 0.0.0.0.198.51.100.1 is not on a connected prefix"), badHop.error());
        assertEquals("miss", json("show", "route", "64500.1.1.1.1").get("result").asText());
    }

    @Test
    void reloadChangesZonePermitsLive() throws Exception
    {
        final String zoned = CONFIG.replace(" ipv8 role internal\n", " ipv8 role internal\n ipv8 zone 127.1.0.0 group 1\n" +
            " ipv8 zone 127.2.0.0 group 2\n");
        start(zoned, new PortFactoryRegistry());
        final long zone1 = a(0x7F01_0000L, 10, 0, 0, 5);
        final long zone2 = a(0x7F02_0000L, 10, 0, 0, 6);
        assertEquals(Boolean.FALSE, module.onFibWriter("permits", r -> r.zones().permits(zone1, zone2)),
            "zone to zone is default deny");
        Files.writeString(configFile, zoned + "ipv8 zone-permit 1 2\n");
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: zone-permits +1 -0 ~0"));
        assertEquals(Boolean.TRUE, module.onFibWriter("permits", r -> r.zones().permits(zone1, zone2)));
        Files.writeString(configFile, zoned);
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: zone-permits +0 -1 ~0"));
        assertEquals(Boolean.FALSE, module.onFibWriter("permits", r -> r.zones().permits(zone1, zone2)));
        final JsonNode p0 = json("show", "interfaces", "p0").get("interfaces").get(0);
        assertEquals("127.1.0.0", p0.get("zones").get(0).get("zone").asText());
        assertEquals(1, p0.get("zones").get(0).get("group").asInt());
    }

    /** Waits (up to 20 s) until the drop counter of {@code reason} reaches {@code expected}. */
    private void awaitDrops(final org.ipv8router.wire.DropReason reason, final long expected) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long now = -1;
        while (System.nanoTime() < deadline)
        {
            now = module.router().counters().dropReasons().count(reason.ordinal());
            if (now >= expected)
            {
                break;
            }
            Thread.sleep(1);
        }
        assertEquals(expected, now, reason.label());
    }

    @Test
    void egressValidationAndAcl8ChangeByReloadAndTheControlChannel() throws Exception
    {
        start();
        assertForwardsP0ToP1();
        assertEquals("off", json("show", "egress-permits").get("mode").asText());

        Files.writeString(configFile, CONFIG + "ipv8 egress-validation enforce\n");
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: 1 global knob(s)"));
        assertTrue(module.ringHost("p0").inject(udp8(0, P0_HOST, REMOTE, 64)));
        awaitDrops(org.ipv8router.wire.DropReason.EGRESS_VALIDATION_FAILED, 1);

        // The Zone Server's channel: a permit for exactly this pair lets it through.
        final JsonNode added = json("egress-permit", "add", "64496.192.0.2.1", "64497.198.51.100.7");
        assertEquals("added", added.get("result").asText());
        assertEquals(1, added.get("permits").asInt());
        assertEquals("already_present", json("egress-permit", "add", "64496.192.0.2.1", "64497.198.51.100.7")
            .get("result").asText());
        assertForwardsP0ToP1();
        final JsonNode shown = json("show", "egress-permits");
        assertEquals("enforce", shown.get("mode").asText());
        assertEquals("64496.192.0.2.1 64497.198.51.100.7", shown.get("permits").get(0).asText());
        assertFalse(ask(false, "egress-permit", "add", "64496.192.0.2.1").ok(), "usage error");
        assertEquals("removed", json("egress-permit", "del", "64496.192.0.2.1", "64497.198.51.100.7")
            .get("result").asText());

        // A config permit for the whole ASN plus an ACL8 on p0 that only allows the own ASN: now ACL8 drops it.
        Files.writeString(configFile, CONFIG.replace(" ipv8 role internal\n",
            " ipv8 role internal\n ipv8 acl8 permit any 64496.0.0.0.0/0\n") +
            "ipv8 egress-validation enforce\nipv8 egress-permit 64496.192.0.2.1 asn 64497\n");
        final String result = json("config", "reload").get("result").asText();
        assertTrue(result.contains("interfaces +0 -0 ~1") && result.contains("egress-permits +1 -0 ~0"), result);
        assertTrue(module.ringHost("p0").inject(udp8(0, P0_HOST, REMOTE, 64)));
        awaitDrops(org.ipv8router.wire.DropReason.ACL8_DENIED, 1);
        final JsonNode acl = json("show", "acl8", "p0").get("interfaces").get(0);
        assertTrue(acl.get("active").asBoolean());
        assertEquals("permit any 64496.0.0.0.0/0", acl.get("rules").get(0).asText());
        assertFalse(json("show", "acl8", "p1").get("interfaces").get(0).get("active").asBoolean());

        // Removing the ACL8 again: the config permit (asn 64497) lets the packet out.
        Files.writeString(configFile, CONFIG + "ipv8 egress-validation enforce\n" +
            "ipv8 egress-permit 64496.192.0.2.1 asn 64497\n");
        assertTrue(json("config", "reload").get("result").asText().startsWith("applied: interfaces +0 -0 ~1"));
        assertForwardsP0ToP1();
        final JsonNode flows = json("show", "return-flow");
        assertTrue(flows.get("enabled").asBoolean());
        assertEquals(65536, flows.get("max_entries").asInt());

        // The table size is fixed at start: a reload that changes it is refused, forwarding goes on.
        Files.writeString(configFile, CONFIG + "ipv8 return-flow entries 10\n");
        final ControlProtocol.Response refused = ask(false, "config", "reload");
        assertFalse(refused.ok());
        assertTrue(refused.error().contains("ipv8 return-flow entries"), refused.error());
    }

    /** A neighbour on p1's far end that answers ICMP echo requests (either IP version). */
    private static Thread responder(final RingHost host, final AtomicBoolean running, final AtomicInteger answered)
    {
        return Thread.ofPlatform().name("test-responder").daemon(true).start(() ->
        {
            while (running.get())
            {
                final byte[] f = host.poll();
                if (f == null)
                {
                    Thread.onSpinWait();
                    continue;
                }
                final byte[] reply = echoReply(f);
                if (reply != null)
                {
                    host.inject(reply);
                    answered.incrementAndGet();
                }
            }
        });
    }

    private static final AtomicInteger V8_ECHOES = new AtomicInteger();

    static byte[] echoReply(final byte[] f)
    {
        if (f.length < 14 + 20)
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(f.clone()).order(ByteOrder.BIG_ENDIAN);
        final int ip = 14;
        final int version = (b.get(ip) >>> 4) & 0xF;
        final int ihl = (b.get(ip) & 0xF) * 4;
        if ((version != 8 && version != 4) || b.get(ip + 9) != 1 || (b.get(ip + ihl) & 0xFF) != 8)
        {
            return null;
        }
        final byte[] r = b.array();
        if (version == 8 && (r[12] & 0xFF) == 0x80 && (r[13] & 0xFF) == 0x80)
        {
            V8_ECHOES.incrementAndGet();
        }
        // Swap MACs.
        final byte[] dstMac = java.util.Arrays.copyOfRange(r, 0, 6);
        System.arraycopy(r, 6, r, 0, 6);
        System.arraycopy(dstMac, 0, r, 6, 6);
        // Swap addresses.
        final int width = version == 8 ? 8 : 4;
        final byte[] src = java.util.Arrays.copyOfRange(r, ip + 12, ip + 12 + width);
        System.arraycopy(r, ip + 12 + width, r, ip + 12, width);
        System.arraycopy(src, 0, r, ip + 12 + width, width);
        r[ip + 8] = 64;
        r[ip + 10] = 0;
        r[ip + 11] = 0;
        final UnsafeBuffer u = new UnsafeBuffer(r);
        final int hc = Checksum.compute(u, ip, ihl);
        r[ip + 10] = (byte)(hc >>> 8);
        r[ip + 11] = (byte)hc;
        final int icmp = ip + ihl;
        final int total = ((r[ip + 2] & 0xFF) << 8) | (r[ip + 3] & 0xFF);
        r[icmp] = 0;
        r[icmp + 2] = 0;
        r[icmp + 3] = 0;
        final int ic = Checksum.compute(u, icmp, total - ihl);
        r[icmp + 2] = (byte)(ic >>> 8);
        r[icmp + 3] = (byte)ic;
        return java.util.Arrays.copyOf(r, ip + total);
    }

    /** An ICMP echo request frame from a neighbour (srcMac) to the router's MAC on port {@code port}. */
    private static byte[] echoRequestToRouter(final int port, final long srcMac, final boolean ipv8, final long src,
        final long dst, final int seq)
    {
        final int header = ipv8 ? 28 : 20;
        final ByteBuffer b = ByteBuffer.allocate(14 + header + 16).order(ByteOrder.BIG_ENDIAN);
        b.put(mac(MacAddress.local(port))).put(mac(srcMac)).putShort((short)(ipv8 ? 0x8080 : 0x0800));
        b.put((byte)(ipv8 ? 0x87 : 0x45)).put((byte)0).putShort((short)(header + 16)).putShort((short)seq)
            .putShort((short)0).put((byte)9).put((byte)1).putShort((short)0);
        if (ipv8)
        {
            b.putLong(src).putLong(dst);
        }
        else
        {
            b.putInt((int)src).putInt((int)dst);
        }
        b.put((byte)8).put((byte)0).putShort((short)0).putShort((short)0x4242).putShort((short)seq)
            .put("router?!".getBytes(StandardCharsets.US_ASCII));
        final byte[] f = b.array();
        final UnsafeBuffer u = new UnsafeBuffer(f);
        final int hc = Checksum.compute(u, 14, header);
        f[24] = (byte)(hc >>> 8);
        f[25] = (byte)hc;
        final int ic = Checksum.compute(u, 14 + header, 16);
        f[14 + header + 2] = (byte)(ic >>> 8);
        f[14 + header + 3] = (byte)ic;
        return f;
    }

    @Test
    void theRouterAnswersPingsToItsOwnAddressesInTheDataPlane() throws Exception
    {
        start(CONFIG, new PortFactoryRegistry());
        // IPv4 echo from 203.0.113.2 to the router's r = 0 address on p1; IPv8 echo from 64496.192.0.2.1 on p0.
        final byte[][] requests = {
            echoRequestToRouter(1, 0x020000000202L, false, a(0, 203, 0, 113, 2), a(0, 203, 0, 113, 1), 1),
            echoRequestToRouter(0, 0x020000000101L, true, P0_HOST, a(64496, 192, 0, 2, 254), 2)};
        final String[] ports = {"p1", "p0"};
        for (int k = 0; k < 2; k++)
        {
            final RingHost host = module.ringHost(ports[k]);
            final int version = k == 0 ? 4 : 8;
            assertTrue(host.inject(requests[k]));
            final byte[] reply = collect(host, f -> f.length > 14 + 20 && ((f[14] >>> 4) & 0xF) == version &&
                f[14 + (f[14] & 0xF) * 4] == 0);
            assertNotNull(reply, "IPv" + version + " echo reply");
            assertArrayEquals(echoReply(requests[k]), reply, "addresses and MACs swapped, TTL 64, type 0, checksums");
        }
        try (org.ipv8router.dataplane.counters.CountersFile file =
            org.ipv8router.dataplane.counters.CountersFile.open(dir.resolve("counters.dat")))
        {
            final String counters = file.snapshot().format();
            assertTrue(counters.matches("(?s).*\\s2\\s+ip8-echo replied\\n.*"), counters);
        }
        assertEquals(0, module.puntedFrames(), "answered in the data plane, nothing punted");
    }

    @Test
    void ping8FromTheRouterToASimulatedNeighbour() throws Exception
    {
        start();
        V8_ECHOES.set(0);
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger answered = new AtomicInteger();
        final Thread t = responder(module.ringHost("p1"), running, answered);
        try
        {
            final JsonNode ping = json("ping8", "203.0.113.2", "-c", "3", "-i", "0.05", "-W", "5");
            assertEquals("203.0.113.2", ping.get("destination").asText());
            assertEquals("203.0.113.1", ping.get("source").asText());
            assertEquals("p1", ping.get("interface").asText());
            assertEquals(3, ping.get("sent").asInt());
            assertEquals(3, ping.get("received").asInt(), ping.toString());
            assertEquals(0, ping.get("loss_percent").asInt());
            assertEquals(3, ping.get("replies").size());
            for (int i = 0; i < 3; i++)
            {
                final JsonNode r = ping.get("replies").get(i);
                assertEquals(i + 1, r.get("seq").asInt());
                assertEquals("203.0.113.2", r.get("from").asText());
                assertEquals(64, r.get("ttl").asInt());
                assertEquals(8 + 56, r.get("octets").asInt());
                assertTrue(r.get("rtt_ms").asDouble() > 0);
            }
            assertTrue(ping.get("rtt_ms").get("min").asDouble() <= ping.get("rtt_ms").get("max").asDouble());
            assertEquals(3, answered.get(), "the neighbour saw exactly three echo requests");
            assertEquals(0, V8_ECHOES.get(), "r = 0 to r = 0 goes as plain IPv4 (spec A16)");

            final String text = text("ping8", "203.0.113.2", "-c", "2", "-i", "0.05", "-W", "5", "-s", "100");
            assertTrue(text.startsWith("PING8 203.0.113.2 from 203.0.113.1 p1: 100 data octets\n"), text);
            assertTrue(text.contains("108 octets from 203.0.113.2: icmp_seq=2 ttl=64 time="), text);
            assertTrue(text.contains("2 packets transmitted, 2 received, 0% packet loss"), text);
            assertTrue(text.contains("rtt min/avg/max = "), text);
        }
        finally
        {
            running.set(false);
            t.join(5000);
        }
        // An IPv8 neighbour (own ASN on p0): the echo goes as version 8 on EtherType 0x8080 and is answered.
        final AtomicBoolean running0 = new AtomicBoolean(true);
        final AtomicInteger answered0 = new AtomicInteger();
        final Thread t0 = responder(module.ringHost("p0"), running0, answered0);
        try
        {
            final JsonNode ping = json("ping8", "64496.192.0.2.1", "-c", "2", "-i", "0.05", "-W", "5");
            assertEquals("64496.192.0.2.254", ping.get("source").asText());
            assertEquals("p0", ping.get("interface").asText());
            assertEquals(2, ping.get("received").asInt(), ping.toString());
            assertEquals(2, answered0.get());
            assertEquals(2, V8_ECHOES.get(), "both requests were IPv8 (0x8080, version 8)");
        }
        finally
        {
            running0.set(false);
            t0.join(5000);
        }

        // Nobody answers now: a timeout, reported, not an error of the command.
        final JsonNode silent = json("ping8", "203.0.113.2", "-c", "1", "-W", "0.2");
        assertEquals(0, silent.get("received").asInt());
        assertEquals("timeout", silent.get("errors").get(0).get("error").asText());
        assertTrue(silent.get("rtt_ms").isNull());

        final ControlProtocol.Response noRoute = ask(false, "ping8", "64498.1.1.1.1");
        assertFalse(noRoute.ok());
        assertTrue(noRoute.error().contains("no route to 64498.1.1.1.1 (destination ASN unknown)"), noRoute.error());
        final ControlProtocol.Response self = ask(false, "ping8", "203.0.113.1");
        assertTrue(self.error().contains("is an address of this router"), self.error());
        assertTrue(ask(false, "ping8", "203.0.113.2", "-c", "0").error().contains("-c must be in 1..100"));
        assertTrue(module.puntedFrames() >= 5, "replies came through the punt ring: " + module.puntedFrames());
    }

    @Test
    void stopEndsTheRouterThreadsAndClosesThePorts() throws Exception
    {
        start();
        final Thread forwarder = module.forwardingThread();
        assertTrue(module.isForwarding());
        daemon.requestStop("SIGTERM (test)");
        main.join(30_000);
        assertFalse(main.isAlive());
        forwarder.join(10_000);
        assertFalse(forwarder.isAlive(), "forwarding thread ended");
        assertFalse(module.isForwarding());
        final String text = logged.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("INFO  forwarding ports-closed ports=2"), text);
        assertTrue(text.contains("stop-step step=\"forwarding (router threads, ports)\" result=ok"), text);
        assertFalse(Files.exists(dir.resolve("r.sock")));
        // The far end of a closed ring port: the router no longer takes frames off it.
        final RingHost p0 = module.ringHost("p0");
        assertTrue(p0.inject(udp8(0, P0_HOST, REMOTE, 64)));
        Thread.sleep(50);
        assertNull(module.ringHost("p1").poll());
    }

    @Test
    void pcapPortFeedsTheRouterFromAFile() throws Exception
    {
        final Path in = dir.resolve("p0-in.pcap");
        try (org.ipv8router.pcap.PcapWriter w = org.ipv8router.pcap.PcapWriter.create(in))
        {
            w.write(udp8(0, P0_HOST, REMOTE, 64), 1_700_000_000_000_000_000L);
        }
        start(CONFIG.replaceFirst(" port ring\n", " port pcap " + in + " " + dir.resolve("p0-out.pcap") + "\n"),
            new PortFactoryRegistry());
        final byte[] out = collect(module.ringHost("p1"), f -> isUdp8To(f, REMOTE));
        assertNotNull(out, "the frame read from the pcap file leaves p1");
        assertEquals(63, out[14 + 8] & 0xFF);
        assertEquals("pcap", json("show", "interfaces", "p0").get("interfaces").get(0).get("port_kind").asText());
        assertThrows(IllegalArgumentException.class, () -> module.ringHost("p0"), "p0 has no ring");
    }

    @Test
    void unreadablePcapInputFailsTheStartNamingTheInterface()
    {
        final Path missing = dir.resolve("missing.pcap");
        final RouterDaemon.StartupException e = assertThrows(RouterDaemon.StartupException.class, () ->
            start(CONFIG.replaceFirst(" port ring\n", " port pcap " + missing + " " + dir.resolve("o.pcap") + "\n"),
                new PortFactoryRegistry()));
        assertTrue(e.getMessage().contains("router.conf:3: interface p0: cannot open its port: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing.pcap"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("r.sock")));
    }

    @Test
    void dpdkPortWithoutAFactoryFailsTheStartNamingTheInterface() throws Exception
    {
        final RouterDaemon.StartupException e = assertThrows(RouterDaemon.StartupException.class, () ->
            start(CONFIG.replace(" port ring\n ipv8 address 203", " port dpdk net_null0\n ipv8 address 203"),
                new PortFactoryRegistry()));
        assertTrue(e.getMessage().contains("router.conf:8: interface p1: 'port dpdk net_null0' needs a dpdk port " +
            "factory, and none is registered in this build"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("r.sock")), "nothing left running");
    }

    /** A stand-in for DPDK's factory: ring ports, with every call's thread recorded. */
    private static final class RecordingFactory implements PortFactory
    {
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final SlabPacketPool[] pool = new SlabPacketPool[1];
        volatile RingPort port;

        @Override
        public void open()
        {
            calls.add("open on " + Thread.currentThread().getName());
            pool[0] = new SlabPacketPool("fake-dpdk", 256);
        }

        @Override
        public Port create(final String interfaceName, final int index, final String deviceArgs,
            final DataplaneCounters counters)
        {
            calls.add("create " + interfaceName + " " + index + " " + deviceArgs + " on " +
                Thread.currentThread().getName());
            port = new RingPort(interfaceName, index, pool[0], new RingWire(65536), new RingWire(65536),
                counters.newPortCounters(index, interfaceName), MacAddress.local(index), 1500);
            return port;
        }

        volatile RingPort kernel;

        @Override
        public Port attachKernelPath(final Port wire, final String kernelInterface, final List<String> ipv4Cidrs,
            final DataplaneCounters counters)
        {
            calls.add("kernel-path " + wire.name() + " " + kernelInterface + " " + ipv4Cidrs + " on " +
                Thread.currentThread().getName());
            kernel = RingPort.hosted(new RingPort.Endpoint("tap-" + kernelInterface, 256 + wire.index(), pool[0],
                counters.newPortCounters(256 + wire.index(), "tap-" + kernelInterface)), 65536);
            final int[] addresses = new int[ipv4Cidrs.size()];
            for (int k = 0; k < addresses.length; k++)
            {
                addresses[k] = org.ipv8router.dpdk.KernelInterface.parseIpv4(ipv4Cidrs.get(k));
            }
            return new org.ipv8router.dataplane.port.KernelPathPort(wire, kernel, addresses,
                counters.newCounter(0, 0, "to-kernel"), counters.newCounter(0, 0, "arp-copied"),
                counters.newCounter(0, 0, "from-kernel"), counters.newCounter(0, 0, "arp-copy-failed"));
        }

        @Override
        public void close()
        {
            calls.add("close on " + Thread.currentThread().getName());
            pool[0].close();
        }
    }

    /** An IPv4 frame (no payload checks needed: the exception path only reads the header) to router port 1. */
    private static byte[] ipv4To(final int destination, final int protocol, final int icmpType)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.put(mac(MacAddress.local(1))).put(mac(0x020000000202L)).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putShort((short)1).putShort((short)0)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(0xCB007102).putInt(destination);
        b.put((byte)icmpType).put(new byte[7]);
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 20);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }

    @Test
    void exceptionPathTapWrapsTheDpdkPortTcpGoesToTheKernelAndTheKernelsFramesLeaveOnTheWire() throws Exception
    {
        final RecordingFactory factory = new RecordingFactory();
        start(CONFIG.replace(" port ring\n ipv8 address 203", " port dpdk net_null0\n exception-path tap kp1\n" +
            " ipv8 address 203"), new PortFactoryRegistry().register("dpdk", () -> factory));
        assertEquals(List.of("open on ipv8-forwarder", "create p1 1 net_null0 on ipv8-forwarder",
            "kernel-path p1 kp1 [203.0.113.1/30] on ipv8-forwarder"), factory.calls);
        final RingHost wire = RingHost.of(factory.port);
        final RingHost kernel = RingHost.of(factory.kernel);

        final byte[] bgp = ipv4To(0xCB007101, 6, 0);
        assertTrue(wire.inject(bgp));
        assertArrayEquals(bgp, collect(kernel, f -> true), "TCP to 203.0.113.1 reaches the kernel side");
        final byte[] synAck = ipv4To(0xCB007102, 6, 0);
        assertTrue(kernel.inject(synAck));
        assertArrayEquals(synAck, collect(wire, f -> f[23] == 6), "the kernel's segment leaves through p1's wire");

        final JsonNode p1 = json("show", "interfaces", "p1").get("interfaces").get(0);
        final JsonNode path = p1.get("exception_path");
        assertEquals("tap", path.get("kind").asText(), p1.toString());
        assertEquals("kp1", path.get("kernel_interface").asText());
        assertEquals("203.0.113.1/30", path.get("addresses").get(0).asText());
        assertEquals(1, path.get("to_kernel").asLong());
        assertEquals(1, path.get("from_kernel").asLong());
        assertTrue(json("show", "interfaces", "p0").get("interfaces").get(0).get("exception_path").isNull());
        assertTrue(text("show", "interfaces", "p1").contains("  Exception path: tap kp1 (203.0.113.1/30), 1 to " +
            "kernel, 0 ARP copied, 1 from kernel\n"), text("show", "interfaces", "p1"));
        daemon.requestStop("test");
        main.join(30_000);
        assertEquals("close on ipv8-forwarder", factory.calls.get(factory.calls.size() - 1));
    }

    @Test
    void exceptionPathOnAFactoryWithoutKernelPathsFailsTheStartNamingTheLine() throws Exception
    {
        final PortFactory plain = new PortFactory()
        {
            private SlabPacketPool pool;

            @Override
            public void open()
            {
                pool = new SlabPacketPool("plain", 64);
            }

            @Override
            public Port create(final String name, final int index, final String args, final DataplaneCounters c)
            {
                return RingPort.hosted(new RingPort.Endpoint(name, index, pool, c.newPortCounters(index, name)), 4096);
            }

            @Override
            public void close()
            {
                pool.close();
            }
        };
        final RouterDaemon.StartupException e = assertThrows(RouterDaemon.StartupException.class, () ->
            start(CONFIG.replace(" port ring\n ipv8 address 203", " port dpdk x\n exception-path tap kp1\n" +
                " ipv8 address 203"), new PortFactoryRegistry().register("dpdk", () -> plain)));
        assertTrue(e.getMessage().contains("router.conf:8: interface p1: cannot open its port: exception-path tap " +
            "kp1 (line 10): this port kind has no kernel exception path (port factory "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("r.sock")), "nothing left running");
    }

    @Test
    void dpdkPortComesFromTheRegisteredFactoryOnTheForwardingThread() throws Exception
    {
        final RecordingFactory factory = new RecordingFactory();
        start(CONFIG.replace(" port ring\n ipv8 address 203", " port dpdk net_null0,size=64\n ipv8 address 203"),
            new PortFactoryRegistry().register("dpdk", () -> factory));
        assertEquals(List.of("open on ipv8-forwarder", "create p1 1 net_null0,size=64 on ipv8-forwarder"),
            factory.calls);
        final JsonNode p1 = json("show", "interfaces", "p1").get("interfaces").get(0);
        assertEquals("dpdk", p1.get("port_kind").asText());
        assertEquals("net_null0,size=64", p1.get("port_device").asText());
        // The factory's port forwards like any other.
        final RingHost far = RingHost.of(factory.port);
        assertTrue(module.ringHost("p0").inject(udp8(0, P0_HOST, REMOTE, 64)));
        assertNotNull(collect(far, f -> isUdp8To(f, REMOTE)));
        daemon.requestStop("test");
        main.join(30_000);
        assertEquals("close on ipv8-forwarder", factory.calls.get(factory.calls.size() - 1));
    }

    /**
     * The daemon as {@code ipv8 router} builds it (the DPDK factory of {@code Commands.portFactories()}) on two
     * DPDK net_null ports: the forwarding thread initialises the EAL, the ports come up, net_null's empty frames
     * run through the graph and are dropped with a reason, and the stop closes the ports.
     */
    @Test
    void dpdkPortsFromTheDaemonsFactoryRegistry() throws Exception
    {
        try
        {
            org.ipv8router.dpdk.DpdkShim.load();
        }
        catch (final RuntimeException ex)
        {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "DPDK NOT TESTED: shim not loadable: " + ex.getMessage());
        }
        start("""
            ipv8 routing
            interface p0
             port dpdk net_null_fwdtest0
             ipv8 address 64496.192.0.2.254/24
            interface p1
             port dpdk net_null_fwdtest1
             ipv8 address 203.0.113.1/30
             ipv8 role external
            """, org.ipv8router.cli.Commands.portFactories());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode interfaces = json("show", "interfaces").get("interfaces");
        while (interfaces.get(0).get("counters").get("rx_packets").asLong() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
            interfaces = json("show", "interfaces").get("interfaces");
        }
        for (int i = 0; i < 2; i++)
        {
            final JsonNode n = interfaces.get(i);
            assertEquals("dpdk", n.get("port_kind").asText(), n.toString());
            assertEquals("up", n.get("link").asText(), n.toString());
        }
        assertTrue(interfaces.get(0).get("counters").get("rx_packets").asLong() > 0, interfaces.toString());
        try (org.ipv8router.dataplane.counters.CountersFile file =
            org.ipv8router.dataplane.counters.CountersFile.open(dir.resolve("counters.dat")))
        {
            final String counters = file.snapshot().format();
            assertTrue(counters.contains("ethernet-input"), "the graph ran over the DPDK ports: " + counters);
        }
        daemon.requestStop("test");
        main.join(30_000);
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("ports-closed ports=2"), logged.toString(StandardCharsets.UTF_8));
    }
}
