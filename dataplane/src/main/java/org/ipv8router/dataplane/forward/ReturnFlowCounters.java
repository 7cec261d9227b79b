package org.ipv8router.dataplane.forward;

import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;

/**
 * Publishes the {@link ReturnFlowTable}'s statistics (plain fields of the worker) to the counters file, labelled
 * {@code return-flow <what>}: entries, recorded, refreshed, hits, restored, evicted (idle timeout), table-full.
 * The worker calls {@link #publish()} with its ARP8 poll, about once a millisecond.
 */
final class ReturnFlowCounters
{
    /** Keys of the counters (type OTHER): 10..16. */
    static final int KEY_BASE = 10;

    private final ReturnFlowTable table;
    private final AtomicCounter entries;
    private final AtomicCounter recorded;
    private final AtomicCounter refreshed;
    private final AtomicCounter hits;
    private final AtomicCounter restored;
    private final AtomicCounter evicted;
    private final AtomicCounter tableFull;

    ReturnFlowCounters(final DataplaneCounters counters, final ReturnFlowTable table)
    {
        this.table = table;
        entries = counters.newCounter(CounterTypes.OTHER, KEY_BASE, "return-flow entries");
        recorded = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 1, "return-flow recorded");
        refreshed = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 2, "return-flow refreshed");
        hits = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 3, "return-flow hits");
        restored = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 4, "return-flow restored");
        evicted = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 5, "return-flow evicted");
        tableFull = counters.newCounter(CounterTypes.OTHER, KEY_BASE + 6, "return-flow table-full");
    }

    /** Copies the table's statistics into the counters (worker thread). */
    void publish()
    {
        entries.set(table.size());
        recorded.set(table.recorded());
        refreshed.set(table.refreshed());
        hits.set(table.hits());
        restored.set(table.restored());
        evicted.set(table.expired());
        tableFull.set(table.tableFull());
    }
}
