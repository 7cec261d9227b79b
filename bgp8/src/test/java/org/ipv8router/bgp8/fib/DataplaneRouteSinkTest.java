package org.ipv8router.bgp8.fib;

import static org.ipv8router.bgp8.testutil.RingRouter.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ipv8router.bgp8.fib.DataplaneRouteSink.Outcome;
import org.ipv8router.bgp8.testutil.RingRouter;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;

/**
 * {@link DataplaneRouteSink} against a real {@link org.ipv8router.dataplane.forward.Router} over ring ports: changes
 * published on a {@link FibChannel} as the RIB publishes them, drained by the sink, then packets forwarded (or
 * answered with ICMPv8 3/6) by the router's worker.
 */
class DataplaneRouteSinkTest
{
    private static final long P16 = a(64497, 198, 51, 0, 0);
    private static final long DST = a(64497, 198, 51, 100, 7);

    /** Sends one packet from H1 to DST and returns the port it left on (-1: none), checking what it looks like. */
    private static int forward(final RingRouter r, final long dst)
    {
        r.sendFromH1(dst);
        int port = -1;
        for (int p = 1; p <= 2; p++)
        {
            final List<byte[]> out = r.sent(p);
            if (!out.isEmpty())
            {
                assertEquals(1, out.size());
                assertEquals(-1, port, "packet left on one port only");
                port = p;
                final byte[] f = out.get(0);
                assertEquals(p == 1 ? RingRouter.N1_MAC : RingRouter.N2_MAC, RingRouter.mac(f, 0), "to the neighbour");
                assertEquals(63, RingRouter.u8(f, 14 + 8), "TTL decremented");
                assertEquals(dst, RingRouter.u64(f, 14 + 20), "destination unchanged");
            }
        }
        return port;
    }

    /** The ICMPv8 destination-unreachable code H1 got back for its packet to dst, or -1 for none. */
    private static int icmpUnreachableCode(final RingRouter r, final long dst)
    {
        r.sendFromH1(dst);
        assertTrue(r.sent(1).isEmpty() && r.sent(2).isEmpty(), "nothing forwarded");
        final List<byte[]> back = r.sent(0);
        if (back.isEmpty())
        {
            return -1;
        }
        final byte[] f = back.get(0);
        assertEquals(RingRouter.H1_MAC, RingRouter.mac(f, 0));
        assertEquals(1, RingRouter.u8(f, 14 + 9), "ICMP");
        assertEquals(RingRouter.H1, RingRouter.u64(f, 14 + 20), "back to the source");
        assertEquals(3, RingRouter.u8(f, 14 + 28), "destination unreachable");
        return RingRouter.u8(f, 14 + 29);
    }

    @Test
    void addReplaceWithdrawProgramTheRouterAndPacketsFollow()
    {
        try (RingRouter r = new RingRouter())
        {
            final FibChannel channel = new FibChannel(64, 16);
            final DataplaneRouteSink sink = new DataplaneRouteSink(r.router, channel);
            assertEquals(6, icmpUnreachableCode(r, DST), "no route before BGP8 programs one: ASN unreachable");

            channel.add(P16, 48, RingRouter.N1, 0, 64497, 10, 1);
            channel.add(a(0, 198, 51, 100, 0), 56, RingRouter.N2, 0, 64499, 10, 2);
            channel.flush();
            assertEquals(1, sink.drain());
            assertEquals(1, forward(r, DST), "via N1 on p1");
            assertEquals(2, forward(r, a(0, 198, 51, 100, 9)), "IPv4 route via N2 on p2");

            channel.add(P16, 48, RingRouter.N2, 0, 64497, 5, 2);
            channel.flush();
            sink.drain();
            assertEquals(2, forward(r, DST), "best path moved to N2: replaced in place");

            channel.withdraw(P16, 48, 2);
            channel.flush();
            sink.drain();
            final long before = r.drops(DropReason.NO_ASN_ROUTE);
            assertEquals(6, icmpUnreachableCode(r, DST), "withdrawn: ICMPv8 3/6 again");
            assertEquals(before + 1, r.drops(DropReason.NO_ASN_ROUTE));
            assertEquals(2, forward(r, a(0, 198, 51, 100, 9)), "the other route stays");

            assertEquals(2, sink.count(Outcome.INSTALLED));
            assertEquals(1, sink.count(Outcome.REPLACED));
            assertEquals(1, sink.count(Outcome.REMOVED));
            assertEquals(0, sink.failures());
            assertEquals(1, sink.installedRoutes());
            assertEquals(2, counterValue(r, "bgp8-fib installed"), "outcomes are in the counters file");
        }
    }

    @Test
    void aFlushOfManyBatchesInstallsAndRemovesEverythingWithoutLeakingNextHops()
    {
        try (RingRouter r = new RingRouter())
        {
            final FibChannel channel = new FibChannel(4, 64); // small queue: the producer keeps a backlog
            final DataplaneRouteSink sink = new DataplaneRouteSink(r.router, channel);
            final NextHopTable hops = r.router.fib().nextHops();
            final int baseline = hops.liveCount();
            final int n = 2_000;
            for (int i = 0; i < n; i++)
            {
                channel.add(a(70_000 + i, 10, 0, 0, 0), 40, (i & 1) == 0 ? RingRouter.N1 : RingRouter.N2, 0,
                    70_000 + i, 0, 1);
            }
            channel.flush();
            assertTrue(channel.backlog() > 0, "more batches than the queue holds");
            drainAll(channel, sink);
            assertEquals(n, sink.count(Outcome.INSTALLED));
            assertEquals(2, hops.liveCount() - baseline, "two shared next hops, one per neighbour");
            assertEquals(1, forward(r, a(70_000, 10, 1, 2, 3)));
            assertEquals(2, forward(r, a(70_001, 10, 1, 2, 3)));

            // A session loss: the RIB withdraws every route of the peer.
            for (int i = 0; i < n; i++)
            {
                channel.withdraw(a(70_000 + i, 10, 0, 0, 0), 40, 1);
            }
            channel.flush();
            drainAll(channel, sink);
            assertEquals(n, sink.count(Outcome.REMOVED));
            assertEquals(0, sink.installedRoutes());
            assertEquals(baseline, hops.liveCount(), "every next-hop reference given back");
            assertEquals(6, icmpUnreachableCode(r, a(70_000, 10, 1, 2, 3)));
        }
    }

    @Test
    void failuresAreCountedAndNeverTouchConnectedRoutes()
    {
        try (RingRouter r = new RingRouter(FibConfig.defaults().withAsnPrefixBudget(2)))
        {
            final FibChannel channel = new FibChannel(64, 16);
            final DataplaneRouteSink sink = new DataplaneRouteSink(r.router, channel);
            final Fib fib = r.router.fib();

            // Next hop on no connected prefix, no 8TO4-ENDPOINT.
            channel.add(P16, 48, a(0, 10, 9, 9, 9), 0, 64497, 0, 1);
            // Same, but with an 8TO4-ENDPOINT reachable through N1's connected link: an 8to4 next hop on p1.
            final long endpoint = ((RingRouter.N1 & 0xFFFF_FFFFL) << 16) | 443;
            channel.add(a(64498, 10, 0, 0, 0), 40, a(0, 10, 9, 9, 9), endpoint, 64498, 0, 1);
            // The FIB's per-ASN prefix budget (2) is hit by the third 64499 prefix.
            channel.add(a(64499, 10, 0, 0, 0), 40, RingRouter.N1, 0, 64499, 0, 1);
            channel.add(a(64499, 11, 0, 0, 0), 40, RingRouter.N1, 0, 64499, 0, 1);
            channel.add(a(64499, 12, 0, 0, 0), 40, RingRouter.N1, 0, 64499, 0, 1);
            // BGP8 learns our own connected prefix: the connected route wins.
            final int connected = fib.route(a(64496, 192, 0, 2, 0), 56);
            channel.add(a(64496, 192, 0, 2, 0), 56, RingRouter.N1, 0, 64496, 0, 1);
            channel.withdraw(a(64496, 192, 0, 2, 0), 56, 1);
            channel.flush();
            sink.drain();

            assertTrue(Fib.isMiss(fib.lookup(DST)));
            assertEquals(1, sink.count(Outcome.NO_CONNECTED_PORT));
            final int tunnel = fib.lookup(a(64498, 10, 1, 1, 1));
            assertEquals(NextHopTable.EIGHT_TO_FOUR, fib.nextHops().kind(tunnel));
            assertEquals(1, fib.nextHops().port(tunnel));
            assertEquals((int)RingRouter.N1, fib.nextHops().ipv4Endpoint(tunnel));
            assertEquals(1, sink.count(Outcome.FIB_REJECTED));
            assertTrue(Fib.isMiss(fib.lookup(a(64499, 12, 1, 1, 1))));
            assertEquals(1, sink.count(Outcome.STATIC_PRESENT));
            assertEquals(1, sink.count(Outcome.WITHDRAW_NOT_FOUND));
            assertEquals(connected, fib.route(a(64496, 192, 0, 2, 0), 56), "connected route untouched");
            assertEquals(3, sink.failures());
            assertEquals(3, sink.installedRoutes());

            // A best-path change to an unusable next hop takes the old route out rather than leave it stale.
            channel.add(a(64499, 10, 0, 0, 0), 40, a(0, 10, 9, 9, 9), 0, 64499, 0, 2);
            channel.flush();
            sink.drain();
            assertEquals(1, sink.count(Outcome.STALE_REMOVED));
            assertTrue(Fib.isMiss(fib.lookup(a(64499, 10, 1, 1, 1))));
            assertEquals(6, icmpUnreachableCode(r, a(64499, 10, 1, 1, 1)));
        }
    }

    /** Consumer and producer take turns until the backlog is gone (one thread plays both here). */
    private static void drainAll(final FibChannel channel, final DataplaneRouteSink sink)
    {
        int batches;
        do
        {
            batches = sink.drain();
            channel.flush();
        }
        while (batches > 0 || channel.backlog() > 0);
    }

    private static long counterValue(final RingRouter r, final String label)
    {
        final long[] value = {-1};
        r.counters.reader().forEach((counterId, typeId, keyBuffer, l) ->
        {
            if (l.equals(label))
            {
                value[0] = r.counters.reader().getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
