package org.ipv8router.whois8;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Monotonic event counters of the WHOIS8 client and validator, one per outcome / drop reason (for {@code show whois8}). */
public final class Whois8Counters
{
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong lookupsFound = new AtomicLong();
    final AtomicLong lookupsNotFound = new AtomicLong();
    final AtomicLong lookupsUnavailable = new AtomicLong();
    final AtomicLong recordsRejected = new AtomicLong();
    final AtomicLong serialRollbacks = new AtomicLong();
    final AtomicLong snapshotsLoaded = new AtomicLong();
    final AtomicLong deltasApplied = new AtomicLong();
    final AtomicLong bulkUnavailable = new AtomicLong();
    final AtomicLong bulkRejected = new AtomicLong();
    final AtomicLong rnChangeNotifications = new AtomicLong();
    final AtomicLong listenerErrors = new AtomicLong();

    /** Name to value, in a stable order. */
    public Map<String, Long> toMap()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests.get());
        m.put("retries", retries.get());
        m.put("lookups_found", lookupsFound.get());
        m.put("lookups_not_found", lookupsNotFound.get());
        m.put("lookups_unavailable", lookupsUnavailable.get());
        m.put("records_rejected", recordsRejected.get());
        m.put("serial_rollbacks", serialRollbacks.get());
        m.put("snapshots_loaded", snapshotsLoaded.get());
        m.put("deltas_applied", deltasApplied.get());
        m.put("bulk_unavailable", bulkUnavailable.get());
        m.put("bulk_rejected", bulkRejected.get());
        m.put("rn_change_notifications", rnChangeNotifications.get());
        m.put("listener_errors", listenerErrors.get());
        return m;
    }

    /** Value of one counter by its {@link #toMap()} name. */
    public long get(final String name)
    {
        final Long v = toMap().get(name);
        if (v == null)
        {
            throw new IllegalArgumentException("no WHOIS8 counter named '" + name + "'; known: " + toMap().keySet());
        }
        return v;
    }

    @Override
    public String toString()
    {
        return toMap().toString();
    }
}
