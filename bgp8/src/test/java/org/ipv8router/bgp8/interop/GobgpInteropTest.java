package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fib.InMemoryFib;
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
 * Interop with a real GoBGP (gobgpd from apt) on loopback: 127.0.0.41 is GoBGP (AS 65010, passive), 127.0.0.42
 * is our speaker (AS 65011, active). Covers session establishment, IPv4 routes both ways into the FIB,
 * withdraws, a NOTIFICATION from the peer, hold-timer expiry (peer frozen with SIGSTOP) and a peer restart.
 */
class GobgpInteropTest
{
    private static final String GOBGP_IP = "127.0.0.41";
    private static final String OUR_IP = "127.0.0.42";
    /** GoBGP refuses loopback next hops ("invalid nexthop address"), so we advertise a documentation one. */
    private static final String NEXT_HOP = "192.0.2.42";

    private static String config(final int port)
    {
        return """
            [global.config]
              as = 65010
              router-id = "%s"
              port = %d
              local-address-list = ["%s"]

            [[neighbors]]
              [neighbors.config]
                neighbor-address = "%s"
                peer-as = 65011
              [neighbors.transport.config]
                passive-mode = true
              [neighbors.timers.config]
                hold-time = 9
                connect-retry = 1
                idle-hold-time-after-reset = 1
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
            """.formatted(GOBGP_IP, port, GOBGP_IP, OUR_IP);
    }

    @Test
    void sessionRoutesWithdrawNotificationHoldTimerAndRestart() throws Exception
    {
        Assumptions.assumeTrue(Daemon.installed("gobgpd") && Daemon.installed("gobgp"),
            "SKIPPED LOUDLY: gobgpd/gobgp not installed (apt-get install -y gobgpd)");
        final int port = Daemon.freePort(GOBGP_IP);
        final int api = Daemon.freePort("127.0.0.1");
        final String apiPort = Integer.toString(api);
        try (Daemon gobgp = new Daemon("gobgp", List.of("gobgpd", "-f", "${dir}/gobgpd.toml", "--api-hosts",
            "127.0.0.1:" + api, "--pprof-disable", "-p"));
             Speakers speakers = new Speakers())
        {
            gobgp.write("gobgpd.toml", config(port));
            gobgp.start();
            assertTrue(Daemon.awaitListening("127.0.0.1", api, 10_000), "gobgpd API up: " + gobgp.log("stdout.log"));
            final Speakers.Node us = speakers.start(OUR_IP, 65011, SpeakerConfig.of(65011, 1, null));
            final BgpSession session = us.speaker.addPeer(new PeerConfig("gobgp",
                new InetSocketAddress(GOBGP_IP, port), new InetSocketAddress(OUR_IP, 0), 65010,
                new FsmConfig(3, 1, 1, 2, 20, false), PeerPolicy.ebgp(65010), true, true, 0,
                Speakers.ipv4(NEXT_HOP) & 0xFFFF_FFFFL));
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED, 20_000),
                "Established with gobgpd: " + session.state() + " " + gobgp.log("stdout.log"));
            assertTrue(us.speaker.query(() -> session.peerOpen().fourOctetAs() == 65010), "4-octet AS capability");

            // Routes from GoBGP land in our FIB.
            LegacyPeerChecks.assertIpv4Only(us, session);
            final long[] r41 = Prefixes.parse("10.41.0.0/16");
            final long[] r42 = Prefixes.parse("10.42.0.0/16");
            gobgpCli(apiPort, "global", "rib", "add", "10.41.0.0/16", "-a", "ipv4");
            gobgpCli(apiPort, "global", "rib", "add", "10.42.0.0/16", "-a", "ipv4");
            assertTrue(Speakers.await(() -> us.fib().get(r41[0], 48) != null && us.fib().get(r42[0], 48) != null,
                10_000), "GoBGP routes in our FIB: " + diag(us, session));
            final InMemoryFib.Entry e = us.fib().get(r41[0], (int)r41[1]);
            assertEquals(Speakers.ipv4(GOBGP_IP) & 0xFFFF_FFFFL, e.nextHop());
            assertEquals(65010, e.originAsn());

            // Our route lands in GoBGP.
            final long[] ours = Prefixes.parse("198.51.100.0/24");
            us.speaker.originate(ours[0], (int)ours[1], Speakers.ipv4(OUR_IP));
            assertTrue(Speakers.await(() -> gobgpCli(apiPort, "global", "rib", "-a", "ipv4").contains("198.51.100.0/24"),
                10_000), "our route in GoBGP: " + gobgpCli(apiPort, "global", "rib", "-a", "ipv4") + " sent=" +
                us.speaker.query(() -> session.updatesSent() + " adjOut=" + session.ribPeer().adjRibOutSize()) +
                " log: " + gobgp.log("stdout.log"));
            final String rib = gobgpCli(apiPort, "global", "rib", "-a", "ipv4");
            assertTrue(rib.lines().anyMatch(l -> l.contains("198.51.100.0/24") && l.contains("65011") &&
                l.contains(NEXT_HOP)), "AS path 65011 and next hop " + NEXT_HOP + ": " + rib);

            // A withdraw removes the FIB entry.
            gobgpCli(apiPort, "global", "rib", "del", "10.42.0.0/16", "-a", "ipv4");
            assertTrue(Speakers.await(() -> us.fib().get(r42[0], 48) == null, 10_000), "withdraw reaches our FIB");
            assertTrue(us.fib().get(r41[0], 48) != null);

            // NOTIFICATION from the peer (admin shutdown, Cease 6/2): handled (session down, routes flushed);
            // after the peer is enabled again the session comes back with the routes.
            final long before = us.speaker.query(() -> session.fsm().establishedTransitions());
            gobgpCli(apiPort, "neighbor", OUR_IP, "disable");
            LegacyPeerChecks.assertCeaseReceived(us, session);
            assertTrue(Speakers.await(() -> us.fib().get(r41[0], 48) == null, 10_000), "flushed after the NOTIFICATION");
            gobgpCli(apiPort, "neighbor", OUR_IP, "enable");
            assertTrue(Speakers.await(() -> us.speaker.query(() -> session.fsm().establishedTransitions()) > before &&
                session.state() == SessionState.ESTABLISHED, 20_000), "re-established after the reset");
            assertTrue(Speakers.await(() -> us.fib().get(r41[0], 48) != null, 10_000), "routes back after reset");

            // Hold timer: freeze GoBGP; we must send NOTIFICATION 4 and flush its routes, then recover.
            LegacyPeerChecks.assertHoldTimerExpiryAndRecovery(gobgp, us, session, r41);

            // Peer restart: kill gobgpd, routes flushed; start it again, session and routes come back.
            gobgp.stop();
            assertTrue(Speakers.await(() -> us.fib().get(r41[0], 48) == null, 15_000), "flushed when the peer died");
            gobgp.start();
            assertTrue(Daemon.awaitListening("127.0.0.1", api, 10_000));
            gobgpCli(apiPort, "global", "rib", "add", "10.41.0.0/16", "-a", "ipv4");
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED &&
                us.fib().get(r41[0], 48) != null, 30_000), "session and routes back after the peer restart");
            assertTrue(Speakers.await(() -> gobgpCli(apiPort, "global", "rib", "-a", "ipv4").contains("198.51.100.0/24"),
                10_000), "our route re-advertised to the restarted peer");
        }
    }

    static String diag(final Speakers.Node us, final BgpSession session)
    {
        return us.speaker.query(() ->
        {
            final StringBuilder sb = new StringBuilder("updates=" + session.updatesReceived() + " taw=" +
                session.decoder().treatAsWithdrawCount() + " (" + session.decoder().treatAsWithdrawReason() +
                ") adjIn=" + session.ribPeer().adjRibInSize() + " locRib=" + us.speaker.rib().locRibSize());
            for (final org.ipv8router.bgp8.policy.Verdict v : org.ipv8router.bgp8.policy.Verdict.values())
            {
                if (us.speaker.rib().verdictCount(v) > 0)
                {
                    sb.append(' ').append(v).append('=').append(us.speaker.rib().verdictCount(v));
                }
            }
            return sb.toString();
        });
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
