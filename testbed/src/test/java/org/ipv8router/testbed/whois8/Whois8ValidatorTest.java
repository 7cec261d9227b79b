package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.RnPrefix;
import org.ipv8router.whois8.RnStatus;
import org.ipv8router.whois8.ValidationResult;
import org.ipv8router.whois8.ValidationState;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.whois8.Whois8Validator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-RN mode against the reference registry: every state, every rejection, outages, revocation. */
class Whois8ValidatorTest
{
    private static final String KID = "ripe-test-1";
    private static final long AS64496 = 64496;
    private static final long AS64497 = 64497;
    private static final long AS64498 = 64498;
    private static final long AS64499 = 64499;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final KeyPair keys = Ed25519Keys.generate();
    private RegistryStore store;
    private Whois8RegistryServer server;
    private final List<Whois8Validator> validators = new ArrayList<>();

    /** §11.6 record for 64497; 64496 without routes, expiring in 10 minutes; 64498 anycast (origins 64498, 64497). */
    static List<Whois8Record> labRecords(final Instant now)
    {
        return List.of(
            Whois8Record.builder(AS64497).holder("Globex Inc", "RIPE", "DE").authorizedOrigins(AS64497)
                .maxHostPrefixLength(16).maxPrefixes(64).routes("64497.10.0.0.0/8").anycast8to4("198.51.100.1")
                .validity(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2027-05-01T00:00:00Z")).serial(42)
                .build(),
            Whois8Record.builder(AS64496).holder("Acme Corp", "ARIN", "US").maxHostPrefixLength(16)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(10))).serial(40).build(),
            Whois8Record.builder(AS64498).holder("Initech LLC", "APNIC", "JP").authorizedOrigins(AS64498, AS64497)
                .maxHostPrefixLength(8).validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .serial(41).build());
    }

    @BeforeEach
    void startRegistry() throws Exception
    {
        store = RegistryStore.of(labRecords(clock.now()), 42);
        server = Whois8RegistryServer.start(store, keys, KID, new Whois8RegistryServer.Options().httpPort(0));
    }

    @AfterEach
    void stop()
    {
        validators.forEach(Whois8Validator::close);
        server.close();
    }

    private Whois8Config.Builder config()
    {
        return Whois8Config.builder()
            .baseUri(server.httpUri())
            .trustAnchors(server.trustAnchors())
            .clock(clock)
            .requestTimeout(Duration.ofSeconds(3))
            .maxAttempts(1)
            .attemptBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .tickInterval(Duration.ofMillis(20));
    }

    private Whois8Validator validator(final Whois8Config.Builder cfg)
    {
        final Whois8Validator v = new Whois8Validator(cfg.build()).start();
        validators.add(v);
        return v;
    }

    private static long p(final String text)
    {
        return RnPrefix.parse(text, new int[1]);
    }

    private static int len(final String text)
    {
        final int[] l = new int[1];
        RnPrefix.parse(text, l);
        return l[0];
    }

    private static ValidationState await(final CompletableFuture<ValidationState> f) throws Exception
    {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void specVectorsGiveEveryStateWithItsReason() throws Exception
    {
        final Whois8Validator v = validator(config());
        final String t1 = "64497.10.0.0.0/8";
        assertEquals(Reason.NEVER_SEEN, v.evaluate(AS64497, p(t1), len(t1)), "fail-closed before the first answer");
        assertEquals(ValidationState.UNKNOWN, v.validate(AS64497, p(t1), len(t1)));
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));

        assertEquals(ValidationState.VALID, v.validate(AS64497, p(t1), len(t1)), "T1");
        assertEquals(ValidationState.VALID, v.validate(AS64497, p("64497.10.1.0.0/16"), 48), "T2");
        assertEquals(Reason.OUTSIDE_ROUTES, v.evaluate(AS64497, p("64497.11.0.0.0/8"), 40));
        assertEquals(Reason.TOO_SPECIFIC, v.evaluate(AS64497, p("64497.10.1.2.0/24"), 56));
        assertEquals(Reason.ORIGIN_NOT_AUTHORISED, v.evaluate(AS64498, p(t1), 40), "T10: origin not authorised");
        assertEquals(Reason.BAD_LENGTH, v.evaluate(AS64497, p(t1), 24), "T5: spans RNs");

        assertEquals(ValidationState.NOT_FOUND, await(v.refresh(AS64499)), "T11");
        assertEquals(ValidationState.NOT_FOUND, v.validate(AS64499, p("64499.10.0.0.0/8"), 40));

        assertEquals(ValidationState.VALID, await(v.refresh(AS64498)));
        assertEquals(ValidationState.VALID, v.validate(AS64497, p("64498.10.0.0.0/8"), 40), "registered anycast origin");
        assertEquals(Reason.TOO_SPECIFIC, v.evaluate(AS64498, p("64498.10.1.0.0/16"), 48), "maxHostPrefixLength 8");

        final ValidationResult why = v.explain(AS64498, p(t1), 40);
        assertEquals(ValidationState.INVALID, why.state());
        assertTrue(why.detail().contains("AS64498") && why.detail().contains("64497"), why.detail());
        assertTrue(v.explain(AS64497, p("64497.11.0.0.0/8"), 40).detail().contains("64497.11.0.0.0/8"));
    }

    @Test
    void recordWithoutRoutesAllowsAnyPrefixUpToMaxLengthIncludingTheWholeRn() throws Exception
    {
        final Whois8Validator v = validator(config());
        assertEquals(ValidationState.VALID, await(v.refresh(AS64496)));
        assertEquals(ValidationState.VALID, v.validate(AS64496, p("64496.0.0.0.0/0"), 32), "T4 whole RN");
        assertEquals(ValidationState.VALID, v.validate(AS64496, p("64496.192.0.0.0/16"), 48));
        assertEquals(Reason.TOO_SPECIFIC, v.evaluate(AS64496, p("64496.192.0.2.0/24"), 56), "T18");
    }

    @Test
    void tamperedRecordIsInvalidAndSaysWhy() throws Exception
    {
        final Whois8Validator v = validator(config());
        server.setFault(Fault.TAMPER);
        assertEquals(ValidationState.INVALID, await(v.refresh(AS64497)),
            () -> v.explain(AS64497, p("64497.10.0.0.0/8"), 40).toString());
        final ValidationResult why = v.explain(AS64497, p("64497.10.0.0.0/8"), 40);
        assertEquals(Reason.RECORD_REJECTED, why.reason());
        assertTrue(why.detail().contains("does not verify"), why.detail());
        assertTrue(v.counters().get("records_rejected") >= 1);
    }

    @Test
    void recordSignedWithTheWrongKeyIsInvalid() throws Exception
    {
        final Whois8Validator v = validator(config());
        server.setFault(Fault.WRONG_KEY);
        assertEquals(ValidationState.INVALID, await(v.refresh(AS64497)));
        assertTrue(v.explain(AS64497, p("64497.10.0.0.0/8"), 40).detail().contains(KID));
    }

    @Test
    void rejectedRecordPolicyUnknownKeepsTheRoutePendingInstead() throws Exception
    {
        final Whois8Validator v = validator(config().rejectedRecordPolicy(
            Whois8Config.RejectedRecordPolicy.UNKNOWN));
        server.setFault(Fault.WRONG_KEY);
        assertEquals(ValidationState.UNKNOWN, await(v.refresh(AS64497)));
        assertEquals(Reason.RECORD_REJECTED_UNKNOWN, v.evaluate(AS64497, p("64497.10.0.0.0/8"), 40));
    }

    @Test
    void corruptedAnswerNeverReplacesAVerifiedRecord() throws Exception
    {
        final Whois8Validator v = validator(config());
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));
        server.setFault(Fault.TAMPER);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)), "last-known-good kept");
        final RnStatus status = v.status(AS64497).orElseThrow();
        assertTrue(status.lastProblem().contains("does not verify"), status.toString());
    }

    @Test
    void expiryIsNoticedByTheSyncThreadAndReported() throws Exception
    {
        final Whois8Validator v = validator(config());
        final RecordingListener listener = new RecordingListener();
        v.subscribe(listener);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64496)));
        assertTrue(listener.await(AS64496, Reason.AUTHORISED, Duration.ofSeconds(5)));
        clock.advance(Duration.ofMinutes(11));
        assertTrue(listener.await(AS64496, Reason.EXPIRED, Duration.ofSeconds(5)), listener.events.toString());
        assertEquals(Reason.EXPIRED, v.evaluate(AS64496, p("64496.10.0.0.0/8"), 40));
        assertTrue(v.explain(AS64496, p("64496.10.0.0.0/8"), 40).detail().contains("expired"));
    }

    @Test
    void revocationWithdrawsTheRouteFromAFibWithinThePollingInterval() throws Exception
    {
        // TTL 60 s (manual clock): the registry's revocation must be seen at the first refresh after the TTL.
        final Whois8Validator v = validator(config().defaultTtl(Duration.ofSeconds(60)));
        final String route = "64497.10.0.0.0/8";
        final Map<String, Long> fib = new ConcurrentHashMap<>();
        // Minimal stand-in for BGP8's Adj-RIB-In -> FIB step: install only VALID, re-validate on every change.
        v.subscribe((rn, state, reason) ->
        {
            if (rn == AS64497)
            {
                if (v.validate(AS64497, p(route), 40) == ValidationState.VALID)
                {
                    fib.put(route, AS64497);
                }
                else
                {
                    fib.remove(route);
                }
            }
        });
        assertEquals(ValidationState.UNKNOWN, v.validate(AS64497, p(route), 40), "pending, lookup started");
        waitUntil(() -> fib.containsKey(route), "route installed after validation");

        store.revoke(AS64497);
        clock.advance(Duration.ofSeconds(30));
        Thread.sleep(200);
        assertTrue(fib.containsKey(route), "still installed before the TTL");
        clock.advance(Duration.ofSeconds(31));
        waitUntil(() -> !fib.containsKey(route), "route withdrawn after the revocation");
        assertEquals(Reason.STATUS_NOT_ACTIVE, v.evaluate(AS64497, p(route), 40));
        assertTrue(v.explain(AS64497, p(route), 40).detail().contains("inactive"));
    }

    @Test
    void serialRollbackIsRefused() throws Exception
    {
        final Whois8Validator v = validator(config());
        final Whois8Record original = store.get(AS64497);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));
        final Whois8Record revoked = store.revoke(AS64497);
        assertTrue(revoked.serial() > original.serial());
        assertEquals(ValidationState.INVALID, await(v.refresh(AS64497)));
        store.forceRecord(original);      // replay of the older, validly signed, active record
        assertEquals(ValidationState.INVALID, await(v.refresh(AS64497)), "replayed old record must not win");
        assertEquals(revoked.serial(), v.status(AS64497).orElseThrow().serial());
        assertTrue(v.status(AS64497).orElseThrow().lastProblem().contains("rollback"));
        assertEquals(1, v.counters().get("serial_rollbacks"));
    }

    @Test
    void registryOutageKeepsLastKnownGoodUntilExpireThenFails() throws Exception
    {
        final Whois8Validator v = validator(config().defaultTtl(Duration.ofSeconds(60)).expire(Duration.ofSeconds(7_200)));
        final RecordingListener listener = new RecordingListener();
        v.subscribe(listener);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));
        server.setFault(Fault.UNAVAILABLE_503);
        clock.advance(Duration.ofSeconds(61));
        waitUntil(() -> v.status(AS64497).orElseThrow().lastProblem() != null, "refresh attempted and failed");
        assertTrue(v.status(AS64497).orElseThrow().lastProblem().contains("503"));
        assertEquals(ValidationState.VALID, v.validate(AS64497, p("64497.10.0.0.0/8"), 40), "T12: grace");
        clock.advance(Duration.ofSeconds(7_200 - 61 - 1));
        Thread.sleep(100);
        assertEquals(ValidationState.VALID, v.validate(AS64497, p("64497.10.0.0.0/8"), 40), "1 s before expire");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Reason.GRACE_EXPIRED, v.evaluate(AS64497, p("64497.10.0.0.0/8"), 40));
        assertTrue(listener.await(AS64497, Reason.GRACE_EXPIRED, Duration.ofSeconds(5)));

        server.setFault(Fault.NONE);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)), "recovers when the registry is back");
    }

    @Test
    void neverSeenRnWhileRegistryIsDownIsUnknown() throws Exception
    {
        server.close();
        final Whois8Validator v = validator(config());
        assertEquals(ValidationState.UNKNOWN, await(v.refresh(AS64497)));
        final ValidationResult why = v.explain(AS64497, p("64497.10.0.0.0/8"), 40);
        assertEquals(Reason.REGISTRY_UNAVAILABLE, why.reason());
        assertTrue(why.detail().contains("connection refused"), why.detail());
    }

    @Test
    void slowRegistryTimesOutAsUnknown() throws Exception
    {
        server.setSlowDelay(Duration.ofSeconds(3));
        server.setFault(Fault.SLOW);
        final Whois8Validator v = validator(config().requestTimeout(Duration.ofMillis(300)));
        final long t0 = System.nanoTime();
        assertEquals(ValidationState.UNKNOWN, await(v.refresh(AS64497)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "gave up before the slow answer");
        assertTrue(v.explain(AS64497, p("64497.10.0.0.0/8"), 40).detail().contains("timeout"));
    }

    @Test
    void garbageAnswerIsUnknownNotInvalid() throws Exception
    {
        server.setFault(Fault.GARBAGE);
        final Whois8Validator v = validator(config());
        assertEquals(ValidationState.UNKNOWN, await(v.refresh(AS64497)));
        assertTrue(v.explain(AS64497, p("64497.10.0.0.0/8"), 40).detail().contains("not JSON"));
    }

    @Test
    void failedAttemptsAreRetriedWithBackoff() throws Exception
    {
        server.setFault(Fault.DROP_CONNECTION);
        final Whois8Validator v = validator(config().maxAttempts(3));
        assertEquals(ValidationState.UNKNOWN, await(v.refresh(AS64497)));
        // 3 attempts by our client; the JDK HttpClient may itself resend an idempotent GET once on a dropped
        // connection, so the server can see up to 6.
        assertEquals(3, v.counters().get("requests"));
        assertEquals(2, v.counters().get("retries"));
        assertTrue(server.requestCount() >= 3 && server.requestCount() <= 6, "server saw " + server.requestCount());
        server.setFault(Fault.NONE);
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));
    }

    @Test
    void concurrencyTowardsTheRegistryIsBounded() throws Exception
    {
        server.setSlowDelay(Duration.ofMillis(150));
        server.setFault(Fault.SLOW);
        final Whois8Validator v = validator(config().maxConcurrentRequests(2).requestTimeout(Duration.ofSeconds(5)));
        final List<CompletableFuture<ValidationState>> all = new ArrayList<>();
        for (long rn = 70_000; rn < 70_010; rn++)
        {
            all.add(v.refresh(rn));
        }
        all.add(v.refresh(AS64497));
        for (final CompletableFuture<ValidationState> f : all.subList(0, 10))
        {
            assertEquals(ValidationState.NOT_FOUND, await(f));
        }
        assertEquals(ValidationState.VALID, await(all.get(10)));
        assertEquals(11, server.requestCount());
        assertTrue(server.maxConcurrentRequests() <= 2, "max in flight " + server.maxConcurrentRequests());
    }

    @Test
    void negativeAnswersAreCachedForTheNegativeTtl() throws Exception
    {
        final Whois8Validator v = validator(config().negativeTtl(Duration.ofSeconds(300)));
        assertEquals(ValidationState.NOT_FOUND, await(v.refresh(AS64499)));
        store.put(Whois8Record.builder(AS64499).maxHostPrefixLength(16).serial(1).build());
        final long before = server.requestCount();
        clock.advance(Duration.ofSeconds(299));
        Thread.sleep(150);
        assertEquals(before, server.requestCount(), "no lookup inside the negative TTL");
        assertEquals(ValidationState.NOT_FOUND, v.validate(AS64499, p("64499.10.0.0.0/8"), 40));
        clock.advance(Duration.ofSeconds(2));
        waitUntil(() -> v.validate(AS64499, p("64499.10.0.0.0/8"), 40) == ValidationState.VALID, "re-lookup after TTL");
    }

    @Test
    void cacheControlMaxAgeOverridesTheConfiguredTtl() throws Exception
    {
        server.close();
        server = Whois8RegistryServer.start(store, keys, KID, new Whois8RegistryServer.Options().httpPort(0)
            .maxAge(5, 5));
        final Whois8Validator v = validator(config().defaultTtl(Duration.ofHours(1)));
        assertEquals(ValidationState.VALID, await(v.refresh(AS64497)));
        store.revoke(AS64497);
        clock.advance(Duration.ofSeconds(6));
        waitUntil(() -> v.rnState(AS64497) == ValidationState.INVALID, "refreshed after max-age 5 s");
    }

    @Test
    void operatorViewListsEveryRn() throws Exception
    {
        final Whois8Validator v = validator(config());
        await(v.refresh(AS64497));
        await(v.refresh(AS64499));
        final List<RnStatus> rows = v.statuses();
        assertEquals(2, rows.size());
        assertEquals(AS64497, rows.get(0).rn());
        assertEquals("Globex Inc", rows.get(0).holder());
        assertEquals(42, rows.get(0).serial());
        assertNotNull(rows.get(0).confirmedAt());
        assertEquals(ValidationState.NOT_FOUND, rows.get(1).state());
        final Map<String, Object> summary = v.summary();
        assertEquals(Whois8Config.Mode.PER_RN, summary.get("mode"));
        assertFalse(rows.get(0).toString().isBlank());
        final String show = v.show(1);
        assertTrue(show.contains("AS64497") && show.contains("1 more RNs") && show.contains("lookups_found"), show);
        assertEquals(42, v.record(AS64497).orElseThrow().serial());
        assertEquals(64, v.record(AS64497).orElseThrow().maxPrefixes());
        assertTrue(v.record(AS64499).isEmpty());
    }

    static void waitUntil(final java.util.function.BooleanSupplier condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
