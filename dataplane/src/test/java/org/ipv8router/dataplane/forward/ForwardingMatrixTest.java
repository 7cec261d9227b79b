package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.Pkt.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarding matrix: frames in on ring ports, exact frames out, drop reasons counted. Topology:
 * <pre>
 *   p0 internal 64496.192.0.2.254/24   host H1 64496.192.0.2.1 (IPv8)
 *   p1 external 203.0.113.1/30         upstream N 203.0.113.2 (IPv8 unless a test says otherwise)
 *   p2 internal 64496.10.1.0.254/24    host H2 64496.10.1.0.5 (IPv8), H3 64496.10.1.0.6 (IPv4-only)
 *   routes: 64497.0.0.0.0/0 (Tier 1) and 198.51.100.0/24 (IPv4) via 203.0.113.2
 * </pre>
 */
class ForwardingMatrixTest
{
    static final long H1_MAC = 0x02_00_00_00_01_01L;
    static final long H2_MAC = 0x02_00_00_00_01_02L;
    static final long H3_MAC = 0x02_00_00_00_01_03L;
    static final long N_MAC = 0x02_00_00_00_02_02L;
    static final long P0_MAC = MacAddress.local(0);
    static final long P1_MAC = MacAddress.local(1);
    static final long P2_MAC = MacAddress.local(2);

    static final long H1 = a(64496, 192, 0, 2, 1);
    static final long H2 = a(64496, 10, 1, 0, 5);
    static final long H3 = a(64496, 10, 1, 0, 6);
    static final long N = a(0, 203, 0, 113, 2);
    static final long FAR = a(64497, 198, 51, 100, 7);

    /** Spec 11.3 echo request 64496.192.0.2.1 -> 64497.198.51.100.7, TTL 64. */
    static final byte[] ECHO = hex("87 00 00 24 00 00 00 00 40 01 54 ba 00 00 fb f0 c0 00 02 01 00 00 fb f1 c6 33 64 07" +
        "08 00 f7 fd 00 01 00 01");
    /** The same after one hop (TTL 63, checksum + 0x0100). */
    static final byte[] ECHO_HOP = hex("87 00 00 24 00 00 00 00 3f 01 55 ba 00 00 fb f0 c0 00 02 01 00 00 fb f1 c6 33 64 07" +
        "08 00 f7 fd 00 01 00 01");
    static final byte[] ICMP_ECHO = hex("08 00 f7 fd 00 01 00 01");

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    static RouterSpec.Builder topology(final NeighborCapability upstream)
    {
        return RouterSpec.builder()
            .localAsn(64496)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .addInterface("p2", 2, RouterSpec.Role.INTERNAL, a(64496, 10, 1, 0, 254), 56)
            .route(a(64497, 0, 0, 0, 0), 32, N)
            .route(a(0, 198, 51, 100, 0), 56, N)
            .neighbor(null, N, N_MAC, upstream)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8)
            .neighbor(null, H2, H2_MAC, NeighborCapability.IPV8)
            .neighbor(null, H3, H3_MAC, NeighborCapability.IPV4_ONLY);
    }

    static byte[] v8frame(final long srcMac, final byte[] l3)
    {
        return Pkt.ether(0, srcMac, 0x8080, l3);
    }

    static byte[] udp8(final long src, final long dst, final int ttl)
    {
        return Pkt.ipv8(src, dst, ttl, 17, 0, Pkt.udp(40000, 53, "hello".getBytes()));
    }

    static byte[] only(final List<byte[]> frames)
    {
        assertEquals(1, frames.size(), "exactly one frame sent");
        return frames.get(0);
    }

    static byte[] withTtl(final byte[] l3, final int ttl)
    {
        final byte[] out = l3.clone();
        out[8] = (byte)ttl;
        Pkt.setChecksum(out, 0, (out[0] & 0xF) * 4, 10);
        return out;
    }

    static void assertNothingSent(final TestRouter t)
    {
        for (int p = 0; p < t.ports.size(); p++)
        {
            assertEquals(0, t.sent(p).size(), "port p" + p + " sent nothing");
        }
    }

    // ------------------------------------------------------------------------------------------------ IPv8 paths

    @Test
    void foreignAsnLeavesAsIpv8WithSpecBytes()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            final byte[] out = only(t.sent(1));
            assertEquals(N_MAC, Pkt.mac(out, 0));
            assertEquals(P1_MAC, Pkt.mac(out, 6));
            assertEquals(0x8080, Pkt.etherType(out));
            assertArrayEquals(ECHO_HOP, Pkt.l3(out));
            assertEquals(0, t.sent(0).size());
            assertEquals(0, t.sent(2).size());
        }
    }

    @Test
    void localAsnForwardedBetweenSegments()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] in = udp8(H1, H2, 64);
            t.inject(0, v8frame(H1_MAC, in));
            t.run();
            final byte[] out = only(t.sent(2));
            assertEquals(H2_MAC, Pkt.mac(out, 0));
            assertEquals(P2_MAC, Pkt.mac(out, 6));
            assertEquals(0x8080, Pkt.etherType(out));
            final byte[] l3 = Pkt.l3(out);
            assertEquals(63, Pkt.u8(l3, 8));
            assertTrue(Pkt.checksumOk(l3, 0, 28), "incremental checksum valid");
            assertArrayEquals(withTtl(in, 63), l3);
        }
    }

    @Test
    void ipv4IsForwardedAsIpv4AndR0Ipv8IsSentAsIpv4()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] v4 = Pkt.ipv4(0xC0000201, 0xC6336409, 64, 17, 0, Pkt.udp(1, 2, new byte[4]));
            t.inject(0, Pkt.ether(P0_MAC, H1_MAC, 0x0800, v4));
            // Spec 11.3: IPv8 header with r = 0 on both sides (legal on receive; v1 sends IPv4 instead, A16).
            t.inject(0, v8frame(H1_MAC, hex("87 00 00 24 00 00 00 00 40 01 4c 9d 00 00 00 00 c0 00 02 01 " +
                "00 00 00 00 c6 33 64 07 08 00 f7 fd 00 01 00 01")));
            t.run();
            final List<byte[]> out = t.sent(1);
            assertEquals(2, out.size());
            assertEquals(0x0800, Pkt.etherType(out.get(0)));
            assertArrayEquals(withTtl(v4, 63), Pkt.l3(out.get(0)));
            assertEquals(0x0800, Pkt.etherType(out.get(1)));
            assertArrayEquals(withTtl(Pkt.ipv4(0xC0000201, 0xC6336407, 64, 1, 0, ICMP_ECHO), 63), Pkt.l3(out.get(1)));
        }
    }

    // ------------------------------------------------------------------------------------------------ ICMP errors

    @Test
    void ttlExpiryAnswersWithTheSpecTimeExceeded()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] offending = hex("87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07 " +
                "00 00 fb f0 c0 00 02 01 08 00 f7 ef 00 07 00 09");
            t.inject(0, v8frame(N_MAC, offending));
            t.run();
            final byte[] expected = hex(
                "87 00 00 48 00 00 00 00 40 01 53 99 00 00 fb f0 c0 00 02 fe 00 00 fb f1 c6 33 64 07" +
                "0b 00 f4 ff 00 00 00 00 87 00 00 24 00 00 00 00 01 01 93 ba 00 00 fb f1 c6 33 64 07" +
                "00 00 fb f0 c0 00 02 01 08 00 f7 ef 00 07 00 09");
            final byte[] out = only(t.sent(1));
            assertEquals(N_MAC, Pkt.mac(out, 0));
            assertArrayEquals(expected, Pkt.l3(out), "spec 11.3 Time Exceeded, 72 octets");
            assertEquals(1, t.drops(DropReason.TTL_EXPIRED));
            assertEquals(0, t.sent(0).size());
        }
    }

    @Test
    void unreachableNetAndAsnGetCodes0And6()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] toNet = udp8(H1, a(64496, 172, 16, 0, 1), 64);
            final byte[] toAsn = udp8(H1, a(64499, 1, 2, 3, 4), 64);
            t.inject(0, v8frame(H1_MAC, toNet));
            t.inject(0, v8frame(H1_MAC, toAsn));
            t.run();
            final List<byte[]> out = t.sent(0);
            assertEquals(2, out.size());
            assertError(out.get(0), H1_MAC, 3, 0, 0, toNet);
            assertError(out.get(1), H1_MAC, 3, 6, 0, toAsn);
            assertEquals(1, t.drops(DropReason.NO_ROUTE));
            assertEquals(1, t.drops(DropReason.NO_ASN_ROUTE));
        }
    }

    /** An ICMPv8 error from 64496.192.0.2.254 to the offending source quoting header + 8 octets. */
    static void assertError(
        final byte[] frame, final long dstMac, final int type, final int code, final int rest, final byte[] offending)
    {
        assertEquals(dstMac, Pkt.mac(frame, 0));
        final byte[] l3 = Pkt.l3(frame);
        assertEquals(0x87, Pkt.u8(l3, 0));
        assertEquals(64, Pkt.u8(l3, 8));
        assertEquals(1, Pkt.u8(l3, 9));
        assertTrue(Pkt.checksumOk(l3, 0, 28));
        assertEquals(a(64496, 192, 0, 2, 254), Pkt.u64(l3, 12), "source = our address on the ingress interface");
        assertEquals(Pkt.u64(offending, 12), Pkt.u64(l3, 20), "to the offending source");
        final int quote = Math.min(offending.length, 576 - 36);
        assertEquals(28 + 8 + quote, l3.length);
        assertEquals(type, Pkt.u8(l3, 28));
        assertEquals(code, Pkt.u8(l3, 29));
        assertEquals(rest, ((Pkt.u16(l3, 32) << 16) | Pkt.u16(l3, 34)));
        assertTrue(Pkt.checksumOk(l3, 28, l3.length - 28), "ICMP checksum");
        for (int k = 0; k < quote; k++)
        {
            assertEquals(offending[k], l3[36 + k], "quoted octet " + k);
        }
    }

    @Test
    void fragmentationNeededWithMtuAndFragmentationWithoutDf()
    {
        final RouterSpec.Builder spec = RouterSpec.builder()
            .localAsn(64496)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface(new RouterSpec.Interface("p1", 1, 0, 1492,
                List.of(new RouterSpec.Address(a(0, 203, 0, 113, 1), 62)), RouterSpec.Role.EXTERNAL, List.of(), List.of()))
            .route(a(64497, 0, 0, 0, 0), 32, N)
            .neighbor(null, N, N_MAC, NeighborCapability.IPV8)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8);
        try (TestRouter t = new TestRouter(spec, 2))
        {
            final byte[] payload = new byte[1472];
            for (int k = 0; k < payload.length; k++)
            {
                payload[k] = (byte)(k * 31);
            }
            final byte[] df = Pkt.ipv8(H1, FAR, 64, 17, 0x4000, payload);
            final byte[] noDf = Pkt.ipv8(H1, FAR, 64, 17, 0, payload);
            t.inject(0, v8frame(H1_MAC, df));
            t.inject(0, v8frame(H1_MAC, noDf));
            t.run();
            assertError(only(t.sent(0)), H1_MAC, 3, 4, 1492, df);
            assertEquals(1, t.drops(DropReason.FRAGMENTATION_NEEDED));

            final List<byte[]> fragments = t.sent(1);
            assertEquals(2, fragments.size());
            final byte[] f0 = Pkt.l3(fragments.get(0));
            final byte[] f1 = Pkt.l3(fragments.get(1));
            assertTrue(f0.length <= 1492 && f1.length <= 1492);
            assertEquals(0x2000, Pkt.u16(f0, 6), "first: MF, offset 0");
            assertEquals((f0.length - 28) / 8, Pkt.u16(f1, 6), "last: no MF, offset in 8-octet units");
            assertTrue(Pkt.checksumOk(f0, 0, 28) && Pkt.checksumOk(f1, 0, 28));
            assertEquals(63, Pkt.u8(f0, 8));
            final byte[] joined = new byte[f0.length - 28 + f1.length - 28];
            System.arraycopy(f0, 28, joined, 0, f0.length - 28);
            System.arraycopy(f1, 28, joined, f0.length - 28, f1.length - 28);
            assertArrayEquals(payload, joined);
        }
    }

    // ------------------------------------------------------------------------------------------------ zones, roles

    @Test
    void zoneTrafficToForeignAsnNeedsXlate8()
    {
        final byte[] leak = udp8(a(0x7F01_0000L, 10, 0, 0, 5), FAR, 64);
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            t.inject(0, v8frame(H1_MAC, leak));
            t.run();
            assertNothingSent(t);
            assertEquals(1, t.drops(DropReason.ZONE_NO_XLATE8));
        }
        final long xlate8 = a(64496, 192, 0, 2, 253);
        final long xMac = 0x02_00_00_00_09_09L;
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8).xlate8NextHop(xlate8)
            .neighbor(null, xlate8, xMac, NeighborCapability.IPV8), 3))
        {
            t.inject(0, v8frame(H1_MAC, leak));
            t.run();
            final byte[] out = only(t.sent(0));
            assertEquals(xMac, Pkt.mac(out, 0), "towards the XLATE8 next hop");
            assertArrayEquals(withTtl(leak, 63), Pkt.l3(out));
            assertEquals(0, t.sent(1).size());
        }
    }

    @Test
    void zoneToZoneIsDefaultDenyAndPermitted()
    {
        final long z1 = a(0x7F01_0000L, 10, 0, 0, 5);
        final long z2 = a(0x7F02_0000L, 10, 0, 0, 9);
        final long z2Mac = 0x02_00_00_00_07_09L;
        for (final boolean permit : new boolean[] {false, true})
        {
            final RouterSpec.Builder spec = RouterSpec.builder()
                .addInterface(new RouterSpec.Interface("p0", 0, 0, 0,
                    List.of(new RouterSpec.Address(a(0x7F01_0000L, 10, 0, 0, 254), 56)), RouterSpec.Role.INTERNAL,
                    List.of(new RouterSpec.Zone(0x7F01_0000, 1)), List.of()))
                .addInterface(new RouterSpec.Interface("p1", 1, 0, 0,
                    List.of(new RouterSpec.Address(a(0x7F02_0000L, 10, 0, 0, 254), 56)), RouterSpec.Role.INTERNAL,
                    List.of(new RouterSpec.Zone(0x7F02_0000, 2)), List.of()))
                .neighbor(null, z2, z2Mac, NeighborCapability.IPV8);
            if (permit)
            {
                spec.zonePermit(1, 2);
            }
            try (TestRouter t = new TestRouter(spec, 2))
            {
                t.inject(0, v8frame(H1_MAC, udp8(z1, z2, 64)));
                t.run();
                assertEquals(permit ? 1 : 0, t.sent(1).size());
                assertEquals(permit ? 0 : 1, t.drops(DropReason.ZONE_DENIED));
            }
        }
    }

    @Test
    void borderRulesOnExternalIngressAndEgress()
    {
        final RouterSpec.Builder spec = topology(NeighborCapability.IPV8).dropRoute(0, 0);
        spec.route(0, 0, N); // a default route, so 127.x and 222/8 destinations would be routed out of p1
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8).route(0, 0, N), 3))
        {
            final long ext = N_MAC;
            t.inject(1, v8frame(ext, udp8(a(64496, 1, 2, 3, 4), H1, 64)));          // our own ASN from outside
            t.inject(1, v8frame(ext, udp8(a(0, 10, 1, 2, 3), H1, 64)));             // RFC 1918, r = 0
            t.inject(1, v8frame(ext, udp8(a(0x6401_0203L, 10, 0, 0, 1), H1, 64)));  // RINE 100.x
            t.inject(1, v8frame(ext, udp8(a(64497, 222, 0, 0, 1), H1, 64)));       // interior link
            t.inject(1, v8frame(ext, udp8(a(64497, 198, 51, 100, 7), a(0xFFFF_0001L, 224, 0, 0, 5), 64)));
            t.inject(1, v8frame(ext, udp8(a(0x7F01_0000L, 10, 0, 0, 5), H1, 64)));   // zone on WAN
            t.inject(0, v8frame(H1_MAC, udp8(H1, a(0x7F09_0000L, 1, 2, 3, 4), 64))); // zone routed towards WAN
            t.inject(0, v8frame(H1_MAC, udp8(H1, a(64497, 222, 1, 1, 1), 64)));     // interior link towards WAN
            t.inject(0, v8frame(H1_MAC, udp8(H1, a(0xFFFF_FFFFL, 1, 2, 3, 4), 64))); // broadcast class
            t.inject(1, v8frame(ext, udp8(FAR, H1, 64)));                           // legitimate
            t.run();
            assertEquals(2, t.drops(DropReason.ASN_SPOOFED) + t.drops(DropReason.RFC1918_ON_EXTERNAL));
            assertEquals(1, t.drops(DropReason.ASN_SPOOFED));
            assertEquals(1, t.drops(DropReason.RFC1918_ON_EXTERNAL));
            assertEquals(1, t.drops(DropReason.RINE_LEAK));
            assertEquals(2, t.drops(DropReason.INTERIOR_LINK_LEAK));
            assertEquals(1, t.drops(DropReason.BORDER_MULTICAST));
            assertEquals(2, t.drops(DropReason.ZONE_LEAK));
            assertEquals(1, t.drops(DropReason.BROADCAST_NOT_FORWARDED));
            assertEquals(1, t.sent(0).size(), "only the legitimate packet reaches H1");
            assertEquals(0, t.sent(1).size());
        }
    }

    @Test
    void peerAsnListRestrictsSources()
    {
        final RouterSpec.Builder spec = RouterSpec.builder()
            .localAsn(64496)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface(new RouterSpec.Interface("p1", 1, 0, 0,
                List.of(new RouterSpec.Address(a(0, 203, 0, 113, 1), 62)), RouterSpec.Role.EXTERNAL, List.of(),
                List.of(64497L)))
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8);
        try (TestRouter t = new TestRouter(spec, 2))
        {
            t.inject(1, v8frame(N_MAC, udp8(a(64498, 1, 2, 3, 4), H1, 64)));
            t.inject(1, v8frame(N_MAC, udp8(FAR, H1, 64)));
            t.inject(1, v8frame(N_MAC, udp8(a(0, 198, 51, 100, 1), H1, 64)));
            t.run();
            assertEquals(1, t.drops(DropReason.ASN_SPOOFED));
            assertEquals(2, t.sent(0).size());
        }
    }

    // ------------------------------------------------------------------------------------------------ 8to4

    static RouterSpec.Builder tunnelTopology(final boolean staticRouteForPeer)
    {
        final RouterSpec.Builder b = RouterSpec.builder()
            .localAsn(64496)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .route(a(0, 198, 51, 100, 0), 56, N)
            .eightToFourPeer(64497, 0xC6336401)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8);
        if (staticRouteForPeer)
        {
            b.route(a(64497, 0, 0, 0, 0), 32, N).neighbor(null, N, N_MAC, NeighborCapability.IPV4_ONLY);
        }
        else
        {
            b.neighbor(null, N, N_MAC, NeighborCapability.IPV4_ONLY);
        }
        return b;
    }

    static final byte[] OUTER = hex("45 00 00 38 00 00 00 00 40 fd 13 93 cb 00 71 01 c6 33 64 01");

    static byte[] concat(final byte[] x, final byte[] y)
    {
        final byte[] out = new byte[x.length + y.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    @Test
    void eightToFourEncapByRouteMatchesSpecVector()
    {
        try (TestRouter t = new TestRouter(tunnelTopology(false), 2))
        {
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            final byte[] out = only(t.sent(1));
            assertEquals(0x0800, Pkt.etherType(out));
            assertEquals(N_MAC, Pkt.mac(out, 0));
            assertArrayEquals(concat(OUTER, ECHO_HOP), Pkt.l3(out), "spec 11.3 8to4, inner TTL decremented once");
        }
    }

    @Test
    void eightToFourForIpv4OnlyNextHopWithForeignAsn()
    {
        try (TestRouter t = new TestRouter(tunnelTopology(true), 2))
        {
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            final byte[] out = only(t.sent(1));
            assertArrayEquals(concat(OUTER, ECHO_HOP), Pkt.l3(out));
        }
    }

    @Test
    void ipv4OnlyNextHopWithoutEndpointDropsWithCode6()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV4_ONLY), 3))
        {
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(0, t.sent(1).size(), "no version-8 header to an IPv4-only neighbour");
            assertError(only(t.sent(0)), H1_MAC, 3, 6, 0, ECHO);
            assertEquals(1, t.drops(DropReason.NO_8TO4_ENDPOINT));
        }
    }

    @Test
    void eightToFourDecapOnlyFromConfiguredEndpoints()
    {
        try (TestRouter t = new TestRouter(tunnelTopology(false), 2))
        {
            final byte[] inner = Pkt.ipv8(FAR, H1, 64, 1, 0, ICMP_ECHO);
            final byte[] good = Pkt.ipv4(0xC6336401, 0xCB007101, 64, 253, 0, inner);
            final byte[] spoofed = Pkt.ipv4(0xC6336463, 0xCB007101, 64, 253, 0, inner);
            final byte[] zoneInside = Pkt.ipv4(0xC6336401, 0xCB007101, 64, 253, 0,
                Pkt.ipv8(a(0x7F01_0000L, 10, 0, 0, 5), H1, 64, 1, 0, ICMP_ECHO));
            t.inject(1, Pkt.ether(P1_MAC, N_MAC, 0x0800, good));
            t.inject(1, Pkt.ether(P1_MAC, N_MAC, 0x0800, spoofed));
            t.inject(1, Pkt.ether(P1_MAC, N_MAC, 0x0800, zoneInside));
            t.run();
            final byte[] out = only(t.sent(0));
            assertEquals(0x8080, Pkt.etherType(out));
            assertArrayEquals(withTtl(inner, 63), Pkt.l3(out));
            assertEquals(1, t.drops(DropReason.EIGHT_TO_FOUR_UNKNOWN_ENDPOINT));
            assertEquals(1, t.drops(DropReason.ZONE_LEAK), "inner packet filtered as if from an external interface");
        }
    }

    // ------------------------------------------------------------------------------------------------ ARP8

    @Test
    void arp8ResolvesAnIpv8NeighbourAndReleasesTheQueuedPacket()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final long target = a(64496, 10, 1, 0, 9);
            final long targetMac = 0x02_00_00_00_00_99L;
            final byte[] in = udp8(H1, target, 64);
            t.inject(0, v8frame(H1_MAC, in));
            t.run();
            final byte[] request = only(t.sent(2));
            assertEquals(0xFFFF_FFFF_FFFFL, Pkt.mac(request, 0));
            assertEquals(0x0806, Pkt.etherType(request));
            final byte[] expectedArp = Pkt.arp8(1, P2_MAC, a(64496, 10, 1, 0, 254), 0, target);
            final byte[] arp = Pkt.l3(request);
            for (int k = 0; k < expectedArp.length; k++)
            {
                assertEquals(expectedArp[k], arp[k], "ARP8 request octet " + k);
            }
            t.inject(2, Pkt.ether(P2_MAC, targetMac, 0x0806,
                Pkt.arp8(2, targetMac, target, P2_MAC, a(64496, 10, 1, 0, 254))));
            t.run();
            final byte[] out = only(t.sent(2));
            assertEquals(targetMac, Pkt.mac(out, 0));
            assertEquals(0x8080, Pkt.etherType(out));
            assertArrayEquals(withTtl(in, 63), Pkt.l3(out));
        }
    }

    @Test
    void ipv4OnlyNeighbourGetsTheSpecDowngradedPacket()
    {
        // The router owns 64497 too, so 64497.198.51.100.7 is a local destination and may be downgraded (A17).
        final RouterSpec.Builder spec = RouterSpec.builder()
            .localAsn(64496).localAsn(64497)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.INTERNAL, a(64497, 198, 51, 100, 254), 56)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8);
        try (TestRouter t = new TestRouter(spec, 2))
        {
            final long hostMac = 0x02_00_00_00_00_77L;
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(0x8080, Pkt.u16(Pkt.l3(only(t.sent(1))), 2), "ARP8 probe first");
            t.advance(60_000_000L);
            final byte[] arp4 = Pkt.l3(only(t.sent(1)));
            assertEquals(0x0800, Pkt.u16(arp4, 2), "ARP4 probe 50 ms later");
            assertEquals(0xC6336407, (int)Pkt.u64(new byte[] {0, 0, 0, 0, arp4[24], arp4[25], arp4[26], arp4[27]}, 0));
            t.inject(1, Pkt.ether(P1_MAC, hostMac, 0x0806, Pkt.arp4(2, hostMac, 0xC6336407, P1_MAC, 0xC63364FE)));
            t.run();
            assertEquals(0, t.sent(1).size(), "ARP8 may still win for 1 s");
            t.advance(1_100_000_000L);
            final List<byte[]> out = new ArrayList<>(t.sent(1));
            assertEquals(1, out.size());
            assertEquals(hostMac, Pkt.mac(out.get(0), 0));
            assertEquals(0x0800, Pkt.etherType(out.get(0)));
            final byte[] spec4 = hex("45 00 00 1c 00 00 00 00 40 01 8e a5 c0 00 02 01 c6 33 64 07 08 00 f7 fd 00 01 00 01");
            assertArrayEquals(withTtl(spec4, 63), Pkt.l3(out.get(0)), "spec 11.3 IPv4 form after one hop");
        }
    }

    @Test
    void unansweredNeighbourFailsWithHostUnreachable()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] in = udp8(H1, a(64496, 10, 1, 0, 77), 64);
            t.inject(0, v8frame(H1_MAC, in));
            t.run();
            for (int k = 0; k < 10; k++)
            {
                t.advance(500_000_000L);
            }
            assertEquals(1, t.drops(DropReason.NEIGHBOR_UNRESOLVED));
            assertError(only(t.sent(0)), H1_MAC, 3, 1, 0, in);
        }
    }

    @Test
    void answersArp8AndArp4ForOurAddressesAndPuntsPacketsForUs()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final long ours = a(64496, 192, 0, 2, 254);
            t.inject(0, Pkt.ether(0xFFFF_FFFF_FFFFL, H1_MAC, 0x0806, Pkt.arp8(1, H1_MAC, H1, 0, ours)));
            t.inject(0, Pkt.ether(0xFFFF_FFFF_FFFFL, H1_MAC, 0x0806, Pkt.arp4(1, H1_MAC, 0xC0000201, 0, 0xC00002FE)));
            t.inject(0, Pkt.ether(0xFFFF_FFFF_FFFFL, H1_MAC, 0x0806, Pkt.arp4(1, H1_MAC, 0xC0000201, 0, 0xC0000277)));
            final byte[] toUs = v8frame(H1_MAC, Pkt.ipv8(H1, ours, 64, 17, 0, Pkt.udp(40000, 179, "bgp".getBytes())));
            t.inject(0, toUs);
            t.run();
            final List<byte[]> out = t.sent(0);
            assertEquals(2, out.size());
            assertArrayEquals(Pkt.arp8(2, P0_MAC, ours, H1_MAC, H1), Pkt.l3(out.get(0)));
            assertEquals(H1_MAC, Pkt.mac(out.get(0), 0));
            assertArrayEquals(Pkt.arp4(2, P0_MAC, 0xC00002FE, H1_MAC, 0xC0000201), Pkt.l3(out.get(1)));
            assertEquals(1, t.drops(DropReason.ARP_NOT_FOR_US));
            final List<byte[]> punted = new ArrayList<>();
            t.router.punt().drain((port, buffer, offset, length) ->
            {
                final byte[] f = new byte[length];
                buffer.getBytes(offset, f);
                punted.add(f);
            }, 10);
            assertEquals(1, punted.size());
            assertArrayEquals(toUs, punted.get(0));
        }
    }

    @Test
    void strictPortsDropUnicastFramesForOtherMacs()
    {
        final RouterSpec spec = topology(NeighborCapability.IPV8)
            .localTableLayout(org.ipv8router.dataplane.fib.Dir24_8.Layout.DIR_16_8_8).build();
        try (org.ipv8router.dataplane.counters.DataplaneCounters counters =
                org.ipv8router.dataplane.counters.DataplaneCounters.inMemory(1024);
            org.ipv8router.dataplane.packet.SlabPacketPool pool =
                new org.ipv8router.dataplane.packet.SlabPacketPool("strict", 256))
        {
            final List<org.ipv8router.dataplane.port.RingPort> ports = new ArrayList<>();
            for (int p = 0; p < 3; p++)
            {
                ports.add(org.ipv8router.dataplane.port.RingPort.hosted(new org.ipv8router.dataplane.port.RingPort.Endpoint(
                    "p" + p, p, pool, counters.newPortCounters(p, "p" + p)), 1 << 16));
            }
            final Router router = Router.create(spec, ports, counters, () -> 0L);
            final org.ipv8router.dataplane.port.RingHost in = org.ipv8router.dataplane.port.RingHost.of(ports.get(0));
            in.inject(Pkt.ether(0x02_00_00_00_77_77L, H1_MAC, 0x8080, ECHO));  // someone else's MAC
            in.inject(Pkt.ether(P0_MAC, H1_MAC, 0x8080, ECHO));               // ours
            for (int k = 0; k < 5; k++)
            {
                router.agent().doWork();
            }
            assertEquals(1, counters.dropReasons().count(DropReason.L2_NOT_FOR_US.ordinal()));
            assertEquals(1, org.ipv8router.dataplane.port.RingHost.of(ports.get(1)).drainAll().size());
            router.close();
        }
    }

    @Test
    void ipv4HostOnAnIpv8SegmentGetsAnIcmpv4Error()
    {
        final long v4Host = a(0, 192, 0, 2, 7);
        final long v4Mac = 0x02_00_00_00_04_07L;
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8)
            .neighbor(null, v4Host, v4Mac, NeighborCapability.IPV4_ONLY), 3))
        {
            final byte[] expiring = Pkt.ipv4(0xC0000207, 0xC6336409, 1, 17, 0, Pkt.udp(1, 2, new byte[4]));
            t.inject(0, Pkt.ether(P0_MAC, v4Mac, 0x0800, expiring));
            t.run();
            final byte[] out = only(t.sent(0));
            assertEquals(v4Mac, Pkt.mac(out, 0));
            assertEquals(0x0800, Pkt.etherType(out));
            final byte[] l3 = Pkt.l3(out);
            assertEquals(0x45, Pkt.u8(l3, 0), "ICMPv4 in IPv4 for a packet that arrived as IPv4");
            assertTrue(Pkt.checksumOk(l3, 0, 20));
            assertEquals(0xC00002FE, (int)(Pkt.u64(l3, 8) & 0xFFFF_FFFFL), "source 192.0.2.254");
            assertEquals(0xC0000207, (int)(Pkt.u64(l3, 12) & 0xFFFF_FFFFL), "to the offending IPv4 source");
            assertEquals(11, Pkt.u8(l3, 20));
            assertTrue(Pkt.checksumOk(l3, 20, l3.length - 20));
            assertEquals(20 + 8 + expiring.length, l3.length);
        }
    }

    @Test
    void icmpErrorsAreRateLimitedPerInterface()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            for (int k = 0; k < 60; k++)
            {
                t.inject(0, v8frame(H1_MAC, udp8(H1, a(64496, 172, 16, 0, k), 64)));
            }
            t.run();
            assertEquals(60, t.drops(DropReason.NO_ROUTE), "every offending packet counted");
            assertEquals(50, t.sent(0).size(), "burst of 50 errors, then the 100/s rate");
            t.advance(100_000_000L); // 100 ms = 10 more tokens
            for (int k = 0; k < 20; k++)
            {
                t.inject(0, v8frame(H1_MAC, udp8(H1, a(64496, 172, 16, 1, k), 64)));
            }
            t.run();
            assertEquals(10, t.sent(0).size());
        }
    }

    @Test
    void pendingQueueIsBoundedPerNeighbour()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final long target = a(64496, 10, 1, 0, 50);
            final long targetMac = 0x02_00_00_00_00_50L;
            for (int k = 0; k < 40; k++)
            {
                t.inject(0, v8frame(H1_MAC, udp8(H1, target, 64)));
            }
            t.run();
            assertEquals(8, t.drops(DropReason.NEIGHBOR_QUEUE_FULL), "32 held, the rest dropped");
            assertEquals(1, t.sent(2).size(), "one ARP8 request, not one per packet");
            t.inject(2, Pkt.ether(P2_MAC, targetMac, 0x0806,
                Pkt.arp8(2, targetMac, target, P2_MAC, a(64496, 10, 1, 0, 254))));
            t.run();
            final List<byte[]> out = t.sent(2);
            assertEquals(32, out.size(), "all held packets released in order");
            for (final byte[] f : out)
            {
                assertEquals(targetMac, Pkt.mac(f, 0));
            }
        }
    }

    @Test
    void vlanTaggedFramesAreAccepted()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] plain = v8frame(H1_MAC, ECHO);
            final byte[] tagged = new byte[plain.length + 4];
            System.arraycopy(plain, 0, tagged, 0, 12);
            tagged[12] = (byte)0x81;
            tagged[13] = 0x00;
            tagged[14] = 0x00;
            tagged[15] = 0x0A; // VLAN 10
            System.arraycopy(plain, 12, tagged, 16, plain.length - 12);
            t.inject(0, tagged);
            t.run();
            assertArrayEquals(ECHO_HOP, Pkt.l3(only(t.sent(1))), "forwarded, sent untagged");
        }
    }
}
