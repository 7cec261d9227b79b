package org.ipv8router.testbed.gwpair;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.GatewayPairTable;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.gwpair.GatewayPairSpeaker;
import org.ipv8router.dataplane.gwpair.GatewayPairTimers;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.dataplane.port.RingSegment;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pure-Java failover, in real time with the default timers (hello 1 s, dead 3 s): two routers, even (.254) and odd
 * (.253), share a host segment (a learning {@link RingSegment}) and an upstream segment with a server. The host
 * resolves its gateway .254 once (virtual MAC fe) and sends a numbered UDP8 flow to the server every 2 ms through
 * it; the even router is stopped mid-flow (forwarding, hellos and its cables). The {@link FailoverProbe} asserts
 * the flow was whole before, lost packets after, and recovered through the odd router no later than the dead
 * interval (+ slack for a loaded machine) after the failure, with the host's ARP entry untouched. An IPv4-only
 * station on the host segment must receive no version-8 frame from the pair once the switch has learned both
 * routers (spec 3.1/3.2; the hellos are unicast to the peer, profile 9.1), through the takeover too.
 */
class GatewayPairRingFailoverTest
{
    private static final int R = 64496;
    private static final long EVEN = Ipv8Address.of(R, 0xC000_02FE);
    private static final long ODD = Ipv8Address.of(R, 0xC000_02FD);
    private static final long HOST = Ipv8Address.of(R, 0xC000_020A);
    private static final long SERVER = Ipv8Address.of(R, 0xC633_640A);
    private static final long HOST_MAC = 0x0200_0000_0A0AL;
    private static final long SERVER_MAC = 0x0200_0000_6464L;
    /** Scheduling slack on a shared 2-core machine on top of the 3 s dead interval. */
    private static final long SLACK_MS = 400;

    private final RingSegment hostSegment = new RingSegment();
    private final RingSegment upstream = new RingSegment();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private PairRouter even;
    private PairRouter odd;

    /** A router on both segments, its forwarding thread and a speaker thread (the control plane). */
    private final class PairRouter implements AutoCloseable
    {
        final String name;
        final DataplaneCounters counters = DataplaneCounters.inMemory(2048);
        final SlabPacketPool pool;
        final Router router;
        final AgentRunner worker;
        final Thread control;
        final long upMac;
        final int hostMember;
        final int upMember;
        volatile boolean running = true;

        PairRouter(final String name, final boolean isEven)
        {
            this.name = name;
            pool = new SlabPacketPool(name, 4096);
            final RingPort seg = RingPort.hosted(new RingPort.Endpoint("seg", 0, pool,
                counters.newPortCounters(0, "seg")), 1 << 20);
            final RingPort up = RingPort.hosted(new RingPort.Endpoint("up", 1, pool,
                counters.newPortCounters(1, "up")), 1 << 20);
            final long own = isEven ? EVEN : ODD;
            upMac = isEven ? 0x0200_0000_01AAL : 0x0200_0000_01BBL;
            final RouterSpec spec = RouterSpec.builder().localAsn(R)
                .addInterface(new RouterSpec.Interface("seg", 0, isEven ? 0x0200_0000_00AAL : 0x0200_0000_00BBL, 0,
                    List.of(new RouterSpec.Address(own, 56)), RouterSpec.Role.INTERNAL, List.of(), List.of()))
                .addInterface(new RouterSpec.Interface("up", 1, upMac, 0,
                    List.of(new RouterSpec.Address(Ipv8Address.of(R, isEven ? 0xC633_6401 : 0xC633_6402), 56)),
                    RouterSpec.Role.INTERNAL, List.of(), List.of()))
                .neighbor("up", SERVER, SERVER_MAC, NeighborCapability.IPV8)
                .gatewayPair(new RouterSpec.GatewayPair("seg", isEven, own, isEven ? ODD : EVEN, 0))
                .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
                .build();
            router = Router.create(spec, List.of(seg, up), counters);
            hostMember = hostSegment.attach(name, RingHost.of(seg));
            upMember = upstream.attach(name, RingHost.of(up));
            worker = router.start(new BackoffIdleStrategy(10, 10, 1_000, 500_000));
            final GatewayPairSpeaker speaker = new GatewayPairSpeaker(router, GatewayPairTimers.DEFAULTS, counters,
                (i, e, d) -> events.add(name + " " + e + " " + d));
            control = Thread.ofPlatform().daemon().name(name + "-gwpair").start(() ->
            {
                speaker.start(System.nanoTime());
                while (running)
                {
                    speaker.poll(System.nanoTime());
                    router.punt().drain((port, buffer, offset, length) ->
                        speaker.onFrame(port, buffer, offset, length, System.nanoTime()), 256);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            });
        }

        /** The router dies: control plane and forwarding stop, both cables are cut. */
        void kill() throws InterruptedException
        {
            running = false;
            hostSegment.unplug(hostMember, true);
            upstream.unplug(upMember, true);
            control.join(5_000);
            worker.close();
        }

        @Override
        public void close() throws Exception
        {
            if (running)
            {
                kill();
            }
            router.close();
            pool.close();
            counters.close();
        }
    }

    @AfterEach
    void close() throws Exception
    {
        hostSegment.close();
        upstream.close();
        if (even != null)
        {
            even.close();
        }
        if (odd != null)
        {
            odd.close();
        }
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b.put(at + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    private static long mac(final byte[] f, final int at)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (f[at + i] & 0xFF);
        }
        return m;
    }

    /** The host's ARP8 for its gateway .254: returns the MAC in the (first) reply. */
    private static long resolveGateway(final RingHost host) throws Exception
    {
        final ByteBuffer f = ByteBuffer.allocate(60);
        putMac(f, 0, 0xFFFF_FFFF_FFFFL);
        putMac(f, 6, HOST_MAC);
        f.putShort(12, (short)0x0806);
        f.putShort(14, (short)1).putShort(16, (short)0x8080).put(18, (byte)6).put(19, (byte)8).putShort(20, (short)1);
        putMac(f, 22, HOST_MAC);
        f.putLong(28, HOST);
        f.putLong(42, EVEN);
        host.inject(f.array());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline)
        {
            for (final byte[] r : host.drainAll())
            {
                if (r[13] == 0x06 && r[21] == 2 && ByteBuffer.wrap(r).getLong(28) == EVEN)
                {
                    return mac(r, 22);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no ARP8 reply for .254");
    }

    /** UDP8 host -> server carrying the probe number, to the gateway MAC the host resolved once. */
    private static byte[] probe(final long gatewayMac, final int seq)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + 4);
        putMac(b, 0, gatewayMac);
        putMac(b, 6, HOST_MAC);
        b.putShort(12, (short)0x8080);
        b.put(14, (byte)0x87).putShort(16, (short)40).put(22, (byte)64).put(23, (byte)17);
        b.putLong(26, HOST).putLong(34, SERVER);
        b.putShort(42, (short)40000).putShort(44, (short)9).putShort(46, (short)12).putInt(50, seq);
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }

    @Test
    void flowResumesThroughTheOddRouterWithinTheDeadInterval() throws Exception
    {
        even = new PairRouter("even", true);
        odd = new PairRouter("odd", false);
        final RingHost host = hostSegment.station("host");
        final RingHost ipv4Only = hostSegment.station("ipv4-only");
        final RingHost server = upstream.station("server");
        hostSegment.start();
        upstream.start();

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(events.contains("even peer-up unknown -> up: hello") && events.contains("odd peer-up unknown -> up: hello")))
        {
            assertTrue(System.nanoTime() < deadline, "both routers hear hellos: " + events);
            Thread.sleep(20);
        }
        // Both have now sent from their virtual MACs, so the switch knows where each sits; what the IPv4-only
        // station got before (hellos to a not-yet-learned MAC, flooded) does not count.
        ipv4Only.drainAll();
        final long gatewayMac = resolveGateway(host);
        assertEquals(GatewayPairTable.virtualMac(0, true), gatewayMac, "the host's gateway .254 is 02:08:00:00:00:fe");

        final long[] lastServedBy = new long[1];
        final FailoverProbe probe = new FailoverProbe(
            seq -> host.inject(probe(gatewayMac, seq)),
            sink -> server.drain((buffer, offset, length) ->
            {
                if (length >= 54 && buffer.getShort(offset + 12, java.nio.ByteOrder.BIG_ENDIAN) == (short)0x8080 && buffer.getByte(offset + 23) == 17)
                {
                    lastServedBy[0] = (buffer.getShort(offset + 6, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFFL) << 32 |
                        (buffer.getInt(offset + 8, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
                    sink.accept(buffer.getInt(offset + 50, java.nio.ByteOrder.BIG_ENDIAN));
                }
            }, 1024),
            2);
        final FailoverProbe.Result r = probe.run(1_000, even::kill, 5_000);
        System.out.println("gateway-pair ring failover: " + r);
        System.out.println("gateway-pair events: " + events);

        assertEquals(0, r.lostBeforeFailure(), "the flow is whole before the failure: " + r);
        assertTrue(r.lostAfterFailure() > 0, "the flow ran through the even router, so its death costs packets: " + r);
        assertTrue(r.recovered(), "the flow resumes: " + r);
        assertTrue(r.recoveredAfterMs() <= GatewayPairTimers.DEFAULT_DEAD_INTERVAL_MS + SLACK_MS,
            "resumed within the dead interval: " + r);
        assertEquals(odd.upMac, lastServedBy[0], "the flow now leaves through the odd router");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("odd takeover 64496.192.0.2.254")), events.toString());
        final List<String> v8 = version8(ipv4Only.drainAll());
        assertEquals(List.of(), v8, "the IPv4-only station received version-8 frames");
    }

    /** Frames with a version-8 header (IPv8 EtherType, or 0x0800 with version 8), as "source -> destination". */
    private static List<String> version8(final List<byte[]> frames)
    {
        final List<String> v8 = new java.util.ArrayList<>();
        for (final byte[] f : frames)
        {
            final int type = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
            if (f.length > 14 && (type == 0x8080 || (type == 0x0800 && (f[14] & 0xF0) == 0x80)))
            {
                v8.add(String.format("%012x -> %012x", mac(f, 6), mac(f, 0)));
            }
        }
        return v8;
    }
}
