package org.ipv8router.bgp8.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FibChannelTest
{
    private static void drainAll(final FibChannel ch, final RouteSink sink)
    {
        int n;
        do
        {
            ch.flush();
            n = ch.drain(sink);
        }
        while (n > 0 || ch.backlog() > 0);
    }

    @Test
    void batchesArriveInOrderAndAreRecycled()
    {
        final FibChannel ch = new FibChannel(4, 8);
        final List<Long> seen = new ArrayList<>();
        final RouteSink sink = b ->
        {
            for (int i = 0; i < b.size(); i++)
            {
                seen.add(b.op(i) == FibBatch.ADD_OR_REPLACE ? b.prefix(i) : -b.prefix(i));
            }
        };
        for (int round = 0; round < 10; round++)
        {
            for (long p = 1; p <= 20; p++)
            {
                ch.add(p, 48, 7, 0, 65000, 10, 1);
            }
            ch.withdraw(5, 48, 1);
            ch.flush();
            drainAll(ch, sink);
        }
        assertEquals(210, seen.size());
        assertEquals(1L, seen.get(0));
        assertEquals(-5L, seen.get(20));
        assertTrue(ch.batchesAllocated() <= 6, "batches are recycled, allocated " + ch.batchesAllocated());
    }

    @Test
    void fullQueueNeverDropsChanges()
    {
        final FibChannel ch = new FibChannel(2, 2);
        for (long p = 0; p < 100; p++)
        {
            ch.add(p, 40, p, 0, 1, 1, 1);
        }
        ch.flush();
        assertTrue(ch.backlog() > 0, "the queue of 2 is full, the rest waits");
        final InMemoryFib fib = new InMemoryFib();
        drainAll(ch, fib);
        assertEquals(100, fib.size());
        assertEquals(42, fib.get(42, 40).nextHop());
        ch.withdraw(42, 40, 1);
        ch.flush();
        ch.drain(fib);
        assertNull(fib.get(42, 40));
        assertEquals(99, fib.size());
    }
}
