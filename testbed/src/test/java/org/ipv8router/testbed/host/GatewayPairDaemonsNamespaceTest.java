package org.ipv8router.testbed.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.testbed.fabric.LinkCapture;
import org.ipv8router.testbed.gwpair.FailoverProbe;
import org.ipv8router.testbed.router.RouterDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway-pair failover with two real router daemons (the shaded {@code ipv8-router.jar}, DPDK {@code net_af_packet}
 * ports) in their own network namespaces, default timers (hello 1 s, dead 3 s):
 * <pre>
 *  ns host (Ipv8Host 64496.192.0.2.10, gateway .254) --+                      +-- ns even: seg .254, up 198.51.100.1
 *  ns v4 (Linux IPv4 only, 192.0.2.20, captured) -------+-- br0 (ns sw) ------+-- ns odd:  seg .253, up 198.51.100.2
 *  ns server (Ipv8Host 64496.198.51.100.10) ------------+-- br1 (ns sw) ------+  (both routers' "up" ports)
 * </pre>
 * The host sends a numbered UDP8 flow to the server through .254; the even daemon is killed (SIGKILL) mid-flow; the
 * {@link FailoverProbe} asserts the flow resumes through the odd daemon within the dead interval (+ slack), and
 * {@code show gateway-pair --json} on the odd daemon says takeover. Then the even daemon is started again: it takes
 * .254 back (give-back logged and counted by the odd daemon) and the flow must lose at most 1 s of packets.
 * Throughout (once br0 has learned both daemons' virtual MACs), a capture on the IPv4-only host's veth must see no
 * version-8 frame from the pair: hellos are unicast to the peer (profile 9.1), not flooded multicast. Needs root, iproute2, DPDK (the shim) and the
 * router jar ({@code ipv8_mvn -pl router-cli -am package -DskipTests}); skips loudly without them.
 */
class GatewayPairDaemonsNamespaceTest
{
    private static final long SLACK_MS = 700;
    private static final int PORT = 9000;
    /** The pair's MACs: virtual fe/fd (VLAN 0) and the daemons' interface MACs on seg. */
    private static final java.util.Set<Long> PAIR_MACS = java.util.Set.of(0x0208_0000_00FEL, 0x0208_0000_00FDL,
        0x0200_0000_00AAL, 0x0200_0000_00BBL);

    @TempDir
    Path dir;

    private NetnsLab lab;
    private final List<RouterDaemon> daemons = new ArrayList<>();
    private Ipv8Host host;
    private Ipv8Host server;
    private LinkCapture v4Capture;

    @AfterEach
    void close() throws Exception
    {
        if (v4Capture != null)
        {
            v4Capture.close();
        }
        for (final RouterDaemon p : daemons)
        {
            p.close();
        }
        if (host != null)
        {
            host.close();
        }
        if (server != null)
        {
            server.close();
        }
        if (lab != null)
        {
            lab.close();
        }
    }

    /** Launches a daemon without waiting for it (the give-back step keeps the flow going meanwhile). */
    private RouterDaemon daemon(final String ns, final String name, final boolean even) throws IOException
    {
        final String config = """
            ipv8 routing
            ipv8 asn 64496
            interface seg
             port dpdk net_af_packet0,iface=seg
             mac 02:00:00:00:00:SS
             ipv8 address 64496.192.0.2.OWN/24
             ipv8 gateway-pair PARITY peer 64496.192.0.2.PEER
            interface upl
             port dpdk net_af_packet1,iface=upl
             mac 02:00:00:00:01:SS
             ipv8 address 64496.198.51.100.UP/24
            """.replace("SS", even ? "aa" : "bb").replace("OWN", even ? "254" : "253")
            .replace("PEER", even ? "253" : "254").replace("PARITY", even ? "even" : "odd").replace("UP", even ? "1" : "2");
        final RouterDaemon p = new RouterDaemon(name, ns, dir, RouterDaemon.jar().toString());
        daemons.add(p);
        p.launch(config, ns + "-" + name);
        return p;
    }

    @Test
    void flowResumesThroughTheOddDaemonWhenTheEvenOneIsKilled() throws Exception
    {
        NetnsLab.requireRoot();
        final Path jar = RouterDaemon.jar();
        final Path shim = RouterDaemon.shim();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "SKIPPED: " + jar + " not built (ipv8_mvn -pl router-cli -am " +
            "package -DskipTests)");
        Assumptions.assumeTrue(Files.isRegularFile(shim), "SKIPPED: DPDK shim " + shim + " not built (no DPDK)");

        lab = new NetnsLab();
        final String sw = lab.namespace("sw");
        final String even = lab.namespace("ev");
        final String odd = lab.namespace("od");
        final String hostNs = lab.namespace("ho");
        final String serverNs = lab.namespace("se");
        final String v4Ns = lab.namespace("v4");
        for (final String br : List.of("br0", "br1"))
        {
            NetnsLab.run("ip", "-n", sw, "link", "add", br, "type", "bridge");
            NetnsLab.run("ip", "-n", sw, "link", "set", br, "up");
        }
        final String[][] links = {
            {"eseg", even, "seg", "br0"}, {"oseg", odd, "seg", "br0"}, {"hseg", hostNs, "eth0", "br0"}, {"vseg", v4Ns, "eth0", "br0"},
            {"eup", even, "upl", "br1"}, {"oup", odd, "upl", "br1"}, {"sup", serverNs, "eth0", "br1"}};
        for (final String[] l : links)
        {
            lab.veth(sw, l[0], l[1], l[2]);
            NetnsLab.run("ip", "-n", sw, "link", "set", l[0], "master", l[3]);
        }

        final RouterDaemon evenDaemon = daemon(even, "even", true);
        final RouterDaemon oddDaemon = daemon(odd, "odd", false);
        evenDaemon.awaitLog("gateway-pair peer-up", Duration.ofSeconds(90));
        oddDaemon.awaitLog("gateway-pair peer-up", Duration.ofSeconds(90));
        // Both have heard each other, so both have sent from their virtual MACs and br0 has learned them: from now
        // on nothing of the pair's may reach the IPv4-only host (the first hellos went to unknown MACs, flooded).
        NetnsLab.run("ip", "-n", v4Ns, "addr", "add", "192.0.2.20/24", "dev", "eth0");
        v4Capture = LinkCapture.start("v4 eth0", v4Ns, "eth0");

        host = Ipv8Host.open(Ipv8HostConfig.builder("eth0").netns(hostNs).address("64496.192.0.2.10/24")
            .gateway("64496.192.0.2.254").build());
        server = Ipv8Host.open(Ipv8HostConfig.builder("eth0").netns(serverNs).address("64496.198.51.100.10/24").build());
        final Ipv8DatagramSocket out = host.openDatagramSocket();
        final Ipv8DatagramSocket in = server.openDatagramSocket();
        in.bind(Ipv8SocketAddress.ANY.withPort(PORT));
        final Ipv8SocketAddress to = Ipv8SocketAddress.parse("64496.198.51.100.10:" + PORT);

        // Warm-up: neighbour resolution on both hops, so the measured flow starts whole.
        final long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean through = false;
        while (!through && System.nanoTime() < warm)
        {
            out.send(to, ByteBuffer.allocate(4).putInt(-1).array());
            through = in.receive(Duration.ofMillis(200)) != null;
        }
        assertTrue(through, "the flow reaches the server through .254 before the failure:\n" + evenDaemon.log());
        while (in.receive(Duration.ofMillis(50)) != null)
        {
            // drop warm-up leftovers
        }

        final FailoverProbe.Sender send = seq -> out.send(to, ByteBuffer.allocate(4).putInt(seq).array());
        final FailoverProbe.Receiver receive = sink ->
        {
            int n = 0;
            Ipv8Datagram d;
            while ((d = in.receive(Duration.ZERO)) != null)
            {
                if (d.data().length == 4)
                {
                    sink.accept(ByteBuffer.wrap(d.data()).getInt());
                    n++;
                }
            }
            return n;
        };
        final FailoverProbe probe = new FailoverProbe(send, receive, 5);
        final FailoverProbe.Result r = probe.run(2_000, evenDaemon::kill, 6_000);
        System.out.println("gateway-pair namespace failover (real daemons): " + r);

        final JsonNode show = oddDaemon.showJson("gateway-pair");
        assertEquals("takeover", show.path("pairs").path(0).path("state").asText(), show.toString());
        assertTrue(oddDaemon.log().contains("gateway-pair takeover interface=seg"), oddDaemon.log());
        assertEquals(0, r.lostBeforeFailure(), "whole before the failure: " + r);
        assertTrue(r.lostAfterFailure() > 0, "the flow went through the even daemon: " + r);
        assertTrue(r.recovered() && r.recoveredAfterMs() <= 3_000 + SLACK_MS, "resumed within the dead interval: " + r +
            "\n" + oddDaemon.log());

        // The even daemon returns: it claims .254 at once (gratuitous ARP8/ARP from fe) and the odd one gives it back
        // on its first hello. The flow keeps going; only packets in flight during the move may be lost.
        final RouterDaemon[] back = new RouterDaemon[1];
        final FailoverProbe.Result g = new FailoverProbe(send, receive, 5)
            .run(1_000, () -> back[0] = daemon(even, "even2", true), 20_000);
        System.out.println("gateway-pair namespace give-back (real daemons): " + g);
        assertTrue(oddDaemon.log().contains("gateway-pair give-back interface=seg"),
            "the returning daemon came up and took .254 back within the 20 s measured:\n" + oddDaemon.log() + "\n" + back[0].log());
        assertTrue(back[0].log().contains("gateway-pair own-vip-active"), back[0].log());
        assertEquals(0, g.lostBeforeFailure(), "whole before the return: " + g);
        assertTrue(g.recovered(), "the flow survives the give-back: " + g);
        assertTrue(g.lostAfterFailure() * g.intervalMs() <= 1_000, "the give-back costs at most 1 s of flow: " + g);
        final JsonNode after = oddDaemon.showJson("gateway-pair");
        assertEquals(1, after.path("pairs").path(0).path("give_backs").asLong(), after.toString());

        final List<String> v8 = new ArrayList<>();
        for (final LinkCapture.Frame f : v4Capture.received())
        {
            final byte[] d = f.data();
            final int type = d.length > 14 ? ((d[12] & 0xFF) << 8) | (d[13] & 0xFF) : 0;
            final long src = ByteBuffer.wrap(d, 4, 8).getLong() & 0xFFFF_FFFF_FFFFL;
            if ((type == 0x8080 || (type == 0x0800 && (d[14] & 0xF0) == 0x80)) && PAIR_MACS.contains(src))
            {
                v8.add(String.format("%012x -> %012x", src, ByteBuffer.wrap(d, 0, 8).getLong() >>> 16));
            }
        }
        System.out.println("gateway-pair namespace: the IPv4-only host saw " + v4Capture.received().size() +
            " frame(s), " + v8.size() + " with a version-8 header from the pair");
        final long gratuitous = v4Capture.count(d -> d.length > 14 && d[12] == 0x08 && d[13] == 0x06 &&
            (ByteBuffer.wrap(d, 4, 8).getLong() & 0xFFFF_FFFF_FFFFL) == 0x0208_0000_00FEL);
        assertTrue(gratuitous > 0, "the capture works: the pair's broadcast gratuitous ARPs for .254 reached the " +
            "IPv4-only host");
        assertEquals(List.of(), v8, "version-8 frames from the pair reached the IPv4-only host");
    }
}
