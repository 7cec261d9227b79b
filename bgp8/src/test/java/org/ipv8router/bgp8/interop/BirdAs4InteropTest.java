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
 * RFC 6793 through a real 2-octet speaker: BIRD 2 (127.0.0.56, AS 65050) runs both its sessions with
 * {@code enable as4 off}, so it behaves as an OLD speaker (BIRD then refuses 4-octet neighbour ASes, hence the
 * 2-octet X). Our speaker W (127.0.0.58, AS 4200000001) originates a route and gives it to our speaker X
 * (127.0.0.55, AS 65055) over a 4-octet session. X must send it to BIRD as AS_PATH [65055 AS_TRANS] plus AS4_PATH
 * [65055 4200000001] (BIRD shows the real path); BIRD passes it to our speaker Y (127.0.0.57, AS 65052) as
 * AS_PATH [65050 65055 AS_TRANS] with the AS4_PATH, and Y must rebuild [65050 65055 4200000001] (origin
 * 4200000001 in its FIB, not 23456).
 */
class BirdAs4InteropTest
{
    private static final String X_IP = "127.0.0.55";
    private static final String BIRD_IP = "127.0.0.56";
    private static final String Y_IP = "127.0.0.57";
    private static final String W_IP = "127.0.0.58";
    private static final long W_AS = 4_200_000_001L;

    private static String config(final Daemon bird, final int port)
    {
        return Bird.preamble(BIRD_IP, bird) + """
            template bgp old {
              local %s port %d as 65050;
              multihop;
              passive on;
              enable as4 off;
              hold time 9;
              connect retry time 1;
              error wait time 1, 2;
              ipv4 { import all; export where source = RTS_BGP; };
            }
            protocol bgp x from old { neighbor %s as 65055; }
            protocol bgp y from old { neighbor %s as 65052; }
            """.formatted(BIRD_IP, port, X_IP, Y_IP);
    }

    @Test
    void fourOctetPathCrossesATwoOctetSpeaker() throws Exception
    {
        Bird.assumeInstalled();
        final int port = Daemon.freePort(BIRD_IP);
        try (Daemon bird = Bird.daemon("bird-as4");
             Speakers speakers = new Speakers())
        {
            bird.write("bird.conf", config(bird, port));
            bird.start();
            assertTrue(Daemon.awaitListening(BIRD_IP, port, 10_000), "BIRD listening: " + bird.log("stdout.log"));
            final Speakers.Node w = speakers.start(W_IP, W_AS, SpeakerConfig.of(W_AS, 1, null));
            final Speakers.Node x = speakers.start(X_IP, 65055, SpeakerConfig.of(65055, 1, null));
            final BgpSession[] wx = speakers.connect(w, W_AS, x, 65055, PeerPolicy.ebgp(65055),
                PeerPolicy.ebgp(W_AS), true, false);
            final Speakers.Node y = speakers.start(Y_IP, 65052, SpeakerConfig.of(65052, 1, null));
            final FsmConfig timers = new FsmConfig(9, 1, 1, 2, 20, false);
            final BgpSession sx = x.speaker.addPeer(new PeerConfig("bird", new InetSocketAddress(BIRD_IP, port),
                new InetSocketAddress(X_IP, 0), 65050, timers, PeerPolicy.ebgp(65050), true, false, 0, 0));
            final BgpSession sy = y.speaker.addPeer(new PeerConfig("bird", new InetSocketAddress(BIRD_IP, port),
                new InetSocketAddress(Y_IP, 0), 65050, timers, PeerPolicy.ebgp(65050), true, false, 0, 0));
            assertTrue(Speakers.await(() -> sx.state() == SessionState.ESTABLISHED &&
                sy.state() == SessionState.ESTABLISHED && wx[0].state() == SessionState.ESTABLISHED, 20_000),
                "both sessions with BIRD: " + sx.state() + "/" + sy.state() + " " + bird.log("bird.log"));
            assertTrue(x.speaker.query(() -> sx.peerOpen().fourOctetAs() < 0 && sx.peerOpen().myAs() == 65050),
                "BIRD acts as a 2-octet speaker");

            final long[] route = Prefixes.parse("198.51.100.0/24");
            w.speaker.originate(route[0], (int)route[1], Speakers.ipv4(W_IP));
            assertTrue(Speakers.await(() -> Bird.birdc(bird, "show", "route", "198.51.100.0/24", "all")
                .contains("BGP.as_path: 65055 4200000001"), 10_000),
                "BIRD rebuilt the 4-octet AS from our AS_TRANS + AS4_PATH: " +
                Bird.birdc(bird, "show", "route", "198.51.100.0/24", "all") + bird.log("bird.log"));

            assertTrue(Speakers.await(() -> y.fib().get(route[0], 56) != null, 10_000),
                "the route reaches Y: " + GobgpInteropTest.diag(y, sy));
            assertEquals(W_AS, y.fib().get(route[0], 56).originAsn(),
                "Y rebuilt the path from AS_PATH [65050 65055 23456] + AS4_PATH");
            assertTrue(y.speaker.query(() -> sy.decoder().as4PathsMerged()) > 0);
            assertTrue(y.speaker.routes().stream().anyMatch(r -> r.toString().contains("4200000001")),
                "show bgp routes at Y: " + y.speaker.routes());
        }
    }
}
