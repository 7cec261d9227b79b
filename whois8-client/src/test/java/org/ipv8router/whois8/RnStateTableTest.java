package org.ipv8router.whois8;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
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
}
