package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Both sides active against a real GoBGP, started simultaneously as in {@link BirdCollisionInteropTest}: GoBGP
 * (127.0.0.47, AS 65040) connects to us while our I/O thread is held, then we connect to it. GoBGP does not run
 * the RFC 4271 6.8 identifier rule: in OpenSent it closes any further connection without a NOTIFICATION. Our
 * side must still end with one stable session: the closed connection is dropped (or, if it was the session's
 * one, the held second connection takes over). Run with GoBGP's router id below and above ours. Whether a round
 * produces a collision at our end depends on GoBGP's timing (its first connect is not always made while we are
 * held), so the collision count is reported, not asserted; the BIRD test asserts it.
 */
class GobgpCollisionInteropTest
{
    private static final String GOBGP_IP = "127.0.0.47";
    private static final String OUR_IP = "127.0.0.48";

    private static String config(final String routerId, final int port, final int ourPort)
    {
        return """
            [global.config]
              as = 65040
              router-id = "%s"
              port = %d
              local-address-list = ["%s"]

            [[neighbors]]
              [neighbors.config]
                neighbor-address = "%s"
                peer-as = 65041
              [neighbors.transport.config]
                remote-port = %d
                local-address = "%s"
              [neighbors.timers.config]
                hold-time = 9
                connect-retry = 1
                idle-hold-time-after-reset = 1
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
            """.formatted(routerId, port, GOBGP_IP, OUR_IP, ourPort, GOBGP_IP);
    }

    @Test
    void bothActiveSimultaneousStartsEndInOneStableSession() throws Exception
    {
        Assumptions.assumeTrue(Daemon.installed("gobgpd") && Daemon.installed("gobgp"),
            "SKIPPED LOUDLY: gobgpd/gobgp not installed (apt-get install -y gobgpd)");
        final String[] gobgpIds = {"10.0.0.47", "200.0.0.47"};
        final StringBuilder history = new StringBuilder();
        for (int round = 0; round < gobgpIds.length; round++)
        {
            final int port = Daemon.freePort(GOBGP_IP);
            final int api = Daemon.freePort("127.0.0.1");
            final String apiPort = Integer.toString(api);
            try (Daemon gobgp = new Daemon("gobgp-coll", List.of("gobgpd", "-f", "${dir}/gobgpd.toml",
                "--api-hosts", "127.0.0.1:" + api, "--pprof-disable", "-p"));
                 Speakers speakers = new Speakers())
            {
                final Speakers.Node us = speakers.start(OUR_IP, 65041, SpeakerConfig.of(65041, 1, null));
                gobgp.write("gobgpd.toml", config(gobgpIds[round], port, us.port()));
                final CountDownLatch gate = Speakers.hold(us.speaker);
                final CompletableFuture<BgpSession> added = CompletableFuture.supplyAsync(() -> us.speaker.addPeer(
                    new PeerConfig("gobgp", new InetSocketAddress(GOBGP_IP, port), new InetSocketAddress(OUR_IP, 0),
                    65040, new FsmConfig(9, 1, 1, 2, 20, false), PeerPolicy.ebgp(65040), true, false, 0, 0)));
                gobgp.start();
                final boolean gobgpOpenSent = Speakers.await(() -> state(apiPort).contains("bgp state = opensent"),
                    4_000);
                gate.countDown();
                final BgpSession session = added.get(10, TimeUnit.SECONDS);
                final String why = "round " + round + " (GoBGP id " + gobgpIds[round] + ", GoBGP was in OpenSent: " +
                    gobgpOpenSent + ")";
                assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED &&
                    state(apiPort).contains("bgp state = established"), 20_000),
                    "Established with GoBGP, " + why + ": " + session.state() + " " + gobgp.log("stdout.log"));
                gobgpCli(apiPort, "global", "rib", "add", "10.47.0.0/16", "-a", "ipv4");
                final long[] r47 = Prefixes.parse("10.47.0.0/16");
                assertTrue(Speakers.await(() -> us.fib().get(r47[0], 48) != null, 10_000), "GoBGP route, " + why);
                Thread.sleep(1_000); // a disagreement shows as a closed connection within milliseconds
                assertEquals(SessionState.ESTABLISHED, session.state(), why);
                final long ups = us.speaker.query(() -> session.fsm().establishedTransitions());
                assertTrue(state(apiPort).contains("bgp state = established"), why);
                assertNotNull(us.fib().get(r47[0], 48), why);
                history.append(why).append(": collisions ").append(us.speaker.query(session::collisionsResolved))
                    .append(", established ").append(ups).append("x, kept ")
                    .append(us.speaker.query(session::initiatedLocally) ? "ours" : "GoBGP's").append("; ");
            }
        }
        System.out.println("GoBGP collision rounds: " + history);
    }

    private static String state(final String apiPort)
    {
        return gobgpCli(apiPort, "neighbor", OUR_IP).toLowerCase(java.util.Locale.ROOT);
    }

    private static String gobgpCli(final String apiPort, final String... args)
    {
        final String[] cmd = new String[args.length + 5];
        cmd[0] = "gobgp";
        cmd[1] = "-u";
        cmd[2] = "127.0.0.1";
        cmd[3] = "-p";
        cmd[4] = apiPort;
        System.arraycopy(args, 0, cmd, 5, args.length);
        return Daemon.run(cmd);
    }
}
