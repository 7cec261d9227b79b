package org.ipv8router.dataplane.neighbor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Arp8AnnouncerTest
{
    private static final long S = 1_000_000_000L;

    @Test
    void announcesThreeTimesOneSecondApart()
    {
        final List<String> sent = new ArrayList<>();
        final Arp8Announcer announcer = new Arp8Announcer(4, Arp8Announcer.DEFAULT_COUNT,
            Arp8Announcer.DEFAULT_INTERVAL_NS, a -> sent.add(Long.toHexString(a)));
        assertTrue(announcer.start(0xFBF0_C000_02FEL, 0));
        assertEquals(1, sent.size(), "first announcement at once");
        assertEquals(0, announcer.poll(S - 1));
        assertEquals(1, announcer.poll(S));
        announcer.start(0xAAL, S);
        assertEquals(2, announcer.poll(2 * S), "third for the first address, second for the new one");
        assertEquals(1, announcer.poll(3 * S));
        assertEquals(0, announcer.poll(4 * S));
        assertEquals(0, announcer.poll(100 * S));
        assertEquals(List.of("fbf0c00002fe", "fbf0c00002fe", "aa", "fbf0c00002fe", "aa", "aa"), sent);
        assertEquals(0, announcer.active());
    }

    @Test
    void boundedConcurrency()
    {
        final Arp8Announcer announcer = new Arp8Announcer(1, 3, S, a -> { });
        assertTrue(announcer.start(1, 0));
        assertFalse(announcer.start(2, 0));
        assertTrue(announcer.start(1, 0), "restarting the same address is fine");
    }
}
