package org.ipv8router.log;

import java.util.function.LongSupplier;

import org.ipv8router.wire.Ipv8Address;

/**
 * Rate-limited SEC-ALERT records (spec 7.3: "counters + rate-limited log records"). One token bucket per
 * {@link SecAlertKind}: an alert that finds a token is logged at WARN, one that does not is only counted, and
 * the next logged line of that kind says how many were suppressed since the previous one.
 *
 * <pre>
 * 2026-11-23T22:10:00.123Z WARN  sec-alert asn_spoofing spec=19.1 events=12 suppressed=340 total=4711 where=eth1 ...
 * </pre>
 * {@code events} is how many offending packets (or NLRI) this record stands for, {@code suppressed} how many
 * events were not logged since the previous record of the kind, {@code total} the events of the kind since start.
 *
 * <h2>Who calls this, and why the forwarding thread never does</h2>
 * The data plane's part of an alert is the drop counter of the border filter (one atomic add per vector per
 * reason, already in the drop node: no allocation, no lock, no I/O). {@link SecAlertMonitor}, a control plane
 * task, reads those counters and calls {@link #alert(SecAlertKind, long, long, long, String)} with the delta.
 * The BGP8 speaker (control plane) calls {@link #alert(SecAlertKind, long, String)} for 19.7.
 * <p>
 * The suppressed path of {@link #alert(SecAlertKind, long, long, long, String)} allocates nothing (a bucket check
 * and two long additions), so a caller that has primitive details only pays for formatting when a line is
 * actually written. Calls are serialised per kind with a monitor; that is fine for control plane threads and is
 * the reason the forwarding threads go through counters instead.
 */
public final class SecAlertLog
{
    /** Default: one record per kind per second on average, bursts of five. */
    public static final double DEFAULT_RATE_PER_SECOND = 1.0;
    public static final int DEFAULT_BURST = 5;

    private static final String COMPONENT = "sec-alert";

    private final Log log;
    private final LongSupplier nanoClock;
    private final PerKind[] kinds = new PerKind[SecAlertKind.values().length];

    private static final class PerKind
    {
        final TokenBucket bucket;
        long suppressed;
        long total;
        long logged;

        PerKind(final TokenBucket bucket)
        {
            this.bucket = bucket;
        }
    }

    /**
     * @param log           where records go.
     * @param ratePerSecond records per kind per second on average.
     * @param burst         records per kind allowed back to back.
     * @param nanoClock     monotonic clock in ns ({@code System::nanoTime}; tests pass a fake).
     */
    public SecAlertLog(final Log log, final double ratePerSecond, final int burst, final LongSupplier nanoClock)
    {
        this.log = log;
        this.nanoClock = nanoClock;
        final long now = nanoClock.getAsLong();
        for (final SecAlertKind kind : SecAlertKind.values())
        {
            kinds[kind.ordinal()] = new PerKind(new TokenBucket(ratePerSecond, burst, now));
        }
    }

    /** With the default rate and burst and {@code System.nanoTime}. */
    public SecAlertLog(final Log log)
    {
        this(log, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, System::nanoTime);
    }

    /**
     * Records {@code events} offences of {@code kind} with primitive details (0 / null = not known).
     *
     * @param source      offending source address (64-bit IPv8), 0 if unknown.
     * @param destination destination address, 0 if unknown.
     * @param where       interface or peer name, null if unknown (pass an existing string: no allocation).
     * @return true if a line was written, false if suppressed.
     */
    public boolean alert(
        final SecAlertKind kind, final long events, final long source, final long destination, final String where)
    {
        final Admitted admitted = admit(kind, events);
        if (admitted == null)
        {
            return false;
        }
        log.warn(COMPONENT, kind.label(), "spec", kind.specSection(), "events", events,
            "suppressed", admitted.suppressed(), "total", admitted.total(),
            "where", where == null ? "-" : where,
            "src", source == 0 ? "-" : Ipv8Address.toString(source),
            "dst", destination == 0 ? "-" : Ipv8Address.toString(destination),
            "what", kind.description());
        return true;
    }

    /**
     * Records {@code events} offences with a free-text detail (control plane callers, e.g. the BGP8 speaker for
     * 19.7: {@code "peer=192.0.2.1 nlri=64500.10.1.2.0/28"}).
     *
     * @return true if a line was written, false if suppressed.
     */
    public boolean alert(final SecAlertKind kind, final long events, final String detail)
    {
        final Admitted admitted = admit(kind, events);
        if (admitted == null)
        {
            return false;
        }
        log.warn(COMPONENT, kind.label(), "spec", kind.specSection(), "events", events,
            "suppressed", admitted.suppressed(), "total", admitted.total(),
            "detail", detail == null ? "-" : detail, "what", kind.description());
        return true;
    }

    /**
     * Counts {@code events} of {@code kind} and takes a token for a record. Returns null when there was none (the
     * events are counted as suppressed; nothing is allocated on this path), else the counts the record reports.
     */
    private Admitted admit(final SecAlertKind kind, final long events)
    {
        final PerKind k = kinds[kind.ordinal()];
        synchronized (k)
        {
            k.total += events;
            if (!k.bucket.tryAcquire(nanoClock.getAsLong()))
            {
                k.suppressed += events;
                return null;
            }
            final Admitted admitted = new Admitted(k.suppressed, k.total);
            k.suppressed = 0;
            k.logged++;
            return admitted;
        }
    }

    /** What a written record reports: events suppressed since the previous record, events of the kind so far. */
    private record Admitted(long suppressed, long total)
    {
    }

    /** Events of {@code kind} since start, logged or not. */
    public long total(final SecAlertKind kind)
    {
        final PerKind k = kinds[kind.ordinal()];
        synchronized (k)
        {
            return k.total;
        }
    }

    /** Events of {@code kind} not logged since its last record. */
    public long pendingSuppressed(final SecAlertKind kind)
    {
        final PerKind k = kinds[kind.ordinal()];
        synchronized (k)
        {
            return k.suppressed;
        }
    }

    /** Lines written for {@code kind}. */
    public long logged(final SecAlertKind kind)
    {
        final PerKind k = kinds[kind.ordinal()];
        synchronized (k)
        {
            return k.logged;
        }
    }
}
