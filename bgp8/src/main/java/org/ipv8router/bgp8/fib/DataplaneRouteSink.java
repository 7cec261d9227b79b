package org.ipv8router.bgp8.fib;

import java.lang.System.Logger.Level;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.rib.PrefixTable;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.graph.RateLimitedLog;

/**
 * Programs BGP8 best-path changes into a running {@link Router}'s FIB: takes {@link FibBatch}es from the
 * {@link FibChannel} and applies each change, in order, as a {@link NextHopTable} index plus
 * {@link Fib#addRoute}/{@link Fib#removeRoute} (one release store each, so there is nothing to gain from a second
 * batch layer, and the result of every change is known before the next one is looked at).
 * <pre>
 *   bgp8-io thread                         FIB writer thread (this agent)                 forwarding worker
 *   Rib.decide -&gt; FibChannel.add/withdraw ~~&gt; drain -&gt; onBatch -&gt; Fib.addRoute/removeRoute ~~&gt; lookups
 *                 (lock-free queue)                                        (release stores, QSBR)
 * </pre>
 * <b>Threading.</b> The thread that runs {@link #doWork()} (or {@link #drain()}) is the Router's FIB writer: while
 * it runs, no other thread may call {@link Router#addRoute}, {@link Router#removeRoute} or an update method of
 * {@link Router#fib()} (the Router's static routes are installed by {@link Router#create} before; a daemon that
 * has other FIB writers composes them with this agent in one {@code CompositeAgent}). The forwarding worker is
 * never blocked: FIB updates are single release stores and freed next-hop indices and tbl8 groups are reused only
 * after the workers' QSBR grace period (idle cycles call {@link Fib#reclaim()}). The BGP8 speaker is never
 * blocked either: the channel keeps a backlog if this writer lags.
 * <p>
 * <b>Next hops.</b> ADD_OR_REPLACE: a next hop on a connected prefix of an interface
 * ({@link Router#connectedPort}) becomes {@link NextHopTable#addConnected}(port, next hop); otherwise, if the path
 * carries an 8TO4-ENDPOINT whose IPv4 address the FIB reaches through a connected neighbour, the route goes through
 * {@link NextHopTable#addEightToFour}(that port, endpoint); otherwise the change fails with "no connected port"
 * and the route this sink installed earlier for the prefix is removed (the RIB no longer considers the old path best, so
 * forwarding on it would be wrong). WITHDRAW removes the route; a session loss arrives as withdraws of all of the
 * peer's routes. Only routes this sink installed are replaced or removed: a connected, local or static route
 * for the same prefix wins over BGP8 (counted as {@code failed-static-route-present}). Every outcome has a counter ({@code bgp8-fib <outcome>} in the counters file) and failures are
 * logged with the prefix, next hop and reason (the 1st, 2nd, 4th, 8th ... of each kind, so a full table that hits
 * the FIB bound cannot flood the log).
 */
public final class DataplaneRouteSink implements RouteSink, Agent
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.bgp8.fib");

    /** What became of one change; each has a counter. */
    public enum Outcome
    {
        INSTALLED("installed", "route installed"),
        REPLACED("replaced", "route replaced (new next hop or attributes)"),
        REMOVED("removed", "route removed by a withdraw"),
        WITHDRAW_NOT_FOUND("withdraw-not-found", "withdraw for a route the FIB did not hold (its add had failed)"),
        NO_CONNECTED_PORT("failed-no-connected-port",
            "next hop is on no connected prefix of any interface and no usable 8TO4-ENDPOINT"),
        NEXT_HOP_TABLE_FULL("failed-next-hop-table-full", "next-hop table full"),
        FIB_REJECTED("failed-fib-rejected", "the FIB refused the route"),
        STALE_REMOVED("stale-removed", "old route removed because its replacement could not be programmed"),
        STATIC_PRESENT("failed-static-route-present",
            "a connected, local or static route holds the prefix (it wins over BGP8)"),
        ERROR("errors", "unexpected error while programming a batch");

        private final String label;
        private final String description;

        Outcome(final String label, final String description)
        {
            this.label = label;
            this.description = description;
        }

        public String label()
        {
            return label;
        }

        public String description()
        {
            return description;
        }
    }

    /** Counter key base in the counters file (type {@link CounterTypes#OTHER}); key = base + outcome ordinal. */
    public static final int COUNTER_KEY_BASE = 0x0B_6800;

    private final Router router;
    private final Fib fib;
    private final NextHopTable hops;
    private final FibChannel channel;
    private final AtomicCounter[] counters = new AtomicCounter[Outcome.values().length];
    private final long[] logged = new long[Outcome.values().length];
    /** Prefixes this sink installed: only these are replaced or removed, never connected or static routes. */
    private final PrefixTable<Object> owned = new PrefixTable<>(1024);
    private final RateLimitedLog errorLog = new RateLimitedLog("bgp8 FIB writer");
    private int idleCycles;

    /**
     * @param router  the data plane to program; its counters file gets the {@code bgp8-fib} counters.
     * @param channel the speaker's channel; this sink is its only consumer.
     */
    public DataplaneRouteSink(final Router router, final FibChannel channel)
    {
        this.router = router;
        this.fib = router.fib();
        this.hops = fib.nextHops();
        this.channel = channel;
        for (final Outcome o : Outcome.values())
        {
            counters[o.ordinal()] = router.counters().newCounter(CounterTypes.OTHER, COUNTER_KEY_BASE + o.ordinal(),
                "bgp8-fib " + o.label());
        }
    }

    /**
     * Runs this sink as the FIB writer on its own thread ({@code bgp8-fib-writer}).
     *
     * @return the runner; close it before closing the router.
     */
    public AgentRunner start(final IdleStrategy idleStrategy)
    {
        final AgentRunner runner = new AgentRunner(idleStrategy, errorLog, null, this);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    /** Applies every batch waiting in the channel (FIB writer thread); returns the number of batches. */
    public int drain()
    {
        return channel.drain(this);
    }

    @Override
    public int doWork()
    {
        final int work = channel.drain(this);
        if (work == 0 && ++idleCycles >= 64)
        {
            // Retired tbl8 groups go back to the free lists once the workers passed a quiescent point.
            idleCycles = 0;
            fib.reclaim();
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "bgp8-fib-writer";
    }

    /** How many changes ended with the outcome (also in the counters file as {@code bgp8-fib <label>}). */
    public long count(final Outcome outcome)
    {
        return counters[outcome.ordinal()].get();
    }

    /** Failed changes of every kind. */
    public long failures()
    {
        return count(Outcome.NO_CONNECTED_PORT) + count(Outcome.NEXT_HOP_TABLE_FULL) + count(Outcome.FIB_REJECTED) +
            count(Outcome.STATIC_PRESENT) + count(Outcome.ERROR);
    }

    /** Number of routes this sink holds in the FIB (FIB writer thread, or after the writer stopped). */
    public int installedRoutes()
    {
        return owned.size();
    }

    @Override
    public void onBatch(final FibBatch batch)
    {
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            try
            {
                if (batch.op(i) == FibBatch.WITHDRAW)
                {
                    withdraw(batch.prefix(i), batch.length(i));
                }
                else
                {
                    add(batch.prefix(i), batch.length(i), batch.nextHop(i), batch.endpoint8to4(i));
                }
            }
            catch (final RuntimeException ex)
            {
                // A bug must not stop the other changes of the batch, nor the writer.
                counters[Outcome.ERROR.ordinal()].incrementRelease();
                errorLog.onError(ex);
            }
        }
    }

    private void withdraw(final long prefix, final int length)
    {
        if (owned.remove(prefix, length) == null)
        {
            counters[Outcome.WITHDRAW_NOT_FOUND.ordinal()].incrementRelease();
            return;
        }
        final RouteResult result = fib.removeRoute(prefix, length);
        counters[(result == RouteResult.REMOVED ? Outcome.REMOVED : Outcome.WITHDRAW_NOT_FOUND).ordinal()]
            .incrementRelease();
    }

    private void add(final long prefix, final int length, final long nextHop, final long endpoint8to4)
    {
        final boolean ours = owned.contains(prefix, length);
        if (!ours && fib.route(prefix, length) >= 0)
        {
            fail(Outcome.STATIC_PRESENT, prefix, length, nextHop, null);
            return;
        }
        final int hop = resolve(prefix, length, nextHop, endpoint8to4);
        if (hop < 0)
        {
            if (ours)
            {
                owned.remove(prefix, length);
                if (fib.removeRoute(prefix, length) == RouteResult.REMOVED)
                {
                    counters[Outcome.STALE_REMOVED.ordinal()].incrementRelease();
                }
            }
            return;
        }
        final RouteResult result = fib.addRoute(prefix, length, hop);
        hops.release(hop); // the FIB took its own reference if it installed the route
        if (result == RouteResult.INSTALLED || result == RouteResult.REPLACED)
        {
            owned.put(prefix, length, Boolean.TRUE, 0);
            counters[(result == RouteResult.INSTALLED ? Outcome.INSTALLED : Outcome.REPLACED).ordinal()]
                .incrementRelease();
        }
        else
        {
            fail(Outcome.FIB_REJECTED, prefix, length, nextHop, result.name() + ": " + result.description());
        }
    }

    /** A next-hop index holding one reference for us, or -1 (counted and logged). */
    private int resolve(final long prefix, final int length, final long nextHop, final long endpoint8to4)
    {
        final int port = router.connectedPort(nextHop);
        if (port >= 0)
        {
            final int hop = hops.addConnected(port, nextHop);
            if (hop < 0)
            {
                fail(Outcome.NEXT_HOP_TABLE_FULL, prefix, length, nextHop, "capacity " + hops.capacity());
            }
            return hop;
        }
        if (endpoint8to4 != 0)
        {
            final int ipv4 = (int)(endpoint8to4 >>> 16);
            final int towards = fib.lookup(ipv4 & 0xFFFF_FFFFL);
            if (!Fib.isMiss(towards) && hops.kind(towards) == NextHopTable.CONNECTED)
            {
                final int hop = hops.addEightToFour(hops.port(towards), ipv4);
                if (hop < 0)
                {
                    fail(Outcome.NEXT_HOP_TABLE_FULL, prefix, length, nextHop, "capacity " + hops.capacity());
                }
                return hop;
            }
            fail(Outcome.NO_CONNECTED_PORT, prefix, length, nextHop, "8TO4-ENDPOINT " +
                Prefixes.formatIpv4(ipv4) + ":" + (endpoint8to4 & 0xFFFF) + " has no connected IPv4 route either");
            return -1;
        }
        fail(Outcome.NO_CONNECTED_PORT, prefix, length, nextHop, null);
        return -1;
    }

    private void fail(final Outcome outcome, final long prefix, final int length, final long nextHop,
        final String detail)
    {
        final long count = counters[outcome.ordinal()].incrementRelease() + 1;
        if (count > logged[outcome.ordinal()] && (count & (count - 1)) == 0)
        {
            logged[outcome.ordinal()] = count;
            LOG.log(Level.WARNING, "BGP8 route " + Prefixes.format(prefix, length) + " via " +
                Prefixes.formatAddress(nextHop) + " not programmed: " + outcome.description() +
                (detail != null ? " (" + detail + ")" : "") + "; " + outcome.label() + " total " + count +
                " (logging the 1st, 2nd, 4th, 8th ... only)");
        }
    }
}
