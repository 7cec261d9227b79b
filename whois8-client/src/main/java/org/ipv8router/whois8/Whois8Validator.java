package org.ipv8router.whois8;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * WHOIS8 route validator (bgp8-whois8.md §4.2, §6.4, §6.5): answers "may this origin announce this prefix?" from a
 * local table of verified registry answers, and keeps that table current.
 * <p>
 * <b>Reading</b> ({@link #validate(long, long, int)}, any thread): one lock-free probe of {@link RnStateTable},
 * a few compares, no allocation. Rules, first failing decides: length 32..64; an answer must exist (never seen:
 * UNKNOWN, fail-closed); the last confirmation must be younger than {@code whois8.expire} (last-known-good grace,
 * else UNKNOWN); not registered: NOT_FOUND; record status active, now inside [notBefore, notAfter), length within
 * 32 + maxHostPrefixLength, origin in authorizedOrigins, prefix inside one of {@code routes} when the record lists
 * routes: VALID, else INVALID with the failing rule.
 * <p>
 * <b>Writing</b> (one "whois8-sync" thread owns every write): per-RN mode looks an RN up when first validated and
 * refreshes it when its TTL ({@code Cache-Control: max-age}, else the configured TTL; negative answers the negative
 * TTL) runs out; failures are retried with back-off 1, 2, 4 ... 60 s while the last confirmed answer stays usable
 * until {@code expire}. Snapshot mode downloads the signed snapshot, then polls signed deltas by serial. A record
 * whose serial is lower than the one held is a rollback and is refused. A record that fails verification never
 * replaces a verified one. Every tick the sync thread re-evaluates each RN against the clock, so expiry and grace
 * run-out are noticed within one tick, and {@link Whois8Listener}s hear of every RN whose state or serial changed.
 */
public final class Whois8Validator implements RouteValidator, AutoCloseable
{
    private static final Logger LOG = System.getLogger(Whois8Validator.class.getName());

    private final Whois8Config config;
    private final Whois8Clock clock;
    private final long expireMillis;
    private final Whois8Counters counters;
    private final Whois8Client client;
    private final boolean ownsClient;
    private final boolean snapshotMode;
    private final Reason rejectedReason;
    private final RnStateTable table;
    private final ScheduledExecutorService sync;
    private final CopyOnWriteArrayList<Whois8Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Long> requested = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> firstSnapshot = new CompletableFuture<>();

    private volatile boolean bulkLoaded;
    private volatile long bulkConfirmedAtMillis;
    private volatile long bulkSerial = -1;
    private volatile boolean closed;

    // sync thread only
    private final List<CompletableFuture<Void>> bulkWaiters = new ArrayList<>();
    private long nextBulkAtMillis;
    private boolean bulkInFlight;
    private boolean snapshotNeeded = true;
    private volatile String bulkProblem;

    /** A validator with its own {@link Whois8Client}; call {@link #start()}. */
    public Whois8Validator(final Whois8Config config)
    {
        this(config, new Whois8Counters(), null);
    }

    private Whois8Validator(final Whois8Config config, final Whois8Counters counters, final Whois8Client client)
    {
        this.config = config;
        this.clock = config.clock;
        this.expireMillis = config.expire.toMillis();
        this.counters = counters;
        this.client = client != null ? client : new Whois8Client(config, counters);
        this.ownsClient = client == null;
        this.snapshotMode = config.mode == Whois8Config.Mode.SNAPSHOT;
        this.rejectedReason = config.rejectedRecordPolicy == Whois8Config.RejectedRecordPolicy.INVALID ?
            Reason.RECORD_REJECTED : Reason.RECORD_REJECTED_UNKNOWN;
        this.table = new RnStateTable(1024);
        this.sync = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "whois8-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the sync thread: ticks, and in snapshot mode the first snapshot download. */
    public Whois8Validator start()
    {
        final long tick = config.tickInterval.toMillis();
        sync.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    // ---------------------------------------------------------------- reading (any thread)

    @Override
    public ValidationState validate(final long originAsn, final long prefix64, final int length64)
    {
        return evaluate(originAsn, prefix64, length64, clock.millis()).state();
    }

    /** The deciding rule, allocation-free (except the first sighting of an RN in per-RN mode). */
    public Reason evaluate(final long originAsn, final long prefix64, final int length64)
    {
        return evaluate(originAsn, prefix64, length64, clock.millis());
    }

    @Override
    public ValidationResult explain(final long originAsn, final long prefix64, final int length64)
    {
        final long now = clock.millis();
        final Reason reason = evaluate(originAsn, prefix64, length64, now);
        final String route = length64 >= 32 && length64 <= 64 ? RnPrefix.format(prefix64, length64) :
            "0x" + Long.toHexString(prefix64) + "/" + length64 + " (64-bit)";
        final RnEntry e = length64 >= 32 && length64 <= 64 ? table.get(prefix64 >>> 32) : null;
        final String detail = switch (reason)
        {
            case AUTHORISED -> "AS" + originAsn + " may announce " + route + " (record serial " + e.serial + ")";
            case BAD_LENGTH -> "64-bit length " + length64 + " outside 32..64: the prefix does not name one RN";
            case STATUS_NOT_ACTIVE -> "record AS" + e.rn + " has status " + e.record.status() + " (revoked)";
            case NOT_YET_VALID -> "record AS" + e.rn + " not valid before " + Instant.ofEpochMilli(e.notBeforeMillis);
            case EXPIRED -> "record AS" + e.rn + " expired at " + Instant.ofEpochMilli(e.notAfterMillis);
            case TOO_SPECIFIC -> route + " is more specific than host /" + (e.maxLength64 - 32) +
                " allowed by record AS" + e.rn;
            case ORIGIN_NOT_AUTHORISED -> "origin AS" + originAsn + " is not in authorizedOrigins " +
                java.util.Arrays.toString(e.origins) + " of record AS" + e.rn;
            case OUTSIDE_ROUTES -> route + " is not inside any registered route of record AS" + e.rn;
            case RECORD_REJECTED, RECORD_REJECTED_UNKNOWN -> "registry answer for AS" + e.rn + " rejected: " +
                e.detail;
            case NOT_REGISTERED -> "AS" + (prefix64 >>> 32) + " is not registered in WHOIS8";
            case NEVER_SEEN -> "AS" + (prefix64 >>> 32) + " never looked up yet; lookup started (fail-closed)";
            case REGISTRY_UNAVAILABLE -> "registry unreachable for AS" + (prefix64 >>> 32) + ": " +
                (e != null ? e.detail : "");
            case GRACE_EXPIRED -> "last confirmation of AS" + (prefix64 >>> 32) + " is older than whois8.expire " +
                config.expire + (e != null && e.sync.lastProblem != null ? "; last problem: " + e.sync.lastProblem : "");
            case SNAPSHOT_NOT_LOADED -> "no WHOIS8 snapshot loaded yet" +
                (bulkProblem != null ? "; last problem: " + bulkProblem : "");
        };
        return new ValidationResult(reason.state(), reason, detail);
    }

    /** State of a routing number as a whole (VALID: an active, in-window, verified record exists). */
    public ValidationState rnState(final long rn)
    {
        final long now = clock.millis();
        final RnEntry e = table.get(rn);
        return (e == null ? missReason(rn, now, false) : rnReason(e, now)).state();
    }

    private Reason evaluate(final long originAsn, final long prefix64, final int length64, final long now)
    {
        if (length64 < 32 || length64 > 64)
        {
            return Reason.BAD_LENGTH;
        }
        final long rn = prefix64 >>> 32;
        final RnEntry e = table.get(rn);
        if (e == null)
        {
            return missReason(rn, now, true);
        }
        final Reason rnReason = rnReason(e, now);
        if (rnReason != Reason.AUTHORISED)
        {
            return rnReason;
        }
        if (length64 > e.maxLength64)
        {
            return Reason.TOO_SPECIFIC;
        }
        if (e.origin0 != originAsn && !originListed(e.origins, originAsn))
        {
            return Reason.ORIGIN_NOT_AUTHORISED;
        }
        if (e.routeCount > 0 && !RnPrefix.covers(e.route0Prefix, e.route0Length, prefix64, length64) &&
            !routeListed(e.routePrefixes, e.routeLengths, prefix64, length64))
        {
            return Reason.OUTSIDE_ROUTES;
        }
        return Reason.AUTHORISED;
    }

    private static boolean originListed(final long[] origins, final long originAsn)
    {
        for (int i = 1; i < origins.length; i++)
        {
            if (origins[i] == originAsn)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean routeListed(final long[] prefixes, final int[] lengths, final long prefix64,
        final int length64)
    {
        for (int i = 1; i < prefixes.length; i++)
        {
            if (RnPrefix.covers(prefixes[i], lengths[i], prefix64, length64))
            {
                return true;
            }
        }
        return false;
    }

    private Reason rnReason(final RnEntry e, final long now)
    {
        switch (e.kind)
        {
            case RnEntry.UNAVAILABLE:
                return Reason.REGISTRY_UNAVAILABLE;
            case RnEntry.REJECTED:
                return rejectedReason;
            default:
                break;
        }
        final long confirmed = e.fromBulk ? Math.max(e.confirmedAtMillis, bulkConfirmedAtMillis) : e.confirmedAtMillis;
        if (now - confirmed >= expireMillis)
        {
            return Reason.GRACE_EXPIRED;
        }
        if (e.kind == RnEntry.NOT_FOUND)
        {
            return Reason.NOT_REGISTERED;
        }
        if (!e.active)
        {
            return Reason.STATUS_NOT_ACTIVE;
        }
        if (now < e.notBeforeMillis)
        {
            return Reason.NOT_YET_VALID;
        }
        if (now >= e.notAfterMillis)
        {
            return Reason.EXPIRED;
        }
        return Reason.AUTHORISED;
    }

    private Reason missReason(final long rn, final long now, final boolean startLookup)
    {
        if (snapshotMode)
        {
            if (!bulkLoaded)
            {
                return Reason.SNAPSHOT_NOT_LOADED;
            }
            return now - bulkConfirmedAtMillis >= expireMillis ? Reason.GRACE_EXPIRED : Reason.NOT_REGISTERED;
        }
        if (startLookup && !closed && requested.add(rn))
        {
            submit(() -> startLookup(rn, null));
        }
        return Reason.NEVER_SEEN;
    }

    @Override
    public void subscribe(final Whois8Listener listener)
    {
        listeners.add(listener);
    }

    @Override
    public void unsubscribe(final Whois8Listener listener)
    {
        listeners.remove(listener);
    }

    /** Event counters. */
    public Whois8Counters counters()
    {
        return counters;
    }

    /** Every RN the validator holds, sorted by RN ({@code show whois8}). */
    public List<RnStatus> statuses()
    {
        final long now = clock.millis();
        final List<RnStatus> out = new ArrayList<>();
        table.forEach(e -> out.add(status(e, now)));
        out.sort((a, b) -> Long.compare(a.rn(), b.rn()));
        return out;
    }

    /** What the validator holds for one RN. */
    public Optional<RnStatus> status(final long rn)
    {
        final RnEntry e = table.get(rn);
        return e == null ? Optional.empty() : Optional.of(status(e, clock.millis()));
    }

    /**
     * The verified record held for {@code rn} (whatever its state), e.g. for BGP8's per-RN prefix budget (rule R9,
     * {@link Whois8Record#maxPrefixes()}) or the 8to4 anycast endpoints. Empty when none is held.
     */
    public Optional<Whois8Record> record(final long rn)
    {
        final RnEntry e = table.get(rn);
        return e == null || e.record == null ? Optional.empty() : Optional.of(e.record);
    }

    /** Text of {@code show whois8}: the summary, then at most {@code maxRows} RN lines (all when negative). */
    public String show(final int maxRows)
    {
        final StringBuilder out = new StringBuilder(256);
        summary().forEach((k, v) -> out.append(String.format("%-24s %s%n", k, v)));
        final List<RnStatus> rows = statuses();
        final int n = maxRows < 0 ? rows.size() : Math.min(maxRows, rows.size());
        for (int i = 0; i < n; i++)
        {
            out.append(rows.get(i)).append('\n');
        }
        if (n < rows.size())
        {
            out.append("... ").append(rows.size() - n).append(" more RNs\n");
        }
        return out.toString();
    }

    /** Summary lines for {@code show whois8}: mode, snapshot serial, counts per state, counters. */
    public Map<String, Object> summary()
    {
        final long now = clock.millis();
        final Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mode", config.mode);
        m.put("registry", config.baseUri);
        if (snapshotMode)
        {
            m.put("snapshot_loaded", bulkLoaded);
            m.put("snapshot_serial", bulkSerial);
            m.put("snapshot_confirmed_at", bulkConfirmedAtMillis == 0 ? null : Instant.ofEpochMilli(bulkConfirmedAtMillis));
            m.put("snapshot_last_problem", bulkProblem);
        }
        final Map<ValidationState, Integer> counts = new java.util.EnumMap<>(ValidationState.class);
        for (final ValidationState s : ValidationState.values())
        {
            counts.put(s, 0);
        }
        table.forEach(e -> counts.merge(rnReason(e, now).state(), 1, Integer::sum));
        m.put("rn_states", counts);
        m.putAll(counters.toMap());
        return m;
    }

    /** Snapshot mode: serial of the registry state held, or -1 before the first snapshot. */
    public long snapshotSerial()
    {
        return bulkSerial;
    }

    /** Snapshot mode: completes when the first snapshot is loaded. */
    public CompletableFuture<Void> firstSnapshot()
    {
        return firstSnapshot;
    }

    /**
     * Per-RN mode: looks {@code rn} up now (even if cached) and completes with its RN-level state once the answer is
     * applied. Snapshot mode: polls the feed now and completes with the RN's state after it is applied.
     */
    public CompletableFuture<ValidationState> refresh(final long rn)
    {
        final CompletableFuture<ValidationState> result = new CompletableFuture<>();
        if (snapshotMode)
        {
            refreshNow().whenComplete((v, ex) -> result.complete(rnState(rn)));
            return result;
        }
        submit(() -> startLookup(rn, result));
        return result;
    }

    /** Refreshes everything now (per-RN: every held RN; snapshot: one delta poll); completes when applied. */
    public CompletableFuture<Void> refreshNow()
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() ->
        {
            if (snapshotMode)
            {
                bulkWaiters.add(done);
                nextBulkAtMillis = 0;
                pollBulk(clock.millis());
            }
            else
            {
                final List<CompletableFuture<ValidationState>> all = new ArrayList<>();
                table.forEach(e ->
                {
                    final CompletableFuture<ValidationState> f = new CompletableFuture<>();
                    all.add(f);
                    startLookup(e.rn, f);
                });
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, ex) -> done.complete(null));
            }
        });
        return done;
    }

    @Override
    public void close()
    {
        closed = true;
        sync.shutdownNow();
        firstSnapshot.completeExceptionally(new IllegalStateException("WHOIS8 validator closed"));
        if (ownsClient)
        {
            client.close();
        }
    }

    // ---------------------------------------------------------------- writing (sync thread)

    private void submit(final Runnable task)
    {
        try
        {
            sync.execute(() ->
            {
                try
                {
                    task.run();
                }
                catch (final RuntimeException ex)
                {
                    LOG.log(Level.ERROR, "whois8 sync task failed", ex);
                }
            });
        }
        catch (final RejectedExecutionException ignored)
        {
            // closed
        }
    }

    private void tick()
    {
        try
        {
            final long now = clock.millis();
            if (snapshotMode)
            {
                if (now >= nextBulkAtMillis)
                {
                    pollBulk(now);
                }
            }
            else
            {
                table.forEach(e ->
                {
                    if (!e.sync.inFlight && now >= e.sync.nextRefreshAtMillis)
                    {
                        startLookup(e.rn, null);
                    }
                });
            }
            table.forEach(e -> notifyIfChanged(e, now));
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.ERROR, "whois8 tick failed", ex);
        }
    }

    /**
     * Starts a lookup. Scheduled ones ({@code waiter == null}) are skipped while one is in flight; an explicit
     * refresh always asks again and completes its waiter with the outcome of its own request.
     */
    private void startLookup(final long rn, final CompletableFuture<ValidationState> waiter)
    {
        final RnEntry e = table.get(rn);
        if (e != null)
        {
            if (e.sync.inFlight && waiter == null)
            {
                return;
            }
            e.sync.inFlight = true;
        }
        client.lookup(rn).whenComplete((result, ex) ->
        {
            final LookupResult r = ex != null ? new LookupResult.Unavailable(String.valueOf(ex)) : result;
            submit(() -> applyLookup(rn, r, waiter));
        });
    }

    private void applyLookup(final long rn, final LookupResult result, final CompletableFuture<ValidationState> waiter)
    {
        final long now = clock.millis();
        final RnEntry old = table.get(rn);
        if (old != null)
        {
            old.sync.inFlight = false;
        }
        requested.remove(rn);
        RnEntry fresh = null;
        switch (result)
        {
            case LookupResult.Found found ->
            {
                final Whois8Record record = found.record();
                if (old != null && old.kind == RnEntry.RECORD && record.serial() < old.serial)
                {
                    counters.serialRollbacks.incrementAndGet();
                    failed(old, now, "serial rollback: registry served serial " + record.serial() + " after " +
                        old.serial + " (refused)");
                }
                else
                {
                    fresh = RnEntry.record(record, now, false);
                    fresh.sync.nextRefreshAtMillis = now + (found.maxAgeMillis() >= 0 ? found.maxAgeMillis() :
                        config.defaultTtl.toMillis());
                }
            }
            case LookupResult.NotFound notFound ->
            {
                fresh = RnEntry.notFound(rn, now, false);
                fresh.sync.nextRefreshAtMillis = now + (notFound.maxAgeMillis() >= 0 ? notFound.maxAgeMillis() :
                    config.negativeTtl.toMillis());
            }
            case LookupResult.Rejected rejected ->
            {
                LOG.log(Level.WARNING, "WHOIS8 alert: " + rejected.reason());
                if (old != null && old.isConfirmedAnswer())
                {
                    failed(old, now, rejected.reason());
                }
                else
                {
                    fresh = RnEntry.rejected(rn, now, rejected.reason());
                    fresh.sync.failures = old != null ? old.sync.failures + 1 : 1;
                    fresh.sync.nextRefreshAtMillis = now + relookupDelay(fresh.sync.failures);
                    fresh.sync.lastProblem = rejected.reason();
                    fresh.sync.lastProblemAtMillis = now;
                }
            }
            case LookupResult.Unavailable unavailable ->
            {
                if (old != null && old.kind != RnEntry.UNAVAILABLE)
                {
                    failed(old, now, unavailable.reason());
                }
                else
                {
                    fresh = RnEntry.unavailable(rn, now, unavailable.reason());
                    fresh.sync.failures = old != null ? old.sync.failures + 1 : 1;
                    fresh.sync.nextRefreshAtMillis = now + relookupDelay(fresh.sync.failures);
                    fresh.sync.lastProblem = unavailable.reason();
                    fresh.sync.lastProblemAtMillis = now;
                }
            }
        }
        final RnEntry current;
        if (fresh != null)
        {
            if (old != null)
            {
                fresh.sync.notifiedReason = old.sync.notifiedReason;
                fresh.sync.notifiedSerial = old.sync.notifiedSerial;
            }
            table.put(fresh);
            current = fresh;
        }
        else
        {
            current = old;
        }
        notifyIfChanged(current, now);
        if (waiter != null)
        {
            waiter.complete(rnReason(current, now).state());
        }
    }

    private void failed(final RnEntry e, final long now, final String problem)
    {
        e.sync.failures++;
        e.sync.lastProblem = problem;
        e.sync.lastProblemAtMillis = now;
        e.sync.nextRefreshAtMillis = now + relookupDelay(e.sync.failures);
    }

    /** Back-off after the n-th consecutive failure: initial * 2^(n-1), capped, with +-25 % jitter. */
    private long relookupDelay(final int failures)
    {
        final long initial = config.relookupBackoffInitial.toMillis();
        final long cap = Math.min(config.relookupBackoffMax.toMillis(), initial << Math.min(failures - 1, 30));
        final long jitter = cap / 4;
        return cap - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
    }

    private void pollBulk(final long now)
    {
        if (bulkInFlight)
        {
            return;
        }
        bulkInFlight = true;
        final CompletableFuture<BulkResult> request = snapshotNeeded ? client.snapshot() : client.delta(bulkSerial);
        request.whenComplete((result, ex) ->
        {
            final BulkResult r = ex != null ? new BulkResult.Unavailable(String.valueOf(ex)) : result;
            submit(() -> applyBulk(r));
        });
    }

    private void applyBulk(final BulkResult result)
    {
        final long now = clock.millis();
        bulkInFlight = false;
        switch (result)
        {
            case BulkResult.Snapshot snapshot -> applySnapshot(snapshot, now);
            case BulkResult.Delta delta -> applyDelta(delta, now);
            case BulkResult.Gone gone ->
            {
                LOG.log(Level.INFO, "WHOIS8 " + gone.reason() + "; downloading a snapshot");
                snapshotNeeded = true;
                nextBulkAtMillis = 0;
                bulkInFlight = true;
                client.snapshot().whenComplete((r, ex) -> submit(() -> applyBulk(
                    ex != null ? new BulkResult.Unavailable(String.valueOf(ex)) : r)));
                return;
            }
            case BulkResult.Rejected rejected ->
            {
                LOG.log(Level.WARNING, "WHOIS8 alert: " + rejected.reason());
                bulkProblem = rejected.reason();
                nextBulkAtMillis = now + config.snapshotRetry.toMillis();
            }
            case BulkResult.Unavailable unavailable ->
            {
                bulkProblem = unavailable.reason();
                nextBulkAtMillis = now + config.snapshotRetry.toMillis();
            }
        }
        table.forEach(e -> notifyIfChanged(e, now));
        bulkWaiters.forEach(w -> w.complete(null));
        bulkWaiters.clear();
    }

    private void applySnapshot(final BulkResult.Snapshot snapshot, final long now)
    {
        if (bulkSerial >= 0 && snapshot.serial() < bulkSerial)
        {
            counters.serialRollbacks.incrementAndGet();
            bulkProblem = "snapshot serial rollback: " + snapshot.serial() + " after " + bulkSerial + " (refused)";
            nextBulkAtMillis = now + config.snapshotRetry.toMillis();
            return;
        }
        final Set<Long> present = new java.util.HashSet<>(snapshot.records().size() * 2);
        for (final Whois8Record record : snapshot.records())
        {
            present.add(record.rn());
            final RnEntry old = table.get(record.rn());
            if (old != null && old.kind == RnEntry.RECORD && record.serial() < old.serial)
            {
                counters.serialRollbacks.incrementAndGet();
                old.sync.lastProblem = "snapshot carried serial " + record.serial() + " after " + old.serial + " (refused)";
                continue;
            }
            if (old != null && old.kind == RnEntry.RECORD && record.serial() == old.serial)
            {
                continue;
            }
            table.put(RnEntry.record(record, now, true).carryFrom(old));
        }
        final List<RnEntry> gone = new ArrayList<>();
        table.forEach(e ->
        {
            if (e.kind != RnEntry.NOT_FOUND && !present.contains(e.rn))
            {
                gone.add(e);
            }
        });
        gone.forEach(e -> table.put(RnEntry.notFound(e.rn, now, true).carryFrom(e)));
        bulkSerial = snapshot.serial();
        bulkConfirmedAtMillis = now;
        bulkLoaded = true;
        snapshotNeeded = false;
        bulkProblem = null;
        nextBulkAtMillis = now + config.snapshotRefresh.toMillis();
        counters.snapshotsLoaded.incrementAndGet();
        LOG.log(Level.INFO, "WHOIS8 snapshot serial " + snapshot.serial() + " loaded: " + snapshot.records().size() +
            " records");
        firstSnapshot.complete(null);
    }

    private void applyDelta(final BulkResult.Delta delta, final long now)
    {
        for (final Whois8Record record : delta.records())
        {
            final RnEntry old = table.get(record.rn());
            if (old != null && old.kind == RnEntry.RECORD && record.serial() <= old.serial)
            {
                if (record.serial() < old.serial)
                {
                    counters.serialRollbacks.incrementAndGet();
                    old.sync.lastProblem = "delta carried serial " + record.serial() + " after " + old.serial +
                        " (refused)";
                }
                continue;
            }
            table.put(RnEntry.record(record, now, true).carryFrom(old));
        }
        for (final long rn : delta.removed())
        {
            final RnEntry old = table.get(rn);
            table.put(RnEntry.notFound(rn, now, true).carryFrom(old));
        }
        bulkSerial = delta.serial();
        bulkConfirmedAtMillis = now;
        bulkProblem = null;
        nextBulkAtMillis = now + config.snapshotRefresh.toMillis();
        counters.deltasApplied.incrementAndGet();
    }

    private void notifyIfChanged(final RnEntry e, final long now)
    {
        final Reason reason = rnReason(e, now);
        if (reason == e.sync.notifiedReason && e.serial == e.sync.notifiedSerial)
        {
            return;
        }
        e.sync.notifiedReason = reason;
        e.sync.notifiedSerial = e.serial;
        counters.rnChangeNotifications.incrementAndGet();
        for (final Whois8Listener listener : listeners)
        {
            try
            {
                listener.onRnChanged(e.rn, reason.state(), reason);
            }
            catch (final RuntimeException ex)
            {
                counters.listenerErrors.incrementAndGet();
                LOG.log(Level.ERROR, "WHOIS8 listener failed for AS" + e.rn, ex);
            }
        }
    }

    private RnStatus status(final RnEntry e, final long now)
    {
        final Reason reason = rnReason(e, now);
        final long confirmed = e.fromBulk ? Math.max(e.confirmedAtMillis, bulkConfirmedAtMillis) : e.confirmedAtMillis;
        return new RnStatus(e.rn, reason.state(), reason, e.serial, e.record != null ? e.record.holder() : null,
            e.record != null ? Instant.ofEpochMilli(e.notAfterMillis) : null,
            e.isConfirmedAnswer() ? Instant.ofEpochMilli(confirmed) : null, e.source(),
            e.sync.lastProblem != null ? e.sync.lastProblem : e.detail != null && !e.isConfirmedAnswer() ? e.detail : null);
    }
}
