package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fused fast path ({@code ip8-fast}) must not change behaviour: the same seeded random traffic (valid and
 * malformed frames, every role, zones, 8to4, TTL, MTU, DF, neighbour states from unknown through ARP8/ARP4
 * resolution to STALE and expiry, ARP in the same burst) goes through two routers built from the same spec, one
 * with the fast path and one without, and after every burst both must have sent the same frames on every port
 * (as multisets: fast packets reach port-output ahead of the slow ones of their burst), punted the same frames,
 * counted the same drop reasons and the same port counters. A test that only compared two identical slow paths
 * would pass trivially, so each run also asserts the fast path forwarded a good share of the packets.
 * <pre>
 *   p0 internal 64496.192.0.2.254/24 + zone 127.0.0.5 (10.5.0.254/24)   H1 (IPv8, static; its r = 0 form
 *                                                                        192.0.2.1 static IPv4-only)
 *   p1 external 203.0.113.1/30, peer ASNs 64497, 64510                   N 203.0.113.2 (IPv8, static)
 *   p2 internal 64496.10.1.0.254/24, MTU 300                             H2 IPv8 static, H3 IPv4-only static,
 *                                                                        H4 answers ARP8, H5 answers ARP4 only,
 *                                                                        H6 never answers
 *   p3 rine     100.0.0.1.10.9.0.1/24                                    R1 (IPv8, static)
 *   routes: 64497/32 via N, 198.51.100/24 via N, 64498/32 drop, 64499/32 via H3, 100.0.0.2/32 via R1,
 *           64500/32 via H4, 64501/32 via H5; 8to4 peer 64510 at 203.0.113.2; XLATE8 = N
 * </pre>
 */
class FastPathDifferentialTest
{
    static final long P0_MAC = MacAddress.local(0);
    static final long P1_MAC = MacAddress.local(1);
    static final long P2_MAC = MacAddress.local(2);
    static final long P3_MAC = MacAddress.local(3);
    static final long[] PORT_MACS = {P0_MAC, P1_MAC, P2_MAC, P3_MAC};

    static final int ZONE_R = 0x7F00_0005;
    static final int RINE_R = 0x6400_0001;
    static final long H1 = a(64496, 192, 0, 2, 1);
    static final long N = a(0, 203, 0, 113, 2);
    static final long H2 = a(64496, 10, 1, 0, 5);
    static final long H3 = a(64496, 10, 1, 0, 6);
    static final long H4 = a(64496, 10, 1, 0, 7);
    static final long H5 = a(64496, 10, 1, 0, 8);
    static final long H6 = a(64496, 10, 1, 0, 9);
    static final long R1 = ((long)RINE_R << 32) | a(0, 10, 9, 0, 2);
    static final long ZONE_HOST = ((long)ZONE_R << 32) | a(0, 10, 5, 0, 1);
    static final long H4_MAC = 0x02_00_00_00_04_04L;
    static final long H5_MAC = 0x02_00_00_00_05_05L;

    /** Addresses packets are made of: hosts, far ASNs, every special class the filters care about. */
    static final long[] ADDRESSES = {
        H1, H2, H3, H4, H5, H6, N, R1, ZONE_HOST,
        a(64497, 198, 51, 100, 7), a(64497, 10, 0, 0, 1), a(64498, 1, 2, 3, 4), a(64499, 1, 2, 3, 4),
        a(64500, 9, 9, 9, 9), a(64501, 9, 9, 9, 9), a(64510, 5, 6, 7, 8), a(64511, 1, 1, 1, 1),
        a(0, 198, 51, 100, 9), a(0, 203, 0, 113, 3), a(0, 10, 1, 0, 5), a(0, 10, 1, 0, 7), a(0, 192, 0, 2, 1),
        a(0, 172, 16, 0, 1), a(0, 8, 8, 8, 8), a(0, 224, 0, 0, 5), a(0, 239, 1, 1, 1), 0xFFFF_FFFFL, 0,
        a(64496, 192, 0, 2, 254), a(64496, 10, 1, 0, 254), a(0, 203, 0, 113, 1), a(0, 192, 0, 2, 254),
        a(64496, 222, 0, 0, 1), a(64497, 222, 1, 1, 1), ((long)RINE_R << 32) | a(0, 10, 9, 0, 1),
        ((long)0x6400_0002 << 32) | a(0, 1, 1, 1, 1), ((long)0x7F00_0006 << 32) | a(0, 10, 6, 0, 1),
        (0xFFFF_0001L << 32) | 5, (0xFFFF_FFF0L << 32) | 1, -1L, (0xFFFF_FFFFL << 32) | 7,
        (0xFFFF_1234L << 32) | a(0, 224, 0, 0, 1), a(64496, 10, 1, 0, 99), a(64496, 192, 0, 2, 77),
        a(0, 240, 0, 0, 1), // class E: one of ip8-fast's class-table entries (see FORWARDABLE for the others)
    };

    /** Destinations the router forwards somewhere (the common case, weighted up in "clean" bursts). */
    static final long[] FORWARDABLE = {
        H1, H2, H3, H4, H5, N, R1, a(64497, 198, 51, 100, 7), a(64497, 10, 0, 0, 1), a(64499, 1, 2, 3, 4),
        a(64500, 9, 9, 9, 9), a(64501, 9, 9, 9, 9), a(0, 198, 51, 100, 9), a(0, 10, 1, 0, 5),
        ((long)0x6400_0002 << 32) | a(0, 1, 1, 1, 1),
        // ip8-fast's class tables and our-address filter: n 222 under r = 0 (no interior link), n 0.x under
        // r != 0, and the low 6 bits of one of our addresses (.254 & 63 = 62) on a foreign address
        a(0, 222, 1, 2, 3), a(64497, 0, 0, 0, 9), a(64497, 198, 51, 100, 62),
    };

    static RouterSpec.Builder topology(final WireProfile profile, final boolean fastPath)
    {
        return RouterSpec.builder()
            .profile(profile)
            .fastPath(fastPath)
            .localAsn(64496)
            .addInterface(new RouterSpec.Interface("p0", 0, 0, 0,
                List.of(new RouterSpec.Address(a(64496, 192, 0, 2, 254), 56),
                    new RouterSpec.Address(((long)ZONE_R << 32) | a(0, 10, 5, 0, 254), 56)),
                RouterSpec.Role.INTERNAL, List.of(new RouterSpec.Zone(ZONE_R, 1)), List.of()))
            .addInterface(new RouterSpec.Interface("p1", 1, 0, 0,
                List.of(new RouterSpec.Address(a(0, 203, 0, 113, 1), 62)),
                RouterSpec.Role.EXTERNAL, List.of(), List.of(64497L, 64510L)))
            .addInterface(new RouterSpec.Interface("p2", 2, 0, 300,
                List.of(new RouterSpec.Address(a(64496, 10, 1, 0, 254), 56)),
                RouterSpec.Role.INTERNAL, List.of(), List.of()))
            .addInterface(new RouterSpec.Interface("p3", 3, 0, 0,
                List.of(new RouterSpec.Address(((long)RINE_R << 32) | a(0, 10, 9, 0, 1), 56)),
                RouterSpec.Role.RINE, List.of(), List.of()))
            .route(a(64497, 0, 0, 0, 0), 32, N)
            .route(a(0, 198, 51, 100, 0), 56, N)
            .route(a(0, 222, 0, 0, 0), 40, N)
            .dropRoute(a(64498, 0, 0, 0, 0), 32)
            .route(a(64499, 0, 0, 0, 0), 32, H3)
            .route(a(64500, 0, 0, 0, 0), 32, H4)
            .route(a(64501, 0, 0, 0, 0), 32, H5)
            .route((long)0x6400_0002 << 32, 32, R1)
            .eightToFourPeer(64510, (int)N)
            .xlate8NextHop(N)
            .neighbor(null, N, 0x02_00_00_00_02_02L, NeighborCapability.IPV8)
            .neighbor(null, H1, 0x02_00_00_00_01_01L, NeighborCapability.IPV8)
            .neighbor("p0", a(0, 192, 0, 2, 1), 0x02_00_00_00_01_01L, NeighborCapability.IPV4_ONLY)
            .neighbor(null, H2, 0x02_00_00_00_01_02L, NeighborCapability.IPV8)
            .neighbor(null, H3, 0x02_00_00_00_01_03L, NeighborCapability.IPV4_ONLY)
            .neighbor("p3", R1, 0x02_00_00_00_03_03L, NeighborCapability.IPV8)
            .icmpRate(1000, 20);
    }

    @Test
    void randomTrafficAnyMacDefaultProfile()
    {
        for (long seed = 1; seed <= 6; seed++)
        {
            compare(seed, WireProfile.DEFAULT, true, 40);
        }
    }

    @Test
    void randomTrafficStrictMacNoV8On0800()
    {
        for (long seed = 101; seed <= 106; seed++)
        {
            compare(seed, WireProfile.DEFAULT.withAcceptV8On0800(false), false, 40);
        }
    }

    @Test
    void randomTrafficWithAcl8EgressValidationAndReturnFlowsActive()
    {
        // The features ip8-fast must step aside for (read live through ForwardingFeatures): ACL8 on p0 (only H1's
        // traffic and anything to 64497 permitted), egress validation enforcing on the external p1 (H1 -> 64497
        // permitted), return flows on (the default) so downgrades record and IPv4 replies may be restored.
        for (long seed = 201; seed <= 204; seed++)
        {
            compare(seed, WireProfile.DEFAULT, true, 40, b -> b
                .acl8("p0", List.of(Acl8Rule.permit(H1, 64, 0, 0), Acl8Rule.permit(0, 0, a(64497, 0, 0, 0, 0), 32)))
                .egressValidation(EgressValidationMode.ENFORCE)
                .egressPermit(new EgressPermit(H1, 64, 0, true, 64497)));
        }
    }

    @Test
    void aVipHeldForADeadGatewayPairPeerIsDeliveredLocallyNotForwarded()
    {
        // p2 is the even member (.254) of a pair; the odd peer (.253) died and we hold its VIP. Its old real MAC is
        // still a resolved neighbour, so only the held-VIP check keeps ip8-fast from forwarding to it.
        final long peerVip = a(64496, 10, 1, 0, 253);
        final java.util.function.UnaryOperator<RouterSpec.Builder> pair = b -> b
            .gatewayPair(new RouterSpec.GatewayPair("p2", true, a(64496, 10, 1, 0, 254), peerVip, 0))
            .neighbor("p2", peerVip, 0x02_00_00_00_0F_0DL, NeighborCapability.IPV8);
        try (TestRouter fast = new TestRouter(pair.apply(topology(WireProfile.DEFAULT, true)), 4, true);
            TestRouter slow = new TestRouter(pair.apply(topology(WireProfile.DEFAULT, false)), 4, true))
        {
            final byte[] toPeerVip = Pkt.ether(P0_MAC, 0x02_00_00_00_01_01L, 0x8080,
                Pkt.ipv8(H1, peerVip, 64, 17, 0, Pkt.udp(1, 2, new byte[18])));
            for (final TestRouter r : List.of(fast, slow))
            {
                r.inject(0, toPeerVip);
                r.run();
            }
            assertSame(fast, slow, "peer alive");
            assertEquals(1, fast.ports.get(2).counters().txPackets(), "peer alive: forwarded to it");
            assertEquals(1, fast.router.fastPathForwarded(), "peer alive: by ip8-fast");
            for (final TestRouter r : List.of(fast, slow))
            {
                r.router.gatewayPairs().peerHeld(2, true);
                r.inject(0, toPeerVip);
                r.run();
            }
            assertSame(fast, slow, "peer VIP held");
            assertEquals(1, fast.ports.get(2).counters().txPackets(), "peer VIP held: not forwarded again");
            assertEquals(1, fast.router.fastPathForwarded(), "peer VIP held: left to ip8-local");
        }
    }

    @Test
    void theCommonCasesAllTakeTheFastPath()
    {
        try (TestRouter fast = new TestRouter(topology(WireProfile.DEFAULT, true), 4, false);
            TestRouter slow = new TestRouter(topology(WireProfile.DEFAULT, false), 4, false))
        {
            final long h1Mac = 0x02_00_00_00_01_01L;
            final long nMac = 0x02_00_00_00_02_02L;
            final byte[] udp = Pkt.udp(40000, 53, new byte[10]);
            final List<byte[]> frames = List.of(
                Pkt.ether(P0_MAC, h1Mac, 0x8080, Pkt.ipv8(H1, H2, 64, 17, 0, udp)),               // local ASN
                Pkt.ether(P0_MAC, h1Mac, 0x8080, Pkt.ipv8(H1, a(64497, 198, 51, 100, 7), 2, 17, 0x4000, udp)),
                Pkt.ether(P0_MAC, h1Mac, 0x0800, Pkt.ipv8(H1, H2, 64, 1, 0, udp)),                // v8 on 0x0800
                Pkt.ether(P0_MAC, h1Mac, 0x0800, Pkt.ipv4((int)H1, (int)a(0, 198, 51, 100, 9), 9, 6, 0, udp)),
                java.util.Arrays.copyOf(Pkt.ether(P0_MAC, h1Mac, 0x8080, Pkt.ipv8(H1, H2, 64, 17, 0, udp)), 90),
                Pkt.ether(P1_MAC, nMac, 0x8080, Pkt.ipv8(a(64497, 198, 51, 100, 7), H1, 255, 17, 0, udp)),
                Pkt.ether(P1_MAC, nMac, 0x0800, Pkt.ipv4((int)a(0, 198, 51, 100, 9), (int)H1, 64, 17, 0, udp)),
                Pkt.ether(P3_MAC, 0x02_00_00_00_03_03L, 0x8080, Pkt.ipv8(R1, ((long)0x6400_0002 << 32) | 7, 64, 17, 0, udp)),
                // IPv4 to n 222.x leaves on the external port: no interior link without an r
                Pkt.ether(P0_MAC, h1Mac, 0x0800, Pkt.ipv4((int)H1, (int)a(0, 222, 1, 2, 3), 9, 6, 0, udp)),
                // the low 6 bits of one of our addresses, but not ours; and n 0.x under a foreign r
                Pkt.ether(P0_MAC, h1Mac, 0x8080, Pkt.ipv8(H1, a(64497, 198, 51, 100, 62), 64, 17, 0, udp)),
                Pkt.ether(P0_MAC, h1Mac, 0x8080, Pkt.ipv8(H1, a(64497, 0, 0, 0, 9), 64, 17, 0, udp)));
            for (int k = 0; k < frames.size(); k++)
            {
                final byte[] frame = frames.get(k);
                final int port = frame[5];
                fast.inject(port, frame);
                slow.inject(port, frame);
                fast.run();
                slow.run();
                assertEquals(k + 1, fast.router.fastPathForwarded(), "common case " + k + " took ip8-fast");
                assertSame(fast, slow, "common case " + k);
            }
            assertEquals(frames.size(), fast.router.fastPathForwarded(), "every common case took ip8-fast");
            assertEquals(frames.size(), slow.ports.get(0).counters().txPackets() +
                slow.ports.get(1).counters().txPackets() + slow.ports.get(2).counters().txPackets() +
                slow.ports.get(3).counters().txPackets(), "all forwarded");
        }
    }

    @Test
    void aVectorLongerThanTheScratchArraysTakesTheGraphWhole()
    {
        try (TestRouter t = new TestRouter(topology(WireProfile.DEFAULT, true), 4, false))
        {
            final Node fastNode = t.router.graph().node(t.router.graph().nodeIndex(FastPathNode.NAME));
            final byte[] frame = Pkt.ether(P0_MAC, 0x02_00_00_00_01_01L, 0x8080,
                Pkt.ipv8(H1, H2, 64, 17, 0, Pkt.udp(40000, 53, new byte[10])));
            for (final int n : new int[] {1, PacketVector.DEFAULT_CAPACITY + 1})
            {
                final PacketVector vector = new PacketVector(2 * PacketVector.DEFAULT_CAPACITY);
                for (int k = 0; k < n; k++)
                {
                    final long handle = t.pool.alloc();
                    final int i = vector.add(t.pool, handle, t.pool.bufferAddress(handle), t.pool.headroom(),
                        frame.length, 0);
                    vector.buffer(i).putBytes(0, frame);
                }
                fastNode.process(vector);
                for (int i = 0; i < n; i++)
                {
                    // slot 1 is port-output (forwarded here), slot 0 ethernet-input (the graph)
                    assertEquals(n == 1 ? 1 : 0, vector.next(i), n + " packets, packet " + i);
                }
                vector.freeAll();
            }
        }
    }

    @Test
    void packetsReleasedByArp8AreNotOvertakenByTheFlowsNextPacket()
    {
        for (final boolean fastPath : new boolean[]{true, false})
        {
            try (TestRouter t = new TestRouter(topology(WireProfile.DEFAULT, fastPath), 4))
            {
                final long h1Mac = 0x02_00_00_00_01_01L;
                final byte[][] packets = new byte[3][];
                for (int k = 0; k < 3; k++)
                {
                    packets[k] = Pkt.ipv8(H1, H4, 64, 17, 0, Pkt.udp(40000, 9, new byte[]{(byte)k}));
                }
                t.inject(0, Pkt.ether(P0_MAC, h1Mac, 0x8080, packets[0]));
                t.inject(0, Pkt.ether(P0_MAC, h1Mac, 0x8080, packets[1]));
                t.run(); // H4 unknown: both held, ARP8 probe out of p2
                assertEquals(1, t.sent(2).size(), "the ARP8 request");
                t.inject(2, Pkt.ether(P2_MAC, H4_MAC, 0x0806, Pkt.arp8(2, H4_MAC, H4, P2_MAC, a(64496, 10, 1, 0, 254))));
                t.router.agent().doWork(); // the reply resolves H4 and releases the two held packets
                t.inject(0, Pkt.ether(P0_MAC, h1Mac, 0x8080, packets[2])); // arrives as they re-enter the graph
                t.run();
                final List<byte[]> out = t.sent(2);
                assertEquals(3, out.size(), "fast path " + fastPath);
                for (int k = 0; k < 3; k++)
                {
                    assertEquals(k, out.get(k)[out.get(k).length - 1], "fast path " + fastPath + ": packet " + k +
                        " leaves in order");
                }
            }
        }
    }

    @Test
    void blockedInterfacesTakeTheSlowPathWithTheSameResult()
    {
        try (TestRouter fast = new TestRouter(topology(WireProfile.DEFAULT, true), 4);
            TestRouter slow = new TestRouter(topology(WireProfile.DEFAULT, false), 4))
        {
            assertFalse(slow.router.nodeNames().contains(FastPathNode.NAME), "fast path off: not in the graph");
            assertFalse(slow.router.fastPath().isIngressEligible(0), "fast path off: every port blocked by OPERATOR");
            assertEquals("[OPERATOR in/out]", slow.router.fastPath().describe(0));
            assertEquals(FastPathNode.NAME, fast.router.graph().node(fast.router.graph().startNodeIndex()).name());
            final byte[] frame = Pkt.ether(P0_MAC, 0x02_00_00_00_01_01L, 0x8080,
                Pkt.ipv8(H1, H2, 64, 17, 0, Pkt.udp(1, 2, new byte[18])));

            fast.inject(0, frame);
            fast.run();
            assertEquals(1, fast.router.fastPathForwarded(), "eligible: forwarded by ip8-fast");
            assertEquals(1, fast.sent(2).size());

            final FastPathEligibility eligibility = fast.router.fastPath();
            eligibility.block(0, FastPathEligibility.LOCAL_SERVICE, true, false);
            assertEquals("[LOCAL_SERVICE in]", eligibility.describe(0));
            fast.inject(0, frame);
            fast.run();
            assertEquals(1, fast.router.fastPathForwarded(), "ingress blocked: slow path");
            assertEquals(1, fast.sent(2).size(), "and still forwarded");

            eligibility.block(2, FastPathEligibility.FIRST_FREE, false, true);
            eligibility.unblock(0, FastPathEligibility.LOCAL_SERVICE, true, false);
            fast.inject(0, frame);
            fast.run();
            assertEquals(1, fast.router.fastPathForwarded(), "egress blocked: slow path");
            assertEquals(1, fast.sent(2).size());

            eligibility.unblock(2, FastPathEligibility.FIRST_FREE, false, true);
            fast.inject(0, frame);
            fast.run();
            assertEquals(2, fast.router.fastPathForwarded(), "unblocked: fast again");
            assertEquals(1, fast.sent(2).size());
            assertEquals("[]", eligibility.describe(0));
        }
    }

    @Test
    void shortcutChecksumArithmeticEqualsTheGeneralOne()
    {
        for (int checksum = 0; checksum <= 0xFFFF; checksum++)
        {
            for (int word = 0x0200; word <= 0xFFFF; word += 0x1F00 + (checksum & 0xFF))
            {
                final int expected = org.ipv8router.wire.Checksum.update16(checksum, word, word - 0x0100);
                if (FastPathNode.ttlDecrementedChecksum(checksum) != expected)
                {
                    fail("checksum " + checksum + " word " + word + ": expected " + expected);
                }
            }
        }
        final Random random = new Random(7);
        for (int k = 0; k < 1_000_000; k++)
        {
            final long sum = k < 1000 ? 0xFFFFL * (k + 1) + (k % 3) - 1 : 1 + (random.nextLong() >>> 28);
            if ((org.ipv8router.wire.Checksum.fold(sum) == 0xFFFF) != FastPathNode.isOnesComplementAllOnes(sum))
            {
                fail("sum " + sum);
            }
        }
        assertTrue(FastPathNode.isOnesComplementAllOnes(0xFFFFL * 12345));
        assertFalse(FastPathNode.isOnesComplementAllOnes(0xFFFFL * 12345 + 1));
    }

    @Test
    void eligibilityRejectsBadArguments()
    {
        final FastPathEligibility eligibility = new FastPathEligibility(2, true);
        final IllegalArgumentException port = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> eligibility.block(5, FastPathEligibility.LOCAL_SERVICE, true, true));
        assertTrue(port.getMessage().contains("no port index 5"), port.getMessage());
        final IllegalArgumentException feature = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> eligibility.block(1, 3, true, true));
        assertTrue(feature.getMessage().contains("one bit"), feature.getMessage());
        eligibility.block(1, FastPathEligibility.LOCAL_SERVICE, true, false);
        eligibility.block(1, FastPathEligibility.FIRST_FREE, true, true);
        eligibility.unblock(1, FastPathEligibility.LOCAL_SERVICE, true, false);
        assertFalse(eligibility.isIngressEligible(1), "FIRST_FREE still blocks ingress");
        assertFalse(eligibility.isEgressEligible(1));
        assertTrue(eligibility.isIngressEligible(0));
    }

    // ------------------------------------------------------------------------------------------------ the twin run

    private static void compare(final long seed, final WireProfile profile, final boolean anyMac, final int bursts)
    {
        compare(seed, profile, anyMac, bursts, b -> b);
    }

    private static void compare(
        final long seed, final WireProfile profile, final boolean anyMac, final int bursts,
        final java.util.function.UnaryOperator<RouterSpec.Builder> features)
    {
        final Random random = new Random(seed);
        long total = 0;
        try (TestRouter fast = new TestRouter(features.apply(topology(profile, true)), 4, anyMac);
            TestRouter slow = new TestRouter(features.apply(topology(profile, false)), 4, anyMac))
        {
            for (int b = 0; b < bursts; b++)
            {
                final int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 400 : 64);
                // Half the bursts are "clean" (no ARP, VLAN or junk: the fast path may take the whole burst); the
                // others mix everything, and an ARP or VLAN frame sends the whole burst the slow way.
                final boolean clean = random.nextBoolean();
                for (int k = 0; k < n; k++)
                {
                    final int port = random.nextInt(10) < 6 ? random.nextInt(3) : random.nextInt(4);
                    final byte[] frame = randomFrame(random, port, profile, clean);
                    fast.inject(port, frame);
                    slow.inject(port, frame);
                }
                total += n;
                final String where = "seed " + seed + " burst " + b;
                fast.run();
                slow.run();
                assertSame(fast, slow, where);
                final int step = random.nextInt(12);
                final long advance = step == 0 ? 31_000_000_000L : step == 1 ? 5L * 3600 * 1_000_000_000L :
                    step < 5 ? 200_000_000L : step < 7 ? 3_000_000L : 0;
                if (advance > 0)
                {
                    fast.advance(advance);
                    slow.advance(advance);
                    assertSame(fast, slow, where + " after +" + advance + " ns");
                }
            }
            final long forwardedFast = fast.router.fastPathForwarded();
            long sent = 0;
            for (int p = 0; p < 4; p++)
            {
                sent += slow.ports.get(p).counters().txPackets();
            }
            assertTrue(forwardedFast > sent / 20, "seed " + seed + ": the fast path forwarded " + forwardedFast +
                " of " + sent + " frames sent; the comparison must exercise it");
            assertEquals(0, slow.router.fastPathForwarded());
        }
    }

    private static void assertSame(final TestRouter fast, final TestRouter slow, final String where)
    {
        for (int p = 0; p < 4; p++)
        {
            assertEquals(sorted(slow.sent(p)), sorted(fast.sent(p)), where + ": frames sent on p" + p);
            assertEquals(slow.ports.get(p).counters().rxPackets(), fast.ports.get(p).counters().rxPackets(),
                where + ": p" + p + " rx packets");
            assertEquals(slow.ports.get(p).counters().txPackets(), fast.ports.get(p).counters().txPackets(),
                where + ": p" + p + " tx packets");
            assertEquals(slow.ports.get(p).counters().txBytes(), fast.ports.get(p).counters().txBytes(),
                where + ": p" + p + " tx bytes");
            assertEquals(slow.ports.get(p).counters().txDrops(), fast.ports.get(p).counters().txDrops(),
                where + ": p" + p + " tx drops");
        }
        assertEquals(punts(slow), punts(fast), where + ": punted frames");
        final DropReasons slowDrops = slow.counters.dropReasons();
        final DropReasons fastDrops = fast.counters.dropReasons();
        for (int code = 0; code < DropReasons.MAX_CODES; code++)
        {
            if (slowDrops.isRegistered(code))
            {
                assertEquals(slowDrops.count(code), fastDrops.count(code), where + ": drops " + slowDrops.name(code));
            }
        }
    }

    private static List<String> sorted(final List<byte[]> frames)
    {
        final List<String> out = new ArrayList<>();
        for (final byte[] f : frames)
        {
            out.add(Pkt.hex(f));
        }
        out.sort(null);
        return out;
    }

    private static List<String> punts(final TestRouter t)
    {
        final List<String> out = new ArrayList<>();
        final PuntQueue.Handler handler = (ingressPort, buffer, offset, length) ->
        {
            final byte[] frame = new byte[length];
            buffer.getBytes(offset, frame);
            out.add(ingressPort + ":" + Pkt.hex(frame));
        };
        while (t.router.punt().drain(handler, 256) > 0)
        {
            // until empty
        }
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ traffic

    private static final Map<Integer, long[]> HOST_MACS = new HashMap<>();

    static
    {
        HOST_MACS.put(0, new long[]{0x02_00_00_00_01_01L});
        HOST_MACS.put(1, new long[]{0x02_00_00_00_02_02L});
        HOST_MACS.put(2, new long[]{0x02_00_00_00_01_02L, H4_MAC, H5_MAC});
        HOST_MACS.put(3, new long[]{0x02_00_00_00_03_03L});
    }

    static byte[] randomFrame(final Random r, final int port, final WireProfile profile, final boolean clean)
    {
        final int kind = clean ? 6 + r.nextInt(94) : r.nextInt(100);
        if (kind < 4 && port == 2)
        {
            return arpFromHost(r);
        }
        if (kind < 6)
        {
            final byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            return junk;
        }
        final boolean v8 = kind < 75;
        final long src = sourceFor(r, port);
        long dst = clean && r.nextInt(10) < 7 ? FORWARDABLE[r.nextInt(FORWARDABLE.length)] :
            ADDRESSES[r.nextInt(ADDRESSES.length)];
        final int ttl = new int[]{0, 1, 2, 3, 64, 64, 64, 255}[r.nextInt(8)];
        final int protocol = new int[]{17, 17, 1, 6, 253}[r.nextInt(5)];
        final int flags = r.nextInt(3) == 0 ? 0x4000 : 0;
        final int payloadLength = r.nextInt(8) == 0 ? 250 + r.nextInt(200) : r.nextInt(40);
        final byte[] payload = new byte[payloadLength];
        r.nextBytes(payload);
        if (protocol == 17 && payloadLength >= 8)
        {
            payload[6] = 0; // UDP checksum 0: the router's own UDP services accept it
            payload[7] = 0;
        }
        byte[] l3;
        int etherType;
        if (v8)
        {
            l3 = Pkt.ipv8(src, dst, ttl, protocol, flags, payload);
            etherType = r.nextInt(8) == 0 ? 0x0800 : profile.ipv8EtherType();
        }
        else
        {
            if ((dst >>> 32) != 0 && r.nextBoolean())
            {
                dst &= 0xFFFF_FFFFL;
            }
            l3 = Pkt.ipv4((int)src, (int)dst, ttl, protocol, flags, payload);
            etherType = r.nextInt(10) == 0 ? profile.ipv8EtherType() : 0x0800;
        }
        l3 = mutate(r, l3, v8);
        long dstMac = PORT_MACS[port];
        final int macChoice = r.nextInt(20);
        if (macChoice == 0)
        {
            dstMac = 0xFFFF_FFFF_FFFFL;
        }
        else if (macChoice == 1)
        {
            dstMac = 0x02_00_00_00_77_77L;
        }
        else if (macChoice == 2)
        {
            dstMac = 0x01_00_5E_00_00_01L;
        }
        final long[] macs = HOST_MACS.get(port);
        long srcMac = macs[r.nextInt(macs.length)];
        if (r.nextInt(40) == 0)
        {
            srcMac |= 0x01_00_00_00_00_00L;
        }
        if (!clean && r.nextInt(30) == 0)
        {
            return vlan(dstMac, srcMac, etherType, l3);
        }
        byte[] frame = Pkt.ether(dstMac, srcMac, etherType, l3);
        final int tail = r.nextInt(25);
        if (tail == 0 && frame.length > 15)
        {
            frame = java.util.Arrays.copyOf(frame, 14 + r.nextInt(frame.length - 14)); // truncated
        }
        else if (tail < 4)
        {
            frame = java.util.Arrays.copyOf(frame, Math.max(frame.length + 1 + r.nextInt(20), 60)); // padding
        }
        return frame;
    }

    private static long sourceFor(final Random r, final int port)
    {
        if (r.nextInt(5) == 0)
        {
            return ADDRESSES[r.nextInt(ADDRESSES.length)];
        }
        return switch (port)
        {
            case 0 -> r.nextInt(6) == 0 ? ZONE_HOST : H1;
            case 1 -> new long[]{a(64497, 198, 51, 100, 7), a(0, 198, 51, 100, 9), a(64510, 5, 6, 7, 8), N}
                [r.nextInt(4)];
            case 2 -> new long[]{H2, H3, H4, H5, a(0, 10, 1, 0, 5)}[r.nextInt(5)];
            default -> R1;
        };
    }

    /** Occasionally breaks the header the way the validation matrix cares about. */
    private static byte[] mutate(final Random r, final byte[] l3, final boolean v8)
    {
        final int m = r.nextInt(40);
        final byte[] out = l3.clone();
        final int headerLength = v8 ? 28 : 20;
        switch (m)
        {
            case 0 -> out[10] ^= 0x11; // bad checksum
            case 1 ->
            {
                out[2] = (byte)0xFF; // total length beyond the frame
                Pkt.setChecksum(out, 0, headerLength, 10);
            }
            case 2 ->
            {
                out[2] = 0;
                out[3] = 10; // total length below the header
                Pkt.setChecksum(out, 0, headerLength, 10);
            }
            case 3 ->
            {
                out[0] = (byte)(v8 ? 0x47 : 0x85); // wrong version for the EtherType
                Pkt.setChecksum(out, 0, headerLength, 10);
            }
            case 4 ->
            {
                return withOption(out, v8);
            }
            case 5 ->
            {
                out[0] = (byte)(v8 ? 0x86 : 0x44); // IHL too small
                Pkt.setChecksum(out, 0, headerLength, 10);
            }
            default ->
            {
            }
        }
        return out;
    }

    /** The same packet with one 4-octet option (NOP x 3, EOL): valid, but not the fast path's common case. */
    private static byte[] withOption(final byte[] l3, final boolean v8)
    {
        final int headerLength = v8 ? 28 : 20;
        final byte[] out = new byte[l3.length + 4];
        System.arraycopy(l3, 0, out, 0, headerLength);
        out[headerLength] = 1;
        out[headerLength + 1] = 1;
        out[headerLength + 2] = 1;
        out[headerLength + 3] = 0;
        System.arraycopy(l3, headerLength, out, headerLength + 4, l3.length - headerLength);
        out[0] = (byte)(out[0] + 1);
        final int total = out.length;
        out[2] = (byte)(total >>> 8);
        out[3] = (byte)total;
        Pkt.setChecksum(out, 0, headerLength + 4, 10);
        return out;
    }

    private static byte[] vlan(final long dstMac, final long srcMac, final int etherType, final byte[] l3)
    {
        final ByteBuffer b = ByteBuffer.allocate(18 + l3.length);
        Pkt.putMac(b, 0, dstMac);
        Pkt.putMac(b, 6, srcMac);
        b.putShort(12, (short)0x8100).putShort(14, (short)7).putShort(16, (short)etherType);
        b.put(18, l3);
        return b.array();
    }

    /** ARP from the p2 segment: H4 answers ARP8, H5 only ARP4, and hosts ask for the router. */
    private static byte[] arpFromHost(final Random r)
    {
        final long routerAddress = a(64496, 10, 1, 0, 254);
        return switch (r.nextInt(4))
        {
            case 0 -> Pkt.ether(P2_MAC, H4_MAC, 0x0806, Pkt.arp8(2, H4_MAC, H4, P2_MAC, routerAddress));
            case 1 -> Pkt.ether(P2_MAC, H5_MAC, 0x0806, Pkt.arp4(2, H5_MAC, (int)H5, P2_MAC, (int)routerAddress));
            case 2 -> Pkt.ether(0xFFFF_FFFF_FFFFL, H4_MAC, 0x0806, Pkt.arp8(1, H4_MAC, H4, 0, routerAddress));
            default -> Pkt.ether(0xFFFF_FFFF_FFFFL, H5_MAC, 0x0806,
                Pkt.arp4(1, H5_MAC, (int)H5, 0, (int)routerAddress));
        };
    }
}
