package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.H1_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.ICMP_ECHO;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.N;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.N_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.P0_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.P1_MAC;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.a;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.topology;
import static org.ipv8router.dataplane.forward.ForwardingMatrixTest.v8frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ip8-echo} (issue 7): the router answers pings to its own addresses in the data plane, IPv8 and IPv4,
 * policed by the punt policer of spec 7.9 (10/s, 30/min), counted; what is not an echo request to us is punted.
 */
class IcmpEchoTest
{
    private static final long OURS_P0 = a(64496, 192, 0, 2, 254);

    private static byte[] echo(final int id, final int seq, final String data)
    {
        final byte[] d = data.getBytes();
        final byte[] m = new byte[8 + d.length];
        m[0] = 8;
        m[4] = (byte)(id >>> 8);
        m[5] = (byte)id;
        m[6] = (byte)(seq >>> 8);
        m[7] = (byte)seq;
        System.arraycopy(d, 0, m, 8, d.length);
        Pkt.setChecksum(m, 0, m.length, 2);
        return m;
    }

    private static long counter(final TestRouter t, final String label)
    {
        final long[] value = {-1};
        final org.agrona.concurrent.status.CountersReader reader = t.counters.reader();
        reader.forEach((id, typeId, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = reader.getCounterValue(id);
            }
        });
        return value[0];
    }

    private static List<byte[]> punted(final TestRouter t)
    {
        final List<byte[]> punted = new ArrayList<>();
        t.router.punt().drain((port, buffer, offset, length) ->
        {
            final byte[] f = new byte[length];
            buffer.getBytes(offset, f);
            punted.add(f);
        }, 100);
        return punted;
    }

    @Test
    void anIpv8EchoRequestToOurAddressIsAnsweredFromThatAddress()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] request = Pkt.ipv8(H1, OURS_P0, 5, 1, 0, echo(0x1234, 7, "ping to the router"));
            t.inject(0, v8frame(H1_MAC, request));
            t.run();
            final List<byte[]> out = t.sent(0);
            assertEquals(1, out.size(), "one echo reply on the ingress port");
            final byte[] frame = out.get(0);
            assertEquals(H1_MAC, Pkt.mac(frame, 0));
            assertEquals(P0_MAC, Pkt.mac(frame, 6));
            assertEquals(0x8080, Pkt.etherType(frame));
            final byte[] reply = Pkt.l3(frame);
            final byte[] expected = Pkt.ipv8(OURS_P0, H1, 64, 1, 0, echo(0x1234, 7, "ping to the router"));
            expected[28] = 0; // type 0
            Pkt.setChecksum(expected, 28, expected.length - 28, 2);
            assertArrayEquals(expected, reply, Pkt.hex(reply));
            assertTrue(Pkt.checksumOk(reply, 0, 28) && Pkt.checksumOk(reply, 28, reply.length - 28));
            assertEquals(1, counter(t, "ip8-echo replied"));
            assertEquals(0, punted(t).size(), "an answered echo is not punted");
        }
    }

    @Test
    void anIpv4EchoToTheRZeroAddressGetsAnIpv4Reply()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV4_ONLY), 3))
        {
            // p1 is 203.0.113.1/30 (r = 0); N = 203.0.113.2 is an IPv4-only neighbour there.
            final byte[] request = Pkt.ipv4(0xCB007102, 0xCB007101, 64, 1, 0x4000, echo(1, 1, "v4"));
            t.inject(1, Pkt.ether(P1_MAC, N_MAC, 0x0800, request));
            t.run();
            final List<byte[]> out = t.sent(1);
            assertEquals(1, out.size());
            assertEquals(0x0800, Pkt.etherType(out.get(0)));
            assertEquals(N_MAC, Pkt.mac(out.get(0), 0));
            final byte[] reply = Pkt.l3(out.get(0));
            final byte[] expected = Pkt.ipv4(0xCB007101, 0xCB007102, 64, 1, 0x4000, echo(1, 1, "v4"));
            expected[20] = 0;
            Pkt.setChecksum(expected, 20, expected.length - 20, 2);
            assertArrayEquals(expected, reply, Pkt.hex(reply));
        }
    }

    @Test
    void thePolicerAllowsTenPerSecondAndThirtyPerMinute()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            for (int k = 0; k < 15; k++)
            {
                t.inject(0, v8frame(H1_MAC, Pkt.ipv8(H1, OURS_P0, 64, 1, 0, echo(9, k, "x"))));
            }
            t.run();
            assertEquals(10, t.sent(0).size(), "burst of 10 within one second");
            assertEquals(5, t.drops(DropReason.PUNT_POLICED));
            assertEquals(5, counter(t, "ip8-echo policed"));
            int replies = 10;
            for (int second = 0; second < 10; second++)
            {
                t.clock[0] += 1_000_000_000L;
                for (int k = 0; k < 10; k++)
                {
                    t.inject(0, v8frame(H1_MAC, Pkt.ipv8(H1, OURS_P0, 64, 1, 0, echo(9, k, "x"))));
                }
                t.run();
                replies += t.sent(0).size();
            }
            // 10 more seconds: the per-minute bucket (30, one token every 2 s) caps the total at 30 + 5 refills.
            assertEquals(35, replies, "30 per minute: the burst of 30 plus one token per 2 s");
            assertEquals(replies, counter(t, "ip8-echo replied"));
        }
    }

    @Test
    void otherTrafficForUsIsPuntedAndBadEchoesAreNotAnswered()
    {
        try (TestRouter t = new TestRouter(topology(NeighborCapability.IPV8), 3))
        {
            final byte[] reply = v8frame(H1_MAC, Pkt.ipv8(H1, OURS_P0, 64, 1, 0, echoReply()));
            final byte[] udp = v8frame(H1_MAC, Pkt.ipv8(H1, OURS_P0, 64, 17, 0, Pkt.udp(1, 2, "u".getBytes())));
            final byte[] fragment = v8frame(H1_MAC, Pkt.ipv8(H1, OURS_P0, 64, 1, 0x2000, ICMP_ECHO));
            final byte[] badChecksum = Pkt.ipv8(H1, OURS_P0, 64, 1, 0, echo(1, 1, "bad"));
            badChecksum[31] ^= 0x55;
            t.inject(0, reply);
            t.inject(0, udp);
            t.inject(0, fragment);
            t.inject(0, v8frame(H1_MAC, badChecksum));
            t.run();
            assertEquals(0, t.sent(0).size(), "nothing answered");
            final List<byte[]> punted = punted(t);
            assertEquals(3, punted.size(), "echo reply (for ping8), UDP and the fragment go to the control plane");
            assertArrayEquals(reply, punted.get(0));
            assertArrayEquals(udp, punted.get(1));
            assertArrayEquals(fragment, punted.get(2));
            assertEquals(1, t.drops(DropReason.ICMP_BAD_CHECKSUM));
            assertEquals(0, counter(t, "ip8-echo replied"));
        }
    }

    private static byte[] echoReply()
    {
        final byte[] m = echo(3, 3, "reply");
        m[0] = 0;
        Pkt.setChecksum(m, 0, m.length, 2);
        return m;
    }
}
