package org.ipv8router.bgp8.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.testutil.Speakers;
import org.ipv8router.bgp8.testutil.Speakers.Node;
import org.junit.jupiter.api.Test;

/** One hub speaker runs many sessions at once (one I/O thread): eBGP spokes and one iBGP neighbour. */
class ManyPeersTest
{
    private static final int SPOKES = 8;

    @Test
    void hubCarriesRoutesBetweenAllSpokes() throws Exception
    {
        try (Speakers s = new Speakers())
        {
            final Node hub = s.start("127.0.0.80", 65080, SpeakerConfig.of(65080, 1, null));
            final Node ibgp = s.start("127.0.0.99", 65080, SpeakerConfig.of(65080, 2, null));
            final List<Node> spokes = new ArrayList<>();
            final List<BgpSession[]> sessions = new ArrayList<>();
            for (int i = 1; i <= SPOKES; i++)
            {
                final long asn = 65080 + i;
                final Node spoke = s.start("127.0.0." + (80 + i), asn, SpeakerConfig.of(asn, 1, null));
                spokes.add(spoke);
                sessions.add(s.connect(hub, 65080, spoke, asn, PeerPolicy.ebgp(asn), PeerPolicy.ebgp(65080), true,
                    false));
                final long[] p = Prefixes.parse("10." + i + ".0.0/16");
                spoke.speaker.originate(p[0], (int)p[1], Speakers.ipv4("127.0.0." + (80 + i)));
            }
            sessions.add(s.connect(hub, 65080, ibgp, 65080, PeerPolicy.ibgp(65080), PeerPolicy.ibgp(65080), true,
                false));
            for (final BgpSession[] pair : sessions)
            {
                assertTrue(Speakers.await(() -> pair[0].state() == SessionState.ESTABLISHED, 20_000),
                    pair[0].config().name());
            }
            assertTrue(Speakers.await(() -> hub.fib().size() == SPOKES, 15_000), "hub FIB " + hub.fib().size());
            for (final Node spoke : spokes)
            {
                assertTrue(Speakers.await(() -> spoke.fib().size() == SPOKES - 1, 15_000),
                    spoke.ip + " has " + spoke.fib().size());
            }
            assertTrue(Speakers.await(() -> ibgp.fib().size() == SPOKES, 15_000), "iBGP neighbour gets all");
            final long[] p3 = Prefixes.parse("10.3.0.0/16");
            assertEquals(65083, spokes.get(0).fib().get(p3[0], (int)p3[1]).originAsn());
            // One spoke leaves: everybody loses exactly its route.
            spokes.get(2).speaker.close();
            assertTrue(Speakers.await(() -> hub.fib().size() == SPOKES - 1 &&
                spokes.get(0).fib().size() == SPOKES - 2 && ibgp.fib().size() == SPOKES - 1, 15_000),
                "withdrawals propagate after a session loss");
        }
    }
}
