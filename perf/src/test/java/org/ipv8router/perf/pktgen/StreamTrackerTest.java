package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StreamTrackerTest
{
    @Test
    void countsExactlyOnAHandWrittenSequence()
    {
        final StreamTracker tracker = new StreamTracker(2);
        // stream 0: 0 1 3 2 2 5 4 6 -> lost none of 0..6 except... all 0..6 arrive; 2 is duplicated
        for (final long seq : new long[] {0, 1, 3, 2, 2, 5, 4, 6})
        {
            tracker.onProbe(0, seq);
        }
        // stream 1: 0 2 4 (1, 3 and the tail 5..9 lost)
        for (final long seq : new long[] {0, 2, 4})
        {
            tracker.onProbe(1, seq);
        }
        tracker.onProbe(7, 0);
        assertEquals(8, tracker.received(0));
        assertEquals(7, tracker.unique(0));
        assertEquals(2, tracker.reordered(0), "2 after 3, 4 after 5");
        assertEquals(1, tracker.duplicates(0));
        assertEquals(0, tracker.lost(0, 7));
        assertEquals(0, tracker.gaps(0));
        assertEquals(3, tracker.unique(1));
        assertEquals(0, tracker.reordered(1));
        assertEquals(2, tracker.gaps(1), "1 and 3");
        assertEquals(7, tracker.lost(1, 10), "1, 3 and 5..9");
        assertEquals(1, tracker.outOfRange());
    }

    @Test
    void sequenceNumbersWrapAt2To32WithoutGaps()
    {
        final StreamTracker tracker = new StreamTracker(1);
        for (long s = 0xFFFF_FFF0L; s < 0x1_0000_0010L; s++)
        {
            tracker.onProbe(0, s & 0xFFFF_FFFFL);
        }
        assertEquals(32, tracker.unique(0));
        assertEquals(0, tracker.reordered(0));
        assertEquals(0, tracker.duplicates(0));
        assertEquals(0x1_0000_000FL, tracker.highest(0));
        tracker.onProbe(0, 0xFFFF_FFFFL); // a late duplicate from before the wrap
        assertEquals(1, tracker.duplicates(0));
    }

    /** Random drops, duplicates and local reordering (displacement below the window) against a plain model. */
    @Test
    void matchesAReferenceModelOnRandomImpairments()
    {
        final Random random = new Random(0x1DEA_8L);
        for (int round = 0; round < 20; round++)
        {
            final int streams = 1 + random.nextInt(4);
            final int sentPerStream = 2000 + random.nextInt(3000);
            final List<long[]> arrivals = new ArrayList<>();
            for (int s = 0; s < streams; s++)
            {
                for (long q = 0; q < sentPerStream; q++)
                {
                    if (random.nextInt(100) < 3)
                    {
                        continue; // lost
                    }
                    arrivals.add(new long[] {s, q});
                    if (random.nextInt(100) < 2)
                    {
                        arrivals.add(new long[] {s, q}); // duplicated
                    }
                }
            }
            // Local reordering: swap neighbours at random positions within 50 places.
            for (int i = 0; i < arrivals.size() / 20; i++)
            {
                final int a = random.nextInt(arrivals.size());
                final int b = Math.min(arrivals.size() - 1, a + random.nextInt(50));
                Collections.swap(arrivals, a, b);
            }

            final StreamTracker tracker = new StreamTracker(streams);
            final long[] max = new long[streams];
            java.util.Arrays.fill(max, -1);
            final List<Set<Long>> seen = new ArrayList<>();
            final long[] reordered = new long[streams];
            final long[] duplicates = new long[streams];
            for (int s = 0; s < streams; s++)
            {
                seen.add(new HashSet<>());
            }
            for (final long[] p : arrivals)
            {
                final int s = (int)p[0];
                tracker.onProbe(s, p[1]);
                if (!seen.get(s).add(p[1]))
                {
                    duplicates[s]++;
                }
                else if (p[1] < max[s])
                {
                    reordered[s]++;
                }
                max[s] = Math.max(max[s], p[1]);
            }
            for (int s = 0; s < streams; s++)
            {
                assertEquals(seen.get(s).size(), tracker.unique(s), "unique, round " + round);
                assertEquals(duplicates[s], tracker.duplicates(s), "duplicates, round " + round);
                assertEquals(reordered[s], tracker.reordered(s), "reordered, round " + round);
                assertEquals(sentPerStream - seen.get(s).size(), tracker.lost(s, sentPerStream),
                    "lost, round " + round);
            }
        }
    }
}
