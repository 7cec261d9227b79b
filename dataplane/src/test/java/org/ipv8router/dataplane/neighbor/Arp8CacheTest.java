package org.ipv8router.dataplane.neighbor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Arp8CacheTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long NEIGHBOR = Ipv8Address.of(64496, 0xC000020A);   // 64496.192.0.2.10
    private static final long MAC = 0x0200_0000_0002L;
    private static final long MAC2 = 0x0200_0000_0003L;

    /** Records what the cache asked for, in order. */
    static final class Recorder implements NeighborActions
    {
        final List<String> events = new ArrayList<>();
        final List<Long> transmitted = new ArrayList<>();
        final List<Long> dropped = new ArrayList<>();

        public void sendArp8Request(final long target, final long unicastMac)
        {
            events.add("arp8 " + text(target) + (unicastMac == 0 ? " bcast" : " ucast " + Long.toHexString(unicastMac)));
        }

        public void sendArp4Request(final long target, final long unicastMac)
        {
            events.add("arp4 " + text(target) + (unicastMac == 0 ? " bcast" : " ucast " + Long.toHexString(unicastMac)));
        }

        public void transmitQueued(final long packetHandle, final int slot)
        {
            transmitted.add(packetHandle);
        }

        public void dropQueued(final long packetHandle, final long target)
        {
            dropped.add(packetHandle);
        }

        /** ASN-dot text, local so the test does not depend on the address printer. */
        static String text(final long a)
        {
            final int n = Ipv8Address.host(a);
            return Ipv8Address.asn(a) + "." + (n >>> 24) + "." + ((n >>> 16) & 0xFF) + "." + ((n >>> 8) & 0xFF) + "." + (n & 0xFF);
        }

        long count(final String prefix)
        {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    private final Recorder actions = new Recorder();
    private final Arp8Cache cache = new Arp8Cache(64, Arp8Timers.DEFAULTS, actions);

    @Test
    void ipv8NeighbourAnswersArp8AndQueuedPacketsGoOutInOrder()
    {
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 0));
        assertEquals(List.of("arp8 64496.192.0.2.10 bcast"), actions.events);
        assertTrue(cache.enqueue(NEIGHBOR, 11));
        assertTrue(cache.enqueue(NEIGHBOR, 12));
        assertTrue(cache.enqueue(NEIGHBOR, 13));
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 10 * MS));

        cache.poll(20 * MS);
        assertEquals(1, actions.events.size(), "no ARP4 before the 50 ms gap");

        cache.onArp8(NEIGHBOR, MAC, false, 30 * MS);
        assertEquals(List.of(11L, 12L, 13L), actions.transmitted);
        final int slot = cache.resolve(NEIGHBOR, 40 * MS);
        assertTrue(slot >= 0);
        assertEquals(MAC, cache.mac(slot));
        assertEquals(NeighborCapability.IPV8, cache.capability(slot));
        assertEquals(NeighborState.REACHABLE, cache.state(slot));
        assertTrue(cache.isIpv8Capable(slot));

        cache.poll(2 * S);
        assertEquals(1, actions.events.size(), "a resolved neighbour is not probed again");
        assertEquals(1, cache.resolvedIpv8());
    }

    @Test
    void arp4ProbeFollowsAfterFiftyMillisecondsAndIpv4OnlyNeedsTheGrace()
    {
        cache.resolve(NEIGHBOR, 0);
        cache.enqueue(NEIGHBOR, 1);
        cache.poll(49 * MS);
        assertEquals(0, actions.count("arp4"));
        cache.poll(50 * MS);
        assertEquals(List.of("arp8 64496.192.0.2.10 bcast", "arp4 64496.192.0.2.10 bcast"), actions.events);

        cache.onArp4(NEIGHBOR, MAC, 60 * MS);
        cache.poll(1_059 * MS);
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 1_059 * MS), "ARP8 may still win within the grace");
        assertEquals(1, actions.count("arp8"), "no new round once ARP4 answered");
        assertTrue(actions.transmitted.isEmpty());

        cache.poll(1_060 * MS);
        final int slot = cache.resolve(NEIGHBOR, 1_061 * MS);
        assertTrue(slot >= 0);
        assertEquals(NeighborCapability.IPV4_ONLY, cache.capability(slot));
        assertFalse(cache.isIpv8Capable(slot));
        assertEquals(MAC, cache.mac(slot));
        assertEquals(List.of(1L), actions.transmitted);
        assertEquals(1, cache.resolvedIpv4Only());
    }

    @Test
    void arp8ReplyWinsOverAnEarlierArp4Reply()
    {
        cache.resolve(NEIGHBOR, 0);
        cache.poll(50 * MS);
        cache.onArp4(NEIGHBOR, MAC, 55 * MS);
        cache.onArp8(NEIGHBOR, MAC2, false, 500 * MS);
        final int slot = cache.resolve(NEIGHBOR, 501 * MS);
        assertEquals(NeighborCapability.IPV8, cache.capability(slot));
        assertEquals(MAC2, cache.mac(slot));
        cache.poll(5 * S);
        assertEquals(NeighborCapability.IPV8, cache.capability(cache.find(NEIGHBOR)), "grace expiry must not downgrade");
    }

    @Test
    void threeSilentRoundsFailTheNeighbourDropTheQueueAndNegativeCache()
    {
        cache.resolve(NEIGHBOR, 0);
        cache.enqueue(NEIGHBOR, 7);
        cache.enqueue(NEIGHBOR, 8);
        for (long t = 0; t < 3 * S; t += 10 * MS)
        {
            cache.poll(t);
        }
        assertEquals(3, actions.count("arp8"), "ARP8 at 0 s, 1 s, 2 s");
        assertEquals(3, actions.count("arp4"), "ARP4 50 ms after each");
        assertTrue(actions.dropped.isEmpty());

        cache.poll(3 * S);
        assertEquals(List.of(7L, 8L), actions.dropped);
        assertEquals(NeighborState.FAILED, cache.state(cache.find(NEIGHBOR)));
        assertEquals(1, cache.failedResolutions());

        assertEquals(Arp8Cache.UNREACHABLE, cache.resolve(NEIGHBOR, 10 * S));
        assertFalse(cache.enqueue(NEIGHBOR, 9));
        assertEquals(Arp8Cache.UNREACHABLE, cache.resolve(NEIGHBOR, 22 * S));
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 23 * S), "negative cache of 20 s is over");
        assertEquals(4, actions.count("arp8"));
    }

    @Test
    void queueIsBoundedPerNeighbour()
    {
        cache.resolve(NEIGHBOR, 0);
        for (int i = 0; i < Arp8Timers.DEFAULTS.queuePerNeighbor(); i++)
        {
            assertTrue(cache.enqueue(NEIGHBOR, i));
        }
        assertFalse(cache.enqueue(NEIGHBOR, 99));
        assertEquals(1, cache.queueOverflows());
        assertFalse(cache.enqueue(Ipv8Address.of(64496, 1), 5), "no probe running for that neighbour");
    }

    @Test
    void reachableTurnsStaleAndIsReprobedByUnicastOfTheRecordedKind()
    {
        resolveAsIpv8(NEIGHBOR, MAC, 0);
        actions.events.clear();

        final int slot = cache.resolve(NEIGHBOR, 30 * S + 1);
        assertTrue(slot >= 0, "STALE is still used");
        assertEquals(NeighborState.STALE, cache.state(slot));
        assertEquals(List.of("arp8 64496.192.0.2.10 ucast 20000000002"), actions.events);

        cache.resolve(NEIGHBOR, 30 * S + 2);
        assertEquals(1, actions.events.size(), "one re-probe in flight at a time");

        cache.onArp8(NEIGHBOR, MAC, false, 30 * S + 5 * MS);
        assertEquals(NeighborState.REACHABLE, cache.state(slot));
        cache.poll(40 * S);
        assertEquals(1, actions.events.size());
    }

    @Test
    void unansweredReprobesDeleteTheEntry()
    {
        resolveAsIpv8(NEIGHBOR, MAC, 0);
        actions.events.clear();
        cache.resolve(NEIGHBOR, 31 * S);
        for (long t = 31 * S; t <= 35 * S; t += 100 * MS)
        {
            cache.poll(t);
        }
        assertEquals(3, actions.count("arp8 64496.192.0.2.10 ucast"));
        assertEquals(-1, cache.find(NEIGHBOR));
        assertEquals(0, cache.size());
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 36 * S), "fresh dual probe");
        assertEquals(1, actions.count("arp8 64496.192.0.2.10 bcast"));
    }

    @Test
    void ipv4OnlyNeighbourIsUpgradedAtOnceWhenItAnswersArp8()
    {
        cache.resolve(NEIGHBOR, 0);
        cache.poll(50 * MS);
        cache.onArp4(NEIGHBOR, MAC, 60 * MS);
        cache.poll(2 * S);
        final int slot = cache.find(NEIGHBOR);
        assertEquals(NeighborCapability.IPV4_ONLY, cache.capability(slot));
        actions.events.clear();

        cache.resolve(NEIGHBOR, 40 * S);
        assertEquals(List.of("arp4 64496.192.0.2.10 ucast 20000000002", "arp8 64496.192.0.2.10 ucast 20000000002"),
            actions.events, "IPv4-only re-probe adds one ARP8 to catch upgrades");
        cache.onArp8(NEIGHBOR, MAC, false, 40 * S + MS);
        assertEquals(NeighborCapability.IPV8, cache.capability(slot));
        assertEquals(1, cache.capabilityUpgrades());
    }

    @Test
    void arp4ReplyConfirmsAnIpv8NeighbourWithoutDowngradingIt()
    {
        resolveAsIpv8(NEIGHBOR, MAC, 0);
        cache.onArp4(NEIGHBOR, MAC2, S);
        final int slot = cache.find(NEIGHBOR);
        assertEquals(NeighborCapability.IPV8, cache.capability(slot));
        assertEquals(MAC2, cache.mac(slot));
    }

    @Test
    void hardLifetimeDeletesAnOldEntryOnUse()
    {
        resolveAsIpv8(NEIGHBOR, MAC, 0);
        final long fourHours = Arp8Timers.DEFAULTS.hardLifetimeNs();
        assertTrue(cache.resolve(NEIGHBOR, fourHours) >= 0);
        cache.onArp8(NEIGHBOR, MAC, false, fourHours);   // re-probe answered: confirmed again
        assertTrue(cache.resolve(NEIGHBOR, 2 * fourHours) >= 0);
        assertEquals(Arp8Cache.PENDING, cache.resolve(NEIGHBOR, 3 * fourHours + 1));
    }

    @Test
    void unsolicitedArp8CreatesOnlyWhenAsked()
    {
        cache.onArp8(NEIGHBOR, MAC, false, 0);
        assertEquals(-1, cache.find(NEIGHBOR));
        cache.onArp8(NEIGHBOR, MAC, true, 0);
        final int slot = cache.find(NEIGHBOR);
        assertEquals(NeighborState.STALE, cache.state(slot));
        assertEquals(NeighborCapability.IPV8, cache.capability(slot));
    }

    @Test
    void staticNeighboursNeverAgeNorChange()
    {
        cache.addStatic(NEIGHBOR, MAC, NeighborCapability.IPV4_ONLY);
        final long far = 100 * Arp8Timers.DEFAULTS.hardLifetimeNs();
        final int slot = cache.resolve(NEIGHBOR, far);
        assertEquals(NeighborState.PERMANENT, cache.state(slot));
        cache.onArp8(NEIGHBOR, MAC2, true, far);
        assertEquals(MAC, cache.mac(slot));
        assertEquals(NeighborCapability.IPV4_ONLY, cache.capability(slot));
        assertTrue(actions.events.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> cache.addStatic(1, MAC, NeighborCapability.UNKNOWN));
    }

    @Test
    void fullTableSaysSo()
    {
        final Arp8Cache small = new Arp8Cache(2, Arp8Timers.DEFAULTS, actions);
        assertEquals(Arp8Cache.PENDING, small.resolve(1, 0));
        assertEquals(Arp8Cache.PENDING, small.resolve(2, 0));
        assertEquals(Arp8Cache.TABLE_FULL, small.resolve(3, 0));
        assertEquals(1, small.tableFull());
        assertTrue(small.remove(1));
        assertEquals(Arp8Cache.PENDING, small.resolve(3, 0));
    }

    @Test
    void indexStaysConsistentUnderRandomChurn()
    {
        final Arp8Cache c = new Arp8Cache(200, Arp8Timers.DEFAULTS, actions);
        final Map<Long, Long> reference = new HashMap<>();
        final Random random = new Random(42);
        for (int step = 0; step < 50_000; step++)
        {
            // Few distinct keys with structured bits so that index clusters form and wrap around.
            final long key = Ipv8Address.of(64496 + random.nextInt(3), random.nextInt(150) << 8);
            if (random.nextInt(3) == 0)
            {
                assertEquals(reference.remove(key) != null, c.remove(key));
            }
            else if (!reference.containsKey(key) && reference.size() < 200)
            {
                final long mac = random.nextLong() & 0xFFFF_FFFF_FFFFL;
                c.addStatic(key, mac, NeighborCapability.IPV8);
                reference.put(key, mac);
            }
            if (step % 97 == 0)
            {
                for (final Map.Entry<Long, Long> e : reference.entrySet())
                {
                    final int slot = c.find(e.getKey());
                    assertTrue(slot >= 0, "lost " + Long.toHexString(e.getKey()));
                    assertEquals(e.getValue(), c.mac(slot));
                }
                assertEquals(reference.size(), c.size());
            }
        }
    }

    @Test
    void resolvingKnownNeighboursAllocatesNothing()
    {
        final long[] targets = new long[32];
        for (int i = 0; i < targets.length; i++)
        {
            targets[i] = Ipv8Address.of(64496, 0xC0000200 + i);
            cache.addStatic(targets[i], MAC + i, (i & 1) == 0 ? NeighborCapability.IPV8 : NeighborCapability.IPV4_ONLY);
        }
        long sink = 0;
        for (int i = 0; i < 200_000; i++)   // warm-up: let the JIT compile the path
        {
            sink += cache.mac(cache.resolve(targets[i & 31], i));
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            final int slot = cache.resolve(targets[i & 31], i);
            sink += cache.mac(slot) + (cache.isIpv8Capable(slot) ? 1 : 0);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "resolve allocated " + allocated + " bytes over 1M calls");
        assertTrue(sink != 0);
    }

    private void resolveAsIpv8(final long target, final long mac, final long now)
    {
        assertEquals(Arp8Cache.PENDING, cache.resolve(target, now));
        cache.onArp8(target, mac, false, now);
        cache.poll(now);
    }
}
