package org.ipv8router.testbed.bgp8;

import static org.ipv8router.bgp8.testutil.RingRouter.H1;
import static org.ipv8router.bgp8.testutil.RingRouter.H1_MAC;
import static org.ipv8router.bgp8.testutil.RingRouter.N1;
import static org.ipv8router.bgp8.testutil.RingRouter.N1_MAC;
import static org.ipv8router.bgp8.testutil.RingRouter.N2;
import static org.ipv8router.bgp8.testutil.RingRouter.N2_MAC;
import static org.ipv8router.bgp8.testutil.RingRouter.a;
import static org.ipv8router.bgp8.testutil.Speakers.FAST;
import static org.ipv8router.bgp8.testutil.Speakers.await;
import static org.ipv8router.bgp8.testutil.Speakers.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.ipv8router.bgp8.codec.WireProfile;
import org.ipv8router.bgp8.fib.DataplaneRouteSink;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.policy.ValidationState;
import org.ipv8router.bgp8.policy.Verdict;
import org.ipv8router.bgp8.policy.Whois8RouteValidator;
import org.ipv8router.bgp8.rib.RouteView;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.bgp8.testutil.RingRouter;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.testbed.whois8.RegistryStore;
import org.ipv8router.testbed.whois8.Whois8RegistryServer;
import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.whois8.Whois8Validator;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 acceptance: "a revocation that removes a route from a running router's FIB". Everything real, in one JVM
 * on loopback:
 * <pre>
 *   WHOIS8 reference registry (HTTP, signed snapshot + deltas; AS64497 registered for 64497.198.51.0.0/16)
 *        |  snapshot mode, delta poll every second
 *   Whois8Validator -- Whois8RouteValidator
 *                              |
 *   AS64497 speaker ==eBGP8==&gt; AS64496 speaker --FibChannel--&gt; DataplaneRouteSink (FIB writer thread)
 *   AS64510 speaker ==eBGP8==^        (not registered)                 |
 *                                                         Router worker thread over ring ports
 *   H1 64496.192.0.2.1 -- p0 [router] p1 -- N1 203.0.113.2 (next hop of AS64497's route)
 *                                     p2 -- N2 198.18.0.2  (next hop of AS64510's route)
 * </pre>
 * A packet from H1 to 64497.198.51.100.7 is forwarded to N1; the registry revokes AS64497 and within the polling
 * interval the route leaves the FIB and the same packet gets ICMPv8 3/6; a new active serial brings it back. The
 * unregistered AS64510's route stays NOT_FOUND in Adj-RIB-In and never reaches the FIB. A record that expires while
 * its route is installed takes the route out of the FIB too.
 */
class Whois8RevocationFibTest
{
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long ROUTE = a(64497, 198, 51, 0, 0);
    private static final long DST = a(64497, 198, 51, 100, 7);
    private static final long ROGUE = a(64510, 10, 0, 0, 0);
    private static final long ROGUE_DST = a(64510, 10, 1, 2, 3);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private RingRouter ring;

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(final T c)
    {
        closeables.add(c);
        return c;
    }

    /** Routers hold the whole registry: snapshot, then a signed delta poll every second. */
    @Test
    void snapshotModeRevocationLeavesTheFibWithinThePollingInterval() throws Exception
    {
        revocationWithdrawsTheRouteFromTheRunningRoutersFibAndANewSerialRestoresIt(Whois8Config.Mode.SNAPSHOT);
    }

    /**
     * Per-RN lookups: the first route of an RN is held pending (never seen: UNKNOWN) until the lookup answers; the
     * registry's Cache-Control max-age of one second is the polling interval.
     */
    @Test
    void perRnModeRevocationLeavesTheFibWithinTheRecordTtl() throws Exception
    {
        revocationWithdrawsTheRouteFromTheRunningRoutersFibAndANewSerialRestoresIt(Whois8Config.Mode.PER_RN);
    }

    private void revocationWithdrawsTheRouteFromTheRunningRoutersFibAndANewSerialRestoresIt(
        final Whois8Config.Mode mode) throws Exception
    {
        final Instant now = Instant.now();
        final Whois8Record as64497 = Whois8Record.builder(64497).holder("Globex Inc", "RIPE", "DE")
            .authorizedOrigins(64497).maxHostPrefixLength(16).routes("64497.198.51.0.0/16")
            .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).serial(1).build();
        final RegistryStore store = RegistryStore.of(List.of(as64497), 1);
        final KeyPair keys = Ed25519Keys.generate();
        final Whois8RegistryServer registry = closeLater(Whois8RegistryServer.start(store, keys, "e2e-1",
            new Whois8RegistryServer.Options().httpPort(0).maxAge(POLL.toSeconds(), POLL.toSeconds())));
        final Whois8Validator whois8 = closeLater(new Whois8Validator(Whois8Config.builder()
            .baseUri(registry.httpUri())
            .trustAnchors(registry.trustAnchors())
            .mode(mode)
            .snapshotPolling(POLL, POLL)
            .tickInterval(Duration.ofMillis(100))
            .build()).start());
        if (mode == Whois8Config.Mode.SNAPSHOT)
        {
            whois8.firstSnapshot().get(30, TimeUnit.SECONDS);
        }
        final Whois8RouteValidator validator = closeLater(new Whois8RouteValidator(whois8));

        // The data plane: Router worker and the BGP8 FIB writer, each on its own thread.
        final Router router = router();
        final BgpSpeaker local = speaker(64496, "127.0.0.61", validator);
        final DataplaneRouteSink sink = new DataplaneRouteSink(router, local.fib());
        final AgentRunner worker = router.start(new SleepingMillisIdleStrategy(1));
        final AgentRunner writer = sink.start(new SleepingMillisIdleStrategy(1));
        closeables.add(() ->
        {
            writer.close();
            worker.close();
        });

        final BgpSpeaker origin = speaker(64497, "127.0.0.62", RouteValidator.allowAll());
        final BgpSpeaker rogue = speaker(64510, "127.0.0.63", RouteValidator.allowAll());
        connect(origin, 64497, local, N1);
        connect(rogue, 64510, local, N2);
        origin.originate(ROUTE, 48, 0);
        rogue.originate(ROGUE, 40, 0);

        assertTrue(await(() -> egress(DST) == 1, 15_000), "VALID route programmed: packet forwarded to N1");
        assertTrue(await(() -> local.routes().size() == 2, 10_000));
        RouteView valid = find(local.routes(), ROUTE);
        assertEquals(ValidationState.VALID, valid.validation());
        assertEquals(Verdict.ACCEPT, valid.verdict());
        assertTrue(valid.best());
        assertTrue(valid.reason().contains("AS64497 may announce"), valid.reason());
        // Per-RN mode: held as pending (never seen: UNKNOWN) until the registry's 404 arrives.
        assertTrue(await(() ->
        {
            final RouteView r = find(local.routes(), ROGUE);
            assertTrue(r.verdict() == Verdict.PENDING || r.verdict() == Verdict.REJECT_R8_NOT_FOUND, r.toString());
            assertTrue(Fib.isMiss(router.fib().lookup(ROGUE_DST)), "never in the FIB");
            return r.verdict() == Verdict.REJECT_R8_NOT_FOUND;
        }, 10_000), "the unregistered RN's route ends NOT_FOUND");
        final RouteView rogueView = find(local.routes(), ROGUE);
        assertEquals(ValidationState.NOT_FOUND, rogueView.validation());
        assertEquals(Verdict.REJECT_R8_NOT_FOUND, rogueView.verdict());
        assertTrue(rogueView.reason().contains("not registered"), rogueView.reason());
        assertEquals(-1, egress(ROGUE_DST), "the unregistered RN's route never reached the FIB");
        System.out.print(RouteView.format(local.routes()));

        // Revocation: status inactive, new serial. The next delta poll withdraws the route from the FIB.
        final long dropsBefore = ring.drops(DropReason.NO_ASN_ROUTE);
        store.revoke(64497);
        final long revokedAt = System.nanoTime();
        assertTrue(await(() -> Fib.isMiss(router.fib().lookup(DST)), 15_000), "revoked route leaves the FIB");
        final long withdrawMs = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println(mode + ": revocation -> FIB withdraw: " + withdrawMs + " ms (polling interval " +
            POLL.toMillis() + " ms)");
        // Functional bound: one poll interval plus slack for a loaded 2-core machine (not a benchmark).
        assertTrue(withdrawMs < POLL.toMillis() + 4_000, "withdrawn within the polling interval: " + withdrawMs + " ms");
        assertEquals(-1, egress(DST), "the same packet now gets ICMPv8 3/6");
        assertTrue(ring.drops(DropReason.NO_ASN_ROUTE) > dropsBefore);
        final RouteView revoked = find(local.routes(), ROUTE);
        assertEquals(ValidationState.INVALID, revoked.validation());
        assertEquals(Verdict.REJECT_R7_R8_INVALID, revoked.verdict());
        assertTrue(revoked.reason().contains("revoked"), revoked.reason());

        // Restoration: active again under a new serial; the route held in Adj-RIB-In comes back without BGP churn.
        store.put(as64497);
        assertTrue(await(() -> egress(DST) == 1, 15_000), "restored route forwards to N1 again");
        assertEquals(ValidationState.VALID, find(local.routes(), ROUTE).validation());
        assertEquals(-1, egress(ROGUE_DST), "AS64510 still NOT_FOUND, still not in the FIB");
        assertEquals(ValidationState.NOT_FOUND, find(local.routes(), ROGUE).validation());
        assertEquals(0, sink.failures());
    }

    /** A record whose validity ends while the route is installed: the route leaves the FIB when it expires. */
    @Test
    void expiryWithdrawsTheRouteFromTheFib() throws Exception
    {
        final Instant now = Instant.now();
        final Instant notAfter = now.plusSeconds(4);
        final Whois8Record expiring = Whois8Record.builder(64497).holder("Globex Inc", "RIPE", "DE")
            .authorizedOrigins(64497).maxHostPrefixLength(16).routes("64497.198.51.0.0/16")
            .validity(now.minus(Duration.ofDays(1)), notAfter).serial(1).build();
        final KeyPair keys = Ed25519Keys.generate();
        final Whois8RegistryServer registry = closeLater(Whois8RegistryServer.start(
            RegistryStore.of(List.of(expiring), 1), keys, "e2e-2", new Whois8RegistryServer.Options().httpPort(0)));
        final Whois8Validator whois8 = closeLater(new Whois8Validator(Whois8Config.builder()
            .baseUri(registry.httpUri())
            .trustAnchors(registry.trustAnchors())
            .mode(Whois8Config.Mode.SNAPSHOT)
            .snapshotPolling(POLL, POLL)
            .tickInterval(Duration.ofMillis(100))
            .build()).start());
        whois8.firstSnapshot().get(30, TimeUnit.SECONDS);
        final Router router = router();
        final BgpSpeaker local = speaker(64496, "127.0.0.64", closeLater(new Whois8RouteValidator(whois8)));
        final DataplaneRouteSink sink = new DataplaneRouteSink(router, local.fib());
        final AgentRunner worker = router.start(new SleepingMillisIdleStrategy(1));
        final AgentRunner writer = sink.start(new SleepingMillisIdleStrategy(1));
        closeables.add(() ->
        {
            writer.close();
            worker.close();
        });
        final BgpSpeaker origin = speaker(64497, "127.0.0.65", RouteValidator.allowAll());
        connect(origin, 64497, local, N1);
        origin.originate(ROUTE, 48, 0);
        assertTrue(await(() -> egress(DST) == 1, 15_000), "installed while the record is valid");
        assertTrue(Instant.now().isBefore(notAfter), "set-up finished before the record expired (slow machine?)");

        assertTrue(await(() -> Fib.isMiss(router.fib().lookup(DST)), 15_000), "expired route leaves the FIB");
        final long lateMs = Duration.between(notAfter, Instant.now()).toMillis();
        System.out.println("record expiry -> FIB withdraw: " + lateMs + " ms after notAfter (tick 100 ms)");
        assertTrue(lateMs < 4_000, "withdrawn soon after notAfter: " + lateMs + " ms");
        assertEquals(-1, egress(DST), "ICMPv8 3/6 after expiry");
        final RouteView expired = find(local.routes(), ROUTE);
        assertEquals(ValidationState.INVALID, expired.validation());
        assertTrue(expired.reason().contains("expired"), expired.reason());
    }

    // ------------------------------------------------------------------------------------------------ harness

    /** The router of {@link RingRouter}'s topology (H1 on p0, N1 on p1, N2 on p2), closed after the worker. */
    private Router router()
    {
        ring = closeLater(new RingRouter()); // closeables run in reverse: closed after the worker stopped
        return ring.router;
    }

    private BgpSpeaker speaker(final long asn, final String ip, final RouteValidator validator) throws Exception
    {
        return closeLater(new BgpSpeaker(new SpeakerConfig(asn, ipv4(ip), new InetSocketAddress(ip, 0),
            WireProfile.DEFAULT, PolicyConfig.defaults(asn), validator), new FibChannel()).start());
    }

    /** eBGP8 session; the remote side advertises {@code nextHop} (a neighbour on one of the router's links). */
    private static void connect(final BgpSpeaker remote, final long asn, final BgpSpeaker local, final long nextHop)
    {
        final InetSocketAddress remoteAddr = remote.boundAddress();
        final InetSocketAddress localAddr = local.boundAddress();
        final BgpSession atLocal = local.addPeer(new PeerConfig("AS" + asn, remoteAddr,
            new InetSocketAddress(localAddr.getAddress(), 0), asn, FAST.withPassive(true), PeerPolicy.ebgp(asn),
            false, true, 0, 0));
        final BgpSession atRemote = remote.addPeer(new PeerConfig("AS64496", localAddr,
            new InetSocketAddress(remoteAddr.getAddress(), 0), 64496, FAST, PeerPolicy.ebgp(64496), false, true,
            nextHop, 0));
        assertTrue(await(() -> atLocal.state() == SessionState.ESTABLISHED &&
            atRemote.state() == SessionState.ESTABLISHED, 15_000), "session with AS" + asn);
    }

    /**
     * Sends a packet from H1 to dst and waits briefly for the outcome: 1 or 2 = forwarded on that port, -1 = an
     * ICMPv8 destination unreachable code 6 came back to H1, 0 = nothing yet.
     */
    private int egress(final long dst)
    {
        for (int p = 0; p <= 2; p++)
        {
            ring.sent(p);
        }
        ring.injectFromH1(dst);
        final long end = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < end)
        {
            for (int p = 1; p <= 2; p++)
            {
                final List<byte[]> out = ring.sent(p);
                if (!out.isEmpty())
                {
                    final byte[] f = out.get(0);
                    assertEquals(p == 1 ? N1_MAC : N2_MAC, RingRouter.mac(f, 0));
                    assertEquals(dst, RingRouter.u64(f, 14 + 20));
                    assertEquals(63, f[14 + 8] & 0xFF, "TTL");
                    return p;
                }
            }
            final List<byte[]> back = ring.sent(0);
            if (!back.isEmpty())
            {
                final byte[] f = back.get(0);
                assertEquals(H1_MAC, RingRouter.mac(f, 0));
                assertEquals(H1, RingRouter.u64(f, 14 + 20), "error goes back to the source");
                assertEquals(1, f[14 + 9] & 0xFF, "ICMP");
                assertEquals(3, f[14 + 28] & 0xFF, "destination unreachable");
                assertEquals(6, f[14 + 29] & 0xFF, "code 6: ASN unreachable");
                return -1;
            }
            Thread.onSpinWait();
        }
        return 0;
    }

    private static RouteView find(final List<RouteView> routes, final long prefix)
    {
        for (final RouteView r : routes)
        {
            if (r.prefix() == prefix)
            {
                return r;
            }
        }
        assertNotNull(null, "no route " + Long.toHexString(prefix) + " in " + routes);
        return null;
    }
}
