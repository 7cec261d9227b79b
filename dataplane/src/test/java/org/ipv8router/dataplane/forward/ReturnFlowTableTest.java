package org.ipv8router.dataplane.forward;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The return-flow table on its own: keys in reply orientation, expiry, the bound, deletion against a reference. */
class ReturnFlowTableTest
{
    private static final long S = 1_000_000_000L;
    private static final long H1 = (64496L << 32) | 0xC0000201L;
    private static final long H3 = (64496L << 32) | 0x0A010006L;

    @Test
    void replyOrientationFindsTheFlowAndGivesBothRValues()
    {
        final ReturnFlowTable t = new ReturnFlowTable(16, 300, 7440);
        assertTrue(t.record(0, 17, H1, H3, 40000, 53));
        assertEquals(-1, t.lookup(1, 17, 0xC0000201, 0x0A010006, 40000, 53), "same direction is not a reply");
        final int slot = t.lookup(1, 17, 0x0A010006, 0xC0000201, 53, 40000);
        assertTrue(slot >= 0);
        assertEquals(H1, t.originalSource(slot));
        assertEquals(64496, t.peerR(slot));
        assertEquals(-1, t.lookup(1, 6, 0x0A010006, 0xC0000201, 53, 40000), "protocol is part of the key");
        assertEquals(1, t.hits());
        assertEquals(1, t.recorded());
        assertTrue(t.record(2, 17, H1, H3, 40000, 53));
        assertEquals(1, t.refreshed());
        assertEquals(1, t.size());
    }

    @Test
    void idleFlowsExpireByProtocolTimeout()
    {
        final ReturnFlowTable t = new ReturnFlowTable(16, 300, 7440);
        t.record(0, 17, H1, H3, 1, 2);
        t.record(0, 6, H1, H3, 1, 2);
        assertTrue(t.lookup(299 * S, 17, (int)H3, (int)H1, 2, 1) >= 0, "used at 299 s: refreshed");
        assertEquals(-1, t.lookup(600 * S, 17, (int)H3, (int)H1, 2, 1), "idle 301 s");
        assertEquals(1, t.expired());
        assertTrue(t.lookup(600 * S, 6, (int)H3, (int)H1, 2, 1) >= 0, "TCP keeps 7440 s");
        assertEquals(0, t.sweep(7000 * S, 1000));
        assertEquals(1, t.sweep(8100 * S, 1000));
        assertEquals(0, t.size());
    }

    @Test
    void fullTableRecordsNothingNewUntilSomethingExpires()
    {
        final ReturnFlowTable t = new ReturnFlowTable(2, 10, 10);
        assertTrue(t.record(0, 17, H1, H3, 1, 1));
        assertTrue(t.record(0, 17, H1, H3, 2, 2));
        assertFalse(t.record(S, 17, H1, H3, 3, 3));
        assertEquals(1, t.tableFull());
        assertTrue(t.record(S, 17, H1, H3, 1, 1), "refreshing an existing flow works when full");
        assertTrue(t.record(20 * S, 17, H1, H3, 3, 3), "the expired flows make room");
        assertEquals(1, t.size());
    }

    @Test
    void badSizesAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> new ReturnFlowTable(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReturnFlowTable(ReturnFlowTable.MAX_ENTRIES_LIMIT + 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReturnFlowTable(8, 0, 1));
    }

    /** Many random records, lookups and expiries against a HashMap: backward-shift deletion never loses an entry. */
    @Test
    void agreesWithAReferenceMapUnderChurn()
    {
        final SplittableRandom random = new SplittableRandom(0x3F_0005L);
        final ReturnFlowTable t = new ReturnFlowTable(64, 5, 5);
        final Map<Long, Long> reference = new HashMap<>(); // key -> last used
        long now = 0;
        for (int step = 0; step < 50_000; step++)
        {
            now += random.nextInt(200_000_000);
            final int port = random.nextInt(40); // few keys: many refreshes and collisions in probe runs
            final long source = (64496L << 32) | (0x0A000000L + random.nextInt(4));
            final long key = ((source & 0xFFFF_FFFFL) << 16) | port;
            final int op = random.nextInt(3);
            if (op < 2)
            {
                final Long last = reference.get(key);
                final boolean live = last != null && now - last <= 5 * S;
                final boolean recorded = t.record(now, 17, source, H3, port, 53);
                if (recorded)
                {
                    reference.put(key, now);
                }
                else
                {
                    assertFalse(live, "a live flow is always refreshed");
                }
            }
            else
            {
                final Long last = reference.get(key);
                final boolean live = last != null && now - last <= 5 * S;
                final int slot = t.lookup(now, 17, (int)H3, (int)source, 53, port);
                assertEquals(live, slot >= 0, "step " + step + " key " + Long.toHexString(key));
                if (live)
                {
                    assertEquals(source, t.originalSource(slot));
                    reference.put(key, now);
                }
            }
            if (random.nextInt(10) == 0)
            {
                t.sweep(now, 1 + random.nextInt(64));
            }
            assertTrue(t.size() <= 64);
        }
    }
}
