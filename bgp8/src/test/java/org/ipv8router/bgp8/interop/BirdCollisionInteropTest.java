package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.bgp8.testutil.Speakers;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 6.8 connection collision against a real BIRD 2, both sides active. BIRD (127.0.0.53, AS 65030) starts
 * while our I/O thread is held: BIRD connects to us, the connection waits in our listen backlog and BIRD sits in
 * OpenSent. Then our speaker (127.0.0.54, AS 65031, BGP Identifier 127.0.0.54) is released and connects to BIRD,
 * which accepts it too: both ends hold two connections and must keep the same one. Repeated with BIRD's router
 * id below and above ours; every round must end with one Established session that stays up and carries routes
 * both ways.
 */
class BirdCollisionInteropTest
{
    private static final String BIRD_IP = "127.0.0.53";
    private static final String OUR_IP = "127.0.0.54";

    private static String config(final Daemon bird, final String routerId, final int port, final int ourPort)
    {
        return Bird.preamble(routerId, bird) + """
            protocol static s4 {
              ipv4;
              route 10.53.0.0/16 blackhole;
            }
            protocol bgp peer1 {
              local %s port %d as 65030;
              neighbor %s port %d as 65031;
              multihop;
              hold time 3;
              connect delay time 1;
              connect retry time 1;
              error wait time 1, 2;
              ipv4 { import all; export where proto = "s4"; };
            }
            """.formatted(BIRD_IP, port, OUR_IP, ourPort);
    }

    @Test
    void bothActiveSimultaneousStartsEndInOneStableSession() throws Exception
    {
        Bird.assumeInstalled();
        final int ourId = Speakers.ipv4(OUR_IP);
        final String[] birdIds = {"10.0.0.53", "200.0.0.53", "10.0.0.53", "200.0.0.53"};
        long collisions = 0;
        final StringBuilder history = new StringBuilder();
        for (int round = 0; round < birdIds.length; round++)
        {
            final int port = Daemon.freePort(BIRD_IP);
            try (Daemon bird = Bird.daemon("bird-coll");
                 Speakers speakers = new Speakers())
            {
                final Speakers.Node us = speakers.start(OUR_IP, 65031, SpeakerConfig.of(65031, 1, null));
                bird.write("bird.conf", config(bird, birdIds[round], port, us.port()));

                final CountDownLatch gate = Speakers.hold(us.speaker);
                final CompletableFuture<BgpSession> added = CompletableFuture.supplyAsync(() -> us.speaker.addPeer(
                    new PeerConfig("bird", new InetSocketAddress(BIRD_IP, port), new InetSocketAddress(OUR_IP, 0),
                    65030, new FsmConfig(3, 1, 1, 2, 20, false), PeerPolicy.ebgp(65030), true, false, 0, 0)));
                bird.start();
                // BIRD's own connection is up (it waits in our backlog) and its OPEN is sent: BIRD is in OpenSent.
                final boolean birdOpenSent = Speakers.await(() -> Bird.birdc(bird, "show", "protocols", "all", "peer1")
                    .contains("OpenSent"), 8_000); // below the 10 s the held addPeer query may wait
                gate.countDown();
                final BgpSession session = added.get(10, TimeUnit.SECONDS);
                final String why = "round " + round + " (BIRD id " + birdIds[round] + ", BIRD was in OpenSent: " +
                    birdOpenSent + ")";
                assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED &&
                    Bird.birdc(bird, "show", "protocols", "peer1").contains("Established"), 15_000),
                    "Established with BIRD, " + why + ": " + session.state() + " " + bird.log("bird.log"));

                final long[] r53 = Prefixes.parse("10.53.0.0/16");
                assertTrue(Speakers.await(() -> us.fib().get(r53[0], 48) != null, 10_000), "BIRD route, " + why);
                final long[] ours = Prefixes.parse("203.0.113.0/24");
                us.speaker.originate(ours[0], (int)ours[1], Speakers.ipv4(OUR_IP));
                assertTrue(Speakers.await(() -> Bird.birdc(bird, "show", "route", "203.0.113.0/24").contains("65031"),
                    10_000), "our route in BIRD, " + why);

                // Stays up: longer than a BIRD hold time (3 s), no second establishment at either end.
                Thread.sleep(3_500);
                assertEquals(SessionState.ESTABLISHED, session.state(), why + " " + bird.log("bird.log"));
                assertEquals(1, us.speaker.query(() -> session.fsm().establishedTransitions()), why);
                assertTrue(Bird.birdc(bird, "show", "protocols", "peer1").contains("Established"), why);
                assertNotNull(us.fib().get(r53[0], 48), why);

                final long resolved = us.speaker.query(session::collisionsResolved);
                final boolean weInitiated = us.speaker.query(session::initiatedLocally);
                if (resolved > 0)
                {
                    final boolean birdHigher = Integer.compareUnsigned(Speakers.ipv4(birdIds[round]), ourId) > 0;
                    assertEquals(!birdHigher, weInitiated,
                        "the connection initiated by the higher BGP Identifier survives, " + why);
                }
                collisions += resolved;
                history.append(why).append(": collisions ").append(resolved).append(", kept ")
                    .append(weInitiated ? "ours" : "BIRD's").append("; ");
            }
        }
        System.out.println("BIRD collision rounds: " + history);
        assertTrue(collisions > 0, "at least one round produced a real collision at our end: " + history);
    }
}
