package org.ipv8router.testbed.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipv8router.testbed.gwpair.FailoverProbe;
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
 *                                                       +-- br0 (ns sw) ------+-- ns odd:  seg .253, up 198.51.100.2
 *  ns server (Ipv8Host 64496.198.51.100.10) ------------+-- br1 (ns sw) ------+  (both routers' "up" ports)
 * </pre>
 * The host sends a numbered UDP8 flow to the server through .254; the even daemon is killed (SIGKILL) mid-flow; the
 * {@link FailoverProbe} asserts the flow resumes through the odd daemon within the dead interval (+ slack), and
 * {@code show gateway-pair --json} on the odd daemon says takeover. Then the even daemon is started again: it takes
 * .254 back (give-back logged and counted by the odd daemon) and the flow must lose at most 1 s of packets. Needs root, iproute2, DPDK (the shim) and the
 * router jar ({@code ipv8_mvn -pl router-cli -am package -DskipTests}); skips loudly without them.
 */
class GatewayPairDaemonsNamespaceTest
{
    private static final long SLACK_MS = 700;
    private static final int PORT = 9000;

    @TempDir
    Path dir;

    private NetnsLab lab;
    private final List<Process> daemons = new ArrayList<>();
    private Ipv8Host host;
    private Ipv8Host server;

    @AfterEach
    void close() throws Exception
    {
        for (final Process p : daemons)
        {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
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

    private static Path sibling(final String relative)
    {
        return Path.of("").toAbsolutePath().getParent().resolve(relative);
    }

    private Process daemon(final String ns, final String name, final boolean even, final Path jar, final Path shim)
        throws IOException
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
        final Path file = Files.writeString(dir.resolve(name + ".conf"), config);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-Ddpdk.shim=" + shim, "-jar",
            jar.toString(), "router", "--config", file.toString(), "--instance", name,
            "--control", dir.resolve(name + ".sock").toString(), "--counters", dir.resolve(name + ".counters").toString(),
            "--pid-file", dir.resolve(name + ".pid").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        daemons.add(p);
        return p;
    }

    private String log(final String name) throws IOException
    {
        return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private void awaitLog(final String name, final String text, final Process p) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!log(name).contains(text))
        {
            assertTrue(p.isAlive(), name + " daemon exited:\n" + log(name));
            assertTrue(System.nanoTime() < deadline, "timed out waiting for '" + text + "' in " + name + ":\n" + log(name));
            Thread.sleep(100);
        }
    }

    @Test
    void flowResumesThroughTheOddDaemonWhenTheEvenOneIsKilled() throws Exception
    {
        NetnsLab.requireRoot();
        final Path jar = sibling("router-cli/target/ipv8-router.jar");
        final Path shim = Path.of(System.getProperty("dpdk.shim", sibling("native-shim/target/libipv8shim.so").toString()));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "SKIPPED: " + jar + " not built (ipv8_mvn -pl router-cli -am " +
            "package -DskipTests)");
        Assumptions.assumeTrue(Files.isRegularFile(shim), "SKIPPED: DPDK shim " + shim + " not built (no DPDK)");

        lab = new NetnsLab();
        final String sw = lab.namespace("sw");
        final String even = lab.namespace("ev");
        final String odd = lab.namespace("od");
        final String hostNs = lab.namespace("ho");
        final String serverNs = lab.namespace("se");
        for (final String br : List.of("br0", "br1"))
        {
            NetnsLab.run("ip", "-n", sw, "link", "add", br, "type", "bridge");
            NetnsLab.run("ip", "-n", sw, "link", "set", br, "up");
        }
        final String[][] links = {
            {"eseg", even, "seg", "br0"}, {"oseg", odd, "seg", "br0"}, {"hseg", hostNs, "eth0", "br0"},
            {"eup", even, "upl", "br1"}, {"oup", odd, "upl", "br1"}, {"sup", serverNs, "eth0", "br1"}};
        for (final String[] l : links)
        {
            lab.veth(sw, l[0], l[1], l[2]);
            NetnsLab.run("ip", "-n", sw, "link", "set", l[0], "master", l[3]);
        }

        final Process evenDaemon = daemon(even, "even", true, jar, shim);
        final Process oddDaemon = daemon(odd, "odd", false, jar, shim);
        awaitLog("even", "gateway-pair peer-up", evenDaemon);
        awaitLog("odd", "gateway-pair peer-up", oddDaemon);

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
        assertTrue(through, "the flow reaches the server through .254 before the failure:\n" + log("even"));
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
        final FailoverProbe.Result r = probe.run(2_000, evenDaemon::destroyForcibly, 6_000);
        System.out.println("gateway-pair namespace failover (real daemons): " + r);

        final NetnsLab.Result show = NetnsLab.exec(60, ProcessHandle.current().info().command().orElse("java"), "-jar",
            jar.toString(), "show", "gateway-pair", "--control", dir.resolve("odd.sock").toString(), "--json");
        assertEquals(0, show.exitCode(), show.output());
        assertTrue(show.output().contains("\"state\" : \"takeover\"") || show.output().contains("\"state\":\"takeover\""),
            show.output());
        assertTrue(log("odd").contains("gateway-pair takeover interface=seg"), log("odd"));
        assertEquals(0, r.lostBeforeFailure(), "whole before the failure: " + r);
        assertTrue(r.lostAfterFailure() > 0, "the flow went through the even daemon: " + r);
        assertTrue(r.recovered() && r.recoveredAfterMs() <= 3_000 + SLACK_MS, "resumed within the dead interval: " + r +
            "\n" + log("odd"));

        // The even daemon returns: it claims .254 at once (gratuitous ARP8/ARP from fe) and the odd one gives it back
        // on its first hello. The flow keeps going; only packets in flight during the move may be lost.
        final Process[] back = new Process[1];
        final FailoverProbe.Result g = new FailoverProbe(send, receive, 5)
            .run(1_000, () -> back[0] = daemon(even, "even2", true, jar, shim), 20_000);
        System.out.println("gateway-pair namespace give-back (real daemons): " + g);
        assertTrue(log("odd").contains("gateway-pair give-back interface=seg"),
            "the returning daemon came up and took .254 back within the 20 s measured:\n" + log("odd") + "\n" + log("even2"));
        assertTrue(log("even2").contains("gateway-pair own-vip-active"), log("even2"));
        assertEquals(0, g.lostBeforeFailure(), "whole before the return: " + g);
        assertTrue(g.recovered(), "the flow survives the give-back: " + g);
        assertTrue(g.lostAfterFailure() * g.intervalMs() <= 1_000, "the give-back costs at most 1 s of flow: " + g);
        final NetnsLab.Result after = NetnsLab.exec(60, ProcessHandle.current().info().command().orElse("java"), "-jar",
            jar.toString(), "show", "gateway-pair", "--control", dir.resolve("odd.sock").toString(), "--json");
        assertTrue(after.output().contains("\"give_backs\" : 1") || after.output().contains("\"give_backs\":1"),
            after.output());
    }
}
