package org.ipv8router.bgp8.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

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
 * Interop with a real FRR bgpd (frr from apt) on loopback, run without zebra (-Z): 127.0.0.56 is FRR (AS 65030,
 * passive), 127.0.0.57 is our speaker (AS 65031). FRR announces two "network" statements; removing one through
 * vtysh withdraws it; "clear bgp" sends a Cease NOTIFICATION.
 */
class FrrInteropTest
{
    private static final String FRR_IP = "127.0.0.56";
    private static final String OUR_IP = "127.0.0.57";

    private static String config(final String dir)
    {
        return """
            frr defaults traditional
            hostname ipv8-interop
            log file %s/bgpd.log
            !
            router bgp 65030
             bgp router-id %s
             no bgp ebgp-requires-policy
             no bgp network import-check
             neighbor %s remote-as 65031
             neighbor %s passive
             neighbor %s disable-connected-check
             neighbor %s timers 3 9
             neighbor %s timers connect 1
             !
             address-family ipv4 unicast
              network 10.56.0.0/16
              network 10.57.0.0/16
             exit-address-family
            !
            """.formatted(dir, FRR_IP, OUR_IP, OUR_IP, OUR_IP, OUR_IP, OUR_IP);
    }

    @Test
    void sessionRoutesWithdrawNotificationHoldTimerAndRestart() throws Exception
    {
        Assumptions.assumeTrue(Daemon.installed("bgpd") && Daemon.installed("vtysh"),
            "SKIPPED LOUDLY: FRR bgpd/vtysh not installed (apt-get install -y frr)");
        final int port = Daemon.freePort(FRR_IP);
        try (Daemon frr = new Daemon("frr", List.of("/usr/lib/frr/bgpd", "-f", "${dir}/bgpd.conf", "-i",
            "${dir}/bgpd.pid", "--vty_socket", "${dir}", "-p", Integer.toString(port), "-l", FRR_IP, "-Z", "-S",
            "-P", "0"));
             Speakers speakers = new Speakers())
        {
            final String ctl = frr.dir.toString();
            frr.write("bgpd.conf", config(frr.dir.toString()));
            frr.start();
            assertTrue(Daemon.awaitListening(FRR_IP, port, 10_000), "FRR listening: " + frr.log("stdout.log"));
            final Speakers.Node us = speakers.start(OUR_IP, 65031, SpeakerConfig.of(65031, 1, null));
            final BgpSession session = us.speaker.addPeer(new PeerConfig("frr",
                new InetSocketAddress(FRR_IP, port), new InetSocketAddress(OUR_IP, 0), 65030,
                new FsmConfig(3, 1, 1, 2, 20, false), PeerPolicy.ebgp(65030), true, true, 0,
                // FRR answers a 127/8 next hop with NOTIFICATION 3/8 (martian): advertise a documentation one.
                Speakers.ipv4("192.0.2.57") & 0xFFFF_FFFFL));
            assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED, 20_000),
                "Established with FRR: " + session.state() + " " + frr.log("bgpd.log"));

            LegacyPeerChecks.assertIpv4Only(us, session);
            final long[] r56 = Prefixes.parse("10.56.0.0/16");
            final long[] r57 = Prefixes.parse("10.57.0.0/16");
            assertTrue(Speakers.await(() -> us.fib().get(r56[0], 48) != null && us.fib().get(r57[0], 48) != null,
                10_000), "FRR routes in our FIB: " + GobgpInteropTest.diag(us, session));
            assertEquals(Speakers.ipv4(FRR_IP) & 0xFFFF_FFFFL, us.fib().get(r56[0], 48).nextHop());
            assertEquals(65030, us.fib().get(r56[0], 48).originAsn());

            final long[] ours = Prefixes.parse("203.0.113.0/24");
            us.speaker.originate(ours[0], (int)ours[1], Speakers.ipv4(OUR_IP));
            assertTrue(Speakers.await(() -> vtysh(ctl, "show bgp ipv4 unicast 203.0.113.0/24").contains("65031"),
                10_000), "our route in FRR: " + vtysh(ctl, "show bgp ipv4 unicast") + frr.log("bgpd.log"));

            vtysh(ctl, "configure terminal", "router bgp 65030", "address-family ipv4 unicast", "no network 10.57.0.0/16");
            assertTrue(Speakers.await(() -> us.fib().get(r57[0], 48) == null, 10_000), "withdraw reaches our FIB");
            assertTrue(us.fib().get(r56[0], 48) != null);
            vtysh(ctl, "configure terminal", "router bgp 65030", "address-family ipv4 unicast", "network 10.57.0.0/16");
            assertTrue(Speakers.await(() -> us.fib().get(r57[0], 48) != null, 10_000), "re-announced");

            // NOTIFICATION from FRR ("clear bgp" sends Cease), session comes back.
            final long before = us.speaker.query(() -> session.fsm().establishedTransitions());
            vtysh(ctl, "clear bgp " + OUR_IP);
            LegacyPeerChecks.assertCeaseReceived(us, session);
            LegacyPeerChecks.assertReestablished(us, session, before, r56);

            // Hold timer: freeze FRR.
            LegacyPeerChecks.assertHoldTimerExpiryAndRecovery(frr, us, session, r56);

            // Peer restart.
            LegacyPeerChecks.assertPeerRestartRecovery(frr, "FRR", us, session, r56);
            assertTrue(Speakers.await(() -> vtysh(ctl, "show bgp ipv4 unicast 203.0.113.0/24").contains("65031"),
                10_000), "our route re-advertised to the restarted FRR");
        }
    }

    private static String vtysh(final String dir, final String... commands)
    {
        final String[] cmd = new String[3 + 2 * commands.length];
        cmd[0] = "vtysh";
        cmd[1] = "--vty_socket";
        cmd[2] = dir;
        for (int i = 0; i < commands.length; i++)
        {
            cmd[3 + 2 * i] = "-c";
            cmd[4 + 2 * i] = commands[i];
        }
        return Daemon.run(cmd);
    }
}
