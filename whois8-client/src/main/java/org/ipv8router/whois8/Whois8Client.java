package org.ipv8router.whois8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * HTTP(S) client of a WHOIS8 registry (RDAP profile, bgp8-whois8.md §6.4):
 * <ul>
 * <li>{@code GET /whois8/v1/rn/{asn}}: one record, signed per record, verified here;</li>
 * <li>{@code GET /whois8/v1/snapshot} and {@code GET /whois8/v1/delta?since={serial}}: bulk feeds whose body is
 *     signed as a whole, the detached RFC 7797 JWS travelling in the {@value #SIGNATURE_HEADER} header.</li>
 * </ul>
 * Every request has a timeout; failed attempts (network, TLS, timeout, 5xx, unparseable body) are retried with
 * exponential back-off and full jitter; at most {@code maxConcurrentRequests} attempts are in flight, further ones
 * wait in a queue without blocking the caller. All methods are asynchronous and thread-safe.
 */
public final class Whois8Client implements AutoCloseable
{
    /** Response header carrying the detached JWS over a bulk body (local profile). */
    public static final String SIGNATURE_HEADER = "Whois8-Signature";
    public static final String MEDIA_TYPE = "application/rdap+json";

    private final Whois8Config config;
    private final HttpClient http;
    private final ExecutorService executor;
    private final RecordVerifier verifier;
    private final Whois8Counters counters;
    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final Executor delayer;

    public Whois8Client(final Whois8Config config, final Whois8Counters counters)
    {
        this.config = config;
        this.counters = counters;
        this.verifier = new RecordVerifier(config.trustAnchors);
        this.permits = new Semaphore(config.maxConcurrentRequests);
        this.executor = Executors.newFixedThreadPool(2, r ->
        {
            final Thread t = new Thread(r, "whois8-http");
            t.setDaemon(true);
            return t;
        });
        final HttpClient.Builder builder = HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
        if (config.sslContext != null)
        {
            builder.sslContext(config.sslContext);
        }
        this.http = builder.build();
        this.delayer = r -> executor.execute(r);
    }

    /** Looks one RN up; never completes exceptionally. */
    public CompletableFuture<LookupResult> lookup(final long rn)
    {
        final URI uri = config.baseUri.resolve(Whois8Config.API_PREFIX + "/rn/" + rn);
        return withRetries(uri, config.requestTimeout, response -> classifyLookup(rn, response),
            result -> result instanceof LookupResult.Unavailable, LookupResult.Unavailable::new);
    }

    /** Downloads the full registry; never completes exceptionally. */
    public CompletableFuture<BulkResult> snapshot()
    {
        final URI uri = config.baseUri.resolve(Whois8Config.API_PREFIX + "/snapshot");
        return withRetries(uri, config.bulkRequestTimeout, response -> classifyBulk(response, -1),
            result -> result instanceof BulkResult.Unavailable, BulkResult.Unavailable::new);
    }

    /** Downloads the changes since {@code serial}; never completes exceptionally. */
    public CompletableFuture<BulkResult> delta(final long serial)
    {
        final URI uri = config.baseUri.resolve(Whois8Config.API_PREFIX + "/delta?since=" + serial);
        return withRetries(uri, config.bulkRequestTimeout, response -> classifyBulk(response, serial),
            result -> result instanceof BulkResult.Unavailable, BulkResult.Unavailable::new);
    }

    @Override
    public void close()
    {
        http.shutdownNow();
        executor.shutdownNow();
    }

    private <T> CompletableFuture<T> withRetries(final URI uri, final Duration timeout,
        final Function<HttpResponse<byte[]>, T> classify, final Predicate<T> retryable,
        final Function<String, T> unavailable)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        attempt(uri, timeout, classify, retryable, unavailable, 1, result);
        return result;
    }

    private <T> void attempt(final URI uri, final Duration timeout, final Function<HttpResponse<byte[]>, T> classify,
        final Predicate<T> retryable, final Function<String, T> unavailable, final int attemptNo,
        final CompletableFuture<T> result)
    {
        submitLimited(() ->
        {
            counters.requests.incrementAndGet();
            final HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", MEDIA_TYPE)
                .GET()
                .build();
            CompletableFuture<T> outcome;
            try
            {
                outcome = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApplyAsync(classify, executor)
                    .exceptionally(ex -> unavailable.apply(describe(uri, ex)));
            }
            catch (final RuntimeException ex)
            {
                outcome = CompletableFuture.completedFuture(unavailable.apply(describe(uri, ex)));
            }
            outcome.whenComplete((value, ex) ->
            {
                release();
                final T v = ex != null ? unavailable.apply(describe(uri, ex)) : value;
                if (retryable.test(v) && attemptNo < config.maxAttempts && !executor.isShutdown())
                {
                    counters.retries.incrementAndGet();
                    final long delay = backoffMillis(attemptNo);
                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, delayer).execute(() ->
                        attempt(uri, timeout, classify, retryable, unavailable, attemptNo + 1, result));
                }
                else
                {
                    result.complete(v);
                }
            });
        });
    }

    /** Full-jitter exponential back-off: uniform in [cap/2, cap], cap = min(max, initial * 2^(attempt-1)). */
    private long backoffMillis(final int attemptNo)
    {
        final long initial = config.attemptBackoffInitial.toMillis();
        final long cap = Math.min(config.attemptBackoffMax.toMillis(), initial << Math.min(attemptNo - 1, 30));
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    private void submitLimited(final Runnable task)
    {
        waiting.add(task);
        drain();
    }

    private void release()
    {
        permits.release();
        drain();
    }

    private void drain()
    {
        while (!waiting.isEmpty() && permits.tryAcquire())
        {
            final Runnable task = waiting.poll();
            if (task == null)
            {
                permits.release();
                continue;
            }
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                permits.release();
                throw ex;
            }
        }
    }

    private LookupResult classifyLookup(final long rn, final HttpResponse<byte[]> response)
    {
        final int status = response.statusCode();
        if (status == 404)
        {
            counters.lookupsNotFound.incrementAndGet();
            return new LookupResult.NotFound(maxAgeMillis(response));
        }
        if (status != 200)
        {
            counters.lookupsUnavailable.incrementAndGet();
            return new LookupResult.Unavailable("registry answered HTTP " + status + " for RN " + rn);
        }
        final JsonNode json;
        try
        {
            json = CanonicalJson.STRICT_MAPPER.readTree(response.body());
        }
        catch (final IOException ex)
        {
            counters.lookupsUnavailable.incrementAndGet();
            return new LookupResult.Unavailable("registry answer for RN " + rn + " is not JSON: " + firstLine(ex));
        }
        if (json == null || !json.isObject())
        {
            counters.lookupsUnavailable.incrementAndGet();
            return new LookupResult.Unavailable("registry answer for RN " + rn + " is not a JSON object");
        }
        if (json.path("rn").isIntegralNumber() && json.path("rn").asLong() != rn)
        {
            counters.lookupsUnavailable.incrementAndGet();
            return new LookupResult.Unavailable("registry answered for RN " + json.path("rn").asLong() + " when asked " +
                "for RN " + rn);
        }
        try
        {
            final Whois8Record record = verifier.verify(json);
            counters.lookupsFound.incrementAndGet();
            return new LookupResult.Found(record, maxAgeMillis(response));
        }
        catch (final MalformedRecordException ex)
        {
            counters.recordsRejected.incrementAndGet();
            return new LookupResult.Rejected("malformed record for RN " + rn + ": " + ex.getMessage());
        }
        catch (final SignatureCheckException ex)
        {
            counters.recordsRejected.incrementAndGet();
            return new LookupResult.Rejected("signature check failed for RN " + rn + ": " + ex.getMessage());
        }
    }

    private BulkResult classifyBulk(final HttpResponse<byte[]> response, final long since)
    {
        final int status = response.statusCode();
        final String what = since < 0 ? "snapshot" : "delta since " + since;
        if (status == 410 && since >= 0)
        {
            return new BulkResult.Gone("registry has no delta since serial " + since);
        }
        if (status != 200)
        {
            counters.bulkUnavailable.incrementAndGet();
            return new BulkResult.Unavailable("registry answered HTTP " + status + " for " + what);
        }
        final Optional<String> jws = response.headers().firstValue(SIGNATURE_HEADER);
        final byte[] body = response.body();
        try
        {
            DetachedJws.verify(jws.orElse(null), body, config.trustAnchors, null);
        }
        catch (final SignatureCheckException ex)
        {
            counters.bulkRejected.incrementAndGet();
            return new BulkResult.Rejected(what + " signature: " + ex.getMessage());
        }
        try
        {
            return BulkFeedParser.parse(body, since);
        }
        catch (final MalformedRecordException ex)
        {
            counters.bulkRejected.incrementAndGet();
            return new BulkResult.Rejected(what + " is malformed: " + ex.getMessage());
        }
    }

    private static long maxAgeMillis(final HttpResponse<?> response)
    {
        for (final String value : response.headers().allValues("Cache-Control"))
        {
            for (final String directive : value.split(","))
            {
                final String d = directive.strip().toLowerCase(java.util.Locale.ROOT);
                if (d.startsWith("max-age="))
                {
                    try
                    {
                        final long seconds = Long.parseLong(d.substring(8).strip());
                        if (seconds >= 0)
                        {
                            return seconds * 1000;
                        }
                    }
                    catch (final NumberFormatException ignored)
                    {
                        // a malformed directive is ignored: the configured TTL applies
                    }
                }
            }
        }
        return -1;
    }

    private static String describe(final URI uri, final Throwable failure)
    {
        Throwable ex = failure;
        while ((ex instanceof CompletionException || ex.getCause() instanceof SSLException ||
            ex.getCause() instanceof ConnectException) && ex.getCause() != null)
        {
            ex = ex.getCause();
        }
        final String kind;
        if (ex instanceof HttpTimeoutException)
        {
            kind = "timeout";
        }
        else if (ex instanceof SSLException)
        {
            kind = "TLS failure";
        }
        else if (ex instanceof ConnectException)
        {
            kind = "connection refused";
        }
        else
        {
            kind = ex.getClass().getSimpleName();
        }
        return kind + " talking to " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + ": " +
            firstLine(ex);
    }

    private static String firstLine(final Throwable ex)
    {
        final String m = String.valueOf(ex.getMessage());
        final int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** Streaming parser of snapshot and delta bodies (a 100,000-record snapshot is tens of MB). */
    static final class BulkFeedParser
    {
        private BulkFeedParser()
        {
        }

        static BulkResult parse(final byte[] body, final long since) throws MalformedRecordException
        {
            try (JsonParser p = CanonicalJson.STRICT_MAPPER.createParser(body))
            {
                if (p.nextToken() != JsonToken.START_OBJECT)
                {
                    throw new MalformedRecordException("bulk feed is not a JSON object");
                }
                String objectClass = null;
                long serial = -1;
                long fromSerial = -1;
                List<Whois8Record> records = null;
                long[] removed = new long[0];
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String field = p.currentName();
                    final JsonToken value = p.nextToken();
                    switch (field)
                    {
                        case "objectClassName" -> objectClass = p.getValueAsString();
                        case "serial" -> serial = requireLong(p, value, field);
                        case "fromSerial" -> fromSerial = requireLong(p, value, field);
                        case "records" ->
                        {
                            if (value != JsonToken.START_ARRAY)
                            {
                                throw new MalformedRecordException("records is not an array");
                            }
                            records = new ArrayList<>();
                            int index = 0;
                            while (p.nextToken() != JsonToken.END_ARRAY)
                            {
                                try
                                {
                                    records.add(Whois8Record.fromParser(p));
                                }
                                catch (final MalformedRecordException ex)
                                {
                                    throw new MalformedRecordException("records[" + index + "]: " + ex.getMessage());
                                }
                                index++;
                            }
                        }
                        case "removed" ->
                        {
                            if (value != JsonToken.START_ARRAY)
                            {
                                throw new MalformedRecordException("removed is not an array");
                            }
                            final List<Long> list = new ArrayList<>();
                            while (p.nextToken() != JsonToken.END_ARRAY)
                            {
                                list.add(requireLong(p, p.currentToken(), "removed[]"));
                            }
                            removed = list.stream().mapToLong(Long::longValue).toArray();
                        }
                        default -> p.skipChildren();
                    }
                }
                if (records == null || serial < 0)
                {
                    throw new MalformedRecordException("bulk feed lacks serial or records");
                }
                if (since < 0)
                {
                    if (!"whois8-snapshot".equals(objectClass))
                    {
                        throw new MalformedRecordException("objectClassName '" + objectClass + "' is not whois8-snapshot");
                    }
                    return new BulkResult.Snapshot(serial, List.copyOf(records));
                }
                if (!"whois8-delta".equals(objectClass))
                {
                    throw new MalformedRecordException("objectClassName '" + objectClass + "' is not whois8-delta");
                }
                if (fromSerial != since)
                {
                    throw new MalformedRecordException("delta starts at serial " + fromSerial + ", asked since " + since);
                }
                if (serial < fromSerial)
                {
                    throw new MalformedRecordException("delta serial " + serial + " is below its fromSerial " +
                        fromSerial);
                }
                return new BulkResult.Delta(fromSerial, serial, List.copyOf(records), removed);
            }
            catch (final IOException ex)
            {
                throw new MalformedRecordException("bulk feed is not valid JSON: " + firstLine(ex));
            }
        }

        private static long requireLong(final JsonParser p, final JsonToken token, final String field)
            throws IOException, MalformedRecordException
        {
            if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ||
                p.getLongValue() < 0)
            {
                throw new MalformedRecordException(field + " must be a non-negative integer");
            }
            return p.getLongValue();
        }
    }
}
