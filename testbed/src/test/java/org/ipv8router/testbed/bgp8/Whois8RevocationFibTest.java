package org.ipv8router.testbed.bgp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.codec.WireProfile;
import org.ipv8router.bgp8.fib.DataplaneRouteSink;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmConfig;
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
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.testbed.whois8.RegistryStore;
import org.ipv8router.testbed.whois8.Whois8RegistryServer;
import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.whois8.Whois8Validator;
import org.ipv8router.wire.Checksum;
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
    private static final FsmConfig FAST = new FsmConfig(9, 1, 1, 2, 20, false);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long H1_MAC = 0x02_00_00_00_01_01L;
    private static final long N1_MAC = 0x02_00_00_00_02_01L;
    private static final long N2_MAC = 0x02_00_00_00_02_02L;
    private static final long H1 = a(64496, 192, 0, 2, 1);
    private static final long N1 = a(0, 203, 0, 113, 2);
    private static final long N2 = a(0, 198, 18, 0, 2);
    private static final long ROUTE = a(64497, 198, 51, 0, 0);
    private static final long DST = a(64497, 198, 51, 100, 7);
    private static final long ROGUE = a(64510, 10, 0, 0, 0);
    private static final long ROGUE_DST = a(64510, 10, 1, 2, 3);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<RingHost> hosts = new ArrayList<>();

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

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
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
        final long dropsBefore = counters.dropReasons().count(DropReason.NO_ASN_ROUTE.ordinal());
        store.revoke(64497);
        final long revokedAt = System.nanoTime();
        assertTrue(await(() -> Fib.isMiss(router.fib().lookup(DST)), 15_000), "revoked route leaves the FIB");
        final long withdrawMs = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println(mode + ": revocation -> FIB withdraw: " + withdrawMs + " ms (polling interval " +
            POLL.toMillis() + " ms)");
        // Functional bound: one poll interval plus slack for a loaded 2-core machine (not a benchmark).
        assertTrue(withdrawMs < POLL.toMillis() + 4_000, "withdrawn within the polling interval: " + withdrawMs + " ms");
        assertEquals(-1, egress(DST), "the same packet now gets ICMPv8 3/6");
        assertTrue(counters.dropReasons().count(DropReason.NO_ASN_ROUTE.ordinal()) > dropsBefore);
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

    private DataplaneCounters counters;
    private SlabPacketPool pool;

    private Router router()
    {
        counters = closeLater(DataplaneCounters.inMemory(1024));
        pool = closeLater(new SlabPacketPool("e2e", 1024));
        final List<RingPort> ports = new ArrayList<>();
        for (int p = 0; p < 3; p++)
        {
            final RingPort port = RingPort.hosted(
                new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)), 1 << 12);
            ports.add(port);
            hosts.add(RingHost.of(port));
        }
        final Router router = Router.create(RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .acceptAnyDestinationMac(true)
            .icmpRate(10_000, 10_000)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, a(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .addInterface("p2", 2, RouterSpec.Role.EXTERNAL, a(0, 198, 18, 0, 1), 62)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8)
            .neighbor(null, N1, N1_MAC, NeighborCapability.IPV8)
            .neighbor(null, N2, N2_MAC, NeighborCapability.IPV8)
            .build(), ports, counters);
        closeables.add(router); // closed after the worker stopped (closeables run in reverse)
        return router;
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
        for (final RingHost h : hosts)
        {
            h.drainAll();
        }
        if (!hosts.get(0).inject(udp8Frame(dst)))
        {
            throw new IllegalStateException("ring p0 full");
        }
        final long end = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < end)
        {
            for (int p = 1; p <= 2; p++)
            {
                final List<byte[]> out = hosts.get(p).drainAll();
                if (!out.isEmpty())
                {
                    final byte[] f = out.get(0);
                    assertEquals(p == 1 ? N1_MAC : N2_MAC, mac(f));
                    assertEquals(dst, ByteBuffer.wrap(f).getLong(14 + 20));
                    assertEquals(63, f[14 + 8] & 0xFF, "TTL");
                    return p;
                }
            }
            final List<byte[]> back = hosts.get(0).drainAll();
            if (!back.isEmpty())
            {
                final byte[] f = back.get(0);
                assertEquals(H1_MAC, mac(f));
                assertEquals(H1, ByteBuffer.wrap(f).getLong(14 + 20), "error goes back to the source");
                assertEquals(1, f[14 + 9] & 0xFF, "ICMP");
                assertEquals(3, f[14 + 28] & 0xFF, "destination unreachable");
                assertEquals(6, f[14 + 29] & 0xFF, "code 6: ASN unreachable");
                return -1;
            }
            Thread.onSpinWait();
        }
        return 0;
    }

    private static long mac(final byte[] frame)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (frame[i] & 0xFF);
        }
        return m;
    }

    /** Ethernet (0x8080) + 28-octet IPv8 header (TTL 64, UDP) from H1 + UDP with 5 octets of data. */
    private static byte[] udp8Frame(final long dst)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + 5);
        for (int i = 0; i < 6; i++)
        {
            b.put(6 + i, (byte)(H1_MAC >>> (40 - 8 * i)));
        }
        b.putShort(12, (short)0x8080);
        b.put(14, (byte)0x87);
        b.putShort(16, (short)(28 + 13));
        b.put(22, (byte)64);
        b.put(23, (byte)17);
        b.putLong(26, H1);
        b.putLong(34, dst);
        b.putShort(42, (short)40000).putShort(44, (short)53).putShort(46, (short)13);
        b.put(50, "hello".getBytes());
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
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

    private static int ipv4(final String ip)
    {
        final String[] p = ip.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8) |
            Integer.parseInt(p[3]);
    }

    private static boolean await(final BooleanSupplier condition, final long timeoutMs)
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
}
