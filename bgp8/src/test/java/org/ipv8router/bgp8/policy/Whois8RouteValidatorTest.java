package org.ipv8router.bgp8.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.rib.RouteView;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.bgp8.testutil.Speakers;
import org.ipv8router.bgp8.testutil.Speakers.Node;
import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.ValidationResult;
import org.ipv8router.whois8.Whois8Listener;
import org.junit.jupiter.api.Test;

/** The WHOIS8 adapter: one-to-one states, explanations, and change notifications handed to the speaker thread. */
class Whois8RouteValidatorTest
{
    /** A WHOIS8 client double: per-RN states set by the test, changes announced on a "whois8-sync" thread. */
    static final class FakeWhois8 implements org.ipv8router.whois8.RouteValidator
    {
        final Map<Long, org.ipv8router.whois8.ValidationState> states = new ConcurrentHashMap<>();
        final List<Whois8Listener> listeners = new CopyOnWriteArrayList<>();
        final Set<String> validateThreads = ConcurrentHashMap.newKeySet();

        @Override
        public org.ipv8router.whois8.ValidationState validate(final long originAsn, final long prefix64,
            final int length64)
        {
            validateThreads.add(Thread.currentThread().getName());
            return states.getOrDefault(prefix64 >>> 32, org.ipv8router.whois8.ValidationState.NOT_FOUND);
        }

        @Override
        public ValidationResult explain(final long originAsn, final long prefix64, final int length64)
        {
            final var s = validate(originAsn, prefix64, length64);
            final Reason reason = switch (s)
            {
                case VALID -> Reason.AUTHORISED;
                case INVALID -> Reason.STATUS_NOT_ACTIVE;
                case NOT_FOUND -> Reason.NOT_REGISTERED;
                case UNKNOWN -> Reason.NEVER_SEEN;
            };
            return new ValidationResult(s, reason, "fake says " + s + " for AS" + (prefix64 >>> 32));
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

        /** Sets the state and notifies from a thread named like the real client's sync thread. */
        void change(final long rn, final org.ipv8router.whois8.ValidationState state) throws InterruptedException
        {
            states.put(rn, state);
            final Thread t = new Thread(() -> listeners.forEach(l -> l.onRnChanged(rn, state, Reason.AUTHORISED)),
                "whois8-sync");
            t.start();
            t.join();
        }
    }

    @Test
    void statesMapOneToOneAndExplanationsPassThrough()
    {
        final FakeWhois8 fake = new FakeWhois8();
        final Whois8RouteValidator v = new Whois8RouteValidator(fake);
        final long prefix = Prefixes.parse("64497.10.0.0.0/16")[0];
        for (final org.ipv8router.whois8.ValidationState s : org.ipv8router.whois8.ValidationState.values())
        {
            fake.states.put(64497L, s);
            assertEquals(s.name(), v.validate(64497, prefix, 48).name());
            assertEquals(s.name(), Whois8RouteValidator.map(s).name());
            assertTrue(v.explain(64497, prefix, 48).contains("fake says " + s + " for AS64497"),
                v.explain(64497, prefix, 48));
        }
        assertEquals(ValidationState.values().length, org.ipv8router.whois8.ValidationState.values().length);
    }

    @Test
    void changesAreForwardedUntilClosed() throws Exception
    {
        final FakeWhois8 fake = new FakeWhois8();
        final Whois8RouteValidator v = new Whois8RouteValidator(fake);
        final List<Long> seen = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        v.addListener(rn ->
        {
            synchronized (seen)
            {
                seen.add(rn);
                threads.add(Thread.currentThread().getName());
            }
        });
        fake.change(64497, org.ipv8router.whois8.ValidationState.INVALID);
        fake.change(64498, org.ipv8router.whois8.ValidationState.VALID);
        assertEquals(List.of(64497L, 64498L), seen);
        assertEquals(List.of("whois8-sync", "whois8-sync"), threads, "forwarded on the client's thread, as is");
        v.close();
        assertTrue(fake.listeners.isEmpty(), "close unsubscribes");
        fake.change(64499, org.ipv8router.whois8.ValidationState.VALID);
        assertEquals(2, seen.size());
    }

    @Test
    void pendingRoutesEnterTheFibWhenValidatedAndLeaveWhenRevokedOnTheSpeakerThread() throws Exception
    {
        final FakeWhois8 fake = new FakeWhois8();
        final Whois8RouteValidator validator = new Whois8RouteValidator(fake);
        fake.states.put(64497L, org.ipv8router.whois8.ValidationState.UNKNOWN);
        final long[] route = Prefixes.parse("64497.10.0.0.0/16");
        final long[] other = Prefixes.parse("64499.10.0.0.0/16");
        try (Speakers s = new Speakers())
        {
            final Node origin = s.start("127.0.0.41", 64497, SpeakerConfig.of(64497, 1, null));
            final Node router = s.start("127.0.0.42", 64496,
                SpeakerConfig.of(64496, 1, null).withValidator(validator));
            final BgpSession[] pair = s.connect(origin, 64497, router, 64496,
                org.ipv8router.bgp8.policy.PeerPolicy.ebgp(64496), org.ipv8router.bgp8.policy.PeerPolicy.ebgp(64497),
                false, true);
            assertTrue(Speakers.await(() -> pair[0].state() == SessionState.ESTABLISHED &&
                pair[1].state() == SessionState.ESTABLISHED, 15_000));
            origin.speaker.originate(route[0], (int)route[1], 0);
            origin.speaker.originate(other[0], (int)other[1], 0);
            assertTrue(Speakers.await(() -> router.speaker.routes().size() == 2, 10_000), "both routes arrive");

            RouteView held = find(router.speaker.routes(), route);
            assertEquals(Verdict.PENDING, held.verdict(), "UNKNOWN: held in Adj-RIB-In as pending");
            assertEquals(ValidationState.UNKNOWN, held.validation());
            assertTrue(held.reason().contains("fake says UNKNOWN"), held.reason());
            assertFalse(held.best());
            final RouteView unregistered = find(router.speaker.routes(), other);
            assertEquals(Verdict.REJECT_R8_NOT_FOUND, unregistered.verdict());
            assertEquals(ValidationState.NOT_FOUND, unregistered.validation());
            assertNull(router.fib().get(route[0], (int)route[1]));

            fake.validateThreads.clear();
            fake.change(64497, org.ipv8router.whois8.ValidationState.VALID);
            assertTrue(Speakers.await(() -> router.fib().get(route[0], (int)route[1]) != null, 10_000),
                "VALID: best path and FIB");
            assertEquals(Set.of("bgp8-io-AS64496"), fake.validateThreads,
                "re-validation ran on the speaker's I/O thread, not on whois8-sync");
            held = find(router.speaker.routes(), route);
            assertEquals(Verdict.ACCEPT, held.verdict());
            assertEquals(ValidationState.VALID, held.validation());
            assertTrue(held.best());
            assertTrue(RouteView.format(router.speaker.routes()).contains("64497.10.0.0.0/16"));

            fake.change(64497, org.ipv8router.whois8.ValidationState.INVALID);
            assertTrue(Speakers.await(() -> router.fib().get(route[0], (int)route[1]) == null, 10_000),
                "revoked: withdrawn from the FIB");
            held = find(router.speaker.routes(), route);
            assertEquals(Verdict.REJECT_R7_R8_INVALID, held.verdict());
            assertNotNull(find(router.speaker.routes(), route), "still in Adj-RIB-In, ready to come back");
            assertNull(router.fib().get(other[0], (int)other[1]), "the unregistered RN never reached the FIB");
        }
    }

    @Test
    void aBurstOfChangesCostsOneRevalidationPass() throws Exception
    {
        final FakeWhois8 fake = new FakeWhois8();
        final Whois8RouteValidator validator = new Whois8RouteValidator(fake);
        try (Speakers s = new Speakers())
        {
            final Node router = s.start("127.0.0.43", 64496,
                SpeakerConfig.of(64496, 1, null).withValidator(validator));
            final CountDownLatch blocked = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            router.speaker.execute(() ->
            {
                blocked.countDown();
                try
                {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            final long before = router.speaker.revalidations();
            for (int rn = 1000; rn < 1100; rn++)
            {
                fake.change(rn, org.ipv8router.whois8.ValidationState.VALID);
            }
            release.countDown();
            assertTrue(Speakers.await(() -> router.speaker.revalidations() > before, 10_000));
            router.speaker.query(() -> null); // let anything queued behind run
            assertEquals(before + 1, router.speaker.revalidations(), "100 RN changes, one pass");
        }
    }

    private static RouteView find(final List<RouteView> routes, final long[] p)
    {
        for (final RouteView r : routes)
        {
            if (r.prefix() == p[0] && r.length() == (int)p[1])
            {
                return r;
            }
        }
        return null;
    }
}
