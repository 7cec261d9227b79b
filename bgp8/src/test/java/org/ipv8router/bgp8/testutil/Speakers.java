package org.ipv8router.bgp8.testutil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fib.InMemoryFib;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;

/** Speakers on 127.0.0.x loopback addresses with ephemeral ports, plus a FIB drained by the test thread. */
public final class Speakers implements AutoCloseable
{
    public static final FsmConfig FAST = new FsmConfig(9, 1, 1, 2, 20, false);

    public static final class Node
    {
        public final BgpSpeaker speaker;
        public final InMemoryFib fib = new InMemoryFib();
        public final String ip;

        Node(final BgpSpeaker speaker, final String ip)
        {
            this.speaker = speaker;
            this.ip = ip;
        }

        public InMemoryFib fib()
        {
            speaker.fib().drain(fib);
            return fib;
        }

        public int port()
        {
            return speaker.boundAddress().getPort();
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    public Node start(final String ip, final long asn, final SpeakerConfig base) throws IOException
    {
        return start(ip, asn, ipv4(ip), base);
    }

    /** A speaker whose BGP Identifier is not its address (collision tests). */
    public Node start(final String ip, final long asn, final int routerId, final SpeakerConfig base)
        throws IOException
    {
        final SpeakerConfig cfg = new SpeakerConfig(asn, routerId, new InetSocketAddress(ip, 0), base.profile(),
            base.policy(), base.validator());
        final Node n = new Node(new BgpSpeaker(cfg, new FibChannel(1024, 512)).start(), ip);
        nodes.add(n);
        return n;
    }

    public static int ipv4(final String ip)
    {
        final String[] p = ip.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8) |
            Integer.parseInt(p[3]);
    }

    /** Peers a (active) with b (passive); returns {session at a, session at b}. */
    public BgpSession[] connect(
        final Node a, final long asA, final Node b, final long asB, final PeerPolicy policyAtA,
        final PeerPolicy policyAtB, final boolean ipv4, final boolean ipv8)
    {
        final BgpSession sb = b.speaker.addPeer(new PeerConfig("AS" + asA + "@" + a.ip,
            new InetSocketAddress(a.ip, a.port()), new InetSocketAddress(b.ip, 0), asA, FAST.withPassive(true),
            policyAtB, ipv4, ipv8, 0, 0));
        final BgpSession sa = a.speaker.addPeer(new PeerConfig("AS" + asB + "@" + b.ip,
            new InetSocketAddress(b.ip, b.port()), new InetSocketAddress(a.ip, 0), asB, FAST, policyAtA, ipv4,
            ipv8, 0, 0));
        return new BgpSession[] {sa, sb};
    }

    /**
     * Holds the speaker's I/O thread until the returned latch is released: commands queued meanwhile (addPeer)
     * then run in one go, so two speakers released together connect to each other at the same moment.
     */
    public static java.util.concurrent.CountDownLatch hold(final BgpSpeaker... speakers)
    {
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        for (final BgpSpeaker sp : speakers)
        {
            sp.execute(() ->
            {
                try
                {
                    gate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return gate;
    }

    public static boolean await(final BooleanSupplier condition, final long timeoutMs)
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close()
    {
        for (final Node n : nodes)
        {
            n.speaker.close();
        }
    }
}
