package org.ipv8router.bgp8.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.codec.Prefixes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Acceptance cases T1-T18 of bgp8-whois8.md 11.3 (eBGP8 from peer AS 64497, local AS 64496). */
class AcceptanceCasesTest
{
    private final StaticRouteValidator whois8 = new StaticRouteValidator();
    private ImportPolicy policy;
    private final PeerPolicy peer = PeerPolicy.ebgp(64497);

    @BeforeEach
    void setUp()
    {
        whois8.register(64497, Set.of(64497L), 16);
        whois8.register(64498, Set.of(64498L), 16);
        policy = new ImportPolicy(PolicyConfig.defaults(64496), whois8);
    }

    private static PathAttributes path(final int... asns)
    {
        final int[] p = new int[asns.length + 2];
        p[0] = Bgp.AS_SEQUENCE;
        p[1] = asns.length;
        System.arraycopy(asns, 0, p, 2, asns.length);
        return new PathAttributes(0, p, 1, -1, -1, false, -1, 0, null, 0, false, null, null);
    }

    private Verdict eval(final String prefix, final PathAttributes a)
    {
        return eval(peer, prefix, a);
    }

    private Verdict eval(final PeerPolicy pp, final String prefix, final PathAttributes a)
    {
        final long[] p = Prefixes.parse(prefix);
        return policy.evaluate(pp, p[0], (int)p[1], a);
    }

    @Test
    void t1ToT4()
    {
        assertEquals(Verdict.ACCEPT, eval("64497.10.0.0.0/8", path(64497)));
        assertEquals(Verdict.ACCEPT, eval("64497.10.1.0.0/16", path(64497)));
        assertEquals(Verdict.REJECT_R3_TOO_SPECIFIC, eval("64497.10.1.2.0/24", path(64497)));
        assertEquals("SEC-ALERT", Verdict.REJECT_R3_TOO_SPECIFIC.alertClass());
        assertEquals(Verdict.ACCEPT, eval("64497.0.0.0.0/0", path(64497)));
    }

    @Test
    void t6ToT8ReservedAndInteriorLinks()
    {
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("100.1.2.3.0.0.0.0/32", path(64497)));
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("127.1.0.0.10.0.0.0/40", path(64497)));
        assertEquals(Verdict.REJECT_R5_INTERIOR_LINK, eval("64497.222.0.0.0/16", path(64497)));
        assertEquals("E3", Verdict.REJECT_R5_INTERIOR_LINK.alertClass());
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("255.255.0.1.0.0.0.0/32", path(64497)));
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("23456.10.0.0.0/8", path(64497)));
    }

    @Test
    void t9ToT11OriginAndWhois8()
    {
        assertEquals(Verdict.ACCEPT, eval("64498.10.0.0.0/8", path(64497, 64498)));
        assertEquals(Verdict.REJECT_R7_R8_INVALID, eval("64498.10.0.0.0/8", path(64497)));
        assertEquals(Verdict.REJECT_R8_NOT_FOUND, eval("64499.10.0.0.0/8", path(64497, 64499)));
    }

    @Test
    void t12PendingWhileUnknown()
    {
        whois8.force(64497, ValidationState.UNKNOWN);
        assertEquals(Verdict.PENDING, eval("64497.10.0.0.0/8", path(64497)));
    }

    @Test
    void t13Revoked()
    {
        whois8.force(64497, ValidationState.INVALID);
        assertEquals(Verdict.REJECT_R7_R8_INVALID, eval("64497.10.0.0.0/8", path(64497)));
    }

    @Test
    void t14PrivatePeeringOnlyOnFlaggedSession()
    {
        whois8.register(65534, Set.of(64497L), 16);
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("65534.10.0.0.0/8", path(64497)));
        assertEquals(Verdict.ACCEPT, eval(peer.withPrivatePeering(true), "65534.10.0.0.0/8", path(64497)));
    }

    @Test
    void t15Ipv4SkipsIpv8Rules()
    {
        assertEquals(Verdict.ACCEPT, eval("198.51.100.0/24", path(64497)));
        assertEquals(Verdict.REJECT_IPV4_LENGTH, eval("198.51.100.128/25", path(64497)));
    }

    @Test
    void t16T17LoopsAndSets()
    {
        assertEquals(Verdict.REJECT_R6_AS_PATH, eval("64497.10.0.0.0/8", path(64497, 64496)));
        final PathAttributes set = new PathAttributes(0, new int[] {Bgp.AS_SEQUENCE, 1, 64497, Bgp.AS_SET, 2,
            64498, 64499}, 1, -1, -1, false, -1, 0, null, 0, false, null, null);
        assertEquals(Verdict.REJECT_R6_AS_PATH, eval("64497.10.0.0.0/8", set));
        assertEquals(Verdict.REJECT_R6_AS_PATH, eval("64497.10.0.0.0/8", path(64498, 64497)), "first AS != peer");
        assertEquals(Verdict.ACCEPT, eval(peer.withRouteServer(true), "64497.10.0.0.0/8", path(64497)));
    }

    @Test
    void t18LabVector()
    {
        whois8.register(64496 + 1000, Set.of(64497L), 16);
        assertEquals(Verdict.REJECT_R3_TOO_SPECIFIC, eval("0.0.251.240.0.0.0.0/56", path(64497)));
    }

    @Test
    void documentationRnOnlyInLabMode()
    {
        whois8.register(65533, Set.of(64497L), 16);
        assertEquals(Verdict.REJECT_R4_RESERVED_RN, eval("65533.10.0.0.0/8", path(64497)));
        policy = new ImportPolicy(PolicyConfig.defaults(64496).withLabMode(true), whois8);
        assertEquals(Verdict.ACCEPT, eval("65533.10.0.0.0/8", path(64497)));
    }

    @Test
    void ibgpTrustsTheBorder()
    {
        assertEquals(Verdict.ACCEPT, eval(PeerPolicy.ibgp(64496), "127.1.0.0.10.0.0.0/40", path(64497)));
        assertEquals(Verdict.ACCEPT, eval(PeerPolicy.ibgp(64496), "64499.10.1.2.0/24", path()));
    }
}
