package org.ipv8router.bgp8.session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.collections.LongHashSet;

import org.ipv8router.bgp8.codec.AttributeInterner;
import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmEvent;
import org.ipv8router.bgp8.policy.ImportPolicy;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.rib.NextHopResolver;
import org.ipv8router.bgp8.rib.Rib;
import org.ipv8router.bgp8.rib.RouteView;

/**
 * The BGP8 speaker: one I/O thread runs every session (non-blocking NIO, one {@link Selector}), all session
 * timers (deadlines checked in the same loop, so there is a single scheduler) and the RIB. Other threads talk
 * to it only through {@link #execute}/{@link #query}, which queue work for the I/O thread; the FIB side talks
 * to it only through the lock-free {@link FibChannel}.
 * <pre>
 *   socket --&gt; BgpSession (codec + BgpFsm) --&gt; Rib (Adj-RIB-In, decision, Loc-RIB) --&gt; FibChannel --&gt; dataplane
 *                       ^                                  |
 *                       +---------- Adj-RIB-Out &lt;----------+
 * </pre>
 */
public final class BgpSpeaker implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.bgp8");

    private final SpeakerConfig config;
    private final AttributeInterner interner = new AttributeInterner();
    private final FibChannel fib;
    private final Rib rib;
    private final Selector selector;
    private final List<BgpSession> sessions = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private ServerSocketChannel server;
    private Thread thread;
    private volatile boolean running;
    private boolean exportsPending;
    private final long startNanos = System.nanoTime();
    private volatile InetSocketAddress boundAddress;
    private final LongHashSet changedRns = new LongHashSet();
    private final LongHashSet revalidating = new LongHashSet();
    private final AtomicBoolean revalidationQueued = new AtomicBoolean();
    private boolean allRnsChanged;
    private volatile long revalidations;

    public BgpSpeaker(final SpeakerConfig config, final FibChannel fib) throws IOException
    {
        this.config = config;
        this.fib = fib;
        this.rib = new Rib(new ImportPolicy(config.policy(), config.validator()), fib);
        this.selector = Selector.open();
        rib.maxPrefixListener((peer, limit) ->
        {
            for (final BgpSession s : sessions)
            {
                if (s.ribPeer() == peer)
                {
                    s.maxPrefixExceeded(limit);
                }
            }
        });
        config.validator().addListener(this::validationChanged);
    }

    /**
     * Validator listener, called on the validator's thread (WHOIS8: its sync thread). It never touches the RIB:
     * the RN is noted in a set and one re-validation task is queued for the I/O thread, so a burst of changes
     * (the first snapshot announces every registered RN) costs one walk of the Adj-RIBs-In.
     */
    private void validationChanged(final long rn)
    {
        synchronized (changedRns)
        {
            if (rn == RouteValidator.ALL_RNS)
            {
                allRnsChanged = true;
            }
            else
            {
                changedRns.add(rn);
            }
        }
        if (revalidationQueued.compareAndSet(false, true))
        {
            execute(this::revalidateChangedRns);
        }
    }

    /** I/O thread: re-runs import policy and decision for the routes of every RN changed since the last run. */
    private void revalidateChangedRns()
    {
        revalidationQueued.set(false);
        final boolean all;
        synchronized (changedRns)
        {
            all = allRnsChanged;
            allRnsChanged = false;
            revalidating.clear();
            revalidating.addAll(changedRns);
            changedRns.clear();
        }
        if (!all && revalidating.isEmpty())
        {
            return;
        }
        final int changed = all ? rib.revalidate(-1) : rib.revalidate(revalidating);
        revalidations++;
        if (changed > 0 || LOG.isLoggable(Level.DEBUG))
        {
            LOG.log(changed > 0 ? Level.INFO : Level.DEBUG, "validation change for {0}: {1} route verdicts changed",
                all ? "every RN" : revalidating.size() == 1 ? "AS" + revalidating.iterator().nextValue() :
                    revalidating.size() + " RNs", changed);
        }
        exportsPending = true;
    }

    public SpeakerConfig config()
    {
        return config;
    }

    AttributeInterner interner()
    {
        return interner;
    }

    Selector selector()
    {
        return selector;
    }

    /** The RIB; touch it only on the I/O thread (inside {@link #execute} / {@link #query}). */
    public Rib rib()
    {
        return rib;
    }

    public FibChannel fib()
    {
        return fib;
    }

    long nowMs()
    {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    void defer(final Runnable r)
    {
        deferred.add(r);
    }

    void exportsPending()
    {
        exportsPending = true;
    }

    /** The address the listener is bound to (useful with port 0), or null. */
    public InetSocketAddress boundAddress()
    {
        return boundAddress;
    }

    /** Binds the listener (if configured) and starts the I/O thread. */
    public BgpSpeaker start() throws IOException
    {
        if (config.listen() != null)
        {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(config.listen());
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            boundAddress = (InetSocketAddress)server.getLocalAddress();
        }
        running = true;
        thread = new Thread(this::run, "bgp8-io-AS" + config.localAsn());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Runs work on the I/O thread. */
    public void execute(final Runnable r)
    {
        commands.add(r);
        selector.wakeup();
    }

    /** Runs a query on the I/O thread and waits for its answer (up to 10 s). */
    public <T> T query(final Callable<T> q)
    {
        final CompletableFuture<T> f = new CompletableFuture<>();
        execute(() ->
        {
            try
            {
                f.complete(q.call());
            }
            catch (final Throwable t)
            {
                f.completeExceptionally(t);
            }
        });
        try
        {
            return f.get(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying the BGP8 speaker", e);
        }
        catch (final ExecutionException | TimeoutException e)
        {
            throw new IllegalStateException("BGP8 speaker query failed: " + e, e);
        }
    }

    /** Adds and starts a neighbour; returns its session (inspect it through {@link #query}). */
    public BgpSession addPeer(final PeerConfig peer)
    {
        return query(() ->
        {
            for (final BgpSession s : sessions)
            {
                if (s.config().remote().getAddress().equals(peer.remote().getAddress()))
                {
                    throw new IllegalArgumentException("neighbour " + peer.name() + ": address " +
                        peer.remote().getAddress() + " is already used by neighbour " + s.config().name());
                }
            }
            final BgpSession s = new BgpSession(this, peer, rib);
            sessions.add(s);
            s.fsm().handle(peer.fsm().passive() ? FsmEvent.MANUAL_START_PASSIVE : FsmEvent.MANUAL_START);
            return s;
        });
    }

    /** Stops a neighbour (Cease 6/2 if up) and removes it with its routes. */
    public void removePeer(final BgpSession session)
    {
        query(() ->
        {
            session.fsm().handle(FsmEvent.MANUAL_STOP);
            rib.removePeer(session.ribPeer());
            sessions.remove(session);
            exportsPending = true;
            return null;
        });
    }

    /** Originates a route (CF 0) with the given next hop; it is advertised to every established peer. */
    public void originate(final long prefix, final int length, final long nextHop)
    {
        execute(() ->
        {
            rib.originate(prefix, length, interner.intern(PathAttributes.originated(nextHop)));
            exportsPending = true;
        });
    }

    /**
     * Originates a route (CF 0) that also carries 8TO4-ENDPOINTs ({@code ipv4 << 16 | port}) towards BGP8
     * peers: the HTTPS tunnel ends through which IPv4-only transit can reach it (spec 2.1 item 12).
     */
    public void originate(final long prefix, final int length, final long nextHop, final long[] endpoints8to4)
    {
        execute(() ->
        {
            final PathAttributes base = PathAttributes.originated(nextHop);
            final PathAttributes attrs = new PathAttributes(base.origin(), base.asPath(), nextHop, base.med(),
                base.localPref(), false, PathAttributes.ABSENT, 0, null, 0, false, endpoints8to4.clone(), null);
            rib.originate(prefix, length, interner.intern(attrs));
            exportsPending = true;
        });
    }

    /** Originates many routes (CF 0) in one I/O-thread command: table injection for labs and benchmarks. */
    public void originateAll(final long[] prefixes, final byte[] lengths, final int count, final long nextHop)
    {
        execute(() ->
        {
            final PathAttributes attrs = interner.intern(PathAttributes.originated(nextHop));
            for (int i = 0; i < count; i++)
            {
                rib.originate(prefixes[i], lengths[i], attrs);
            }
            exportsPending = true;
        });
    }

    public void withdrawOriginated(final long prefix, final int length)
    {
        execute(() ->
        {
            rib.withdrawOriginated(prefix, length);
            exportsPending = true;
        });
    }

    public void nextHopResolver(final NextHopResolver resolver)
    {
        execute(() ->
        {
            rib.nextHopResolver(resolver);
            rib.nextHopsChanged();
            exportsPending = true;
        });
    }

    /** Changes a neighbour's policy (link CF, local preference, max-prefix) and re-runs the decision. */
    public void updatePeerPolicy(final BgpSession session, final PeerPolicy policy)
    {
        execute(() ->
        {
            rib.updatePeerPolicy(session.ribPeer(), policy);
            exportsPending = true;
        });
    }

    /** Sends ROUTE-REFRESH to the peer (re-validation without an Adj-RIB-In copy); false if not possible. */
    public boolean requestRouteRefresh(final BgpSession session)
    {
        return query(session::requestRouteRefresh);
    }

    public List<BgpSession> sessions()
    {
        return query(() -> List.copyOf(sessions));
    }

    /**
     * Every Adj-RIB-In route with its import verdict, WHOIS8 validation state and reason, and whether it is the
     * best path: the data of {@code show bgp routes} ({@link RouteView#format} gives the text). Runs on the I/O
     * thread; cold path.
     */
    public List<RouteView> routes()
    {
        return query(() -> List.copyOf(rib.routes(-1)));
    }

    /** {@link #routes()} limited to one RN (ASN). */
    public List<RouteView> routes(final long rn)
    {
        return query(() -> List.copyOf(rib.routes(rn)));
    }

    /** Number of re-validation passes run after validator change notifications (coalesced). */
    public long revalidations()
    {
        return revalidations;
    }

    private void run()
    {
        while (running)
        {
            try
            {
                loopOnce();
            }
            catch (final RuntimeException | Error e)
            {
                // Nothing may kill the I/O thread: log and keep serving the other sessions.
                LOG.log(Level.ERROR, "BGP8 I/O loop error", e);
            }
        }
        for (final BgpSession s : List.copyOf(sessions))
        {
            s.fsm().handle(FsmEvent.MANUAL_STOP);
        }
        try
        {
            selector.close();
            if (server != null)
            {
                server.close();
            }
        }
        catch (final IOException ignored)
        {
            // Closing at shutdown.
        }
    }

    private void loopOnce()
    {
        long next = Long.MAX_VALUE;
        for (final BgpSession s : sessions)
        {
            next = Math.min(next, s.nextDeadline());
        }
        final long now = nowMs();
        final long timeout = next == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, next - now));
        try
        {
            if (commands.isEmpty() && deferred.isEmpty())
            {
                selector.select(timeout);
            }
            else
            {
                selector.selectNow();
            }
        }
        catch (final IOException e)
        {
            LOG.log(Level.ERROR, "selector failed", e);
        }
        for (final SelectionKey k : selector.selectedKeys())
        {
            if (!k.isValid())
            {
                continue;
            }
            if (k.isAcceptable())
            {
                acceptIncoming();
                continue;
            }
            final BgpSession.Connection c = (BgpSession.Connection)k.attachment();
            final BgpSession s = c.session;
            if (k.isConnectable())
            {
                s.onConnectable(c);
            }
            else
            {
                if (k.isValid() && k.isReadable())
                {
                    s.onReadable(c);
                    exportsPending = true;
                }
                if (k.isValid() && k.isWritable())
                {
                    s.flushOut();
                }
            }
        }
        selector.selectedKeys().clear();
        Runnable r;
        while ((r = deferred.poll()) != null)
        {
            r.run();
        }
        while ((r = commands.poll()) != null)
        {
            r.run();
        }
        final long t = nowMs();
        for (int i = 0; i < sessions.size(); i++)
        {
            sessions.get(i).pollTimers(t);
        }
        // Timer-driven changes (a session lost by hold-timer expiry) also leave dirty prefixes behind, so the
        // export pass runs every iteration; it costs one size check per peer when nothing changed.
        exportsPending = false;
        rib.endOfBurst();
        rib.flushExports(nowMs());
        for (int i = 0; i < sessions.size(); i++)
        {
            sessions.get(i).flushOut();
        }
        fib.flush();
    }

    private void acceptIncoming()
    {
        SocketChannel ch;
        try
        {
            while ((ch = server.accept()) != null)
            {
                final InetAddress remote = ((InetSocketAddress)ch.getRemoteAddress()).getAddress();
                BgpSession match = null;
                for (final BgpSession s : sessions)
                {
                    if (s.config().remote().getAddress().equals(remote))
                    {
                        match = s;
                    }
                }
                if (match == null)
                {
                    LOG.log(Level.INFO, "refusing connection from unconfigured {0}", remote);
                    ch.close();
                }
                else
                {
                    match.accept(ch);
                }
            }
        }
        catch (final IOException e)
        {
            LOG.log(Level.WARNING, "accept failed: {0}", e.toString());
        }
    }

    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        selector.wakeup();
        try
        {
            thread.join(5000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
