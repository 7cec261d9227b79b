package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.Arp8Timers;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.neighbor.NeighborState;
import org.ipv8router.testbed.host.link.InMemorySegment;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Ipv8Host} on an in-memory segment: no root, no namespaces. */
class Ipv8HostTest
{
    /** Short timers so FAILED and IPv4-only verdicts come in well under a second. */
    static final Arp8Timers FAST = new Arp8Timers(5_000_000L, 150_000_000L, 3, 60_000_000L,
        30_000_000_000L, 3_600_000_000_000L, 1_000_000_000L, 32);
    static final Duration WAIT = Duration.ofSeconds(3);

    private final InMemorySegment segment = new InMemorySegment();
    private final List<byte[]> wire = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Ipv8HostTest()
    {
        segment.tap(wire::add);
    }

    @AfterEach
    void tearDown() throws Exception
    {
        for (final AutoCloseable closeable : closeables.reversed())
        {
            closeable.close();
        }
    }

    private Ipv8Host host(final String name, final long mac, final String address, final String... gateways)
    {
        final Ipv8HostConfig.Builder builder = Ipv8HostConfig.builder(name).address(address).arpTimers(FAST)
            .announce(1, 0);
        for (final String gateway : gateways)
        {
            builder.gateway(gateway);
        }
        final Ipv8Host host = Ipv8Host.start(builder.build(), segment.attach(name, mac));
        closeables.add(host);
        return host;
    }

    private static long a(final String text)
    {
        return Ipv8Address.parse(text);
    }

    /** A scripted neighbour of {@code kind} on the segment at {@code address}; closed after the test. */
    private void scripted(final ScriptedNeighbor.Kind kind, final long mac, final String address)
    {
        closeables.add(new ScriptedNeighbor(segment, kind, mac, a(address)));
    }

    /** One echo request of {@code size} zero octets; the first record back, asserted to be an {@code expected}. */
    private static <T> T pingOnce(final Ipv8Host host, final String destination, final int sequence, final int ttl,
        final int size, final Class<T> expected) throws IOException, InterruptedException
    {
        try (Ipv8PingSocket ping = host.openPingSocket())
        {
            ping.send(a(destination), sequence, ttl, new byte[size]);
            return assertInstanceOf(expected, ping.receive(WAIT));
        }
    }

    @Test
    void twoIpv8HostsResolveEachOtherAsIpv8AndPingWithVersion8Headers() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final Ipv8Host hostB = host("b", 0x02_00_00_00_00_0BL, "64496.10.0.0.2/24");

        final NeighborInfo b = hostA.resolve(a("64496.10.0.0.2"), WAIT);
        assertNotNull(b);
        assertEquals(NeighborCapability.IPV8, b.capability());
        assertEquals(hostB.macAddress(), b.mac());

        try (Ipv8PingSocket ping = hostA.openPingSocket())
        {
            for (int seq = 1; seq <= 3; seq++)
            {
                ping.send(a("64496.10.0.0.2"), seq, 64, "abcdefgh".getBytes(StandardCharsets.US_ASCII));
                final EchoReply reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT));
                assertEquals(seq, reply.sequence());
                assertEquals(8, reply.ipVersion());
                assertEquals(a("64496.10.0.0.2"), reply.from());
                assertEquals(8, reply.dataLength());
            }
        }
        // B learned A from A's ARP8 request (it asked B): capability proven by the ARP8 frame itself.
        assertEquals(NeighborCapability.IPV8, hostB.neighbor(a("64496.10.0.0.1")).capability());
        final long v8Frames = wire.stream().filter(f -> ScriptedNeighbor.etherType(f) == EtherTypes.IPV8_DEFAULT &&
            (f[14] & 0xFF) == 0x87).count();
        assertEquals(6, v8Frames, "3 requests + 3 replies as IPv8 frames (0x8080, first octet 0x87)");
        assertEquals(0, wire.stream().filter(f -> ScriptedNeighbor.etherType(f) == EtherTypes.IPV4).count(),
            "no IPv4 data frames between two IPv8 hosts with r != 0");
        assertEquals(3, hostB.counter(HostCounter.ECHO_REQUESTS_ANSWERED));
    }

    @Test
    void ipv4OnlyNeighbourGetsPlainIpv4AndNeverAVersion8Header() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final ScriptedNeighbor linux = new ScriptedNeighbor(segment, ScriptedNeighbor.Kind.IPV4_ONLY_HOST,
            0x02_00_00_00_00_4CL, a("10.0.0.9"));
        closeables.add(linux);

        try (Ipv8PingSocket ping = hostA.openPingSocket())
        {
            // r = 0 and own-ASN forms both reach it, downgraded (spec 3.2).
            ping.send(a("0.0.0.0.10.0.0.9"), 1, 64, new byte[16]);
            EchoReply reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT));
            assertEquals(4, reply.ipVersion());
            assertEquals(a("0.0.0.0.10.0.0.9"), reply.from());
            ping.send(a("64496.10.0.0.9"), 2, 64, new byte[16]);
            reply = assertInstanceOf(EchoReply.class, ping.receive(WAIT));
            assertEquals(2, reply.sequence());
            assertEquals(4, reply.ipVersion());
        }
        final NeighborInfo entry = hostA.neighbor(a("0.0.0.0.10.0.0.9"));
        assertEquals(NeighborCapability.IPV4_ONLY, entry.capability());
        assertEquals(NeighborState.REACHABLE, entry.state());
        for (final byte[] frame : wire)
        {
            if (ScriptedNeighbor.destinationMac(frame) == linux.mac())
            {
                assertFalse(ScriptedNeighbor.etherType(frame) == EtherTypes.IPV8_DEFAULT, "0x8080 frame to IPv4 host");
                assertFalse(ScriptedNeighbor.etherType(frame) == EtherTypes.IPV4 && ScriptedNeighbor.readVersion(frame) == 8,
                    "version-8 header to IPv4 host");
            }
        }
        assertTrue(hostA.counter(HostCounter.IPV4_SENT) >= 2);
        assertEquals(0, hostA.counter(HostCounter.IPV8_SENT));
    }

    @Test
    void foreignAsnBehindIpv4OnlyNextHopIsRefusedNotDowngraded() throws Exception
    {
        // The only gateway is IPv4-only: a foreign-ASN destination must not be downgraded (spec 3.2, A17).
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24", "64496.10.0.0.254");
        scripted(ScriptedNeighbor.Kind.IPV4_ONLY_HOST, 0x02_00_00_00_00_FEL, "10.0.0.254");
        final IcmpError error = pingOnce(hostA, "64497.10.1.0.1", 1, 64, 8, IcmpError.class);
        assertTrue(error.local());
        assertEquals(IcmpMessage.TYPE_DESTINATION_UNREACHABLE, error.type());
        assertEquals(IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN, error.code());
        assertEquals(a("64497.10.1.0.1"), error.originalDestination());
        assertEquals(1, hostA.counter(HostCounter.IPV4_ONLY_FOREIGN_ASN));
        assertEquals(0, wire.stream().filter(f -> ScriptedNeighbor.etherType(f) == EtherTypes.IPV4).count());
    }

    @Test
    void udpBothWaysAndPortUnreachable() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final Ipv8Host hostB = host("b", 0x02_00_00_00_00_0BL, "64496.10.0.0.2/24");
        try (Ipv8DatagramSocket server = hostA.openDatagramSocket();
            Ipv8DatagramSocket client = hostB.openDatagramSocket())
        {
            server.bind(Ipv8SocketAddress.ANY.withPort(5000));
            final Ipv8SocketAddress serverAddress = Ipv8SocketAddress.parse("64496.10.0.0.1:5000");
            client.send(serverAddress, "hello".getBytes(StandardCharsets.US_ASCII));
            final Ipv8Datagram request = server.receive(WAIT);
            assertNotNull(request);
            assertEquals("hello", new String(request.data(), StandardCharsets.US_ASCII));
            assertEquals(a("64496.10.0.0.2"), request.source().address());
            assertEquals(client.localAddress().port(), request.source().port());
            assertEquals(8, request.ipVersion());

            server.send(request.source(), "world".getBytes(StandardCharsets.US_ASCII));
            final Ipv8Datagram response = client.receive(WAIT);
            assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), response.data());
            assertEquals(serverAddress, response.source());

            client.send(serverAddress.withPort(5001), new byte[] {1});
            final IcmpErrorException error = assertThrows(IcmpErrorException.class, () -> client.receive(WAIT));
            assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, error.error().code());
            assertEquals(5001, error.error().detail());
            assertEquals(a("64496.10.0.0.1"), error.error().reporter());
            assertFalse(error.error().local());
            assertEquals(8, error.error().ipVersion());
        }
    }

    @Test
    void silentNeighbourEndsInLocalHostUnreachable() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final IcmpError error = pingOnce(hostA, "64496.10.0.0.77", 1, 64, 8, IcmpError.class);
        assertTrue(error.local());
        assertEquals(IcmpMessage.CODE_HOST_UNREACHABLE, error.code());
        assertEquals(1, error.detail());
        assertEquals(NeighborState.FAILED, hostA.neighbor(a("64496.10.0.0.77")).state());
        // 3 rounds of ARP8 + ARP4 (spec 4.3), then the gratuitous ARP8 of start-up.
        assertEquals(4, hostA.counter(HostCounter.ARP8_REQUESTS_SENT));
        assertEquals(3, hostA.counter(HostCounter.ARP4_REQUESTS_SENT));
    }

    @Test
    void noGatewayMeansNetUnreachableAndTooLongIsRefused() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        try (Ipv8PingSocket ping = hostA.openPingSocket())
        {
            ping.send(a("64497.10.0.0.2"), 1, 64, new byte[8]);
            final IcmpError error = assertInstanceOf(IcmpError.class, ping.receive(WAIT));
            assertEquals(IcmpMessage.CODE_NET_UNREACHABLE, error.code());
            final IOException tooLong = assertThrows(IOException.class,
                () -> ping.send(a("64496.10.0.0.2"), 2, 64, new byte[1500]));
            assertTrue(tooLong.getMessage().contains("MTU"), tooLong.getMessage());
        }
    }

    @Test
    void timeExceededFromAnIpv8RouterReachesThePingSocket() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24", "64496.10.0.0.254");
        scripted(ScriptedNeighbor.Kind.IPV8_ROUTER, 0x02_08_00_00_00_FEL, "64496.10.0.0.254");
        final IcmpError error = pingOnce(hostA, "64497.10.1.0.1", 7, 1, 8, IcmpError.class);
        assertFalse(error.local());
        assertEquals(IcmpMessage.TYPE_TIME_EXCEEDED, error.type());
        assertEquals(a("64496.10.0.0.254"), error.reporter());
        assertEquals(a("64497.10.1.0.1"), error.originalDestination());
        assertEquals(7, error.detail());
        assertEquals(8, error.ipVersion());
        assertTrue(hostA.isIpv8Neighbor(a("64496.10.0.0.254")));
    }

    @Test
    void gatewayPairPrefersByParityAndFailsOverToTheOther() throws Exception
    {
        // Host .1 is odd: prefers .253. Only .254 exists, so after .253 fails the host uses .254.
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24", "64496.10.0.0.254",
            "64496.10.0.0.253");
        assertEquals(List.of(a("64496.10.0.0.253"), a("64496.10.0.0.254")), hostA.config().gateways());
        scripted(ScriptedNeighbor.Kind.IPV8_ROUTER, 0x02_08_00_00_00_FEL, "64496.10.0.0.254");
        try (Ipv8PingSocket ping = hostA.openPingSocket())
        {
            ping.send(a("64497.10.1.0.1"), 1, 1, new byte[8]);
            final IcmpError first = assertInstanceOf(IcmpError.class, ping.receive(WAIT));
            assertTrue(first.local(), "the packet queued for the silent .253 is lost: " + first);
            ping.send(a("64497.10.1.0.1"), 2, 1, new byte[8]);
            final IcmpError second = assertInstanceOf(IcmpError.class, ping.receive(WAIT));
            assertEquals(IcmpMessage.TYPE_TIME_EXCEEDED, second.type());
            assertEquals(a("64496.10.0.0.254"), second.reporter());
        }
    }

    @Test
    void configuredEtherTypeIsUsedForDataAndAsArp8Ptype() throws Exception
    {
        final Ipv8Host[] hosts = new Ipv8Host[2];
        for (int i = 0; i < 2; i++)
        {
            hosts[i] = Ipv8Host.start(Ipv8HostConfig.builder("e" + i).address("64496.10.0.0." + (i + 1) + "/24")
                .etherType(EtherTypes.LOCAL_EXPERIMENTAL_1).arpTimers(FAST).announce(1, 0).build(),
                segment.attach("e" + i, 0x02_00_00_00_01_00L + i));
            closeables.add(hosts[i]);
        }
        assertEquals(8, pingOnce(hosts[0], "64496.10.0.0.2", 1, 64, 4, EchoReply.class).ipVersion());
        assertTrue(wire.stream().anyMatch(f -> ScriptedNeighbor.etherType(f) == 0x88B5 && (f[14] & 0xFF) == 0x87));
        assertEquals(0, wire.stream().filter(f -> ScriptedNeighbor.etherType(f) == EtherTypes.IPV8_DEFAULT).count());
        assertTrue(wire.stream().anyMatch(f -> ScriptedNeighbor.etherType(f) == EtherTypes.ARP &&
            (f[16] & 0xFF) == 0x88 && (f[17] & 0xFF) == 0xB5 && f[19] == 8), "ARP8 with PTYPE 0x88B5, PLEN 8");
    }

    @Test
    void staticNeighbourIsUsedWithoutProbing() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final Ipv8Host hostB = host("b", 0x02_00_00_00_00_0BL, "64496.10.0.0.2/24");
        hostA.addStaticNeighbor(a("64496.10.0.0.2"), hostB.macAddress(), NeighborCapability.IPV8);
        assertEquals(8, pingOnce(hostA, "64496.10.0.0.2", 1, 64, 4, EchoReply.class).ipVersion());
        assertEquals(NeighborState.PERMANENT, hostA.neighbor(a("64496.10.0.0.2")).state());
        assertEquals(1, hostA.counter(HostCounter.ARP8_REQUESTS_SENT), "only the gratuitous announcement");
    }

    @Test
    void version8HeaderOnEtherType0800IsAcceptedAndAnsweredOnTheIpv8EtherType() throws Exception
    {
        final Ipv8Host hostA = host("a", 0x02_00_00_00_00_0AL, "64496.10.0.0.1/24");
        final InMemorySegment.Port raw = segment.attach("raw", 0x02_00_00_00_00_99L);
        closeables.add(raw);
        hostA.addStaticNeighbor(a("64496.10.0.0.9"), raw.macAddress(), NeighborCapability.IPV8);
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        new org.ipv8router.wire.EthernetFrame().wrap(frame, 0).writeHeader(hostA.macAddress(), raw.macAddress(),
            EtherTypes.IPV4);
        new org.ipv8router.wire.IcmpMessage().wrap(frame, 14 + 28, 8).writeEchoHeader(8, 0x4242, 5).updateChecksum();
        new org.ipv8router.wire.Ipv8Header().wrap(frame, 14).writeHeader(0, 36, 1, 0, 64, 1, a("64496.10.0.0.9"),
            a("64496.10.0.0.1"));
        raw.send(frame, 0, 60);
        final long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] reply = null;
        while (reply == null && System.nanoTime() < deadline)
        {
            for (final byte[] candidate : raw.drain())
            {
                if (ScriptedNeighbor.etherType(candidate) != EtherTypes.ARP)
                {
                    reply = candidate;
                }
            }
            Thread.sleep(5);
        }
        assertNotNull(reply, "no echo reply");
        assertEquals(EtherTypes.IPV8_DEFAULT, ScriptedNeighbor.etherType(reply), "a version-8 reply never goes on 0x0800");
        assertEquals(0x87, reply[14] & 0xFF);
        assertEquals(IcmpMessage.TYPE_ECHO_REPLY, reply[14 + 28]);
        assertEquals(1, hostA.counter(HostCounter.ECHO_REQUESTS_ANSWERED));
    }

    @Test
    void configErrorsNameTheOffendingPart()
    {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Ipv8HostConfig.builder("eth0").build());
        assertTrue(ex.getMessage().contains("eth0"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
            () -> Ipv8HostConfig.builder("eth0").address("64496.10.0.0.1/24").gateway("64496.10.1.0.254").build());
        assertTrue(ex.getMessage().contains("64496.10.1.0.254"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.parse("64496.10.0.0.1"));
        assertTrue(ex.getMessage().contains("prefix length"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.parse("64496.10.0.0.1/33"));
        assertTrue(ex.getMessage().contains("33"), ex.getMessage());
        assertEquals(new InterfaceAddress(a("64496.10.0.0.1"), 24), InterfaceAddress.parse("0.0.251.240.10.0.0.1/56"));
    }
}
