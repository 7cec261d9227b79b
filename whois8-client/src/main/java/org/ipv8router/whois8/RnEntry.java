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
    final long serial;
    /** When the registry last confirmed this answer; last-known-good lasts until confirmedAt + expire. */
    final long confirmedAtMillis;
    /** Came from the snapshot/delta feed: then each successful delta poll re-confirms it. */
    final boolean fromBulk;
    /** For UNAVAILABLE and REJECTED: why. */
    final String detail;

    // sync thread only
    long nextRefreshAtMillis;
    int failures;
    boolean inFlight;
    Reason notifiedReason;
    long notifiedSerial = -1;
    String lastProblem;
    long lastProblemAtMillis;

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
            notifiedReason = old.notifiedReason;
            notifiedSerial = old.notifiedSerial;
            lastProblem = old.lastProblem;
            lastProblemAtMillis = old.lastProblemAtMillis;
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
