package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.RnPrefix;
import org.ipv8router.whois8.ValidationState;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.whois8.Whois8Validator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot + delta mode: a 100,000-RN registry held in full, changes by delta, bulk-feed rejections, grace. */
class Whois8SnapshotTest
{
    private static final long FIRST_RN = 131_072;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final KeyPair keys = Ed25519Keys.generate();
    private Whois8RegistryServer server;
    private Whois8Validator validator;

    @AfterEach
    void stop()
    {
        if (validator != null)
        {
            validator.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    private Whois8Validator snapshotValidator(final RegistryStore store) throws Exception
    {
        server = Whois8RegistryServer.start(store, keys, "test-1", new Whois8RegistryServer.Options().httpPort(0));
        validator = new Whois8Validator(Whois8Config.builder()
            .baseUri(server.httpUri())
            .trustAnchors(server.trustAnchors())
            .mode(Whois8Config.Mode.SNAPSHOT)
            .clock(clock)
            .maxAttempts(1)
            .snapshotPolling(Duration.ofSeconds(3_600), Duration.ofSeconds(600))
            .tickInterval(Duration.ofMillis(20))
            .build());
        return validator;
    }

    private static long p(final long rn, final int host)
    {
        return RnPrefix.prefix64(rn, host);
    }

    @Test
    void holdsAHundredThousandRnsAndFollowsDeltas() throws Exception
    {
        final List<Whois8Record> records = RegistryGenerator.generate(100_000, FIRST_RN, 1, clock.now(), 42);
        final RegistryStore store = RegistryStore.of(records, 1);
        final Whois8Validator v = snapshotValidator(store);
        final RecordingListener listener = new RecordingListener();
        v.subscribe(listener);
        assertEquals(Reason.SNAPSHOT_NOT_LOADED, v.evaluate(FIRST_RN, p(FIRST_RN, 0x0A00_0000), 40));

        v.start().firstSnapshot().get(120, TimeUnit.SECONDS);   // generous functional bound, not a benchmark
        assertEquals(1, v.snapshotSerial());
        assertEquals(100_000, v.statuses().size());

        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2_000; i++)
        {
            final Whois8Record r = records.get(random.nextInt(records.size()));
            assertEquals(ValidationState.VALID, v.validate(r.rn(), p(r.rn(), 0x0A01_0000), 48), r.toString());
            assertEquals(r.routeCount() == 0 ? ValidationState.VALID : ValidationState.INVALID,
                v.validate(r.rn(), p(r.rn(), 0x0B00_0000), 40), r.toString());
            assertEquals(ValidationState.INVALID, v.validate(r.rn() + 7, p(r.rn(), 0x0A00_0000), 40));
        }
        final long unregistered = records.get(records.size() - 1).rn() + 10;
        assertEquals(ValidationState.NOT_FOUND, v.validate(unregistered, p(unregistered, 0), 32));

        final long revoked = records.get(10).rn();
        final long removed = records.get(20).rn();
        final long bumped = records.get(30).rn();
        final long untouched = records.get(40).rn();
        // the initial load notifies every RN exactly once (first answer for each)
        Whois8ValidatorTest.waitUntil(() -> listener.events.size() >= 100_000, "initial notifications");
        final int before = listener.events.size();
        assertEquals(100_000, before);
        store.revoke(revoked);
        store.remove(removed);
        store.bumpSerial(bumped);
        v.refreshNow().get(30, TimeUnit.SECONDS);

        assertEquals(4, v.snapshotSerial());
        assertEquals(Reason.STATUS_NOT_ACTIVE, v.evaluate(revoked, p(revoked, 0x0A00_0000), 40));
        assertEquals(ValidationState.NOT_FOUND, v.validate(removed, p(removed, 0x0A00_0000), 40));
        assertEquals(ValidationState.VALID, v.validate(bumped, p(bumped, 0x0A00_0000), 40));
        assertEquals(4, v.status(bumped).orElseThrow().serial());
        assertEquals(ValidationState.VALID, v.validate(untouched, p(untouched, 0x0A00_0000), 40));
        assertTrue(listener.await(revoked, Reason.STATUS_NOT_ACTIVE, Duration.ofSeconds(5)));
        assertTrue(listener.await(removed, Reason.NOT_REGISTERED, Duration.ofSeconds(5)));
        final List<Long> changed = listener.events.subList(before, listener.events.size()).stream()
            .map(RecordingListener.Event::rn).sorted().toList();
        assertEquals(List.of(revoked, removed, bumped).stream().sorted().toList(), changed,
            "exactly the three changed RNs are notified");
        assertEquals(1, v.counters().get("snapshots_loaded"));
        assertEquals(1, v.counters().get("deltas_applied"));
    }

    @Test
    void tamperedOrWronglySignedDeltaIsRefusedAndTheOldStateKept() throws Exception
    {
        final List<Whois8Record> records = RegistryGenerator.generate(100, FIRST_RN, 1, clock.now(), 1);
        final RegistryStore store = RegistryStore.of(records, 1);
        final Whois8Validator v = snapshotValidator(store);
        v.start().firstSnapshot().get(30, TimeUnit.SECONDS);
        final long rn = records.get(5).rn();
        store.revoke(rn);

        server.setFault(Fault.TAMPER);
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(ValidationState.VALID, v.validate(rn, p(rn, 0x0A00_0000), 40), "tampered delta ignored");
        server.setFault(Fault.WRONG_KEY);
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(ValidationState.VALID, v.validate(rn, p(rn, 0x0A00_0000), 40), "wrongly signed delta ignored");
        server.setFault(Fault.GARBAGE);
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(3, v.counters().get("bulk_rejected"));
        assertTrue(v.summary().get("snapshot_last_problem").toString().contains("signature"));

        server.setFault(Fault.NONE);
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(ValidationState.INVALID, v.validate(rn, p(rn, 0x0A00_0000), 40));
    }

    @Test
    void outageKeepsTheSnapshotUntilExpireThenEverythingIsUnknown() throws Exception
    {
        final List<Whois8Record> records = RegistryGenerator.generate(50, FIRST_RN, 1, clock.now(), 1);
        final Whois8Validator v = snapshotValidator(RegistryStore.of(records, 1));
        v.start().firstSnapshot().get(30, TimeUnit.SECONDS);
        final long rn = records.get(0).rn();
        final long absent = records.get(49).rn() + 100;
        server.setFault(Fault.UNAVAILABLE_503);
        clock.advance(Duration.ofSeconds(7_199));
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(ValidationState.VALID, v.validate(rn, p(rn, 0x0A00_0000), 40));
        assertEquals(ValidationState.NOT_FOUND, v.validate(absent, p(absent, 0), 32));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Reason.GRACE_EXPIRED, v.evaluate(rn, p(rn, 0x0A00_0000), 40));
        assertEquals(Reason.GRACE_EXPIRED, v.evaluate(absent, p(absent, 0), 32));
        server.setFault(Fault.NONE);
        v.refreshNow().get(30, TimeUnit.SECONDS);
        assertEquals(ValidationState.VALID, v.validate(rn, p(rn, 0x0A00_0000), 40));
    }

    @Test
    void deltaNoLongerAvailableFallsBackToASnapshot() throws Exception
    {
        final List<Whois8Record> records = RegistryGenerator.generate(20, FIRST_RN, 1, clock.now(), 1);
        final RegistryStore store = RegistryStore.withChangeLogLimit(records, 1, 2);
        final Whois8Validator v = snapshotValidator(store);
        v.start().firstSnapshot().get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++)
        {
            store.bumpSerial(records.get(i).rn());
        }
        store.revoke(records.get(7).rn());
        v.refreshNow().get(30, TimeUnit.SECONDS);
        waitForSerial(v, store.serial());
        assertEquals(ValidationState.INVALID, v.rnState(records.get(7).rn()));
        assertEquals(2, v.counters().get("snapshots_loaded"));
    }

    private static void waitForSerial(final Whois8Validator v, final long serial) throws Exception
    {
        Whois8ValidatorTest.waitUntil(() -> v.snapshotSerial() == serial, "serial " + serial);
    }
}
