package org.ipv8router.whois8;

/**
 * What the validator knows about one routing number: the last answer of the registry, flattened into primitive
 * fields so the warm validation path touches one object and two small arrays.
 * <p>
 * The {@code final} fields are published to reader threads through {@link RnStateTable} and never change. The
 * fields marked "sync thread only" are bookkeeping of the single writer thread (refresh schedule, last notified
 * state); readers never look at them.
 */
final class RnEntry
{
    /** A verified record. */
    static final byte RECORD = 0;
    /** The registry said the RN is not registered (404, or absent from / removed in the bulk feed). */
    static final byte NOT_FOUND = 1;
    /** Never answered usefully: the registry was unreachable. */
    static final byte UNAVAILABLE = 2;
    /** The registry answered with a record that failed verification, and no earlier verified answer exists. */
    static final byte REJECTED = 3;

    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];

    final long rn;
    final byte kind;
    final Whois8Record record;
    final boolean active;
    final long notBeforeMillis;
    final long notAfterMillis;
    final int maxLength64;
    final long[] origins;
    final long[] routePrefixes;
    final int[] routeLengths;
    /** First origin and first route copied inline: the usual record has one of each, and reading them here saves
     *  two dependent cache misses on the warm path (the arrays are only touched for the 2nd and later ones). */
    final long origin0;
    final int originCount;
    final long route0Prefix;
    final int route0Length;
    final int routeCount;
    final long serial;
    /** When the registry last confirmed this answer; last-known-good lasts until confirmedAt + expire. */
    final long confirmedAtMillis;
    /** Came from the snapshot/delta feed: then each successful delta poll re-confirms it. */
    final boolean fromBulk;
    /** For UNAVAILABLE and REJECTED: why. */
    final String detail;

    /** Bookkeeping of the sync thread, kept out of line so the fields the warm path reads fit in fewer cache lines. */
    final Sync sync = new Sync();

    /** Sync thread only; readers never touch it. */
    static final class Sync
    {
        long nextRefreshAtMillis;
        int failures;
        boolean inFlight;
        Reason notifiedReason;
        long notifiedSerial = -1;
        String lastProblem;
        long lastProblemAtMillis;
    }

    private RnEntry(final long rn, final byte kind, final Whois8Record record, final long confirmedAtMillis,
        final boolean fromBulk, final String detail)
    {
        this.rn = rn;
        this.kind = kind;
        this.record = record;
        this.confirmedAtMillis = confirmedAtMillis;
        this.fromBulk = fromBulk;
        this.detail = detail;
        if (record != null)
        {
            this.active = record.isActive();
            this.notBeforeMillis = record.notBeforeMillis();
            this.notAfterMillis = record.notAfterMillis();
            this.maxLength64 = 32 + record.maxHostPrefixLength();
            this.origins = record.originsUnsafe();
            this.routePrefixes = record.routePrefixesUnsafe();
            this.routeLengths = record.routeLengthsUnsafe();
            this.originCount = origins.length;
            this.origin0 = originCount > 0 ? origins[0] : -1;
            this.routeCount = routePrefixes.length;
            this.route0Prefix = routeCount > 0 ? routePrefixes[0] : 0;
            this.route0Length = routeCount > 0 ? routeLengths[0] : 0;
            this.serial = record.serial();
        }
        else
        {
            this.active = false;
            this.notBeforeMillis = 0;
            this.notAfterMillis = 0;
            this.maxLength64 = 0;
            this.origins = NO_LONGS;
            this.routePrefixes = NO_LONGS;
            this.routeLengths = NO_INTS;
            this.originCount = 0;
            this.origin0 = -1;
            this.routeCount = 0;
            this.route0Prefix = 0;
            this.route0Length = 0;
            this.serial = -1;
        }
    }

    static RnEntry record(final Whois8Record record, final long nowMillis, final boolean fromBulk)
    {
        return new RnEntry(record.rn(), RECORD, record, nowMillis, fromBulk, null);
    }

    static RnEntry notFound(final long rn, final long nowMillis, final boolean fromBulk)
    {
        return new RnEntry(rn, NOT_FOUND, null, nowMillis, fromBulk, "not registered");
    }

    static RnEntry unavailable(final long rn, final long nowMillis, final String detail)
    {
        return new RnEntry(rn, UNAVAILABLE, null, nowMillis, false, detail);
    }

    static RnEntry rejected(final long rn, final long nowMillis, final String detail)
    {
        return new RnEntry(rn, REJECTED, null, nowMillis, false, detail);
    }

    /** Copies the sync-thread bookkeeping of the entry this one replaces. */
    RnEntry carryFrom(final RnEntry old)
    {
        if (old != null)
        {
            sync.notifiedReason = old.sync.notifiedReason;
            sync.notifiedSerial = old.sync.notifiedSerial;
            sync.lastProblem = old.sync.lastProblem;
            sync.lastProblemAtMillis = old.sync.lastProblemAtMillis;
        }
        return this;
    }

    /** True when the registry has given a verdict (record or not-found) that last-known-good may keep. */
    boolean isConfirmedAnswer()
    {
        return kind == RECORD || kind == NOT_FOUND;
    }

    String source()
    {
        return fromBulk ? "snapshot" : "query";
    }
}
