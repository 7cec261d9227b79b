package org.ipv8router.bgp8.policy;

import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.Whois8Listener;

/**
 * Adapts the WHOIS8 client ({@link org.ipv8router.whois8.RouteValidator}, e.g.
 * {@link org.ipv8router.whois8.Whois8Validator}) to the speaker's {@link RouteValidator} (import rules R7/R8).
 * <p>
 * States map one to one: VALID (install), INVALID and NOT_FOUND (reject, kept in Adj-RIB-In), UNKNOWN (held as
 * pending, fail-closed). {@link #validate} is the client's lock-free, allocation-free read, so it is safe on the
 * BGP8 I/O thread.
 * <p>
 * Threading: the client calls {@link Whois8Listener#onRnChanged} on its single {@code whois8-sync} thread; this
 * adapter only forwards the RN to the registered {@link Listener}s there. It never touches the RIB: the
 * speaker's listener queues the re-validation onto its I/O thread ({@code BgpSpeaker.execute}), where it is
 * coalesced with other RN changes.
 */
public final class Whois8RouteValidator implements RouteValidator, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.bgp8");

    private final org.ipv8router.whois8.RouteValidator whois8;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Whois8Listener forwarder = this::onRnChanged;

    /** Subscribes to the client's change notifications; {@link #close()} unsubscribes. */
    public Whois8RouteValidator(final org.ipv8router.whois8.RouteValidator whois8)
    {
        if (whois8 == null)
        {
            throw new IllegalArgumentException("WHOIS8 validator is required");
        }
        this.whois8 = whois8;
        whois8.subscribe(forwarder);
    }

    /** The WHOIS8 state as BGP8 sees it (one to one). */
    public static ValidationState map(final org.ipv8router.whois8.ValidationState state)
    {
        return switch (state)
        {
            case VALID -> ValidationState.VALID;
            case INVALID -> ValidationState.INVALID;
            case NOT_FOUND -> ValidationState.NOT_FOUND;
            case UNKNOWN -> ValidationState.UNKNOWN;
        };
    }

    @Override
    public ValidationState validate(final long originAsn, final long prefix, final int length)
    {
        return map(whois8.validate(originAsn, prefix, length));
    }

    @Override
    public String explain(final long originAsn, final long prefix, final int length)
    {
        return whois8.explain(originAsn, prefix, length).toString();
    }

    @Override
    public void addListener(final Listener listener)
    {
        listeners.add(listener);
    }

    /** The client this adapter reads. */
    public org.ipv8router.whois8.RouteValidator whois8()
    {
        return whois8;
    }

    private void onRnChanged(final long rn, final org.ipv8router.whois8.ValidationState state, final Reason reason)
    {
        LOG.log(Level.DEBUG, "WHOIS8 AS{0} is now {1} ({2}): re-validating its routes", rn, state, reason);
        for (final Listener l : listeners)
        {
            l.validationChanged(rn);
        }
    }

    /** Stops forwarding change notifications (the client itself belongs to the caller). */
    @Override
    public void close()
    {
        whois8.unsubscribe(forwarder);
    }

    @Override
    public String toString()
    {
        return "Whois8RouteValidator(" + whois8 + ")";
    }
}
