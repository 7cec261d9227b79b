package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

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
 * Interop with a real BIRD 2 (bird2 from apt) on loopback: 127.0.0.51 is BIRD (AS 65020, passive, multihop so
 * that it accepts a loopback neighbour), 127.0.0.52 is our speaker (AS 65021). BIRD exports the routes of its
 * static protocol "s4"; disabling/enabling that protocol withdraws/re-announces them.
 */
class BirdInteropTest
{
    private static final String BIRD_IP = "127.0.0.51";
    private static final String OUR_IP = "127.0.0.52";

    private static String config(final Daemon bird, final int port)
    {
        return Bird.preamble(BIRD_IP, bird) + """
            protocol static s4 {
              ipv4;
              route 10.51.0.0/16 blackhole;
              route 10.52.0.0/16 blackhole;
            }
            protocol bgp peer1 {
              local %s port %d as 65020;
              neighbor %s as 65021;
              multihop;
              passive on;
              hold time 9;
              connect retry time 1;
              error wait time 1, 2;
              ipv4 { import all; export where proto = "s4"; };
            }
            """.formatted(BIRD_IP, port, OUR_IP);
    }

    @Test
    void sessionRoutesWithdrawNotificationHoldTimerAndRestart() throws Exception
    {
        Bird.assumeInstalled();
        final int port = Daemon.freePort(BIRD_IP);
        try (Daemon bird = Bird.daemon("bird");
             Speakers speakers = new Speakers())
        {
            bird.write("bird.conf", config(bird, port));
            bird.start();
            assertTrue(Daemon.awaitListening(BIRD_IP, port, 10_000), "BIRD listening: " + bird.log("stdout.log"));
            final Speakers.Node us = speakers.start(OUR_IP, 65021, SpeakerConfig.of(65021, 1, null));
            final BgpSession session = us.speaker.addPeer(new PeerConfig("bird",
                new InetSocketAddress(BIRD_IP, port), new InetSocketAddress(OUR_IP, 0), 65020,
                new FsmConfig(3, 1, 1, 2, 20, false), PeerPolicy.ebgp(65020), true, true, 0, 0));
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED, 20_000),
                "Established with BIRD: " + session.state() + " " + bird.log("bird.log"));

            LegacyPeerChecks.assertIpv4Only(us, session);
            final long[] r51 = Prefixes.parse("10.51.0.0/16");
            final long[] r52 = Prefixes.parse("10.52.0.0/16");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) != null && us.fib().get(r52[0], 48) != null,
                10_000), "BIRD routes in our FIB: " + GobgpInteropTest.diag(us, session));
            assertEquals(Speakers.ipv4(BIRD_IP) & 0xFFFF_FFFFL, us.fib().get(r51[0], 48).nextHop());
            assertEquals(65020, us.fib().get(r51[0], 48).originAsn());

            final long[] ours = Prefixes.parse("203.0.113.0/24");
            us.speaker.originate(ours[0], (int)ours[1], Speakers.ipv4(OUR_IP));
            assertTrue(Speakers.await(() -> Bird.birdc(bird, "show", "route", "203.0.113.0/24").contains("65021"),
                10_000), "our route in BIRD: " + Bird.birdc(bird, "show", "route", "all") + bird.log("bird.log"));

            Bird.birdc(bird, "disable", "s4");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) == null && us.fib().get(r52[0], 48) == null,
                10_000), "withdraws reach our FIB");
            Bird.birdc(bird, "enable", "s4");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) != null, 10_000), "re-announced");

            // NOTIFICATION from BIRD (protocol restart sends Cease), session comes back.
            final long before = us.speaker.query(() -> session.fsm().establishedTransitions());
            Bird.birdc(bird, "restart", "peer1");
            LegacyPeerChecks.assertCeaseReceived(us, session);
            LegacyPeerChecks.assertReestablished(us, session, before, r51);

            // Hold timer: freeze BIRD.
            LegacyPeerChecks.assertHoldTimerExpiryAndRecovery(bird, us, session, r51);

            // Peer restart.
            LegacyPeerChecks.assertPeerRestartRecovery(bird, "BIRD", us, session, r51);
            assertTrue(Speakers.await(() -> Bird.birdc(bird, "show", "route", "203.0.113.0/24").contains("65021"),
                10_000), "our route re-advertised to the restarted BIRD");
        }
    }
}
