package org.ipv8router.dataplane.fib;

/**
 * Writer-side FIFO of slots (tbl8 groups, next-hop indices) that were unlinked and wait for a QSBR grace period
 * before they may be reused; see {@link QuiescentState}. Tokens grow monotonically, so only the head needs checking.
 * Single writer, primitive arrays, no allocation after construction.
 */
final class RetiredSlots
{
    private final int[] slot;
    private final long[] token;
    private int head;
    private int size;

    RetiredSlots(final int capacity)
    {
        slot = new int[Math.max(1, capacity)];
        token = new long[slot.length];
    }

    void add(final int s, final long t)
    {
        if (size == slot.length)
        {
            throw new IllegalStateException("retired slot queue full (" + size + "): more slots retired than exist");
        }
        final int tail = (head + size) % slot.length;
        slot[tail] = s;
        token[tail] = t;
        size++;
    }

    /** The oldest retired slot whose grace period is over, removed from the queue, or -1. */
    int pollSafe(final QuiescentState readers)
    {
        if (size == 0 || !readers.isSafe(token[head]))
        {
            return -1;
        }
        final int s = slot[head];
        head = (head + 1) % slot.length;
        size--;
        return s;
    }

    int size()
    {
        return size;
    }
}
