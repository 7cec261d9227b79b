package org.ipv8router.bgp8.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.policy.ExportPolicy;
import org.ipv8router.bgp8.policy.ImportPolicy;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.policy.ValidationState;
import org.ipv8router.bgp8.policy.Verdict;

/**
 * Adj-RIB-In per peer, Loc-RIB, Adj-RIB-Out per peer, the decision process and FIB programming, in the style
 * of BIRD/GoBGP: one owner thread (the speaker's I/O thread) and no locks.
 * <p>
 * Every received route is kept in its peer's Adj-RIB-In together with its import verdict, so a WHOIS8 change
 * re-evaluates held routes without a ROUTE-REFRESH. For each changed prefix the decision process looks at that
 * prefix in every peer's Adj-RIB-In (peers are few, prefixes many), writes the winner into the Loc-RIB,
 * publishes the change to the {@link FibChannel} and marks the prefix dirty for every established peer.
 * {@link #flushExports()} turns dirty marks into UPDATE content grouped by attribute set.
 */
public final class Rib
{
    /** Callback for a peer that exceeded its max-prefix limit; the session sends Cease 6/1. */
    @FunctionalInterface
    public interface MaxPrefixListener
    {
        void maxPrefixExceeded(RibPeer peer, int limit);
    }

    private static final int LOCAL = 0;
    private final ImportPolicy importPolicy;
    private final ExportPolicy exportPolicy;
    private final PolicyConfig config;
    private final FibChannel fib;
    private NextHopResolver resolver = NextHopResolver.CONNECTED;
    private final PrefixTable<PathAttributes> locRib = new PrefixTable<>(1024);
    private final Long2LongHashMap prefixesPerRn = new Long2LongHashMap(0);
    private final List<RibPeer> peers = new ArrayList<>();
    private MaxPrefixListener maxPrefixListener = (p, l) -> { };
    private final long[] verdictCounts = new long[Verdict.values().length];
    private long bestPathChanges;

    public Rib(final ImportPolicy importPolicy, final FibChannel fib)
    {
        this.importPolicy = importPolicy;
        this.config = importPolicy.config();
        this.exportPolicy = new ExportPolicy(config);
        this.fib = fib;
        peers.add(new RibPeer(LOCAL, "local", PeerPolicy.ibgp(config.localAsn()), 0, 0));
    }

    public void nextHopResolver(final NextHopResolver r)
    {
        this.resolver = r;
    }

    public void maxPrefixListener(final MaxPrefixListener l)
    {
        this.maxPrefixListener = l;
    }

    public PolicyConfig config()
    {
        return config;
    }

    public ExportPolicy exportPolicy()
    {
        return exportPolicy;
    }

    /** Adds a peer (before it comes up); its index is stable for the life of the RIB. */
    public RibPeer addPeer(final String name, final PeerPolicy policy, final int bgpId, final long address)
    {
        for (int i = 1; i < peers.size(); i++)
        {
            final RibPeer p = peers.get(i);
            if (!p.active && p.adjIn.size() == 0)
            {
                final RibPeer reused = new RibPeer(i, name, policy, bgpId, address);
                peers.set(i, reused);
                return reused;
            }
        }
        final RibPeer p = new RibPeer(peers.size(), name, policy, bgpId, address);
        peers.add(p);
        return p;
    }

    /** Marks a peer's slot reusable; its routes must already be flushed. */
    public void removePeer(final RibPeer peer)
    {
        peerDown(peer);
        peer.active = false;
    }

    /**
     * The session reached Established: from now on the peer receives our best paths.
     *
     * @param nextHopSelf4 next hop advertised for IPv4 routes (our address on the session)
     * @param nextHopSelf8 next hop advertised for IPv8 routes
     */
    public void peerUp(
        final RibPeer peer,
        final RibPeer.Output output,
        final boolean ipv4,
        final boolean ipv8,
        final boolean bgp8,
        final long nextHopSelf4,
        final long nextHopSelf8)
    {
        peer.output = output;
        peer.ipv4 = ipv4;
        peer.ipv8 = ipv8;
        peer.bgp8 = bgp8;
        peer.nextHopSelf4 = nextHopSelf4;
        peer.nextHopSelf8 = nextHopSelf8;
        peer.adjOut.clear();
        peer.dirty.clear();
        peer.nextExportAtMs = 0; // the initial table goes out at once, MRAI applies to later changes
        locRib.forEach((prefix, length, attrs, best) -> peer.dirty.put(prefix, length, Boolean.TRUE, 0));
    }

    /** Session loss: flush every route of the peer (FIB withdraws follow) and forget what was advertised. */
    public void peerDown(final RibPeer peer)
    {
        peer.output = null;
        peer.adjOut.clear();
        peer.dirty.clear();
        final long[][] p = new long[1][];
        final byte[][] l = new byte[1][];
        final int n = peer.adjIn.keys(p, l);
        peer.adjIn.clear();
        peer.accepted = 0;
        for (int i = 0; i < n; i++)
        {
            decide(p[0][i], l[0][i]);
        }
        fib.flush();
    }

    /** Changes the policy of a peer (e.g. a new link CF) and re-runs the decision for its routes. */
    public void updatePeerPolicy(final RibPeer peer, final PeerPolicy policy)
    {
        peer.policy = policy;
        revalidate(peer, -1);
        fib.flush();
    }

    /** Originates a route locally (CF 0). */
    public void originate(final long prefix, final int length, final PathAttributes attrs)
    {
        peers.get(LOCAL).adjIn.put(prefix, length, attrs, Verdict.ACCEPT.ordinal());
        decide(prefix, length);
        fib.flush();
    }

    public void withdrawOriginated(final long prefix, final int length)
    {
        if (peers.get(LOCAL).adjIn.remove(prefix, length) != null)
        {
            decide(prefix, length);
            fib.flush();
        }
    }

    /** A route received from a peer. Returns the import verdict. */
    public Verdict announce(final RibPeer peer, final long prefix, final int length, final PathAttributes attrs)
    {
        final Verdict verdict = verdict(peer, prefix, length, attrs);
        verdictCounts[verdict.ordinal()]++;
        final int old = peer.adjIn.aux(prefix, length, -1);
        peer.adjIn.put(prefix, length, attrs, verdict.ordinal());
        final boolean wasAccepted = old == Verdict.ACCEPT.ordinal();
        final boolean isAccepted = verdict == Verdict.ACCEPT;
        if (wasAccepted != isAccepted)
        {
            peer.accepted += isAccepted ? 1 : -1;
        }
        if (wasAccepted || isAccepted)
        {
            decide(prefix, length);
        }
        final int limit = peer.policy.maxPrefixes();
        if (limit > 0 && peer.accepted > limit)
        {
            maxPrefixListener.maxPrefixExceeded(peer, limit);
        }
        return verdict;
    }

    public void withdraw(final RibPeer peer, final long prefix, final int length)
    {
        final int old = peer.adjIn.aux(prefix, length, -1);
        if (old < 0)
        {
            return;
        }
        peer.adjIn.remove(prefix, length);
        if (old == Verdict.ACCEPT.ordinal())
        {
            peer.accepted--;
            decide(prefix, length);
        }
    }

    /** Ends a burst of announce/withdraw calls: publishes the FIB batch. */
    public void endOfBurst()
    {
        fib.flush();
    }

    private Verdict verdict(final RibPeer peer, final long prefix, final int length, final PathAttributes attrs)
    {
        final Verdict v = importPolicy.evaluate(peer.policy, prefix, length, attrs);
        final long rn = prefix >>> 32;
        if (v == Verdict.ACCEPT && rn != 0 && peer.policy.ebgp() && !locRib.contains(prefix, length) &&
            prefixesPerRn.get(rn) >= config.maxPrefixesPerRn())
        {
            return Verdict.REJECT_R9_RN_BUDGET;
        }
        return v;
    }

    /**
     * Re-evaluates the import verdict of held and installed routes of one RN (or all RNs with rn = -1), e.g.
     * after a WHOIS8 change notification. Returns the number of routes whose verdict changed.
     */
    public int revalidate(final long rn)
    {
        return revalidate(rn < 0 ? ALL : r -> r == rn);
    }

    /**
     * Re-evaluates the routes of every RN in {@code rns} in one walk of each Adj-RIB-In: a burst of WHOIS8 changes
     * (the first snapshot notifies every registered RN) costs one pass, not one pass per RN.
     */
    public int revalidate(final LongHashSet rns)
    {
        return rns.isEmpty() ? 0 : revalidate(rns::contains);
    }

    private int revalidate(final RnFilter filter)
    {
        int changed = 0;
        for (int i = 1; i < peers.size(); i++)
        {
            changed += revalidate(peers.get(i), filter);
        }
        fib.flush();
        return changed;
    }

    @FunctionalInterface
    private interface RnFilter
    {
        boolean test(long rn);
    }

    private static final RnFilter ALL = rn -> true;

    private int revalidate(final RibPeer peer, final long rn)
    {
        return revalidate(peer, rn < 0 ? ALL : r -> r == rn);
    }

    private int revalidate(final RibPeer peer, final RnFilter filter)
    {
        final long[][] p = new long[1][];
        final byte[][] l = new byte[1][];
        final int n = peer.adjIn.keys(p, l);
        int changed = 0;
        for (int i = 0; i < n; i++)
        {
            final long prefix = p[0][i];
            final int length = l[0][i];
            if (!filter.test(prefix >>> 32))
            {
                continue;
            }
            final PathAttributes attrs = peer.adjIn.get(prefix, length);
            final int old = peer.adjIn.aux(prefix, length, -1);
            final Verdict v = verdict(peer, prefix, length, attrs);
            if (v.ordinal() != old)
            {
                changed++;
                peer.adjIn.put(prefix, length, attrs, v.ordinal());
                final boolean wasAccepted = old == Verdict.ACCEPT.ordinal();
                if (wasAccepted != (v == Verdict.ACCEPT))
                {
                    peer.accepted += wasAccepted ? -1 : 1;
                }
            }
            decide(prefix, length, true);
        }
        return changed;
    }

    /** Re-runs the decision for every prefix (next-hop reachability or IGP costs changed). */
    public void nextHopsChanged()
    {
        final long[][] p = new long[1][];
        final byte[][] l = new byte[1][];
        final PrefixTable<Object> all = new PrefixTable<>(locRib.size());
        for (final RibPeer peer : peers)
        {
            peer.adjIn.forEach((prefix, length, a, v) -> all.put(prefix, length, Boolean.TRUE, 0));
        }
        final int n = all.keys(p, l);
        for (int i = 0; i < n; i++)
        {
            decide(p[0][i], l[0][i], true);
        }
        fib.flush();
    }

    // ---------------------------------------------------------------- decision process

    /** CF_total of a candidate path (spec 2.5 step 2, 5.3): saturating uint32. */
    public long costFactorTotal(final RibPeer peer, final PathAttributes attrs)
    {
        if (peer.index == LOCAL)
        {
            return attrs.costFactor() == PathAttributes.ABSENT ? 0 : attrs.costFactor();
        }
        long cf = attrs.costFactor() == PathAttributes.ABSENT ? PathAttributes.CF_MISSING : attrs.costFactor();
        if (attrs.costFactorPartial())
        {
            cf += config.cfPartialPenalty();
        }
        if (peer.policy.ebgp())
        {
            cf += peer.policy.linkCostFactor();
        }
        final long igp = resolver.igpCost(attrs.nextHop());
        if (igp > 0)
        {
            cf += igp * config.cfPerIgpUnit();
        }
        return Math.min(cf, PathAttributes.CF_MISSING);
    }

    private long localPref(final RibPeer peer, final PathAttributes attrs)
    {
        if (peer.index == LOCAL)
        {
            return attrs.localPref() == PathAttributes.ABSENT ? Long.MAX_VALUE : attrs.localPref();
        }
        if (peer.policy.ebgp())
        {
            return peer.policy.localPref();
        }
        return attrs.localPref() == PathAttributes.ABSENT ? 100 : attrs.localPref();
    }

    /**
     * Returns a negative number when path a is better than path b (spec 2.5): LOCAL_PREF, CF_total, AS_PATH
     * length, ORIGIN, MED (same neighbour AS), eBGP over iBGP, BGP Identifier, peer address.
     */
    public int compare(final RibPeer pa, final PathAttributes a, final RibPeer pb, final PathAttributes b)
    {
        int c = Long.compare(localPref(pb, b), localPref(pa, a));
        if (c != 0)
        {
            return c;
        }
        c = Long.compare(costFactorTotal(pa, a), costFactorTotal(pb, b));
        if (c != 0)
        {
            return c;
        }
        c = Integer.compare(a.asPathLength(), b.asPathLength());
        if (c != 0)
        {
            return c;
        }
        c = Integer.compare(a.origin(), b.origin());
        if (c != 0)
        {
            return c;
        }
        if (config.alwaysCompareMed() || a.firstAs() == b.firstAs())
        {
            c = Long.compare(a.med() == PathAttributes.ABSENT ? 0 : a.med(), b.med() == PathAttributes.ABSENT ? 0 : b.med());
            if (c != 0)
            {
                return c;
            }
        }
        final boolean ea = pa.index == LOCAL || pa.policy.ebgp();
        final boolean eb = pb.index == LOCAL || pb.policy.ebgp();
        if (ea != eb)
        {
            return ea ? -1 : 1;
        }
        c = Integer.compareUnsigned(pa.bgpId, pb.bgpId);
        if (c != 0)
        {
            return c;
        }
        return Long.compareUnsigned(pa.address, pb.address);
    }

    private void decide(final long prefix, final int length)
    {
        decide(prefix, length, false);
    }

    /**
     * Runs the decision process for one prefix. {@code costsChanged} is set when link CFs, local
     * preferences or IGP costs changed: then an unchanged winner is still re-programmed and re-advertised,
     * because its CF_total may differ; otherwise an unchanged winner costs nothing (route refresh of a full
     * table does not rewrite the FIB).
     */
    private void decide(final long prefix, final int length, final boolean costsChanged)
    {
        RibPeer bestPeer = null;
        PathAttributes best = null;
        for (int i = 0; i < peers.size(); i++)
        {
            final RibPeer peer = peers.get(i);
            if (peer.adjIn.size() == 0)
            {
                continue;
            }
            final int verdict = peer.adjIn.aux(prefix, length, -1);
            if (verdict != Verdict.ACCEPT.ordinal())
            {
                continue;
            }
            final PathAttributes attrs = peer.adjIn.get(prefix, length);
            if (i != LOCAL && resolver.igpCost(attrs.nextHop()) == NextHopResolver.UNREACHABLE)
            {
                continue;
            }
            if (best == null || compare(peer, attrs, bestPeer, best) < 0)
            {
                best = attrs;
                bestPeer = peer;
            }
        }
        final int oldIndex = locRib.aux(prefix, length, -1);
        final PathAttributes old = locRib.get(prefix, length);
        final int newIndex = bestPeer == null ? -1 : bestPeer.index;
        if (old == best && oldIndex == newIndex)
        {
            if (costsChanged && best != null && bestPeer.index != LOCAL)
            {
                // Same path, but its CF may have changed through a policy or IGP change: refresh the FIB.
                programFib(prefix, length, bestPeer, best);
                markDirty(prefix, length, newIndex, oldIndex);
            }
            return;
        }
        bestPathChanges++;
        final long rn = prefix >>> 32;
        if (best == null)
        {
            locRib.remove(prefix, length);
            if (rn != 0 && prefixesPerRn.get(rn) > 0)
            {
                if (prefixesPerRn.get(rn) == 1)
                {
                    prefixesPerRn.remove(rn);
                }
                else
                {
                    prefixesPerRn.put(rn, prefixesPerRn.get(rn) - 1);
                }
            }
            if (oldIndex != LOCAL)
            {
                fib.withdraw(prefix, length, oldIndex);
            }
        }
        else
        {
            if (locRib.put(prefix, length, best, newIndex) == null && rn != 0)
            {
                prefixesPerRn.put(rn, prefixesPerRn.get(rn) + 1);
            }
            if (newIndex == LOCAL)
            {
                if (oldIndex > LOCAL)
                {
                    fib.withdraw(prefix, length, oldIndex);
                }
            }
            else
            {
                programFib(prefix, length, bestPeer, best);
            }
        }
        markDirty(prefix, length, newIndex, oldIndex);
    }

    private void programFib(final long prefix, final int length, final RibPeer peer, final PathAttributes best)
    {
        final long[] eps = best.endpoints8to4();
        final long origin = best.originAs();
        fib.add(prefix, length, best.nextHop(), eps.length > 0 ? eps[0] : 0,
            origin < 0 ? peer.policy.peerAsn() : origin, costFactorTotal(peer, best), peer.index);
    }

    private void markDirty(final long prefix, final int length, final int newIndex, final int oldIndex)
    {
        for (int i = 1; i < peers.size(); i++)
        {
            final RibPeer p = peers.get(i);
            if (p.output == null)
            {
                continue;
            }
            // Split horizon shortcut: nothing to tell the peer the route came from if it never had it.
            if (newIndex == i && (oldIndex == i || oldIndex < 0) && !p.adjOut.contains(prefix, length))
            {
                continue;
            }
            p.dirty.put(prefix, length, Boolean.TRUE, 0);
        }
    }

    // ---------------------------------------------------------------- export

    /** Turns the dirty marks of every established peer into UPDATE content, ignoring MRAI. */
    public int flushExports()
    {
        return flushExports(Long.MAX_VALUE / 2);
    }

    /**
     * Turns the dirty marks of every established peer whose MRAI has passed into UPDATE content; returns the
     * number of prefixes sent. Peers still inside their MRAI keep their marks (changes to one prefix collapse).
     * MRAI is kept per peer, not per destination (RFC 4271 9.2.1.1 times each destination): one timer per
     * neighbour batches every change into one export pass, which is stricter (a prefix may wait although it was
     * not itself advertised within the interval) and costs no per-prefix timer state.
     */
    public int flushExports(final long nowMs)
    {
        int sent = 0;
        for (int i = 1; i < peers.size(); i++)
        {
            final RibPeer p = peers.get(i);
            if (p.output != null && p.dirty.size() > 0 && nowMs >= p.nextExportAtMs)
            {
                final int n = flushExports(p);
                sent += n;
                if (n > 0 && p.policy.mraiMillis() > 0)
                {
                    // RFC 4271 section 10: MRAI jittered to 0.75..1.0 of its value, so that neighbours fed at
                    // the same moment do not synchronise their update bursts.
                    final long mrai = p.policy.mraiMillis();
                    p.nextExportAtMs = nowMs + mrai - (long)(mrai * 0.25 * ThreadLocalRandom.current().nextDouble());
                }
            }
        }
        return sent;
    }

    private int flushExports(final RibPeer to)
    {
        final long[][] keys = new long[1][];
        final byte[][] lens = new byte[1][];
        final int n = to.dirty.keys(keys, lens);
        to.dirty.clear();
        final Map<PathAttributes, PrefixList> announce4 = new HashMap<>();
        final Map<PathAttributes, PrefixList> announce8 = new HashMap<>();
        final PrefixList withdraw4 = new PrefixList();
        final PrefixList withdraw8 = new PrefixList();
        for (int k = 0; k < n; k++)
        {
            final long prefix = keys[0][k];
            final int length = lens[0][k];
            final boolean ipv8 = (prefix >>> 32) != 0;
            if (ipv8 ? !to.ipv8 : !to.ipv4)
            {
                continue;
            }
            final PathAttributes exported = exportAttributes(to, prefix, length);
            final PathAttributes previous = to.adjOut.get(prefix, length);
            if (exported == null)
            {
                if (previous != null)
                {
                    to.adjOut.remove(prefix, length);
                    (ipv8 ? withdraw8 : withdraw4).add(prefix, length);
                }
            }
            else if (!exported.equals(previous))
            {
                to.adjOut.put(prefix, length, exported, 0);
                (ipv8 ? announce8 : announce4).computeIfAbsent(exported, x -> new PrefixList()).add(prefix, length);
            }
        }
        int sent = 0;
        if (withdraw4.size > 0)
        {
            to.output.withdraw(false, withdraw4.prefixes, withdraw4.lengths, withdraw4.size);
            sent += withdraw4.size;
        }
        if (withdraw8.size > 0)
        {
            to.output.withdraw(true, withdraw8.prefixes, withdraw8.lengths, withdraw8.size);
            sent += withdraw8.size;
        }
        for (final Map.Entry<PathAttributes, PrefixList> e : announce4.entrySet())
        {
            to.output.announce(e.getKey(), false, e.getValue().prefixes, e.getValue().lengths, e.getValue().size);
            sent += e.getValue().size;
        }
        for (final Map.Entry<PathAttributes, PrefixList> e : announce8.entrySet())
        {
            to.output.announce(e.getKey(), true, e.getValue().prefixes, e.getValue().lengths, e.getValue().size);
            sent += e.getValue().size;
        }
        return sent;
    }

    /** What we would advertise to the peer for the prefix now, or null for nothing. */
    private PathAttributes exportAttributes(final RibPeer to, final long prefix, final int length)
    {
        final PathAttributes best = locRib.get(prefix, length);
        if (best == null)
        {
            return null;
        }
        final RibPeer from = peers.get(locRib.aux(prefix, length, 0));
        if (from == to)
        {
            return null;
        }
        final boolean learnedOverIbgp = from.index != LOCAL && !from.policy.ebgp();
        if (!exportPolicy.mayExport(to.policy, prefix, length, learnedOverIbgp))
        {
            return null;
        }
        final boolean ebgp = to.policy.ebgp();
        if (ebgp && best.containsAs(to.policy.peerAsn()))
        {
            return null; // the peer would drop it as a loop anyway
        }
        long cf;
        if (from.index == LOCAL)
        {
            cf = 0;
        }
        else if (best.costFactor() == PathAttributes.ABSENT)
        {
            cf = PathAttributes.ABSENT; // never invent a CF for a path that had none
        }
        else if (ebgp)
        {
            cf = costFactorTotal(from, best);
        }
        else
        {
            cf = costFactorTotal(from, best) - igpPart(best);
        }
        if (!to.bgp8)
        {
            cf = PathAttributes.ABSENT;
        }
        final boolean ipv8 = (prefix >>> 32) != 0;
        final long nextHop = ipv8 ? to.nextHopSelf8 : to.nextHopSelf4;
        PathAttributes out = best.forExport(ebgp, config.localAsn(), nextHop, cf);
        if (!to.bgp8 && out.endpoints8to4().length > 0)
        {
            out = new PathAttributes(out.origin(), out.asPath(), out.nextHop(), out.med(), out.localPref(),
                out.atomicAggregate(), out.aggregatorAs(), out.aggregatorId(), out.communities(),
                PathAttributes.ABSENT, false, null, out.unknownTransitive());
        }
        return out;
    }

    private long igpPart(final PathAttributes attrs)
    {
        final long igp = resolver.igpCost(attrs.nextHop());
        return igp > 0 ? igp * config.cfPerIgpUnit() : 0;
    }

    private static final class PrefixList
    {
        long[] prefixes = new long[16];
        byte[] lengths = new byte[16];
        int size;

        void add(final long prefix, final int length)
        {
            if (size == prefixes.length)
            {
                prefixes = Arrays.copyOf(prefixes, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
            }
            prefixes[size] = prefix;
            lengths[size++] = (byte)length;
        }
    }

    // ---------------------------------------------------------------- queries

    public int locRibSize()
    {
        return locRib.size();
    }

    public PathAttributes best(final long prefix, final int length)
    {
        return locRib.get(prefix, length);
    }

    /** The peer of the best path, or null when there is none. */
    public RibPeer bestPeer(final long prefix, final int length)
    {
        final int i = locRib.aux(prefix, length, -1);
        return i < 0 ? null : peers.get(i);
    }

    public long prefixesOfRn(final long rn)
    {
        return prefixesPerRn.get(rn);
    }

    /** Verdict stored for a route in a peer's Adj-RIB-In, or null when the peer did not send it. */
    public Verdict verdictOf(final RibPeer peer, final long prefix, final int length)
    {
        final int v = peer.adjIn.aux(prefix, length, -1);
        return v < 0 ? null : Verdict.values()[v];
    }

    public long verdictCount(final Verdict v)
    {
        return verdictCounts[v.ordinal()];
    }

    public long bestPathChanges()
    {
        return bestPathChanges;
    }

    public List<RibPeer> peers()
    {
        return List.copyOf(peers.subList(1, peers.size()));
    }

    /**
     * Every route of every peer's Adj-RIB-In with its import verdict, WHOIS8 state and reason, sorted by prefix
     * then peer ({@code show bgp routes}). {@code rn} >= 0 limits the answer to one RN. Cold path (allocates, asks
     * the validator to explain each route that WHOIS8 applies to).
     */
    public List<RouteView> routes(final long rn)
    {
        final RouteValidator validator = importPolicy.validator();
        final List<RouteView> out = new ArrayList<>();
        for (int i = 1; i < peers.size(); i++)
        {
            final RibPeer peer = peers.get(i);
            peer.adjIn.forEach((prefix, length, attrs, verdictOrdinal) ->
            {
                if (rn >= 0 && (prefix >>> 32) != rn)
                {
                    return;
                }
                final Verdict verdict = Verdict.values()[verdictOrdinal];
                final long origin = attrs.originAs();
                final boolean checked = whois8Applies(peer, prefix, verdict);
                final ValidationState state = checked ? validator.validate(origin, prefix, length) : null;
                final String reason = checked ? validator.explain(origin, prefix, length) : verdict.description();
                final boolean best = locRib.aux(prefix, length, -1) == peer.index &&
                    locRib.get(prefix, length) == attrs;
                out.add(new RouteView(peer.name, prefix, length, origin, attrs.nextHop(), verdict, state, reason,
                    best));
            });
        }
        out.sort((a, b) ->
        {
            final int c = Long.compareUnsigned(a.prefix(), b.prefix());
            return c != 0 ? c : a.length() != b.length() ? Integer.compare(a.length(), b.length()) :
                a.peer().compareTo(b.peer());
        });
        return out;
    }

    /** WHOIS8 (rules R7/R8) decided or would decide this route: eBGP, IPv8, and not rejected before R7. */
    private static boolean whois8Applies(final RibPeer peer, final long prefix, final Verdict verdict)
    {
        if ((prefix >>> 32) == 0 || !peer.policy.ebgp())
        {
            return false;
        }
        return switch (verdict)
        {
            case ACCEPT, PENDING, REJECT_R7_R8_INVALID, REJECT_R8_NOT_FOUND, REJECT_R9_RN_BUDGET -> true;
            default -> false;
        };
    }
}
