package org.ipv8router.testbed.host;

import org.ipv8router.testbed.host.tools.HostTool;
import org.ipv8router.testbed.host.tools.Ping8;
import org.ipv8router.testbed.host.tools.Serve8;
import org.ipv8router.testbed.host.tools.Traceroute8;
import org.ipv8router.testbed.host.tools.Udp8;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ping8, traceroute8 and udp8 against real namespaces (root only): an IPv8 peer run in-process, a Linux router
 * (kernel IPv4 forwarding, so it answers TTL expiry with ICMPv4) and a Linux host behind it. One run goes through a
 * forked JVM under {@code ip netns exec}, the way an operator runs the tools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostToolsNamespaceTest
{
    private NetnsLab lab;
    private String nsA;
    private String nsB;
    private String nsT;
    private Ipv8Host peer;
    private Ipv8DatagramSocket echo;
    private Thread echoThread;

    @BeforeAll
    void setUp() throws IOException
    {
        NetnsLab.requireRoot();
        lab = new NetnsLab();
        nsA = lab.namespace("a");
        nsB = lab.namespace("b");
        lab.veth(nsA, "v8a", nsB, "v8b");
        // nsT (IPv8 host) -- nsR (Linux router 10.0.1.254 / 10.0.2.254) -- nsC (Linux host 10.0.2.2)
        nsT = lab.namespace("t");
        final String nsR = lab.namespace("r");
        final String nsC = lab.namespace("c");
        lab.veth(nsT, "v8t", nsR, "v8r1");
        lab.veth(nsR, "v8r2", nsC, "v8c");
        NetnsLab.run("ip", "-n", nsR, "addr", "add", "10.0.1.254/24", "dev", "v8r1");
        NetnsLab.run("ip", "-n", nsR, "addr", "add", "10.0.2.254/24", "dev", "v8r2");
        NetnsLab.run("ip", "netns", "exec", nsR, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        NetnsLab.run("ip", "netns", "exec", nsR, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
        NetnsLab.run("ip", "-n", nsC, "addr", "add", "10.0.2.2/24", "dev", "v8c");
        NetnsLab.run("ip", "-n", nsC, "route", "add", "default", "via", "10.0.2.254");

        peer = Ipv8Host.open(Ipv8HostConfig.builder("v8b").netns(nsB).address("64496.10.0.0.2/24").build());
        echo = peer.openDatagramSocket();
        echo.bind(Ipv8SocketAddress.ANY.withPort(7000));
        echoThread = Thread.ofPlatform().daemon().start(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                try
                {
                    final Ipv8Datagram datagram = echo.receive(Duration.ofMillis(200));
                    if (datagram != null)
                    {
                        echo.send(datagram.source(), datagram.data());
                    }
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                catch (final IOException ex)
                {
                    if (echo.localAddress() == null)
                    {
                        return;
                    }
                }
            }
        });
    }

    @AfterAll
    void tearDown() throws InterruptedException
    {
        if (echoThread != null)
        {
            echoThread.interrupt();
            echoThread.join(1000);
        }
        if (peer != null)
        {
            peer.close();
        }
        if (lab != null)
        {
            lab.close();
        }
    }

    record Run(int exitCode, String out, String err)
    {
        String all()
        {
            return out + err;
        }
    }

    interface Tool
    {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static Run run(final Tool tool, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = tool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ping8ToAnIpv8Neighbour() throws IOException
    {
        final NetnsLab.Capture capture = lab.capture(nsB, "v8b");
        final Run run = run(Ping8::run, "-c", "3", "-i", "0.2", "-v", "--iface", "v8a", "--netns", nsA,
            "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("3 packets transmitted, 3 received, 0% packet loss"), run.all());
        assertEquals(3, run.out().lines().filter(l -> l.startsWith("64 bytes from 64496.10.0.0.2") &&
            l.endsWith("(IPv8)")).count(), run.all());
        assertTrue(run.err().contains("64496.10.0.0.2") && run.err().contains("ipv8"), "verbose neighbour list: " + run.err());
        capture.close();
        capture.writePcap(Path.of("target", "host-captures", "ping8-two-ipv8-hosts.pcap"));
        assertEquals(3, capture.received().stream().filter(f -> HostNamespaceTest.etherType(f) == 0x8080 &&
            (f[14] & 0xFF) == 0x87 && f[14 + 28] == 8).count(), "3 IPv8 echo requests (0x8080, 0x87, ICMP 8) on the wire");
    }

    @Test
    void withoutCapNetRawTheErrorSaysSo() throws IOException
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
            "SKIPPED: setpriv (util-linux) not installed, cannot drop CAP_NET_RAW");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final NetnsLab.Result result = NetnsLab.exec(60, "ip", "netns", "exec", nsA,
            "setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw", java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), HostTool.class.getName(),
            "ping8", "-c", "1", "--iface", "v8a", "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("interface 'v8a'") && result.output().contains("EPERM") &&
            result.output().contains("CAP_NET_RAW"), result.output());
    }

    @Test
    void ping8InAForkedJvmUnderIpNetnsExec() throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final NetnsLab.Result result = NetnsLab.exec(60, "ip", "netns", "exec", nsA, java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), HostTool.class.getName(),
            "ping8", "-c", "2", "-i", "0.2", "--iface", "v8a", "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("2 packets transmitted, 2 received"), result.output());
        assertTrue(result.output().contains("(IPv8)"), result.output());
    }

    @Test
    void udp8SendGetsTheEchoAndAPortUnreachable()
    {
        final Run reply = run(Udp8::run, "send", "--reply-timeout", "3", "--iface", "v8a", "--netns", nsA,
            "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2:7000", "hello ipv8");
        assertEquals(0, reply.exitCode(), reply.all());
        assertTrue(reply.out().contains("reply from 64496.10.0.0.2:7000") && reply.out().contains("(IPv8, ttl 64) 10 bytes: hello ipv8"),
            reply.all());

        final Run closed = run(Udp8::run, "send", "--iface", "v8a", "--netns", nsA, "--addr", "64496.10.0.0.1/24",
            "64496.10.0.0.2:7999", "anyone?");
        assertEquals(1, closed.exitCode(), closed.all());
        assertTrue(closed.out().contains("From 64496.10.0.0.2: Destination Port Unreachable"), closed.all());
    }

    @Test
    void udp8RecvPrintsDatagrams() throws Exception
    {
        final CompletableFuture<Run> receiver = CompletableFuture.supplyAsync(() -> run(Udp8::run, "recv",
            "--port", "7100", "-c", "2", "--timeout", "15", "--iface", "v8a", "--netns", nsA, "--addr", "64496.10.0.0.1/24"));
        try (Ipv8DatagramSocket sender = peer.openDatagramSocket())
        {
            final List<String> sent = new ArrayList<>();
            for (int i = 0; i < 40 && !receiver.isDone() && sent.size() < 2; i++)
            {
                // The tool needs a moment to start; resend until it has answered nothing but datagrams.
                sender.send(Ipv8SocketAddress.parse("64496.10.0.0.1:7100"), ("datagram-" + i).getBytes(StandardCharsets.US_ASCII));
                try
                {
                    sender.receive(Duration.ofMillis(250));
                    sent.add("datagram-" + i);
                }
                catch (final IcmpErrorException notYetListening)
                {
                    Thread.sleep(100);
                }
            }
        }
        final Run run = receiver.get(20, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("from 64496.10.0.0.2:") &&
            l.contains("to 64496.10.0.0.1:7100 (IPv8, ttl 64)") && l.contains("bytes: datagram-")).count(), run.all());
    }

    @Test
    void serve8AnswersPingsAndEchoesUdp() throws Exception
    {
        final CompletableFuture<Run> server = CompletableFuture.supplyAsync(() -> run(Serve8::run, "--udp-echo", "7300",
            "--duration", "2.5", "--iface", "v8a", "--netns", nsA, "--addr", "64496.10.0.0.1/24"));
        boolean echoed = false;
        try (Ipv8DatagramSocket client = peer.openDatagramSocket(); Ipv8PingSocket ping = peer.openPingSocket())
        {
            for (int i = 0; i < 40 && !echoed; i++)
            {
                client.send(Ipv8SocketAddress.parse("64496.10.0.0.1:7300"), "serve8?".getBytes(StandardCharsets.US_ASCII));
                try
                {
                    final Ipv8Datagram reply = client.receive(Duration.ofMillis(250));
                    echoed = reply != null && "serve8?".equals(new String(reply.data(), StandardCharsets.US_ASCII));
                }
                catch (final IcmpErrorException notYetUp)
                {
                    Thread.sleep(100);
                }
            }
            assertTrue(echoed, "serve8 never echoed the datagram");
            ping.send(Ipv8Address.parse("64496.10.0.0.1"), 1, 64, new byte[8]);
            final Record reply = ping.receive(Duration.ofSeconds(3));
            assertTrue(reply instanceof EchoReply echo && echo.ipVersion() == 8, String.valueOf(reply));
        }
        final Run run = server.get(20, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().startsWith("ready: [64496.10.0.0.1/24] on v8a"), run.all());
    }

    @Test
    void traceroute8ThroughALinuxRouter()
    {
        final Run run = run(Traceroute8::run, "-w", "2", "-m", "5", "--iface", "v8t", "--netns", nsT,
            "--addr", "64496.10.0.1.1/24", "--gw", "64496.10.0.1.254", "0.0.0.0.10.0.2.2");
        assertEquals(0, run.exitCode(), run.all());
        final List<String> hops = run.out().lines().skip(1).toList();
        assertEquals(2, hops.size(), run.all());
        assertTrue(hops.get(0).startsWith(" 1   0.0.0.0.10.0.1.254  ") && !hops.get(0).contains("*"), run.all());
        assertTrue(hops.get(1).startsWith(" 2   0.0.0.0.10.0.2.2  ") && !hops.get(1).contains("*"), run.all());
    }

    @Test
    void traceroute8RefusesAForeignAsnBehindAnIpv4OnlyGateway()
    {
        final Run run = run(Traceroute8::run, "-w", "1", "-m", "3", "--iface", "v8t", "--netns", nsT,
            "--addr", "64496.10.0.1.1/24", "--gw", "64496.10.0.1.254", "64497.10.0.2.2");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains("!A (local)"), run.all());
    }

    @Test
    void clearErrorsAndHelp()
    {
        Run run = run(Ping8::run, "--iface", "v8a", "64496.10.0.0.2");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--addr is required"), run.err());
        run = run(Ping8::run, "--iface", "v8a", "--addr", "64496.10.0.0.1/24");
        assertTrue(run.err().contains("missing DESTINATION"), run.err());
        run = run(Ping8::run, "--iface", "nosuch0", "--netns", nsA, "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'nosuch0'") && run.err().contains("no such interface"), run.err());
        run = run(Ping8::run, "--iface", "v8a", "--addr", "64496.10.0.0.1/24", "-c", "x", "64496.10.0.0.2");
        assertTrue(run.err().contains("-c: 'x' is not a number"), run.err());
        run = run(Udp8::run, "send", "--iface", "v8a", "--addr", "64496.10.0.0.1/24", "64496.10.0.0.2", "m");
        assertTrue(run.err().contains("ADDRESS:PORT"), run.err());
        run = run(Udp8::run, "listen");
        assertTrue(run.err().contains("unknown command 'listen'"), run.err());
        for (final Tool tool : List.<Tool>of(Ping8::run, Traceroute8::run))
        {
            run = run(tool, "--help");
            assertEquals(0, run.exitCode());
            assertTrue(run.out().startsWith("Usage: "), run.out());
        }
        run = run(HostTool::run, "udp8", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("udp8 recv --port P"), run.out());
        assertNotNull(run(HostTool::run, "nosuch").err());
        assertEquals(2, run(HostTool::run, "nosuch").exitCode());
    }
}
