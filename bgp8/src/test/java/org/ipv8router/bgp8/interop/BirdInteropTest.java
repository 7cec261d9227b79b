package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.bgp8.testutil.Speakers;
import org.junit.jupiter.api.Assumptions;
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

    private static String config(final String dir, final int port)
    {
        return """
            router id %s;
            log "%s/bird.log" all;
            protocol device { }
            protocol static s4 {
              ipv4;
              route 10.51.0.0/16 blackhole;
              route 10.52.0.0/16 blackhole;
            }
            # Lets BIRD resolve the loopback next hops we advertise (multihop sessions resolve recursively).
            protocol static lo4 {
              ipv4;
              route 127.0.0.0/8 via "lo";
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
            """.formatted(BIRD_IP, dir, BIRD_IP, port, OUR_IP);
    }

    @Test
    void sessionRoutesWithdrawNotificationHoldTimerAndRestart() throws Exception
    {
        Assumptions.assumeTrue(Daemon.installed("bird") && Daemon.installed("birdc"),
            "SKIPPED LOUDLY: bird/birdc not installed (apt-get install -y bird2)");
        final int port = Daemon.freePort(BIRD_IP);
        try (Daemon bird = new Daemon("bird", List.of("bird", "-f", "-c", "${dir}/bird.conf", "-s", "${dir}/bird.ctl",
            "-P", "${dir}/bird.pid"));
             Speakers speakers = new Speakers())
        {
            final String ctl = bird.dir.resolve("bird.ctl").toString();
            bird.write("bird.conf", config(bird.dir.toString(), port));
            bird.start();
            assertTrue(Daemon.awaitListening(BIRD_IP, port, 10_000), "BIRD listening: " + bird.log("stdout.log"));
            final Speakers.Node us = speakers.start(OUR_IP, 65021, SpeakerConfig.of(65021, 1, null));
            final BgpSession session = us.speaker.addPeer(new PeerConfig("bird",
                new InetSocketAddress(BIRD_IP, port), new InetSocketAddress(OUR_IP, 0), 65020,
                new FsmConfig(3, 1, 1, 2, 20, false), PeerPolicy.ebgp(65020), true, true, 0, 0));
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED, 20_000),
                "Established with BIRD: " + session.state() + " " + bird.log("bird.log"));

            // We offer IPv8 (AFI 1/SAFI 241) and capability 239 too: the daemon must simply not negotiate them.
            assertTrue(us.speaker.query(() -> session.ipv4Negotiated() && !session.ipv8Negotiated() &&
                !session.peerOpen().bgp8()), "legacy peer: IPv4 only");
            final long[] r51 = Prefixes.parse("10.51.0.0/16");
            final long[] r52 = Prefixes.parse("10.52.0.0/16");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) != null && us.fib().get(r52[0], 48) != null,
                10_000), "BIRD routes in our FIB: " + GobgpInteropTest.diag(us, session));
            assertEquals(Speakers.ipv4(BIRD_IP) & 0xFFFF_FFFFL, us.fib().get(r51[0], 48).nextHop());
            assertEquals(65020, us.fib().get(r51[0], 48).originAsn());

            final long[] ours = Prefixes.parse("203.0.113.0/24");
            us.speaker.originate(ours[0], (int)ours[1], Speakers.ipv4(OUR_IP));
            assertTrue(Speakers.await(() -> birdc(ctl, "show", "route", "203.0.113.0/24").contains("65021"), 10_000),
                "our route in BIRD: " + birdc(ctl, "show", "route", "all") + bird.log("bird.log"));

            birdc(ctl, "disable", "s4");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) == null && us.fib().get(r52[0], 48) == null,
                10_000), "withdraws reach our FIB");
            birdc(ctl, "enable", "s4");
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) != null, 10_000), "re-announced");

            // NOTIFICATION from BIRD (protocol restart sends Cease), session comes back.
            final long before = us.speaker.query(() -> session.fsm().establishedTransitions());
            birdc(ctl, "restart", "peer1");
            assertTrue(Speakers.await(() -> us.speaker.query(() -> session.lastNotificationReceived()) != null, 10_000),
                "NOTIFICATION received");
            assertEquals(Bgp.ERR_CEASE, us.speaker.query(() -> session.lastNotificationReceived().code()));
            assertTrue(Speakers.await(() -> us.speaker.query(() -> session.fsm().establishedTransitions()) > before &&
                session.state() == SessionState.ESTABLISHED && us.fib().get(r51[0], 48) != null, 20_000),
                "re-established after the restart");

            // Hold timer: freeze BIRD.
            bird.signal("STOP");
            try
            {
                assertTrue(Speakers.await(() -> us.speaker.query(() -> session.lastNotificationSent()) != null &&
                    us.speaker.query(() -> session.lastNotificationSent().code()) == Bgp.ERR_HOLD_TIMER_EXPIRED,
                    15_000), "hold timer expired");
                assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) == null, 5_000), "flushed on hold expiry");
            }
            finally
            {
                bird.signal("CONT");
            }
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED &&
                us.fib().get(r51[0], 48) != null, 30_000), "recovered after hold-timer expiry: " + session.state());

            // Peer restart.
            bird.stop();
            assertTrue(Speakers.await(() -> us.fib().get(r51[0], 48) == null, 15_000), "flushed when BIRD died");
            bird.start();
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED &&
                us.fib().get(r51[0], 48) != null, 30_000), "session and routes back after the BIRD restart");
            assertTrue(Speakers.await(() -> birdc(ctl, "show", "route", "203.0.113.0/24").contains("65021"), 10_000),
                "our route re-advertised to the restarted BIRD");
        }
    }

    private static String birdc(final String ctl, final String... args)
    {
        final String[] cmd = new String[args.length + 3];
        cmd[0] = "birdc";
        cmd[1] = "-s";
        cmd[2] = ctl;
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Daemon.run(cmd);
    }
}
