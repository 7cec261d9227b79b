package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IpProtocols;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.ECHO;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.ECHO_HOP;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.FAR;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H2;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H2_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H3;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H3_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.N;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.N_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.assertError;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.only;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.topology;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.v8frame;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.withTtl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames in, exact frames out, for the optional forwarding features on the {@link ForwardingMatrixTest} topology:
 * the return path of downgraded flows (spec 3.5), ACL8 (7.6) and egress validation (7.5), with their negative cases
 * and the {@link ForwardingFeatures} predicates a fast path consults.
 */
class ForwardingFeaturesTest
{
    private static final int H1_N = 0xC0000201;
    private static final int H3_N = 0x0A010006;
    private static final byte[] HELLO = "hello".getBytes();
    private static final byte[] WORLD = "world".getBytes();

    private static byte[] udp8(final long src, final long dst, final int sport, final int dport, final byte[] data)
    {
        return Pkt.ipv8(src, dst, 64, IpProtocols.UDP, 0, Pkt.udp(sport, dport, data));
    }

    private static byte[] v4frame(final long srcMac, final byte[] l3)
    {
        return Pkt.ether(0, srcMac, 0x0800, l3);
    }

    private static boolean anyIpv8(final List<byte[]> frames)
    {
        for (final byte[] f : frames)
        {
            if (Pkt.etherType(f) == 0x8080)
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ return flow

    @Test
    void replyToADowngradedFlowGetsItsRValuesBack()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            assertTrue(t.router.features().returnFlowRecording(), "on by default (spec 3.5)");
            assertFalse(t.router.features().returnFlowRestoring(), "nothing recorded yet");
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40000, 53, HELLO)));
            t.run();
            final byte[] down = only(t.sent(2));
            assertEquals(H3_MAC, Pkt.mac(down, 0));
            assertEquals(0x0800, Pkt.etherType(down));
            assertArrayEquals(withTtl(Pkt.ipv4(H1_N, H3_N, 64, IpProtocols.UDP, 0, Pkt.udp(40000, 53, HELLO)), 63),
                Pkt.l3(down), "spec 3.3 downgrade");
            assertTrue(t.router.features().returnFlowRestoring());

            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.UDP, 0, Pkt.udp(53, 40000, WORLD))));
            t.run();
            final byte[] up = only(t.sent(0));
            assertEquals(H1_MAC, Pkt.mac(up, 0));
            assertEquals(0x8080, Pkt.etherType(up), "the IPv8 host gets IPv8 back");
            assertArrayEquals(withTtl(udp8(H3, H1, 53, 40000, WORLD), 63), Pkt.l3(up),
                "64496.10.1.0.6 -> 64496.192.0.2.1, the addresses H1 used");
            final ReturnFlowTable flows = t.router.returnFlows();
            assertEquals(1, flows.recorded());
            assertEquals(1, flows.restored());
        }
    }

    @Test
    void icmpEchoReplyIsRestoredByIdentifier()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] request = {8, 0, 0, 0, 0x12, 0x34, 0, 1};
            final byte[] reply = {0, 0, 0, 0, 0x12, 0x34, 0, 1};
            t.inject(0, v8frame(H1_MAC, Pkt.ipv8(H1, H3, 64, IpProtocols.ICMP, 0, request)));
            t.run();
            assertEquals(0x0800, Pkt.etherType(only(t.sent(2))));
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.ICMP, 0, reply)));
            t.run();
            assertArrayEquals(withTtl(Pkt.ipv8(H3, H1, 64, IpProtocols.ICMP, 0, reply), 63), Pkt.l3(only(t.sent(0))));
        }
    }

    @Test
    void ipv4ThatAnswersNoRecordedFlowStaysIpv4()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40000, 53, HELLO)));
            t.run();
            t.sent(2);
            // Wrong port, wrong protocol, and the request direction again: none is a reply.
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.UDP, 0, Pkt.udp(53, 40001, WORLD))));
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, 47, 0, Pkt.udp(53, 40000, WORLD))));
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H1_N, H3_N, 64, IpProtocols.UDP, 0, Pkt.udp(40000, 53, WORLD))));
            t.run();
            assertFalse(anyIpv8(t.sent(0)), "nothing upgraded towards H1 (its r = 0 form is resolved by ARP)");
            assertEquals(0, t.router.returnFlows().restored());
            assertEquals(0, t.router.returnFlows().hits());
        }
    }

    @Test
    void idleFlowsExpireAfter300SecondsButTcpAfter7440()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] tcpOut = new byte[20];
            tcpOut[0] = (byte)0x9C; // 40000
            tcpOut[1] = 0x40;
            tcpOut[3] = 80;
            tcpOut[12] = 0x50;
            final byte[] tcpBack = tcpOut.clone();
            tcpBack[0] = 0;
            tcpBack[1] = 80;
            tcpBack[2] = (byte)0x9C;
            tcpBack[3] = 0x40;
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40000, 53, HELLO)));
            t.inject(0, v8frame(H1_MAC, Pkt.ipv8(H1, H3, 64, IpProtocols.TCP, 0, tcpOut)));
            t.run();
            assertEquals(2, t.sent(2).size());
            assertEquals(2, t.router.returnFlows().size());
            t.advance(301_000_000_000L);
            for (int k = 0; k < 2000; k++)
            {
                t.advance(2_000_000L); // let the sweep walk the whole table
            }
            assertEquals(1, t.router.returnFlows().expired(), "the UDP flow was evicted");
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.UDP, 0, Pkt.udp(53, 40000, WORLD))));
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.TCP, 0, tcpBack)));
            t.run();
            final List<byte[]> out = t.sent(0);
            int ipv8 = 0;
            for (final byte[] f : out)
            {
                if (Pkt.etherType(f) == 0x8080)
                {
                    ipv8++;
                    assertArrayEquals(withTtl(Pkt.ipv8(H3, H1, 64, IpProtocols.TCP, 0, tcpBack), 63), Pkt.l3(f));
                }
            }
            assertEquals(1, ipv8, "only the TCP reply is upgraded");
        }
    }

    @Test
    void fullTableCountsAndStillForwards()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8)
            .returnFlow(new RouterSpec.ReturnFlow(1, 300, 7440)), 3))
        {
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40000, 53, HELLO)));
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40001, 53, HELLO)));
            t.run();
            assertEquals(2, t.sent(2).size(), "both downgraded and sent");
            assertEquals(1, t.router.returnFlows().size());
            assertEquals(1, t.router.returnFlows().tableFull());
            t.advance(2_000_000L); // the worker publishes the table's statistics with its millisecond poll
            final long counter = counter(t, "return-flow table-full");
            assertEquals(1, counter, "published to the counters file");
        }
    }

    @Test
    void disabledReturnFlowNeverUpgrades()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8).returnFlow(RouterSpec.ReturnFlow.OFF), 3))
        {
            assertFalse(t.router.features().returnFlowRecording());
            t.inject(0, v8frame(H1_MAC, udp8(H1, H3, 40000, 53, HELLO)));
            t.run();
            assertEquals(1, t.sent(2).size());
            t.inject(2, v4frame(H3_MAC, Pkt.ipv4(H3_N, H1_N, 64, IpProtocols.UDP, 0, Pkt.udp(53, 40000, WORLD))));
            t.run();
            assertFalse(anyIpv8(t.sent(0)));
        }
    }

    private static long counter(final TestRouter t, final String label)
    {
        final long[] value = {-1};
        t.counters.reader().forEach((id, type, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = t.counters.reader().getCounterValue(id);
            }
        });
        return value[0];
    }

    // ------------------------------------------------------------------------------------------------ ACL8

    /** p0 (H1's segment) may only send UDP to H2 port 53 and anything to 64497. */
    private static RouterSpec.Builder withAcl8(final boolean icmpOnFilter)
    {
        return topology(NeighborCapability.IPV8)
            .icmpOnFilter(icmpOnFilter)
            .acl8("p0", List.of(
                new Acl8Rule(H1, 64, H2, 64, IpProtocols.UDP, 53),
                Acl8Rule.permit(a(64496, 192, 0, 2, 0), 56, a(64497, 0, 0, 0, 0), 32)));
    }

    @Test
    void acl8PermitsFirstMatchAndDeniesTheRest()
    {
        try (TestRouter t = new TestRouter(withAcl8(false), 3))
        {
            assertTrue(t.router.features().acl8On(0));
            assertFalse(t.router.features().acl8On(1));
            assertFalse(t.router.features().acl8On(2));
            final byte[] dns = udp8(H1, H2, 40000, 53, HELLO);
            t.inject(0, v8frame(H1_MAC, dns));
            t.inject(0, v8frame(H1_MAC, udp8(H1, H2, 40000, 54, HELLO)));          // wrong port
            t.inject(0, v8frame(H1_MAC, Pkt.ipv8(H1, H2, 64, IpProtocols.TCP, 0,    // wrong protocol
                new byte[] {(byte)0x9C, 0x40, 0, 53, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0, 0, 0, 0, 0, 0, 0})));
            t.inject(0, v8frame(H1_MAC, ECHO));                                    // to 64497: second rule
            t.inject(2, v8frame(H2_MAC, udp8(H2, H1, 53, 40000, WORLD)));          // p2 has no ACL8
            t.run();
            assertArrayEquals(withTtl(dns, 63), Pkt.l3(only(t.sent(2))));
            assertArrayEquals(ECHO_HOP, Pkt.l3(only(t.sent(1))));
            assertEquals(1, t.sent(0).size(), "H2's answer is not filtered");
            assertEquals(2, t.drops(DropReason.ACL8_DENIED));
        }
    }

    @Test
    void acl8DenialAnswersAdministrativelyProhibitedWithIcmpOnFilter()
    {
        try (TestRouter t = new TestRouter(withAcl8(true), 3))
        {
            final byte[] denied = udp8(H1, H2, 40000, 54, HELLO);
            t.inject(0, v8frame(H1_MAC, denied));
            t.run();
            assertError(only(t.sent(0)), H1_MAC, 3, 13, 0, denied);
            assertEquals(1, t.drops(DropReason.ACL8_DENIED));
            assertEquals(0, t.sent(2).size());
        }
    }

    @Test
    void acl8ListIsReplacedAndRemovedWhileRunning()
    {
        try (TestRouter t = new TestRouter(withAcl8(false), 3))
        {
            final byte[] denied = udp8(H1, H2, 40000, 54, HELLO);
            t.inject(0, v8frame(H1_MAC, denied));
            t.run();
            assertEquals(0, t.sent(2).size());
            t.router.acl8("p0", List.of(new Acl8Rule(H1, 64, H2, 64, IpProtocols.UDP, 54)));
            t.inject(0, v8frame(H1_MAC, denied));
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(1, t.sent(2).size(), "the new list permits port 54");
            assertEquals(0, t.sent(1).size(), "... and no longer 64497");
            t.router.acl8("p0", List.of());
            assertFalse(t.router.features().acl8On(0));
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(1, t.sent(1).size(), "no list: no filtering");
        }
    }

    // ------------------------------------------------------------------------------------------------ egress validation

    private static RouterSpec.Builder withEgress(final EgressValidationMode mode)
    {
        return topology(NeighborCapability.IPV8)
            .egressValidation(mode)
            .egressPermit(EgressPermit.toAddress(H1, FAR))
            .egressPermit(EgressPermit.toAsn(H2, 64497));
    }

    @Test
    void enforceForwardsPermittedPairsAndDropsTheRest()
    {
        try (TestRouter t = new TestRouter(withEgress(EgressValidationMode.ENFORCE), 3))
        {
            assertTrue(t.router.features().egressValidationOn(1));
            assertFalse(t.router.features().egressValidationOn(2));
            assertTrue(t.router.features().egressValidationOn(0, 1));
            assertFalse(t.router.features().egressValidationOn(1, 0));
            final byte[] other = udp8(H1, a(64497, 198, 51, 100, 8), 40000, 53, HELLO);
            t.inject(0, v8frame(H1_MAC, ECHO));                                          // (H1, FAR) exact
            t.inject(0, v8frame(H1_MAC, other));                                         // no permit
            t.inject(2, v8frame(H2_MAC, udp8(H2, a(64497, 1, 2, 3, 4), 1, 2, HELLO)));   // (H2, asn 64497)
            t.inject(0, v8frame(H1_MAC, udp8(H1, H2, 1, 2, HELLO)));                     // internal -> internal
            t.inject(1, v8frame(N_MAC, udp8(FAR, H1, 1, 2, HELLO)));                     // external -> internal
            t.run();
            assertEquals(2, t.sent(1).size(), "the two permitted flows left");
            assertEquals(1, t.sent(2).size(), "internal traffic is not checked");
            assertEquals(1, t.sent(0).size(), "inbound traffic is not checked");
            assertEquals(1, t.drops(DropReason.EGRESS_VALIDATION_FAILED));
            assertEquals(3, counter(t, "egress-validation checked"));
            assertEquals(2, counter(t, "egress-validation permitted"));
            assertEquals(1, counter(t, "egress-validation missed"));
        }
    }

    @Test
    void monitorCountsMissesAndForwardsThem()
    {
        try (TestRouter t = new TestRouter(withEgress(EgressValidationMode.MONITOR), 3))
        {
            t.inject(0, v8frame(H1_MAC, udp8(H1, a(64497, 198, 51, 100, 8), 40000, 53, HELLO)));
            t.run();
            assertEquals(1, t.sent(1).size());
            assertEquals(0, t.drops(DropReason.EGRESS_VALIDATION_FAILED));
            assertEquals(1, counter(t, "egress-validation missed"));
        }
    }

    @Test
    void offIsTheDefaultAndChecksNothing()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            assertFalse(t.router.features().egressValidationOn(1));
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(1, t.sent(1).size());
            assertEquals(0, counter(t, "egress-validation checked"));
        }
    }

    @Test
    void enforceMissAnswersCode13WithIcmpOnFilterAndPermitsChangeLive()
    {
        try (TestRouter t = new TestRouter(withEgress(EgressValidationMode.ENFORCE).icmpOnFilter(true), 3))
        {
            final byte[] other = udp8(H1, a(64497, 198, 51, 100, 8), 40000, 53, HELLO);
            t.inject(0, v8frame(H1_MAC, other));
            t.run();
            assertError(only(t.sent(0)), H1_MAC, 3, 13, 0, other);
            assertEquals(0, t.sent(1).size());

            assertTrue(t.router.egressPermits().add(EgressPermit.toAddress(H1, a(64497, 198, 51, 100, 8))));
            t.inject(0, v8frame(H1_MAC, other));
            t.run();
            assertEquals(1, t.sent(1).size(), "the Zone Server's new permit applies at once");

            assertTrue(t.router.egressPermits().remove(EgressPermit.toAddress(H1, FAR)));
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(0, t.sent(1).size(), "a removed permit no longer applies");

            t.router.egressPermits().mode(EgressValidationMode.OFF);
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.run();
            assertEquals(1, t.sent(1).size(), "mode off: nothing is checked");
        }
    }

    @Test
    void prefixPermitCoversTheWholeSourceSubnet()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8)
            .egressValidation(EgressValidationMode.ENFORCE)
            .egressPermit(new EgressPermit(a(64496, 192, 0, 2, 0), 56, 0, true, 64497)), 3))
        {
            t.inject(0, v8frame(H1_MAC, ECHO));
            t.inject(2, v8frame(H2_MAC, udp8(H2, FAR, 1, 2, HELLO)));
            t.run();
            assertEquals(1, t.sent(1).size(), "H1 is in 64496.192.0.2.0/24, H2 is not");
            assertEquals(1, t.drops(DropReason.EGRESS_VALIDATION_FAILED));
        }
    }
}
