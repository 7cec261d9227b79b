package org.ipv8router.testbed.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ipv8router.testbed.host.Ipv8Datagram;
import org.ipv8router.testbed.host.Ipv8DatagramSocket;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8SocketAddress;
import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.router.RouterDaemon;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The issue 8 scenarios on one shared two-ASN {@link Fabric} (root + DPDK only; skipped loudly elsewhere). Each
 * scenario records what it ran and measured into a {@link ConformanceReport}, written when the class ends
 * ({@code target/conformance/conformance.md}, or {@code docs/conformance.md} via
 * {@code testbed/scripts/conformance.sh}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricScenariosTest
{
    private static final int V4_UDP_PORT = 9999;
    private static final int ZONE_UDP_PORT = 9;

    private Fabric fabric;
    private ConformanceReport report;

    @BeforeAll
    void up() throws Exception
    {
        final String reason = Netns.unavailableReason();
        Assumptions.assumeTrue(reason == null, "SKIPPED: the two-ASN fabric cannot run here: " + reason);
        report = ConformanceReport.fromSystemProperty();
        final long t0 = System.nanoTime();
        fabric = Fabric.start(Fabric.Options.defaults());
        report.note("Fabric `" + fabric.id() + "` built and started in " + (System.nanoTime() - t0) / 1_000_000 +
            " ms (BGP8 session up and the WHOIS8-validated route installed included): " + fabric.inventory() +
            ". Topology: `org.ipv8router.testbed.fabric.Fabric` Javadoc; configs: `Fabric.r1Config()` etc.");
        report.note("Machine: " + Netns.run("uname", "-srm").strip() + ", " + Runtime.getRuntime().availableProcessors() +
            " CPUs, Java " + Runtime.version() + "; commit " + gitCommit());
        // Warm the ARP8 caches along both paths so the measured runs do not include first resolution.
        Fabric.ping(fabric.host("h1"), Fabric.H2, 3, Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    private static String gitCommit()
    {
        try
        {
            final Netns.Result r = Netns.exec(10, "git", "rev-parse", "--short", "HEAD");
            return r.exitCode() == 0 ? "`" + r.output().strip() + "`" : "unknown";
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    @AfterAll
    void down() throws IOException
    {
        try
        {
            if (report != null)
            {
                report.write();
                System.err.println("conformance report written to " + report.document());
            }
        }
        finally
        {
            if (fabric != null)
            {
                fabric.close();
            }
        }
    }

    private interface Body
    {
        void run(ConformanceReport.Scenario s) throws Exception;
    }

    /** Runs a scenario; an exception or failed assertion records FAIL with its message and fails the test. */
    private void scenario(final String title, final String spec, final Body body) throws Exception
    {
        final ConformanceReport.Scenario s = report.begin(title, spec);
        try
        {
            body.run(s);
        }
        catch (final Throwable ex)
        {
            fabric.keepWorkDir(true); // the daemons' logs explain the failure
            if (s.outcome() != ConformanceReport.Outcome.NOT_DONE)
            {
                s.fail(ex.getClass().getSimpleName() + ": " + String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
            }
            throw ex;
        }
    }

    @Test
    @Order(1)
    void ping8AndUdpBetweenHostsAcrossTheTwoAsns() throws Exception
    {
        scenario("ping8 and UDP between hosts across the two ASNs",
            "r.r.r.r.n.n.n.n routing end to end (issue 8; spec 1, 7.2 two-tier lookup)", s ->
            {
                final LinkCapture segB = fabric.capture("h2 e0 (segment B)", "h2", "e0");
                s.command("h1$ ping8 -c 10 -i 0.1 " + Fabric.H2 + "      (Ipv8PingSocket on h1's host stack)");
                final Fabric.PingResult ping = Fabric.ping(fabric.host("h1"), Fabric.H2, 10, Duration.ofMillis(100),
                    Duration.ofSeconds(2));
                s.command("h2$ udp8 send " + Fabric.H1 + ":" + Fabric.ECHO_PORT + " x10, h1 echoes   (Ipv8DatagramSocket)");
                final Fabric.UdpResult udp = Fabric.udpEcho(fabric.host("h2"), Fabric.H1, 10, Duration.ofSeconds(2));
                segB.close();
                s.measure("ping8 h1 -> h2: " + ping.summary());
                s.measure("UDP h2 -> h1 echo: " + udp.summary());
                final long ipv8Cross = segB.count(f -> FrameView.isIpv8(f) &&
                    FrameView.sourceR(f) == (int)Fabric.ASN_A && FrameView.destinationR(f) == (int)Fabric.ASN_B);
                s.measure("IPv8 frames 64496.x -> 64497.x seen on segment B: " + ipv8Cross);
                report.pcap(s, segB, "cross-asn-segment-b.pcap", "h2's link: IPv8 echo requests from AS 64496, " +
                    "replies and UDP back");
                s.output("r1 `show route`", fabric.router("r1").show("route"));
                s.output("r2 `show arp8`", fabric.router("r2").show("arp8"));
                assertEquals(10, ping.received(), ping.summary());
                assertEquals(10, udp.echoed(), udp.summary());
                assertEquals(8, udp.ipVersionOfEchoes(), "IPv8 end to end");
                assertTrue(ipv8Cross >= 10, "echo requests arrive as IPv8 with both ASNs: " + ipv8Cross);
                s.pass("10/10 echo replies and 10/10 UDP echoes, IPv8 with r = 64496 and 64497 on the host links");
            });
    }

    @Test
    @Order(2)
    void ipv4OnlyHostTalksToAnIpv8HostAndNeverReceivesVersion8() throws Exception
    {
        scenario("IPv4-only host on a segment with IPv8 hosts",
            "no IPv4 device ever receives a packet with version 8 in the header (spec 2.6 / ipv8-core 3.1, 3.2)", s ->
            {
                final LinkCapture v4Link = fabric.capture("v4 e0 (IPv4-only Linux host)", "v4", "e0");
                final LinkCapture v4Pair = fabric.capture("v4 e1 (IPv4-only host on the gateway pair's segment D)", "v4",
                    "e1");
                final String v4 = fabric.ns("v4");
                try (DatagramChannel channel = NetworkNamespace.open(v4, () ->
                    DatagramChannel.open().bind(new InetSocketAddress(V4_UDP_PORT))))
                {
                    channel.configureBlocking(false);
                    s.command("v4$ ping -c 3 -W 2 10.1.0.1        (Linux iputils ping to h1's IPv4 address)");
                    final Netns.Result linuxPing = Netns.exec(20, "ip", "netns", "exec", v4, "ping", "-c", "3", "-i", "0.2",
                        "-W", "2", "10.1.0.1");
                    s.command("h1$ udp8 send 64496.10.1.0.4:" + V4_UDP_PORT + " x5   (the IPv4 host's address in AS 64496)");
                    final Ipv8Host h1 = fabric.host("h1");
                    final List<String> gotFromH1 = exchange(h1, "64496.10.1.0.4", channel, 5);
                    s.command("h2$ udp8 send 64496.10.1.0.4:" + V4_UDP_PORT + " x5   (from AS 64497: r1 downgrades)");
                    final List<String> gotFromH2 = exchange(fabric.host("h2"), "64496.10.1.0.4", channel, 5);
                    Thread.sleep(300);
                    v4Link.close();
                    v4Pair.close();
                    final List<LinkCapture.Frame> received = v4Link.received();
                    final List<LinkCapture.Frame> onPairSegment = v4Pair.received();
                    final long v8Pair = onPairSegment.stream().filter(f -> FrameView.isIpv8(f.data())).count();
                    final long v8 = received.stream().filter(f -> FrameView.isIpv8(f.data())).count();
                    final long ipv4 = received.stream().filter(f -> FrameView.isIpv4(f.data())).count();
                    final long arp = received.stream().filter(f -> FrameView.etherType(f.data()) == FrameView.ETHERTYPE_ARP).count();
                    s.measure("Linux ping v4 -> h1 (10.1.0.1): exit " + linuxPing.exitCode() + ", " +
                        linuxPing.output().lines().filter(l -> l.contains("packets transmitted")).findFirst().orElse("?"));
                    s.measure("UDP h1 -> v4: " + gotFromH1.size() + "/5 received by the Linux socket, sources " +
                        gotFromH1.stream().distinct().toList());
                    s.measure("UDP h2 (AS 64497) -> v4 through r1: " + gotFromH2.size() + "/5 received, sources " +
                        gotFromH2.stream().distinct().toList());
                    s.measure("frames received by v4's interface: " + received.size() + " (IPv4 " + ipv4 + ", ARP/ARP8 " + arp +
                        ", **version 8: " + v8 + "**)");
                    s.measure("frames received by v4's leg on the gateway pair's segment D during the same " +
                        "seconds (the pair hellos every 1 s): " + onPairSegment.size() + " (**version 8: " + v8Pair + "**)");
                    report.pcap(s, v4Link, "ipv4-only-host.pcap", "everything the IPv4-only host's interface saw");
                    report.pcap(s, v4Pair, "ipv4-only-host-pair-segment.pcap",
                        "everything the IPv4-only host's leg on the gateway pair's segment saw");
                    assertEquals(0, linuxPing.exitCode(), "Linux ping to the IPv8 host: " + linuxPing.output());
                    assertEquals(5, gotFromH1.size(), "UDP from h1 " + gotFromH1);
                    assertEquals(5, gotFromH2.size(), "UDP from h2 " + gotFromH2);
                    assertTrue(ipv4 >= 13, "IPv4 frames were received: " + ipv4);
                    assertEquals(0, v8, "frames with a version-8 header received by the IPv4-only host");
                    assertEquals(0, v8Pair, "frames with a version-8 header received by the IPv4-only host on the " +
                        "gateway pair's segment (the pair's hellos must be unicast to the peer)");
                    s.pass("Linux ping and UDP both ways work; 0 of " + received.size() + " frames the IPv4-only host " +
                        "received on segment A and 0 of " + onPairSegment.size() + " on the gateway pair's segment D " +
                        "carried a version-8 header");
                }
            });
    }

    /** Sends {@code n} UDP datagrams from an IPv8 host to the Linux socket; returns the sources the socket saw. */
    private static List<String> exchange(final Ipv8Host from, final String to, final DatagramChannel channel, final int n)
        throws Exception
    {
        final List<String> sources = new ArrayList<>();
        try (Ipv8DatagramSocket socket = from.openDatagramSocket())
        {
            socket.bind(Ipv8SocketAddress.ANY);
            final ByteBuffer buffer = ByteBuffer.allocate(2048);
            for (int i = 0; i < n; i++)
            {
                socket.send(Ipv8SocketAddress.of(Ipv8Address.parse(to), V4_UDP_PORT),
                    ("to-v4 " + i).getBytes(StandardCharsets.UTF_8));
                final long until = System.currentTimeMillis() + 3_000;
                while (System.currentTimeMillis() < until)
                {
                    buffer.clear();
                    final var source = channel.receive(buffer);
                    if (source != null)
                    {
                        buffer.flip();
                        if (StandardCharsets.UTF_8.decode(buffer).toString().equals("to-v4 " + i))
                        {
                            sources.add(((InetSocketAddress)source).getAddress().getHostAddress());
                            break;
                        }
                    }
                    Thread.sleep(5);
                }
            }
        }
        return sources;
    }

    @Test
    @Order(3)
    void eightToFourAcrossTheIpv4OnlyTransit() throws Exception
    {
        scenario("8to4 across the IPv4-only transit",
            "IPv8 between IPv8 ASes over IPv4-only transit: IPv8-in-IPv4, protocol 253 (ipv8-core 5.1, A20)", s ->
            {
                final LinkCapture t1 = fabric.capture("t t1 (transit, r1 side)", "t", "t1");
                final LinkCapture t2 = fabric.capture("t t2 (transit, r2 side)", "t", "t2");
                s.command("h1$ ping8 -c 5 -i 0.1 " + Fabric.H2 + "    (crosses r1 -> t (Linux, IPv4 forwarding) -> r2)");
                final Fabric.PingResult ping = Fabric.ping(fabric.host("h1"), Fabric.H2, 5, Duration.ofMillis(100),
                    Duration.ofSeconds(2));
                Thread.sleep(200);
                t1.close();
                t2.close();
                final long v8 = t1.count(FrameView::isIpv8) + t2.count(FrameView::isIpv8);
                final long tunnelled1 = t1.count(f -> FrameView.is8to4(f) && FrameView.sourceR(f) == (int)Fabric.ASN_A &&
                    FrameView.destinationR(f) == (int)Fabric.ASN_B);
                final long tunnelled2 = t2.count(f -> FrameView.is8to4(f) && FrameView.sourceR(f) == (int)Fabric.ASN_A &&
                    FrameView.destinationR(f) == (int)Fabric.ASN_B);
                final long back = t1.count(f -> FrameView.is8to4(f) && FrameView.sourceR(f) == (int)Fabric.ASN_B);
                s.measure("ping8 h1 -> h2 over the transit: " + ping.summary());
                s.measure("8to4 frames (IPv4 proto 253, inner 64496 -> 64497) on t1: " + tunnelled1 + ", forwarded by Linux onto t2: " +
                    tunnelled2 + "; replies (inner 64497 -> 64496) on t1: " + back);
                s.measure("frames with a version-8 header on the IPv4-only transit: " + v8);
                report.pcap(s, t1, "transit-8to4.pcap", "the transit link on r1's side: ARP and IPv4 protocol 253 only");
                s.output("r1 `show route 64497.10.2.0.1`", fabric.router("r1").show("route", Fabric.H2));
                assertEquals(5, ping.received(), ping.summary());
                assertEquals(0, v8, "no version-8 header on the IPv4-only transit");
                assertTrue(tunnelled1 >= 5 && tunnelled2 >= 5 && back >= 5, "8to4 both ways: " + tunnelled1 + "/" +
                    tunnelled2 + "/" + back);
                s.pass("5/5 replies; every IPv8 packet crossed the Linux transit inside IPv4 protocol 253");
            });
    }

    @Test
    @Order(4)
    void whois8RevocationStopsTrafficWithinThePollingInterval() throws Exception
    {
        scenario("WHOIS8 revocation of AS 64497's route", "routes held until validated; revocation withdraws " +
            "within the polling interval, restoring brings traffic back (bgp8-whois8; issue 6/8)", s ->
            {
                final RouterDaemon r1 = fabric.router("r1");
                s.command("r2 config: router bgp8 64497 / neighbor 203.0.113.1 remote-as 64496 / network " +
                    Fabric.B_PREFIX + " 8to4-endpoint 198.51.100.1   (TCP via exception-path tap on p1)");
                s.command("r1 config: router bgp8 64496 ... / whois8 registry " + fabric.registryUri() + " poll " +
                    Fabric.WHOIS8_POLL_SECONDS + " / ipv8 route 64497.0.0.0.0/0 drop");
                s.output("r1 `show bgp summary` (fabric up)", r1.show("bgp", "summary"));
                s.output("r1 `show bgp routes` (before the revocation)", r1.show("bgp", "routes"));
                s.output("r1 `show route " + Fabric.H2 + "` (before)", r1.show("route", Fabric.H2));
                final Fabric.PingResult before = Fabric.ping(fabric.host("h1"), Fabric.H2, 3, Duration.ofMillis(100),
                    Duration.ofSeconds(2));
                s.command("registry: store.revoke(64497)   (signed delta, serial + 1)");
                final long revokedAt = System.nanoTime();
                fabric.registryStore().revoke(Fabric.ASN_B);
                boolean restored = false;
                final long withdrawMs;
                final long stoppedMs;
                final Fabric.PingResult during;
                final long backMs;
                final long backTotalMs;
                try
                {
                    withdrawMs = Fabric.awaitRoute(r1, Fabric.H2, Fabric.B_PREFIX, false, Duration.ofSeconds(15));
                    stoppedMs = (System.nanoTime() - revokedAt) / 1_000_000;
                    s.output("r1 `show bgp routes` (revoked)", r1.show("bgp", "routes"));
                    s.output("r1 `show route " + Fabric.H2 + "` (revoked)", r1.show("route", Fabric.H2));
                    during = Fabric.ping(fabric.host("h1"), Fabric.H2, 3, Duration.ofMillis(100), Duration.ofSeconds(1));
                    s.command("registry: store.put(AS 64497 record)   (restored, serial + 1)");
                    final long restoredAt = System.nanoTime();
                    fabric.registryStore().put(Fabric.as64497Record());
                    restored = true;
                    backMs = Fabric.awaitRoute(r1, Fabric.H2, Fabric.B_PREFIX, true, Duration.ofSeconds(15));
                    backTotalMs = (System.nanoTime() - restoredAt) / 1_000_000;
                }
                finally
                {
                    if (!restored)
                    {
                        // Leave the fabric as the other scenarios expect it, whatever failed here.
                        fabric.registryStore().put(Fabric.as64497Record());
                    }
                }
                final Fabric.PingResult after = Fabric.ping(fabric.host("h1"), Fabric.H2, 3, Duration.ofMillis(100),
                    Duration.ofSeconds(2));
                s.measure("before: ping8 h1 -> h2 " + before.summary());
                s.measure("revocation -> route out of r1's FIB: " + withdrawMs + " ms (polling interval " +
                    Fabric.WHOIS8_POLL_SECONDS * 1000 + " ms)");
                s.measure("while revoked: ping8 h1 -> h2 " + during.summary());
                s.measure("restore -> route back in r1's FIB: " + backMs + " ms; after: ping8 " + after.summary());
                assertEquals(3, before.received(), before.summary());
                assertTrue(withdrawMs <= Fabric.WHOIS8_POLL_SECONDS * 1000L + 4_000, "withdrawn in " + withdrawMs + " ms");
                assertEquals(0, during.received(), during.summary());
                assertEquals(3, after.received(), after.summary());
                assertTrue(stoppedMs > 0 && backTotalMs > 0);
                s.pass("traffic stopped " + withdrawMs + " ms after the revocation (poll " + Fabric.WHOIS8_POLL_SECONDS +
                    " s) and came back " + backMs + " ms after the record was restored");
            });
    }

    @Test
    @Order(5)
    void zoneTrafficNeverLeavesOnTheExternalLinkAndZoneToZoneFollowsPolicy() throws Exception
    {
        scenario("127.x zone isolation", "127.x never on an external link (19.2, 7.4); zone to zone only where " +
            "permitted, default deny (7.4, 7.6); to a foreign r only through XLATE8", s ->
            {
                final LinkCapture external = fabric.capture("t t1 (r1's external link)", "t", "t1");
                final RouterDaemon r1 = fabric.router("r1");
                final long deniedBefore = r1.drops("zone_denied");
                final long noXlateBefore = r1.drops("zone_no_xlate8");
                final Ipv8Host z1 = fabric.host("z1");
                final Ipv8Host z2 = fabric.host("z2");
                s.command("r1 config: p2 'ipv8 zone 127.1.0.0 group 1', p3 'ipv8 zone 127.2.0.0 group 2', 'ipv8 zone-permit 1 2'");
                s.command("z1$ udp8 send " + Fabric.Z2 + ":" + ZONE_UDP_PORT + " x5    (group 1 -> group 2: permitted)");
                final int forward = oneWay(z1, z2, Fabric.Z2, 5);
                s.command("z2$ udp8 send " + Fabric.Z1 + ":" + ZONE_UDP_PORT + " x5    (group 2 -> group 1: no permit)");
                final int reverse = oneWay(z2, z1, Fabric.Z1, 5);
                s.command("z1$ ping8 -c 3 " + Fabric.H1 + "     (zone -> own ASN: inside the organisation)");
                final Fabric.PingResult toOwnAsn = Fabric.ping(z1, Fabric.H1, 3, Duration.ofMillis(100), Duration.ofSeconds(2));
                s.command("z1$ ping8 -c 5 " + Fabric.H2 + "     (zone -> foreign AS 64497, no XLATE8 configured)");
                final Fabric.PingResult toForeign = Fabric.ping(z1, Fabric.H2, 5, Duration.ofMillis(100), Duration.ofSeconds(1));
                s.command("h1$ ping8 -c 3 " + Fabric.H2 + "     (ordinary traffic on the external link in the same window)");
                final Fabric.PingResult control = Fabric.ping(fabric.host("h1"), Fabric.H2, 3, Duration.ofMillis(100),
                    Duration.ofSeconds(2));
                Thread.sleep(1_100); // the counters file is written by the daemon; give it a moment
                external.close();
                final long leaked = external.count(FrameView::touchesInternalZone);
                final long denied = r1.drops("zone_denied") - deniedBefore;
                final long noXlate = r1.drops("zone_no_xlate8") - noXlateBefore;
                s.measure("z1 -> z2 (1 -> 2 permitted): " + forward + "/5 delivered");
                s.measure("z2 -> z1 (2 -> 1 not permitted): " + reverse + "/5 delivered; r1 drop zone_denied +" + denied);
                s.measure("z1 -> h1 (zone -> own ASN): " + toOwnAsn.summary());
                s.measure("z1 -> h2 (zone -> foreign ASN): " + toForeign.summary() + "; r1 drop zone_no_xlate8 +" + noXlate);
                s.measure("frames on r1's external link touching 127/8 (IPv8 r, 8to4 inner r, IPv4 addresses): **" + leaked +
                    "** of " + external.frames().size());
                s.measure("h1 -> h2 in the same window (the capture sees the external link working): " + control.summary());
                report.pcap(s, external, "zone-external-link.pcap", "r1's external link while the zones talked: " +
                    "only the h1 -> h2 8to4 control traffic, no 127.x");
                assertEquals(3, control.received(), control.summary());
                assertTrue(external.count(FrameView::is8to4) >= 6, "the capture saw the control traffic");
                assertEquals(5, forward, "permitted zone -> zone");
                assertEquals(0, reverse, "default deny zone -> zone");
                assertTrue(denied >= 5, "zone_denied counted: " + denied);
                assertEquals(3, toOwnAsn.received(), toOwnAsn.summary());
                assertEquals(0, toForeign.received(), toForeign.summary());
                assertTrue(noXlate >= 5, "zone_no_xlate8 counted: " + noXlate);
                assertEquals(0, leaked, "127.x on the external link");
                s.pass("permitted direction delivered, the other denied and counted; nothing of 127/8 on the external link");
            });
    }

    /** {@code n} UDP datagrams from {@code from} to {@code to}'s port {@value #ZONE_UDP_PORT}; returns how many arrived. */
    private static int oneWay(final Ipv8Host from, final Ipv8Host to, final String toAddress, final int n) throws Exception
    {
        int got = 0;
        try (Ipv8DatagramSocket rx = to.openDatagramSocket(); Ipv8DatagramSocket tx = from.openDatagramSocket())
        {
            rx.bind(Ipv8SocketAddress.ANY.withPort(ZONE_UDP_PORT));
            tx.bind(Ipv8SocketAddress.ANY);
            for (int i = 0; i < n; i++)
            {
                tx.send(Ipv8SocketAddress.of(Ipv8Address.parse(toAddress), ZONE_UDP_PORT), ("zone " + i).getBytes());
            }
            final long until = System.currentTimeMillis() + 2_000;
            while (got < n && System.currentTimeMillis() < until)
            {
                final Ipv8Datagram d = rx.receive(Duration.ofMillis(100));
                if (d != null)
                {
                    got++;
                }
            }
        }
        return got;
    }

    @Test
    @Order(6)
    void wholeZoneSpaceScaleRunWithSampledFlows() throws Exception
    {
        scenario("127/8 zone space at scale: all 2^24 zones installed, sampled flows",
            "every 127.a.b.c zone in use (ZoneTable), zone-to-zone policy checked on sampled flows through the " +
            "forwarding graph (7.4, 7.6)", s ->
            {
                s.command("in-process: the daemon's Router (same forwarding graph) on two ring ports; " +
                    "router.zones().setZone(127.a.b.c, 1 + (c & 1)) for all 16,777,216 zones; zone-permit 1 2; " +
                    ZoneScaleRun.FLOWS + " seeded random flows injected on p0");
                final ZoneScaleRun.Result r = ZoneScaleRun.run(20261124L);
                s.measure(String.format("install all %,d zones (ZoneTable.zonesInUse %,d): %,d ms; zone table memory %,d bytes " +
                    "(ZoneTable.memoryBytes); heap growth %,d bytes", r.zones(), r.zonesInUseReported(), r.installMs(),
                    r.tableBytes(), r.heapGrowthBytes()));
                s.measure(String.format("sampled flows: %d (%d same zone, %d group 1 -> 2, %d denied by policy); " +
                    "forwarded %d, expected %d; zone_denied drops %d, expected %d; mismatches %d; other drops: %s; run %,d ms",
                    r.flows(), r.sameZone(), r.permitted(), r.expectedDenied(), r.forwarded(), r.expectedForwarded(),
                    r.denied(), r.expectedDenied(), r.mismatches(), r.otherDrops(), r.flowMs()));
                assertEquals(1 << 24, r.zones());
                assertEquals(r.expectedForwarded(), r.forwarded(), "forwarded flows");
                assertEquals(r.expectedDenied(), r.denied(), "zone_denied drops");
                assertEquals(0, r.mismatches(), "flows whose outcome differs from the policy");
                s.pass("all 2^24 zones in use; every sampled flow forwarded or denied exactly as the policy says");
            });
    }

    @Test
    @Order(7)
    void gatewayPairFailover() throws Exception
    {
        scenario("Gateway-pair failover (.254/.253)", "both gateways active; one is killed mid-flow, traffic resumes on " +
            "the other within 3 s (spec 7.7, A23)", s ->
            {
                final RouterDaemon r1 = fabric.router("r1");
                final RouterDaemon r3 = fabric.router("r3");
                final Ipv8Host hp = fabric.host("hp");
                final Ipv8Host h3 = fabric.host("h3");
                s.command("r1: ipv8 gateway-pair even peer 64496.10.4.0.253 / 64496.10.3.0.253 (segments D and C); " +
                    "r3: odd peer .254; hello-interval 200, dead-interval 1000");
                s.command("hp (64496.10.4.0.3, gateways .254/.253, prefers .253 = r3) -> h3 " + Fabric.H3 +
                    ": numbered UDP8 probes every 10 ms (FailoverProbe); r3 SIGKILLed after 1.5 s; 4 s more");
                s.output("r1 `show gateway-pair` (before)", r1.show("gateway-pair"));
                final LinkCapture segC = fabric.capture("h3 e0 (segment C)", "h3", "e0");
                try (Ipv8DatagramSocket tx = hp.openDatagramSocket(); Ipv8DatagramSocket rx = h3.openDatagramSocket())
                {
                    tx.bind(Ipv8SocketAddress.ANY);
                    rx.bind(Ipv8SocketAddress.ANY.withPort(PROBE_PORT));
                    final Ipv8SocketAddress to = Ipv8SocketAddress.of(Ipv8Address.parse(Fabric.H3), PROBE_PORT);
                    // Warm-up: the path works and goes through r3 (probes on segment C come from r3's port MAC).
                    for (int i = 0; i < 20; i++)
                    {
                        tx.send(to, ByteBuffer.allocate(4).putInt(-1).array());
                        Thread.sleep(10);
                    }
                    Thread.sleep(300);
                    while (rx.receive(Duration.ofMillis(50)) != null)
                    {
                        Thread.onSpinWait();
                    }
                    final long r3Mac = macOf(r3, "p1");
                    final long r1Mac = macOf(r1, "p4");
                    final long viaR3 = segC.count(f -> isProbe(f) && sourceMac(f) == r3Mac);
                    final long[] killedAt = new long[1];
                    final org.ipv8router.testbed.gwpair.FailoverProbe.Result result =
                        new org.ipv8router.testbed.gwpair.FailoverProbe(
                            seq -> tx.send(to, ByteBuffer.allocate(4).putInt(seq).array()),
                            sink ->
                            {
                                int n = 0;
                                Ipv8Datagram d;
                                while ((d = rx.receive(Duration.ZERO)) != null)
                                {
                                    if (d.data().length == 4)
                                    {
                                        sink.accept(ByteBuffer.wrap(d.data()).getInt());
                                        n++;
                                    }
                                }
                                return n;
                            }, 10).run(1_500, () ->
                            {
                                killedAt[0] = LinkCapture.epochNanos();
                                r3.killNow();
                            }, 4_000);
                    final long probesViaR3 = segC.count(f -> isProbe(f) && sourceMac(f) == r3Mac);
                    final long probesViaR1 = segC.count(f -> isProbe(f) && sourceMac(f) == r1Mac);
                    s.measure("warm-up: " + viaR3 + " of 20 probes reached segment C from r3's port (hp prefers .253)");
                    s.measure("probes on segment C by forwarding router over the whole run: r3 " + probesViaR3 +
                        ", r1 " + probesViaR1 + " (after the takeover)");
                    s.measure("lost before the kill: " + result.lostBeforeFailure() + " (sent just before the SIGKILL, " +
                        "still inside r3)");
                    s.measure("probe flow: " + result);
                    s.measure("outage: " + result.recoveredAfterMs() + " ms after the kill (bound 3000 ms); loss " +
                        result.lostAfterFailure() + " probes = " + result.lostAfterFailure() * result.intervalMs() +
                        " ms of flow");
                    s.output("r1 `show gateway-pair` (after r3 was killed)", r1.show("gateway-pair"));
                    segC.close();
                    final long hellos = segC.count(f -> FrameView.isIpv8(f) && FrameView.ipProtocol(f) == 17 &&
                        (f[0] & 1) == 1);
                    s.measure("gateway-pair hellos seen by h3 on segment C during the run: " + hellos + " IPv8 UDP frames to " +
                        "a multicast MAC (flooded to every device of the segment: an IPv4-only device there would receive " +
                        "version-8 frames; the fabric keeps its IPv4-only host on segment A, which has no pair)");
                    report.pcap(s, segC, "gateway-pair-segment-c.pcap", "segment C from 100 ms before the kill: the " +
                        "last probes via r3, the gap, r1's takeover announcements, the probes via r1",
                        killedAt[0] - 100_000_000L);
                    assertTrue(viaR3 >= 15, "the flow went through r3 before the kill: " + viaR3);
                    assertTrue(probesViaR1 >= 100, "after the takeover r1 forwards the flow: " + probesViaR1);
                    // A probe or two in flight inside r3 when it is SIGKILLed is lost with it.
                    assertTrue(result.lostBeforeFailure() <= 2, result.toString());
                    assertTrue(result.recoveredAfterMs() >= 0, result.toString());
                    assertTrue(result.recoveredAfterMs() <= 3_000, "resumed within 3 s: " + result);
                    s.pass("r1 took over .253; the flow resumed " + result.recoveredAfterMs() + " ms after r3 was killed, " +
                        result.lostAfterFailure() + " probes lost");
                }
            });
    }

    private static final int PROBE_PORT = 5001;

    /** The MAC of {@code iface} as {@code show interfaces} reports it. */
    private static long macOf(final RouterDaemon router, final String iface) throws IOException
    {
        for (final var i : router.showJson("interfaces").path("interfaces"))
        {
            if (iface.equals(i.path("name").asText()))
            {
                return Long.parseLong(i.path("mac").asText().replace(":", ""), 16);
            }
        }
        throw new IOException(router.name() + " has no interface " + iface);
    }

    private static long sourceMac(final byte[] f)
    {
        long m = 0;
        for (int i = 6; i < 12; i++)
        {
            m = (m << 8) | (f[i] & 0xFF);
        }
        return m;
    }

    /** An IPv8 UDP frame to the probe port. */
    private static boolean isProbe(final byte[] f)
    {
        return FrameView.isIpv8(f) && FrameView.ipProtocol(f) == 17 && f.length >= 14 + 28 + 4 &&
            (((f[14 + 28 + 2] & 0xFF) << 8) | (f[14 + 28 + 3] & 0xFF)) == PROBE_PORT;
    }
}
