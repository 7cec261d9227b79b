package org.ipv8router.dataplane.fib;

import java.util.HashMap;
import java.util.Map;

/** Obviously-correct LPM over 32-bit keys for comparison: one map per prefix length, longest first. */
final class ReferenceLpm
{
    private final Map<Long, Integer> routes = new HashMap<>();

    private static long key(final int prefix, final int depth)
    {
        return ((long)depth << 32) | (prefix & mask(depth) & 0xFFFF_FFFFL);
    }

    static int mask(final int depth)
    {
        return depth == 0 ? 0 : -1 << (32 - depth);
    }

    int add(final int prefix, final int depth, final int hop)
    {
        final Integer old = routes.put(key(prefix, depth), hop);
        return old == null ? -1 : old;
    }

    int remove(final int prefix, final int depth)
    {
        final Integer old = routes.remove(key(prefix, depth));
        return old == null ? -1 : old;
    }

    int lookup(final int address)
    {
        for (int d = 32; d >= 0; d--)
        {
            final Integer hop = routes.get(key(address, d));
            if (hop != null)
            {
                return hop;
            }
        }
        return -1;
    }

    int size()
    {
        return routes.size();
    }
}
