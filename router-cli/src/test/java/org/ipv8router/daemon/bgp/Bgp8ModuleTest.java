package org.ipv8router.daemon.bgp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.daemon.DaemonOptions;
import org.ipv8router.daemon.RouterDaemon;
import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.daemon.forward.PortFactoryRegistry;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ipv8router.daemon.forward.RingTestFrames.collect;
import static org.ipv8router.daemon.forward.RingTestFrames.mac;
import static org.ipv8router.daemon.forward.RingTestFrames.udp8;

/**
 * The daemon in-process with forwarding over two ring ports and a {@code router bgp8} block peering on loopback
 * with a second speaker made here (AS 64497, no whois8 block: allow-all). The learned route reaches the FIB and
 * forwards a packet injected on a ring far end; {@code clear bgp} resets the session.
 */
class Bgp8ModuleTest
{
    static final long REMOTE = a(64497, 198, 51, 100, 7);
    static final long P0_HOST = a(64496, 192, 0, 2, 1);
    static final long NEXT_HOP = a(0, 203, 0, 113, 2);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(LogLevel.INFO, System::currentTimeMillis, new PrintStream(logged, true, StandardCharsets.UTF_8));
    private RouterDaemon daemon;
    private Thread main;
    private ForwardingModule forwarding;
    private ControlClient client;
    private BgpSpeaker peer;
    private Path configFile;
    private String config;

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    @AfterEach
    void stop() throws Exception
    {
        if (daemon != null && main != null && main.isAlive())
        {
            daemon.requestStop("test end");
            main.join(30_000);
        }
        if (peer != null)
        {
            peer.close();
        }
    }

    private void start() throws Exception
    {
        start("");
    }

    private void start(final String extraConfig) throws Exception
    {
        // The router listens and is passive towards 127.0.0.1; the test's speaker (AS 64497) connects, retrying every
        // second, so after clear bgp's Cease it comes back by itself (as a real peer would after its idle hold).
        final int routerPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            routerPort = probe.getLocalPort();
        }
        peer = new BgpSpeaker(SpeakerConfig.of(64497, 0x0A000002, null), new FibChannel()).start();
        final FsmConfig d = FsmConfig.DEFAULT;
        peer.addPeer(PeerConfig.of("router", new InetSocketAddress("127.0.0.1", routerPort), 64496, 64497)
            .withFamilies(true, true).withNextHop8(NEXT_HOP)
            .withFsm(new FsmConfig(d.holdTimeSeconds(), 1, 0, 1, d.openSentHoldSeconds(), false)));
        peer.originate(a(64497, 198, 51, 0, 0), 48, NEXT_HOP);

        config = """
            ipv8 routing
            ipv8 asn 64496
            interface p0
             port ring
             ipv8 address 64496.192.0.2.254/24
             ipv8 neighbor 64496.192.0.2.1 02:00:00:00:01:01 ipv8
            interface p1
             port ring
             ipv8 address 203.0.113.1/30
             ipv8 role external
            ipv8 neighbor 203.0.113.2 02:00:00:00:02:02 ipv8
            router bgp8 64496
             router-id 192.0.2.254
             listen 127.0.0.1 port PORT
             neighbor 127.0.0.1 remote-as 64497 passive
             network 64496.192.0.0.0/16
             network 64496.192.0.2.0/24
            """.replace("PORT", Integer.toString(routerPort)) + extraConfig;
        configFile = Files.writeString(dir.resolve("router.conf"), config);
        final Path socket = dir.resolve("r.sock");
        final DaemonOptions options = new DaemonOptions(configFile, "bgp", socket, dir.resolve("counters.dat"),
            DaemonOptions.defaultPidFile(socket), null, LogLevel.INFO);
        forwarding = new ForwardingModule(new PortFactoryRegistry(), Dir24_8.Layout.DIR_16_8_8);
        daemon = new RouterDaemon(options, log, List.of(forwarding, new Bgp8Module(forwarding)));
        daemon.start();
        main = Thread.ofPlatform().name("daemon-main").start(daemon::run);
        client = new ControlClient(socket, Duration.ofSeconds(30));
    }

    private JsonNode json(final String command, final String... args) throws Exception
    {
        final ControlProtocol.Response r = client.request(command, List.of(args), true);
        assertTrue(r.ok(), command + " " + String.join(" ", args) + ": " + r.error());
        return r.data();
    }

    private String text(final String command, final String... args) throws Exception
    {
        final ControlProtocol.Response r = client.request(command, List.of(args), false);
        assertTrue(r.ok(), command + " " + String.join(" ", args) + ": " + r.error());
        return r.text();
    }

    private static void await(final String what, final BooleanSupplier condition) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private BgpSession peerSession()
    {
        return peer.sessions().getFirst();
    }

    private boolean peerEstablished()
    {
        final BgpSession s = peer.sessions().getFirst();
        return peer.query(() -> s.state() == SessionState.ESTABLISHED);
    }

    private String summaryState() throws Exception
    {
        return json("show", "bgp", "summary").get("neighbors").get(0).get("state").asText();
    }

    private JsonNode fibRoute(final String prefix) throws Exception
    {
        for (final JsonNode r : json("show", "route").get("routes"))
        {
            if (r.get("prefix").asText().equals(prefix))
            {
                return r;
            }
        }
        return null;
    }

    @Test
    void learnedRouteReachesTheFibAndForwardsAndClearResetsTheSession() throws Exception
    {
        start();
        assertTrue(logged.toString().contains("routes-not-validated"), "WARN without a whois8 block:\n" + logged);
        await("Established in show bgp summary", () ->
        {
            try
            {
                return "Established".equals(summaryState());
            }
            catch (final Exception e)
            {
                throw new RuntimeException(e);
            }
        });
        final JsonNode n = json("show", "bgp", "summary").get("neighbors").get(0);
        assertEquals("127.0.0.1", n.get("address").asText());
        assertEquals(64497, n.get("remote_as").asLong());
        assertEquals(64496, json("show", "bgp", "summary").get("local_as").asLong());
        final String summaryText = text("show", "bgp", "summary");
        assertTrue(summaryText.contains("127.0.0.1") && summaryText.contains("Established"), summaryText);

        await("the route in show bgp routes", () ->
        {
            try
            {
                return json("show", "bgp", "routes").get("count").asInt() == 1;
            }
            catch (final Exception e)
            {
                throw new RuntimeException(e);
            }
        });
        final JsonNode route = json("show", "bgp", "routes").get("routes").get(0);
        assertEquals("64497.198.51.0.0/16", route.get("prefix").asText());
        assertEquals(64497, route.get("origin_as").asLong());
        assertTrue(route.get("best").asBoolean(), route.toString());
        assertEquals(1, json("show", "bgp", "routes", "64497").get("count").asInt());
        assertEquals(0, json("show", "bgp", "routes", "64499").get("count").asInt());
        assertTrue(text("show", "bgp", "routes").contains("64497.198.51.0.0/16"), text("show", "bgp", "routes"));
        assertEquals(1, json("show", "bgp", "summary").get("neighbors").get(0).get("prefixes_accepted").asInt());
        assertTrue(text("show", "bgp", "neighbors").contains("remote AS 64497"));

        await("the route in the FIB", () ->
        {
            try
            {
                return fibRoute("64497.198.51.0.0/16") != null;
            }
            catch (final Exception e)
            {
                throw new RuntimeException(e);
            }
        });
        final JsonNode fib = fibRoute("64497.198.51.0.0/16");
        assertEquals("fib", fib.get("kind").asText(), fib.toString());
        assertEquals("203.0.113.2", fib.get("next_hop").asText(), fib.toString());
        assertEquals("p1", fib.get("interface").asText(), fib.toString());

        // The router's 'network' /16 reaches the peer; the /24 (24 host bits) is beyond the export limit (WARN).
        await("the router's network at the peer", () -> peer.routes().stream()
            .anyMatch(r -> r.prefixText().equals("64496.192.0.0.0/16")));
        assertFalse(peer.routes().stream().anyMatch(r -> r.prefixText().equals("64496.192.0.2.0/24")));
        assertTrue(logged.toString().contains("network-not-exported"), logged.toString());

        // A packet from p0's host to the learned prefix leaves p1 to the BGP next hop's MAC.
        final RingHost p0 = forwarding.ringHost("p0");
        final RingHost p1 = forwarding.ringHost("p1");
        assertTrue(p0.inject(udp8(0, P0_HOST, REMOTE, 64)));
        final byte[] out = collect(p1, f -> f.length >= 42 && ByteBuffer.wrap(f).getLong(14 + 20) == REMOTE);
        assertNotNull(out, "the packet is forwarded by the BGP8 route");
        assertArrayEquals(new byte[] {2, 0, 0, 0, 2, 2}, java.util.Arrays.copyOfRange(out, 0, 6), "next hop's MAC");
        assertEquals(63, out[14 + 8] & 0xFF, "TTL 63");

        // clear bgp: the session goes down and comes back as a new session.
        final long before = peerSession().establishedAtNanos();
        final JsonNode cleared = json("clear", "bgp", "127.0.0.1");
        assertEquals("127.0.0.1", cleared.get("cleared").get(0).asText());
        await("a new Established session after clear bgp",
            () -> peerEstablished() && peerSession().establishedAtNanos() != before);
        assertTrue(logged.toString().contains("neighbor-cleared"), logged.toString());
        assertFalse(client.request("clear", List.of("bgp", "10.9.9.9"), false).ok(), "unknown neighbour refused");
        assertFalse(client.request("show", List.of("whois8"), false).ok(), "no whois8 block: show whois8 says so");
    }

    @Test
    void reloadAddsAndRemovesNeighboursLiveRefusesOtherChangesAndStopSendsCease() throws Exception
    {
        start();
        await("Established", this::peerEstablished);
        final long establishedAt = peerSession().establishedAtNanos();

        Files.writeString(configFile, config + " neighbor 127.0.0.2 remote-as 64498 passive\n");
        JsonNode reload = json("config", "reload");
        assertTrue(reload.get("result").asText().contains("bgp8-neighbors +1 -0 ~0"), reload.toString());
        JsonNode neighbors = json("show", "bgp", "summary").get("neighbors");
        assertEquals(2, neighbors.size(), neighbors.toString());

        // A changed neighbour and a changed speaker setting are refused; the running sessions stay.
        Files.writeString(configFile, config.replace("remote-as 64497", "remote-as 64499"));
        ControlProtocol.Response refused = client.request("config", List.of("reload"), false);
        assertFalse(refused.ok());
        assertTrue(refused.error().contains("neighbor 127.0.0.1: remote-as 64497 -> 64499"), refused.error());
        Files.writeString(configFile, config.replace("router-id 192.0.2.254", "router-id 192.0.2.253"));
        refused = client.request("config", List.of("reload"), false);
        assertFalse(refused.ok());
        assertTrue(refused.error().contains("router bgp8 router-id 192.0.2.254 -> 192.0.2.253"), refused.error());

        Files.writeString(configFile, config);
        reload = json("config", "reload");
        assertTrue(reload.get("result").asText().contains("bgp8-neighbors +0 -1 ~0"), reload.toString());
        neighbors = json("show", "bgp", "summary").get("neighbors");
        assertEquals(1, neighbors.size(), neighbors.toString());
        assertEquals("127.0.0.1", neighbors.get(0).get("address").asText());
        assertTrue(peerEstablished(), "the unchanged neighbour's session was not touched");
        assertEquals(establishedAt, peerSession().establishedAtNanos(), "no reset of the unchanged session");

        // The clean stop closes the speaker (Cease to the peer) before forwarding stops.
        daemon.requestStop("test");
        main.join(30_000);
        final String out = logged.toString();
        final int bgpStep = out.indexOf("bgp8 (NOTIFICATION Cease");
        final int fwdStep = out.indexOf("forwarding (router threads, ports)");
        assertTrue(bgpStep >= 0 && fwdStep > bgpStep, "bgp8 step before forwarding:\n" + out);
        assertNotNull(peerSession().lastNotificationReceived(), "the peer received a NOTIFICATION");
        assertTrue(peerSession().lastNotificationReceived().toString().contains("Cease") ||
            peerSession().lastNotificationReceived().toString().contains("6/"), peerSession().lastNotificationReceived().toString());
    }

    @Test
    void withAWhois8BlockAnUnvalidatedRouteWaitsPendingOutsideTheFib() throws Exception
    {
        // A registry nobody answers (port 1): every RN stays UNKNOWN, so the learned route is pending (fail closed).
        final String key = java.util.Base64.getEncoder().encodeToString(
            java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        final Path anchors = Files.writeString(dir.resolve("anchors.txt"), "test-kid " + key + "\n");
        start("whois8\n registry https://127.0.0.1:1\n trust-anchor " + anchors + "\n mode snapshot\n poll 60\n");
        assertTrue(logged.toString().contains("whois8-started"), logged.toString());
        assertFalse(logged.toString().contains("routes-not-validated"), logged.toString());
        await("Established", this::peerEstablished);
        await("the route in show bgp routes", () ->
        {
            try
            {
                return json("show", "bgp", "routes").get("count").asInt() == 1;
            }
            catch (final Exception e)
            {
                throw new RuntimeException(e);
            }
        });
        final JsonNode route = json("show", "bgp", "routes").get("routes").get(0);
        assertEquals("UNKNOWN", route.get("validation").asText(), route.toString());
        assertFalse(route.get("best").asBoolean(), route.toString());
        assertEquals(null, fibRoute("64497.198.51.0.0/16"), "a pending route is not in the FIB");
        assertFalse(text("show", "whois8").isBlank());
        assertTrue(json("show", "whois8").isObject());
    }

    @Test
    void aListenAddressInUseFailsTheStartNamingTheBlock() throws Exception
    {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            final Path file = Files.writeString(dir.resolve("l.conf"), """
                ipv8 routing
                interface p0
                 port ring
                 ipv8 address 203.0.113.1/30
                router bgp8 64496
                 router-id 192.0.2.254
                 listen 127.0.0.1 port PORT
                """.replace("PORT", Integer.toString(taken.getLocalPort())));
            final Path socket = dir.resolve("l.sock");
            final DaemonOptions options = new DaemonOptions(file, "l", socket, dir.resolve("l-counters.dat"),
                DaemonOptions.defaultPidFile(socket), null, LogLevel.INFO);
            final ForwardingModule fwd = new ForwardingModule(new PortFactoryRegistry(), Dir24_8.Layout.DIR_16_8_8);
            final RouterDaemon d = new RouterDaemon(options, log, List.of(fwd, new Bgp8Module(fwd)));
            final Exception e = org.junit.jupiter.api.Assertions.assertThrows(RouterDaemon.StartupException.class, d::start);
            assertTrue(e.getMessage().contains(file + ":5: router bgp8: cannot start the speaker (listen "), e.getMessage());
            assertFalse(fwd.isForwarding(), "the forwarding module was stopped again");
        }
    }

    @Test
    void anUnreadableTrustAnchorFileFailsTheStartNamingTheBlock() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("w.conf"), """
            ipv8 routing
            interface p0
             port ring
             ipv8 address 203.0.113.1/30
            router bgp8 64496
             router-id 192.0.2.254
            whois8
             registry https://127.0.0.1:1
             trust-anchor MISSING
            """.replace("MISSING", dir.resolve("missing-anchors.txt").toString()));
        final Path socket = dir.resolve("w.sock");
        final DaemonOptions options = new DaemonOptions(file, "w", socket, dir.resolve("w-counters.dat"),
            DaemonOptions.defaultPidFile(socket), null, LogLevel.INFO);
        final ForwardingModule fwd = new ForwardingModule(new PortFactoryRegistry(), Dir24_8.Layout.DIR_16_8_8);
        final RouterDaemon d = new RouterDaemon(options, log, List.of(fwd, new Bgp8Module(fwd)));
        final Exception e = org.junit.jupiter.api.Assertions.assertThrows(RouterDaemon.StartupException.class, d::start);
        assertTrue(e.getMessage().contains(file + ":7: whois8: trust-anchor ") &&
            e.getMessage().contains("missing-anchors.txt: cannot be read"), e.getMessage());
        assertFalse(fwd.isForwarding(), "the forwarding module was stopped again");
    }
}
