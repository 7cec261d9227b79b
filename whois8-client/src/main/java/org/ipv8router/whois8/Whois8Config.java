package org.ipv8router.whois8;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the WHOIS8 client and validator. Defaults are the decisions of bgp8-whois8.md §4.2/§6.4 (local
 * profile, not draft): lookup timeout 2 s, re-lookup back-off 1, 2, 4 ... 60 s, positive TTL 3,600 s unless the
 * answer carries {@code Cache-Control: max-age}, negative TTL 300 s, last-known-good until {@code whois8.expire}
 * = 7,200 s, snapshot refresh 3,600 s and retry 600 s (RFC 8210 defaults). Every value is configurable.
 */
public final class Whois8Config
{
    /** How the validator learns records. */
    public enum Mode
    {
        /** Ask {@code GET /whois8/v1/rn/{asn}} for each RN when first seen, refresh on TTL. */
        PER_RN,
        /** Hold the whole registry: {@code GET /whois8/v1/snapshot}, then {@code /delta?since=serial} polls. */
        SNAPSHOT
    }

    /** What a record that fails verification (bad signature, untrusted key, malformed) means when nothing better is known. */
    public enum RejectedRecordPolicy
    {
        /** INVALID with the reason (issue text, spec §6.5); a verified last-known-good record is kept instead. */
        INVALID,
        /** UNKNOWN / pending (spec §6.4 strict reading: corruption must not look like a registry verdict). */
        UNKNOWN
    }

    public static final String API_PREFIX = "/whois8/v1";

    final URI baseUri;
    final Mode mode;
    final TrustAnchors trustAnchors;
    final SSLContext sslContext;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final Duration bulkRequestTimeout;
    final int maxAttempts;
    final Duration attemptBackoffInitial;
    final Duration attemptBackoffMax;
    final int maxConcurrentRequests;
    final Duration defaultTtl;
    final Duration negativeTtl;
    final Duration expire;
    final Duration relookupBackoffInitial;
    final Duration relookupBackoffMax;
    final Duration snapshotRefresh;
    final Duration snapshotRetry;
    final Duration tickInterval;
    final RejectedRecordPolicy rejectedRecordPolicy;
    final Whois8Clock clock;

    private Whois8Config(final Builder b)
    {
        this.baseUri = Objects.requireNonNull(b.baseUri, "baseUri (registry URL) is required");
        this.mode = b.mode;
        this.trustAnchors = Objects.requireNonNull(b.trustAnchors, "trustAnchors (registry public keys) are required");
        this.sslContext = b.sslContext;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
        this.bulkRequestTimeout = positive(b.bulkRequestTimeout, "bulkRequestTimeout");
        if (b.maxAttempts < 1)
        {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        this.attemptBackoffInitial = positive(b.attemptBackoffInitial, "attemptBackoffInitial");
        this.attemptBackoffMax = positive(b.attemptBackoffMax, "attemptBackoffMax");
        if (b.maxConcurrentRequests < 1)
        {
            throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, got " + b.maxConcurrentRequests);
        }
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.defaultTtl = positive(b.defaultTtl, "defaultTtl");
        this.negativeTtl = positive(b.negativeTtl, "negativeTtl");
        this.expire = positive(b.expire, "expire");
        this.relookupBackoffInitial = positive(b.relookupBackoffInitial, "relookupBackoffInitial");
        this.relookupBackoffMax = positive(b.relookupBackoffMax, "relookupBackoffMax");
        this.snapshotRefresh = positive(b.snapshotRefresh, "snapshotRefresh");
        this.snapshotRetry = positive(b.snapshotRetry, "snapshotRetry");
        this.tickInterval = positive(b.tickInterval, "tickInterval");
        this.rejectedRecordPolicy = b.rejectedRecordPolicy;
        this.clock = b.clock;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public URI baseUri()
    {
        return baseUri;
    }

    public Mode mode()
    {
        return mode;
    }

    public Duration tickInterval()
    {
        return tickInterval;
    }

    public Duration expire()
    {
        return expire;
    }

    public Whois8Clock clock()
    {
        return clock;
    }

    private static Duration positive(final Duration d, final String name)
    {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero())
        {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    /** Builder; {@code baseUri} and {@code trustAnchors} are required. */
    public static final class Builder
    {
        private URI baseUri;
        private Mode mode = Mode.PER_RN;
        private TrustAnchors trustAnchors;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(2);
        private Duration bulkRequestTimeout = Duration.ofSeconds(120);
        private int maxAttempts = 3;
        private Duration attemptBackoffInitial = Duration.ofMillis(250);
        private Duration attemptBackoffMax = Duration.ofSeconds(2);
        private int maxConcurrentRequests = 8;
        private Duration defaultTtl = Duration.ofSeconds(3_600);
        private Duration negativeTtl = Duration.ofSeconds(300);
        private Duration expire = Duration.ofSeconds(7_200);
        private Duration relookupBackoffInitial = Duration.ofSeconds(1);
        private Duration relookupBackoffMax = Duration.ofSeconds(60);
        private Duration snapshotRefresh = Duration.ofSeconds(3_600);
        private Duration snapshotRetry = Duration.ofSeconds(600);
        private Duration tickInterval = Duration.ofSeconds(1);
        private RejectedRecordPolicy rejectedRecordPolicy = RejectedRecordPolicy.INVALID;
        private Whois8Clock clock = Whois8Clock.SYSTEM;

        /** Registry base URL, e.g. {@code https://whois8.example:443}; the API lives under {@value #API_PREFIX}. */
        public Builder baseUri(final URI uri)
        {
            this.baseUri = uri;
            return this;
        }

        public Builder mode(final Mode mode)
        {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder trustAnchors(final TrustAnchors anchors)
        {
            this.trustAnchors = anchors;
            return this;
        }

        /** TLS context whose trust managers decide which registry certificates are accepted (null: JDK default). */
        public Builder sslContext(final SSLContext context)
        {
            this.sslContext = context;
            return this;
        }

        public Builder connectTimeout(final Duration d)
        {
            this.connectTimeout = d;
            return this;
        }

        /** Timeout of one per-RN request (spec: 2 s). */
        public Builder requestTimeout(final Duration d)
        {
            this.requestTimeout = d;
            return this;
        }

        /** Timeout of one snapshot or delta request. */
        public Builder bulkRequestTimeout(final Duration d)
        {
            this.bulkRequestTimeout = d;
            return this;
        }

        /** Attempts per request before the answer is "unavailable" (1 = no retry). */
        public Builder maxAttempts(final int n)
        {
            this.maxAttempts = n;
            return this;
        }

        /** Exponential back-off between attempts of one request: initial delay and cap (full jitter on top). */
        public Builder attemptBackoff(final Duration initial, final Duration max)
        {
            this.attemptBackoffInitial = initial;
            this.attemptBackoffMax = max;
            return this;
        }

        /** At most this many requests to the registry in flight at once. */
        public Builder maxConcurrentRequests(final int n)
        {
            this.maxConcurrentRequests = n;
            return this;
        }

        /** Positive cache TTL when the answer has no {@code Cache-Control: max-age}. */
        public Builder defaultTtl(final Duration d)
        {
            this.defaultTtl = d;
            return this;
        }

        /** Negative cache TTL (404) when the answer has no max-age. */
        public Builder negativeTtl(final Duration d)
        {
            this.negativeTtl = d;
            return this;
        }

        /** {@code whois8.expire}: how long the last confirmed answer stays usable while the registry is unreachable. */
        public Builder expire(final Duration d)
        {
            this.expire = d;
            return this;
        }

        /** Back-off of re-lookups after a failed lookup of an RN (spec: 1, 2, 4 ... 60 s). */
        public Builder relookupBackoff(final Duration initial, final Duration max)
        {
            this.relookupBackoffInitial = initial;
            this.relookupBackoffMax = max;
            return this;
        }

        /** Snapshot mode: delta poll period after a success, and retry period after a failure. */
        public Builder snapshotPolling(final Duration refresh, final Duration retry)
        {
            this.snapshotRefresh = refresh;
            this.snapshotRetry = retry;
            return this;
        }

        /** How often the sync thread looks for due refreshes and time-based state changes (expiry). */
        public Builder tickInterval(final Duration d)
        {
            this.tickInterval = d;
            return this;
        }

        public Builder rejectedRecordPolicy(final RejectedRecordPolicy policy)
        {
            this.rejectedRecordPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder clock(final Whois8Clock clock)
        {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Whois8Config build()
        {
            return new Whois8Config(this);
        }
    }
}
