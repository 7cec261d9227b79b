package org.ipv8router.whois8;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RnStateTableTest
{
    @Test
    void agreesWithAHashMapThroughGrowthAndReplacement()
    {
        final RnStateTable table = new RnStateTable(4);
        final Map<Long, RnEntry> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++)
        {
            final long rn = random.nextInt(3) == 0 ? 1 + random.nextLong(0xFFFF_FFFFL) : 64_000 + random.nextInt(20_000);
            final RnEntry e = RnEntry.notFound(rn, i, false);
            table.put(e);
            model.put(rn, e);
        }
        assertEquals(model.size(), table.size());
        model.forEach((rn, e) -> assertSame(e, table.get(rn)));
        for (int i = 0; i < 10_000; i++)
        {
            final long rn = 100_000 + i;
            if (!model.containsKey(rn))
            {
                assertNull(table.get(rn));
            }
        }
        final int[] visited = new int[1];
        table.forEach(e -> visited[0]++);
        assertEquals(model.size(), visited[0]);
    }

    @Test
    void readersRacingAGrowingWriterAlwaysFindPublishedEntries() throws Exception
    {
        final RnStateTable table = new RnStateTable(4);
        final AtomicLong published = new AtomicLong(0);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final int total = 300_000;
        final List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++)
        {
            final Thread reader = new Thread(() ->
            {
                try
                {
                    while (published.get() < total)
                    {
                        final long high = published.get();
                        if (high == 0)
                        {
                            continue;
                        }
                        final long rn = 1 + ThreadLocalRandom.current().nextLong(high);
                        final RnEntry e = table.get(rn);
                        if (e == null || e.rn != rn || e.confirmedAtMillis != rn * 3)
                        {
                            throw new AssertionError("RN " + rn + " published but read " + e);
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (long rn = 1; rn <= total; rn++)
        {
            table.put(RnEntry.notFound(rn, rn * 3, false));
            if (rn % 7 == 0)
            {
                table.put(RnEntry.notFound(rn - 3, (rn - 3) * 3, true));   // replacement while readers run
            }
            published.set(rn);
        }
        for (final Thread reader : readers)
        {
            reader.join(30_000);
        }
        if (failure.get() != null)
        {
            throw new AssertionError(failure.get());
        }
        assertEquals(total, table.size());
    }
}
