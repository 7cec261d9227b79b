package org.ipv8router.bgp8.policy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A validator driven by a local table (the SLURM-like local override of spec 4.2, also the test double for
 * WHOIS8): per RN an authorised-origin set and the most specific host length, or a forced state (e.g.
 * UNKNOWN while a lookup is outstanding). RNs not in the table are NOT_FOUND. Changes notify the listeners.
 */
public final class StaticRouteValidator implements RouteValidator
{
    private record Record(Set<Long> origins, int maxHostLength, ValidationState forced)
    {
    }

    private final Map<Long, Record> records = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Registers RN rn as active with the given authorised origins and most specific host length (0..32). */
    public void register(final long rn, final Set<Long> authorizedOrigins, final int maxHostLength)
    {
        records.put(rn, new Record(Set.copyOf(authorizedOrigins), maxHostLength, null));
        fire(rn);
    }

    /** Forces a state for every route of rn (UNKNOWN = registry unreachable, INVALID = revoked). */
    public void force(final long rn, final ValidationState state)
    {
        records.put(rn, new Record(Set.of(), 0, state));
        fire(rn);
    }

    public void remove(final long rn)
    {
        records.remove(rn);
        fire(rn);
    }

    @Override
    public ValidationState validate(final long originAsn, final long prefix, final int length)
    {
        final Record r = records.get(prefix >>> 32);
        if (r == null)
        {
            return ValidationState.NOT_FOUND;
        }
        if (r.forced != null)
        {
            return r.forced;
        }
        if (!r.origins.contains(originAsn) || length - 32 > r.maxHostLength)
        {
            return ValidationState.INVALID;
        }
        return ValidationState.VALID;
    }

    @Override
    public void addListener(final Listener listener)
    {
        listeners.add(listener);
    }

    private void fire(final long rn)
    {
        for (final Listener l : listeners)
        {
            l.validationChanged(rn);
        }
    }
}
