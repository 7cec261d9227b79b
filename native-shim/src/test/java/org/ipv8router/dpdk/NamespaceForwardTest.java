package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.graph.ForwardingAgent;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.graph.L2PatchNode;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.port.Port;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router on net_af_packet between network namespaces joined by veth pairs (the router's ends stay in the
 * root namespace, where this JVM's EAL runs): frames injected with a raw AF_PACKET socket in one namespace must
 * come out in the other, rewritten by the pipeline; and the kernel exception path: a TCP connection from a
 * namespace to the router's own IPv4 address reaches a Java ServerSocket through DPDK and a TAP.
 */
class NamespaceForwardTest
{
    private static final String TCP_CLIENT = String.join("\n",
        "import socket, sys",
        "c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=15)",
        "c.sendall(b'OPEN bgp8 hello\\n')",
        "print(c.makefile().readline().strip(), flush=True)",
        "c.close()");

    private DpdkPacketPool pool;

    /** Runs the agent on this thread until the process has exited (or 20 s), then a little longer. */
    private static void forwardWhile(final ForwardingAgent agent, final Process process)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (process.isAlive() && System.nanoTime() < deadline)
        {
            if (agent.doWork() == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    /** EAL up (or the test skipped, loudly) and a fresh packet pool for the test's ports. */
    @BeforeEach
    void startEalAndPool()
    {
        DpdkTestSupport.eal();
        pool = new DpdkPacketPool(DpdkTestSupport.pool());
    }

    @AfterEach
    void closePool()
    {
        if (pool != null)
        {
            pool.close();
        }
    }

    @Test
    void framesInjectedInOneNamespaceComeOutOfTheOtherThroughAfPacket() throws Exception
    {
        final Path dir = DpdkTestSupport.testDirectory("veth");
        try (NetNamespaces nets = new NetNamespaces();
            DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final NetNamespaces.TwoWires wires = nets.twoWires();
            final DpdkPort a = DpdkPort.start("a", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_af_packet"), "iface=" + wires.ao()), pool,
                counters.newPortCounters(0, "a"));
            final DpdkPort b = DpdkPort.start("b", 1,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_af_packet"), "iface=" + wires.bo()), pool,
                counters.newPortCounters(1, "b"));
            try
            {
                assertEquals("net_af_packet", a.device().info().driver());
                final long peerB = nets.mac(wires.nsB(), wires.bi());
                final List<DpdkPort> ports = List.of(a, b);
                final Graph graph = ForwardingPipelines.macRewrite(new int[]{1, 0},
                    new long[]{nets.mac(wires.nsA(), wires.ai()), peerB}, false).build(counters, ports);
                final ForwardingAgent agent = new ForwardingAgent("veth", graph, ports, false);

                final int frames = 50;
                final Process receiver = RawSocketScripts.startReceiver(nets, wires.nsB(), dir, 0x88B5, wires.bi(),
                    frames);
                final List<byte[]> sent = new ArrayList<>();
                for (int seq = 0; seq < frames; seq++)
                {
                    sent.add(Frames.frame(seq, 60 + 3 * seq));
                }
                final Process sender = RawSocketScripts.startSender(nets, wires.nsA(), dir, wires.ai(), sent);
                forwardWhile(agent, receiver);
                assertEquals(0, sender.waitFor(), Files.readString(dir.resolve("sender.err")));
                agent.onClose();

                final List<byte[]> received = RawSocketScripts.receivedFrames(dir);
                assertEquals(frames, received.size(), "frames out of namespace B; receiver stderr: " +
                    Files.readString(dir.resolve("receiver.err")));
                for (int seq = 0; seq < frames; seq++)
                {
                    final byte[] expected = sent.get(seq).clone();
                    for (int k = 0; k < 6; k++)
                    {
                        expected[k] = (byte)(peerB >>> (40 - 8 * k));
                        expected[6 + k] = (byte)(b.macAddress() >>> (40 - 8 * k));
                    }
                    assertArrayEquals(expected, received.get(seq), "frame " + seq);
                }
                assertTrue(a.counters().rxPackets() >= frames, "rx on a: " + a.counters().rxPackets());
                assertEquals(frames, b.counters().txPackets() - 0, "only the test frames leave through b " +
                    "(the namespaces' kernels send nothing: no IPv6, no addresses)");
            }
            finally
            {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void tcpToTheRoutersOwnAddressReachesAJavaServerSocketThroughTheTap() throws Exception
    {
        final Path dir = DpdkTestSupport.testDirectory("exception-path");
        final int subnet = (int)(ProcessHandle.current().pid() % 200) + 20;
        final String routerAddress = "198.18." + subnet + ".1";
        try (NetNamespaces nets = new NetNamespaces();
            DataplaneCounters counters = DataplaneCounters.inMemory(512))
        {
            final String ns = nets.namespace("c");
            final String ci = nets.name("ci");
            final String co = nets.name("co");
            nets.veth(ns, ci, "198.18." + subnet + ".2/24", co);

            final DpdkPort wire = DpdkPort.start("wire", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_af_packet"), "iface=" + co), pool,
                counters.newPortCounters(0, "wire"));
            ExceptionPath exceptionPath = null;
            try
            {
                exceptionPath = ExceptionPath.create(counters, pool,
                    List.of(new ExceptionPath.Attachment(wire, nets.name("t"), routerAddress + "/24")), 1);
                final DpdkPort tap = exceptionPath.tapPorts().get(0);
                assertEquals("net_tap", tap.device().info().driver());
                assertTrue(tap.isLinkUp(), "the TAP is up once its kernel side is configured");
                NetNamespaces.disableIpv6(nets.name("t"));

                final List<Port> ports = List.of(wire, tap);
                final Graph graph = Graph.builder("exception", counters)
                    .node(exceptionPath.node(L2PatchNode.NAME))
                    .node(new L2PatchNode(new int[]{-1, -1})) // no forwarding in this test: the rest is dropped
                    .node(new PortOutputNode(ports))
                    .build();
                final ForwardingAgent agent = new ForwardingAgent("exception", graph, ports, false);

                final AtomicReference<String> serverSaw = new AtomicReference<>();
                try (ServerSocket server = new ServerSocket())
                {
                    server.bind(new InetSocketAddress(InetAddress.getByName(routerAddress), 0));
                    final Thread acceptor = Thread.ofPlatform().name("bgp8-listener").start(() ->
                    {
                        try (Socket socket = server.accept())
                        {
                            final String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.US_ASCII)).readLine();
                            serverSaw.set(line + " from " + socket.getInetAddress().getHostAddress());
                            final OutputStream out = socket.getOutputStream();
                            out.write(("ACK " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                        catch (final Exception ex)
                        {
                            serverSaw.set("server failed: " + ex);
                        }
                    });
                    final Process client = nets.python(ns, dir, "client", TCP_CLIENT, routerAddress,
                        String.valueOf(server.getLocalPort()));
                    forwardWhile(agent, client);
                    acceptor.join(5_000);
                    final ExceptionPathNode classifier =
                        (ExceptionPathNode)graph.node(graph.nodeIndex(ExceptionPathNode.NAME));
                    assertEquals(0, client.waitFor(), "client stderr: " + Files.readString(dir.resolve("client.err")) +
                        "; punted " + classifier.puntedFrames() + ", injected " + classifier.injectedFrames() +
                        ", wire rx/tx/txdrop " + wire.counters().rxPackets() + "/" + wire.counters().txPackets() +
                        "/" + wire.counters().txDrops() + ", tap rx/tx/txdrop " + tap.counters().rxPackets() + "/" +
                        tap.counters().txPackets() + "/" + tap.counters().txDrops() + ", drops " +
                        counters.dropReasons().count(org.ipv8router.dataplane.counters.DropReasons.BAD_TX_PORT) +
                        " bad-tx-port, " +
                        counters.dropReasons().count(org.ipv8router.dataplane.counters.DropReasons.TX_LINK_DOWN) +
                        " link-down; " + NetNamespaces.run(false, "ip", "-s", "link", "show", nets.name("t")) +
                        NetNamespaces.run(false, "ip", "neigh"));
                    assertEquals("ACK OPEN bgp8 hello", Files.readString(dir.resolve("client.out")).trim());
                    assertEquals("OPEN bgp8 hello from 198.18." + subnet + ".2", serverSaw.get());
                }
                agent.onClose();
                final ExceptionPathNode node = (ExceptionPathNode)graph.node(graph.nodeIndex(ExceptionPathNode.NAME));
                assertTrue(node.puntedFrames() >= 4, "ARP + TCP handshake, data and FIN were punted: " +
                    node.puntedFrames());
                assertTrue(node.injectedFrames() >= 4, "the kernel's ARP reply and TCP segments went out: " +
                    node.injectedFrames());
                assertTrue(wire.counters().txPackets() >= node.injectedFrames());
                assertTrue(tap.counters().txPackets() >= node.puntedFrames());
            }
            finally
            {
                if (exceptionPath != null)
                {
                    exceptionPath.close();
                }
                wire.close();
            }
        }
    }
}
