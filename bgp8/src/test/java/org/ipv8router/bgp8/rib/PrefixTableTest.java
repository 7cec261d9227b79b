package org.ipv8router.bgp8.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** PrefixTable against a HashMap model under random puts/removes (backward-shift deletion is the risky part). */
class PrefixTableTest
{
    private record Key(long prefix, int length)
    {
    }

    @Test
    void behavesLikeAMap()
    {
        final Random r = new Random(42);
        final PrefixTable<String> table = new PrefixTable<>();
        final Map<Key, String> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++)
        {
            // A small key space forces collisions, long probe chains and many deletions inside them.
            final long prefix = (long)r.nextInt(3000) << 8;
            final int length = 40 + r.nextInt(3);
            final Key k = new Key(prefix, length);
            if (r.nextInt(3) == 0)
            {
                assertEquals(model.remove(k), table.remove(prefix, length));
            }
            else
            {
                final String v = "v" + i;
                assertEquals(model.put(k, v), table.put(prefix, length, v, i));
            }
            if ((i & 1023) == 0)
            {
                assertEquals(model.size(), table.size());
                for (final Map.Entry<Key, String> e : model.entrySet())
                {
                    assertEquals(e.getValue(), table.get(e.getKey().prefix(), e.getKey().length()));
                }
            }
        }
        final int[] visited = new int[1];
        table.forEach((p, l, v, a) ->
        {
            assertEquals(model.get(new Key(p, l)), v);
            visited[0]++;
        });
        assertEquals(model.size(), visited[0]);
        assertNull(table.get(1, 1));
    }
}
