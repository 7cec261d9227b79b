package org.ipv8router.dataplane.gwpair;

/**
 * The state machine of one member of a .254/.253 pair on one segment (profile section 9). Pure logic: time comes
 * in as arguments (nanoseconds of any monotonic clock), decisions go out through {@link Listener}; no threads, no
 * I/O, so tests drive it with a fake clock.
 * <pre>
 * peer:  UNKNOWN --hello--> UP --dead interval without hello--> DOWN --hello--> UP
 *        UNKNOWN --dead interval after start, no hello--> DOWN
 *        UP/UNKNOWN --hello with R (resign, clean stop)--> DOWN at once
 * own VIP:   inactive at start if preempt delay > 0; becomes active (never inactive again) at the first of:
 *            preempt delay over | peer DOWN | a hello saying the peer does not hold our VIP
 * peer VIP:  takeover (held) when the peer is DOWN;
 *            give-back when the peer is UP and its hello says its own VIP is active
 * </pre>
 * Preemption: a returning member takes its VIP back (at once by default, after the preempt delay if set) and the
 * survivor releases it on the first hello that says so, so there is no window in which nobody answers; the short
 * window in which both answer is harmless (same virtual MAC, both forward).
 */
public final class GatewayPairFsm
{
    /** What the peer looks like from here. */
    public enum PeerState
    {
        /** No hello yet, dead interval since start not over. */
        UNKNOWN,
        /** Hellos arrive. */
        UP,
        /** No hello for the dead interval. */
        DOWN
    }

    /** Decisions, in the order they happen. */
    public interface Listener
    {
        /** Start answering for our own VIP (send gratuitous ARP8/ARP). */
        void onOwnVipActive(String reason);

        /** Start (takeover) or stop (give-back) answering for the peer's VIP. */
        void onPeerVipHeld(boolean held, String reason);

        /** The peer changed state. */
        void onPeerState(PeerState from, PeerState to, String reason);
    }

    private final long deadNs;
    private final long preemptDelayNs;
    private final Listener listener;
    private long startedAt;
    private boolean started;
    private long lastHelloAt;
    private PeerState peer = PeerState.UNKNOWN;
    private boolean peerOwnActive;
    private boolean peerHoldsOurs;
    private boolean ownActive;
    private boolean peerHeld;

    public GatewayPairFsm(final GatewayPairTimers timers, final Listener listener)
    {
        this.deadNs = timers.deadIntervalMs() * 1_000_000L;
        this.preemptDelayNs = timers.preemptDelayMs() * 1_000_000L;
        this.listener = listener;
    }

    /** Starts the member at {@code now}: with no preempt delay our VIP is active at once. */
    public void start(final long now)
    {
        started = true;
        startedAt = now;
        evaluate(now);
    }

    /**
     * A valid hello from the peer.
     *
     * @param peerOwnActive the hello's O flag: the peer answers for its own VIP.
     * @param peerHoldsOurs the hello's H flag: the peer answers for our VIP.
     */
    public void onHello(final long now, final boolean peerOwnActive, final boolean peerHoldsOurs)
    {
        lastHelloAt = now;
        this.peerOwnActive = peerOwnActive;
        this.peerHoldsOurs = peerHoldsOurs;
        if (peer != PeerState.UP)
        {
            final PeerState from = peer;
            peer = PeerState.UP;
            listener.onPeerState(from, PeerState.UP, "hello");
        }
        evaluate(now);
    }

    /**
     * A valid hello with the R flag: the peer stops cleanly. It is DOWN at once, so its VIP is taken over now
     * rather than after the dead interval; its next normal hello makes it UP again.
     */
    public void onResign(final long now)
    {
        if (!started)
        {
            return;
        }
        peerOwnActive = false;
        peerHoldsOurs = false;
        if (peer != PeerState.DOWN)
        {
            final PeerState from = peer;
            peer = PeerState.DOWN;
            listener.onPeerState(from, PeerState.DOWN, "peer resigned (clean stop)");
        }
        evaluate(now);
    }

    /** Advances time: dead-interval expiry, preempt delay. */
    public void poll(final long now)
    {
        if (!started)
        {
            return;
        }
        if (peer == PeerState.UP && now - lastHelloAt >= deadNs)
        {
            peer = PeerState.DOWN;
            listener.onPeerState(PeerState.UP, PeerState.DOWN, "no hello for " + deadNs / 1_000_000L + " ms");
        }
        else if (peer == PeerState.UNKNOWN && now - startedAt >= deadNs)
        {
            peer = PeerState.DOWN;
            listener.onPeerState(PeerState.UNKNOWN, PeerState.DOWN, "no hello within " + deadNs / 1_000_000L +
                " ms of start");
        }
        evaluate(now);
    }

    private void evaluate(final long now)
    {
        if (!started)
        {
            return;
        }
        if (!ownActive)
        {
            String reason = null;
            if (now - startedAt >= preemptDelayNs)
            {
                reason = preemptDelayNs == 0 ? "start" : "preempt delay over";
            }
            else if (peer == PeerState.DOWN)
            {
                reason = "peer down";
            }
            else if (peer == PeerState.UP && !peerHoldsOurs)
            {
                reason = "peer does not hold our VIP";
            }
            if (reason != null)
            {
                ownActive = true;
                listener.onOwnVipActive(reason);
            }
        }
        if (!peerHeld && peer == PeerState.DOWN)
        {
            peerHeld = true;
            listener.onPeerVipHeld(true, "peer down");
        }
        else if (peerHeld && peer == PeerState.UP && peerOwnActive)
        {
            peerHeld = false;
            listener.onPeerVipHeld(false, "peer back and active");
        }
    }

    public PeerState peer()
    {
        return peer;
    }

    public boolean ownActive()
    {
        return ownActive;
    }

    public boolean peerHeld()
    {
        return peerHeld;
    }

    /** @return hello flags describing our state: {@link GatewayPairHello#FLAG_OWN_ACTIVE}, {@code FLAG_HOLDS_PEER}. */
    public int helloFlags()
    {
        return (ownActive ? GatewayPairHello.FLAG_OWN_ACTIVE : 0) | (peerHeld ? GatewayPairHello.FLAG_HOLDS_PEER : 0);
    }

    /** @return when the last valid hello arrived (ns), or {@link Long#MIN_VALUE} if none. */
    public long lastHelloAt()
    {
        return peer == PeerState.UNKNOWN ? Long.MIN_VALUE : lastHelloAt;
    }
}
