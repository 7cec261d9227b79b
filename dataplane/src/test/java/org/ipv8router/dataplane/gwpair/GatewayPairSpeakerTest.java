package org.ipv8router.dataplane.gwpair;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.dataplane.port.RingSegment;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two routers (even .254, odd .253) and a host on one {@link RingSegment} (learning switch), each router with its
 * {@link GatewayPairSpeaker}, all driven step by step by one fake clock: hello exchange, takeover after the dead
 * interval with gratuitous ARP8/ARP that move the virtual MAC in the switch, give-back when the even router returns,
 * and bad hellos counted.
 */
class GatewayPairSpeakerTest
{
    private static final long MS = 1_000_000L;
    private static final int R = 64496;
    private static final long EVEN = Ipv8Address.of(R, 0xC000_02FE);
    private static final long ODD = Ipv8Address.of(R, 0xC000_02FD);
    private static final long HOST = Ipv8Address.of(R, 0xC000_020A);
    private static final long HOST_MAC = 0x0200_0000_0A0AL;
    private static final long FE = GatewayPairTable_virtualMac(true);
    private static final long FD = GatewayPairTable_virtualMac(false);

    private final long[] clock = {1_000 * MS};
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final RingSegment segment = new RingSegment();
    private final List<String> events = new ArrayList<>();
    private Node a;
    private Node b;
    private RingHost host;

    private static long GatewayPairTable_virtualMac(final boolean even)
    {
        return org.ipv8router.dataplane.forward.GatewayPairTable.virtualMac(0, even);
    }

    /** One router on the segment and its speaker. */
    private final class Node
    {
        final String name;
        final Router router;
        final int member;
        final DataplaneCounters counters;
        GatewayPairSpeaker speaker;
        GatewayPairTimers timers;
        boolean alive = true;

        Node(final String name, final boolean even, final long mac)
        {
            this(name, even, mac, GatewayPairTimers.DEFAULTS);
        }

        Node(final String name, final boolean even, final long mac, final GatewayPairTimers timers)
        {
            this.name = name;
            this.timers = timers;
            counters = DataplaneCounters.inMemory(1024);
            final SlabPacketPool pool = new SlabPacketPool(name, 1024);
            final RingPort port = RingPort.hosted(
                new RingPort.Endpoint("seg", 0, pool, counters.newPortCounters(0, "seg")), 1 << 18);
            final long own = even ? EVEN : ODD;
            final RouterSpec spec = RouterSpec.builder().localAsn(R)
                .addInterface(new RouterSpec.Interface("seg", 0, mac, 0, List.of(new RouterSpec.Address(own, 56)),
                    RouterSpec.Role.INTERNAL, List.of(), List.of()))
                .gatewayPair(new RouterSpec.GatewayPair("seg", even, own, even ? ODD : EVEN, 0))
                .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
                .build();
            router = Router.create(spec, List.of(port), counters, () -> clock[0]);
            member = segment.attach(name, RingHost.of(port));
            closers.add(() ->
            {
                router.close();
                pool.close();
                counters.close();
            });
            restartSpeaker(counters);
        }

        void restartSpeaker(final DataplaneCounters counters)
        {
            speaker = new GatewayPairSpeaker(router, timers, counters,
                (i, e, d) -> events.add(name + " " + e + " " + d));
            speaker.start(clock[0]);
        }

        void cycle()
        {
            if (!alive)
            {
                return;
            }
            speaker.poll(clock[0]);
            router.agent().doWork();
            router.punt().drain((port, buffer, offset, length) -> speaker.onFrame(port, buffer, offset, length, clock[0]),
                256);
        }
    }

    private void run(final long millis)
    {
        for (long t = 0; t < millis; t += 10)
        {
            clock[0] += 10 * MS;
            for (int k = 0; k < 3; k++)
            {
                a.cycle();
                b.cycle();
                segment.pump();
            }
        }
    }

    @AfterEach
    void close() throws Exception
    {
        for (final AutoCloseable c : closers)
        {
            c.close();
        }
    }

    private void setUp()
    {
        setUp(GatewayPairTimers.DEFAULTS);
    }

    private void setUp(final GatewayPairTimers timers)
    {
        a = new Node("even", true, 0x0200_0000_00AAL, timers);
        b = new Node("odd", false, 0x0200_0000_00BBL, timers);
        host = segment.station("host");
    }

    /** @return the frames among {@code frames} that carry a version-8 header (IPv8 EtherType, or 0x0800 with 8). */
    private static List<byte[]> version8(final List<byte[]> frames)
    {
        final List<byte[]> v8 = new ArrayList<>();
        for (final byte[] f : frames)
        {
            final int type = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
            if (f.length > 14 && (type == 0x8080 || (type == 0x0800 && (f[14] & 0xF0) == 0x80)))
            {
                v8.add(f);
            }
        }
        return v8;
    }

    private static String describe(final List<byte[]> frames)
    {
        final StringBuilder b = new StringBuilder();
        for (final byte[] f : frames)
        {
            b.append(org.ipv8router.wire.EthernetFrame.formatMac(mac(f, 6))).append(" -> ")
                .append(org.ipv8router.wire.EthernetFrame.formatMac(mac(f, 0))).append("; ");
        }
        return frames.size() + " frame(s): " + b;
    }

    private static byte[] arp8Request(final long target)
    {
        final ByteBuffer f = ByteBuffer.allocate(60);
        putMac(f, 0, -1L >>> 16);
        putMac(f, 6, HOST_MAC);
        f.putShort(12, (short)0x0806);
        f.putShort(14, (short)1).putShort(16, (short)0x8080).put(18, (byte)6).put(19, (byte)8).putShort(20, (short)1);
        putMac(f, 22, HOST_MAC);
        f.putLong(28, HOST);
        f.putLong(42, target);
        return f.array();
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b.put(at + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    private static long mac(final byte[] frame, final int at)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (frame[at + i] & 0xFF);
        }
        return m;
    }

    /** ARP8 replies the host got for {@code target}: their sender MACs. */
    private List<Long> ask(final long target)
    {
        host.drainAll();
        host.inject(arp8Request(target));
        run(50);
        final List<Long> macs = new ArrayList<>();
        for (final byte[] f : host.drainAll())
        {
            if (mac(f, 0) == HOST_MAC && (f[12] & 0xFF) == 0x08 && (f[13] & 0xFF) == 0x06 && f[21] == 2 &&
                ByteBuffer.wrap(f).getLong(28) == target)
            {
                macs.add(mac(f, 22));
            }
        }
        return macs;
    }

    private GatewayPairSpeaker.Status status(final Node n)
    {
        return n.speaker.status(clock[0]).get(0);
    }

    @Test
    void helloTakeoverAndGiveBack()
    {
        setUp();
        run(1500);
        assertEquals(GatewayPairFsm.PeerState.UP, status(a).peer());
        assertEquals(GatewayPairFsm.PeerState.UP, status(b).peer());
        assertEquals("active", status(a).state());
        assertEquals("active", status(b).state());
        assertTrue(status(a).hellosSent() >= 2 && status(b).hellosReceived() >= 2, status(b).toString());
        assertEquals(0, status(a).hellosBad() + status(b).hellosBad());
        assertEquals(List.of(FE), ask(EVEN), "only the even router answers .254, with fe");
        assertEquals(List.of(FD), ask(ODD));
        assertEquals(a.member, segment.memberOf(FE), "the switch learned fe at the even router");

        // The even router dies.
        a.alive = false;
        segment.unplug(a.member, true);
        host.drainAll();
        run(1900); // the last hello left at most 1 s before the death: dead between 2 and 3 s after it
        assertFalse(status(b).peerHeld(), "not before the dead interval");
        run(1200);
        assertTrue(status(b).peerHeld());
        assertEquals("takeover", status(b).state());
        assertEquals(1, status(b).takeovers());
        assertEquals(b.member, segment.memberOf(FE), "the gratuitous ARP moved fe to the odd router");
        int garp8 = 0;
        int garp4 = 0;
        for (final byte[] f : host.drainAll())
        {
            if (mac(f, 0) == (-1L >>> 16) && mac(f, 6) == FE && f[13] == 0x06)
            {
                if (f[19] == 8 && ByteBuffer.wrap(f).getLong(28) == EVEN && ByteBuffer.wrap(f).getLong(42) == EVEN)
                {
                    garp8++;
                }
                if (f[19] == 4 && ByteBuffer.wrap(f).getInt(28) == (int)EVEN)
                {
                    garp4++;
                }
            }
        }
        assertEquals(1, garp8, "first gratuitous ARP8 for .254 from fe");
        assertEquals(1, garp4, "first gratuitous ARP for 192.0.2.254 from fe");
        assertEquals(List.of(FE), ask(EVEN), "the odd router answers .254 with fe");
        assertEquals(List.of(FD), ask(ODD));
        run(2100);
        assertTrue(events.contains("odd takeover 64496.192.0.2.254 on 02:08:00:00:00:fe: peer down"), events.toString());

        // The even router comes back (restarted control plane, fresh state).
        a.alive = true;
        segment.unplug(a.member, false);
        a.restartSpeaker(null);
        run(200);
        assertFalse(status(b).peerHeld(), "given back on the first hello of the returning owner");
        assertEquals(1, status(b).giveBacks());
        assertFalse(status(a).peerHeld(), "the returning router hears the odd one and takes nothing");
        assertEquals(List.of(FE), ask(EVEN));
        assertEquals(a.member, segment.memberOf(FE));
        run(3500);
        assertFalse(status(a).peerHeld());
        assertFalse(status(b).peerHeld());
        assertEquals(1, status(b).takeovers());
    }

    @Test
    void badHellosAreCountedAndIgnored()
    {
        // hello-destination multicast: the host (any station) sees the hellos, which lets it take one off the wire.
        setUp(GatewayPairTimers.DEFAULTS.withHelloDestination(GatewayPairTimers.HelloDestination.MULTICAST));
        run(1500);
        final byte[][] good = new byte[1][];
        // Capture one of the odd router's hellos as the even router receives it, then spoil copies of it.
        final long before = status(a).hellosReceived();
        b.router.controlTx(); // (hellos are built by the speaker; take one off the wire instead)
        host.drainAll();
        run(1000);
        for (final byte[] f : host.drainAll())
        {
            if (mac(f, 0) == GatewayPairSpeaker.ALL_ROUTERS_MAC && mac(f, 6) == FD)
            {
                good[0] = f;
            }
        }
        assertTrue(good[0] != null, "the host sees the odd router's hello to 01:00:5e:00:00:01 from fd");
        assertTrue(status(a).hellosReceived() > before);
        final int ip = 14;
        assertEquals(255, good[0][ip + 8] & 0xFF, "hello TTL 255");

        final byte[] ttl = good[0].clone();
        ttl[ip + 8] = 64;
        fixIpChecksum(ttl, ip);
        final GatewayPairSpeaker s = a.speaker;
        assertTrue(s.onFrame(0, new UnsafeBuffer(ttl), 0, ttl.length, clock[0]));
        assertEquals(1, status(a).hellosBad());
        assertEquals("TTL 64 (not 255: not from this segment)", status(a).lastBadReason());

        final byte[] sum = good[0].clone();
        sum[ip + 28 + 8 + 3] ^= 1; // flip the flags octet: UDP checksum no longer matches
        assertTrue(s.onFrame(0, new UnsafeBuffer(sum), 0, sum.length, clock[0]));
        assertEquals(2, status(a).hellosBad());
        assertEquals("UDP checksum", status(a).lastBadReason());

        final byte[] other = good[0].clone();
        other[ip + 28 + 2] = 1; // UDP destination port 8254 -> 264 + ...: not a hello at all
        assertFalse(s.onFrame(0, new UnsafeBuffer(other), 0, other.length, clock[0]));
        assertEquals(2, status(a).hellosBad());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("even bad-hello TTL 64")), events.toString());

        final byte[] slow = good[0].clone();
        slow[ip + 28 + 6] = 0x00;
        slow[ip + 28 + 7] = 0x00;
        slow[ip + 28 + 8 + 6] = 0x07; // hello interval 2000 ms
        slow[ip + 28 + 8 + 7] = (byte)0xD0;
        final long received = status(a).hellosReceived();
        assertTrue(s.onFrame(0, new UnsafeBuffer(slow), 0, slow.length, clock[0]));
        assertTrue(s.onFrame(0, new UnsafeBuffer(slow), 0, slow.length, clock[0]));
        assertEquals(received + 2, status(a).hellosReceived(), "other timers are not a bad hello");
        assertEquals(1, events.stream().filter(e -> e.startsWith("even timers-mismatch peer hello 2000 ms dead 3000 ms, " +
            "ours hello 1000 ms dead 3000 ms")).count(), events.toString());
    }

    @Test
    void unicastHellosNeverReachAThirdStationOnceTheSwitchHasLearned()
    {
        setUp();
        run(1500);
        assertEquals(GatewayPairFsm.PeerState.UP, status(a).peer());
        assertEquals(GatewayPairFsm.PeerState.UP, status(b).peer());
        assertEquals(FD, status(a).helloMac(), "even sends to where it heard odd: odd's virtual MAC");
        assertEquals(FE, status(b).helloMac());
        host.drainAll(); // frames flooded while the switch knew nobody
        final long hellosBefore = status(b).hellosReceived();
        run(3000);
        assertTrue(status(b).hellosReceived() >= hellosBefore + 3, "odd still hears even: " + status(b));
        assertEquals(List.of(), version8(host.drainAll()), "steady state: the IPv4-only station gets no hello");

        // Takeover: odd's hellos go to fe, which the switch has behind the dead router, then (after the gratuitous
        // ARP) behind odd itself: discarded either way, never flooded.
        a.alive = false;
        segment.unplug(a.member, true);
        run(3500);
        assertTrue(status(b).peerHeld(), status(b).toString());
        assertEquals(FE, status(b).helloMac(), "peer dead: back to its virtual MAC");
        final List<byte[]> takeover = version8(host.drainAll());
        assertEquals(List.of(), takeover, "takeover: " + describe(takeover));

        // Give-back with a preempt delay: the returning even router sends from its interface MAC (its VIP is not
        // active yet); odd must answer there, or even would never hear it and would take .253 too after 3 s.
        a.alive = true;
        segment.unplug(a.member, false);
        a.timers = GatewayPairTimers.DEFAULTS.withPreemptDelayMs(2_000);
        a.restartSpeaker(null);
        run(1500); // odd's next periodic hello comes up to 1 s after it heard even
        assertEquals(GatewayPairFsm.PeerState.UP, status(a).peer(), "even hears odd during its preempt delay: " + status(a) +
            " " + status(b) + " " + events);
        assertEquals(0x0200_0000_00AAL, status(b).helloMac(), "odd answers even's interface MAC");
        assertFalse(status(a).ownActive(), "even waits out its preempt delay: odd holds .254");
        assertTrue(status(b).peerHeld());
        run(1000);
        assertTrue(status(a).ownActive());
        assertFalse(status(b).peerHeld(), "given back after the preempt delay");
        run(3500);
        assertFalse(status(a).peerHeld(), "even never declared odd dead");
        assertEquals(1, status(b).takeovers());
        assertEquals(FE, status(b).helloMac());
        final List<byte[]> back = version8(host.drainAll());
        assertEquals(List.of(), back, "give-back: " + describe(back));
    }

    @Test
    void hellosToTheOwnVirtualMacAreHeardBeforeTheVipIsActive()
    {
        // Both start with a preempt delay: each sends from its interface MAC to the other's virtual MAC, which
        // neither answers yet. ethernet-input must still take these hellos (and only them).
        setUp(GatewayPairTimers.DEFAULTS.withPreemptDelayMs(10_000));
        run(1500);
        assertEquals(GatewayPairFsm.PeerState.UP, status(a).peer(), status(a).toString());
        assertEquals(GatewayPairFsm.PeerState.UP, status(b).peer(), status(b).toString());
        // Neither holds anything, so each hello says "nobody answers your VIP": both claim without waiting (9.2),
        // and nobody is declared dead.
        run(3500);
        assertTrue(status(a).ownActive() && status(b).ownActive(), status(a) + " " + status(b));
        assertFalse(status(a).peerHeld() || status(b).peerHeld(), "nobody was declared dead");
        assertEquals(0, status(a).takeovers() + status(b).takeovers());
        assertEquals(0, status(a).hellosBad() + status(b).hellosBad());
    }

    private static void fixIpChecksum(final byte[] f, final int ip)
    {
        f[ip + 10] = 0;
        f[ip + 11] = 0;
        final int c = org.ipv8router.wire.Checksum.compute(new UnsafeBuffer(f), ip, 28);
        f[ip + 10] = (byte)(c >>> 8);
        f[ip + 11] = (byte)c;
    }
}
