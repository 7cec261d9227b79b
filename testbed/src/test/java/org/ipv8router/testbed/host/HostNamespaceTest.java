package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.host.link.RawEthernetSocket;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host stack on real veth pairs in network namespaces (root only; skipped loudly otherwise):
 * two IPv8 hosts on one segment, and an IPv8 host next to an ordinary Linux (kernel IPv4) host.
 * Captures go to {@code target/host-captures/*.pcap}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostNamespaceTest
{
    private static final Duration WAIT = Duration.ofSeconds(4);
    private static final Path CAPTURES = Path.of("target", "host-captures");

    private NetnsLab lab;
    private String nsA;
    private String nsB;
    private String nsV8;
    private String nsLinux;

    @BeforeAll
    void setUp() throws IOException
    {
        NetnsLab.requireRoot();
        lab = new NetnsLab();
        nsA = lab.namespace("a");
        nsB = lab.namespace("b");
        lab.veth(nsA, "v8a", nsB, "v8b");
        nsV8 = lab.namespace("v");
        nsLinux = lab.namespace("l");
        lab.veth(nsV8, "v8v", nsLinux, "v8l");
        NetnsLab.run("ip", "-n", nsLinux, "addr", "add", "10.0.1.2/24", "dev", "v8l");
    }

    @AfterAll
    void tearDown()
    {
        if (lab != null)
        {
            lab.close();
        }
    }

    private static long a(final String text)
    {
        return Ipv8Address.parse(text);
    }

    @Test
    void rawSocketErrorsNameTheInterface() throws Exception
    {
        final IOException missing = assertThrows(IOException.class,
            () -> NetworkNamespace.open(nsA, () -> RawEthernetSocket.open("nosuch0")));
        assertTrue(missing.getMessage().contains("'nosuch0'") && missing.getMessage().contains("no such interface"),
            missing.getMessage());
        final IOException badNs = assertThrows(IOException.class,
            () -> NetworkNamespace.open("h8-no-such-ns", () -> RawEthernetSocket.open("lo")));
        assertTrue(badNs.getMessage().contains("h8-no-such-ns"), badNs.getMessage());
        try (RawEthernetSocket socket = NetworkNamespace.open(nsA, () -> RawEthernetSocket.open("v8a")))
        {
            assertEquals(1500, socket.mtu());
            assertTrue(socket.macAddress() != 0);
        }
    }

    @Test
    void twoIpv8HostsResolveAsIpv8AndPingWithVersion8OnTheWire() throws Exception
    {
        final NetnsLab.Capture capture = lab.capture(nsB, "v8b");
        try (Ipv8Host hostA = Ipv8Host.open(Ipv8HostConfig.builder("v8a").netns(nsA).address("64496.10.0.0.1/24").build());
            Ipv8Host hostB = Ipv8Host.open(Ipv8HostConfig.builder("v8b").netns(nsB).address("64496.10.0.0.2/24").build());
            Ipv8PingSocket ping = hostA.openPingSocket())
        {
            final NeighborInfo b = hostA.resolve(a("64496.10.0.0.2"), WAIT);
            assertNotNull(b, "ARP8 resolution of B timed out");
            assertEquals(NeighborCapability.IPV8, b.capability());
            assertEquals(hostB.macAddress(), b.mac());
            final NeighborInfo backwards = hostB.resolve(a("64496.10.0.0.1"), WAIT);
            assertEquals(NeighborCapability.IPV8, backwards.capability());

            for (int seq = 1; seq <= 3; seq++)
            {
                ping.send(a("64496.10.0.0.2"), seq, 64, new byte[56]);
                final EchoReply reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT), "reply " + seq);
                assertEquals(seq, reply.sequence());
                assertEquals(8, reply.ipVersion());
            }

            // UDP both ways, then an ICMPv8 port unreachable for a closed port.
            try (Ipv8DatagramSocket server = hostB.openDatagramSocket(); Ipv8DatagramSocket client = hostA.openDatagramSocket())
            {
                server.bind(Ipv8SocketAddress.parse("64496.10.0.0.2:7000"));
                client.send(Ipv8SocketAddress.parse("64496.10.0.0.2:7000"), "ping8".getBytes(StandardCharsets.US_ASCII));
                final Ipv8Datagram datagram = server.receive(WAIT);
                assertNotNull(datagram);
                assertEquals("ping8", new String(datagram.data(), StandardCharsets.US_ASCII));
                assertEquals(8, datagram.ipVersion());
                server.send(datagram.source(), "pong8".getBytes(StandardCharsets.US_ASCII));
                assertEquals("pong8", new String(client.receive(WAIT).data(), StandardCharsets.US_ASCII));
                client.send(Ipv8SocketAddress.parse("64496.10.0.0.2:7001"), new byte[4]);
                final IcmpErrorException error = assertThrows(IcmpErrorException.class, () -> client.receive(WAIT));
                assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, error.error().code());
                assertEquals(8, error.error().ipVersion());
            }
        }
        capture.close();
        capture.writePcap(CAPTURES.resolve("two-ipv8-hosts.pcap"));
        final List<byte[]> v8Echo = capture.received().stream()
            .filter(f -> etherType(f) == EtherTypes.IPV8_DEFAULT && (f[14] & 0xFF) == 0x87 && f[14 + 9] == 1 && f[14 + 28] == 8)
            .toList();
        assertEquals(3, v8Echo.size(), "B received the 3 echo requests as IPv8 (EtherType 0x8080, version 8, IHL 7)");
        assertEquals(0, capture.received().stream().filter(f -> etherType(f) == EtherTypes.IPV4).count(),
            "no IPv4 frames between IPv8 hosts");
        assertTrue(capture.received().stream().anyMatch(f -> etherType(f) == EtherTypes.ARP && f[14 + 5] == 8),
            "ARP8 (PLEN 8) frames on the wire");
    }

    @Test
    void ipv8HostAndLinuxHostTalkIpv4AndLinuxNeverSeesVersion8() throws Exception
    {
        final NetnsLab.Capture capture = lab.capture(nsLinux, "v8l");
        try (Ipv8Host host = Ipv8Host.open(Ipv8HostConfig.builder("v8v").netns(nsV8).address("64496.10.0.1.1/24").build());
            Ipv8PingSocket ping = host.openPingSocket();
            DatagramChannel linuxUdp = NetworkNamespace.open(nsLinux, () ->
                DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("10.0.1.2", 6000))))
        {
            final NeighborInfo linux = host.resolve(a("0.0.0.0.10.0.1.2"), WAIT);
            assertNotNull(linux, "dual probe did not settle");
            assertEquals(NeighborCapability.IPV4_ONLY, linux.capability(), "answered ARP4 only: " + linux);

            // IPv8 host -> Linux: ICMP echo, both address forms (r = 0 and own ASN, spec 3.2 downgrade).
            ping.send(a("0.0.0.0.10.0.1.2"), 1, 64, new byte[32]);
            EchoReply reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT));
            assertEquals(4, reply.ipVersion());
            assertEquals(a("0.0.0.0.10.0.1.2"), reply.from());
            ping.send(a("64496.10.0.1.2"), 2, 64, new byte[32]);
            reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT));
            assertEquals(2, reply.sequence());

            // Linux -> IPv8 host: iputils ping against the kernel stack of nsLinux.
            final NetnsLab.Result linuxPing = NetnsLab.exec(20, "ip", "netns", "exec", nsLinux,
                "ping", "-c", "3", "-i", "0.2", "-W", "3", "10.0.1.1");
            assertEquals(0, linuxPing.exitCode(), linuxPing.output());
            assertTrue(linuxPing.output().contains("3 received"), linuxPing.output());

            // UDP both ways: the kernel's UDP arrives with a partial checksum over veth (auxdata path).
            try (Ipv8DatagramSocket socket = host.openDatagramSocket())
            {
                socket.bind(Ipv8SocketAddress.ANY.withPort(6001));
                socket.send(Ipv8SocketAddress.parse("0.0.0.0.10.0.1.2:6000"), "to-linux".getBytes(StandardCharsets.US_ASCII));
                final ByteBuffer buffer = ByteBuffer.allocate(100);
                linuxUdp.configureBlocking(true);
                linuxUdp.socket().setSoTimeout(4000);
                final InetSocketAddress from = (InetSocketAddress)linuxUdp.receive(buffer);
                assertEquals("10.0.1.1", from.getAddress().getHostAddress());
                assertEquals(6001, from.getPort());
                assertEquals("to-linux", new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));

                linuxUdp.send(ByteBuffer.wrap("from-linux".getBytes(StandardCharsets.US_ASCII)), from);
                final Ipv8Datagram datagram = socket.receive(WAIT);
                assertNotNull(datagram, "no UDP from the Linux host");
                assertEquals("from-linux", new String(datagram.data(), StandardCharsets.US_ASCII));
                assertEquals(4, datagram.ipVersion());
                assertEquals(Ipv8SocketAddress.parse("0.0.0.0.10.0.1.2:6000"), datagram.source());

                // A closed port on the Linux host: the kernel's ICMPv4 port unreachable reaches the socket.
                socket.send(Ipv8SocketAddress.parse("0.0.0.0.10.0.1.2:6999"), new byte[3]);
                final IcmpErrorException error = assertThrows(IcmpErrorException.class, () -> socket.receive(WAIT));
                assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, error.error().code());
                assertEquals(4, error.error().ipVersion());
                assertEquals(a("0.0.0.0.10.0.1.2"), error.error().reporter());
            }
            assertEquals(0, host.counter(HostCounter.IPV8_SENT), "nothing may leave as IPv8 towards an IPv4-only host");
        }
        capture.close();
        capture.writePcap(CAPTURES.resolve("ipv8-host-and-linux-host.pcap"));
        assertTrue(capture.received().stream().anyMatch(f -> etherType(f) == EtherTypes.IPV4), "IPv4 traffic seen");
        assertTrue(capture.received().stream().anyMatch(f -> etherType(f) == EtherTypes.ARP && f[14 + 5] == 8),
            "the dual probe's broadcast ARP8 (0x0806, PLEN 8) reached the Linux host, which ignores it");
        for (final byte[] frame : capture.received())
        {
            final int type = etherType(frame);
            assertTrue(type != EtherTypes.IPV8_DEFAULT, "Linux host received an EtherType 0x8080 frame");
            assertTrue(!(type == EtherTypes.IPV4 && ((frame[14] >>> 4) & 0xF) == 8),
                "Linux host received a version-8 header");
        }
    }

    static int etherType(final byte[] frame)
    {
        return ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
    }
}
