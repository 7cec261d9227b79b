package org.ipv8router.dataplane.forward;

import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.neighbor.Arp8Cache;

/**
 * Publishes one interface's {@link Arp8Cache} statistics (plain fields only its owner thread may read) to the
 * counters file, labelled {@code neighbor <interface> <what>}. The worker calls {@link #publish()} with its ARP8
 * poll, about once a millisecond; readers see values at most that old.
 */
final class NeighborCounters
{
    private final Arp8Cache cache;
    private final AtomicCounter arp8Requests;
    private final AtomicCounter arp4Requests;
    private final AtomicCounter resolvedIpv8;
    private final AtomicCounter resolvedIpv4Only;
    private final AtomicCounter failed;
    private final AtomicCounter queueOverflows;
    private final AtomicCounter entries;

    NeighborCounters(final DataplaneCounters counters, final int port, final String name, final Arp8Cache cache)
    {
        this.cache = cache;
        final String prefix = "neighbor " + name + " ";
        arp8Requests = counters.newCounter(CounterTypes.OTHER, port, prefix + "arp8-requests");
        arp4Requests = counters.newCounter(CounterTypes.OTHER, port, prefix + "arp4-requests");
        resolvedIpv8 = counters.newCounter(CounterTypes.OTHER, port, prefix + "resolved-ipv8");
        resolvedIpv4Only = counters.newCounter(CounterTypes.OTHER, port, prefix + "resolved-ipv4-only");
        failed = counters.newCounter(CounterTypes.OTHER, port, prefix + "failed");
        queueOverflows = counters.newCounter(CounterTypes.OTHER, port, prefix + "queue-overflows");
        entries = counters.newCounter(CounterTypes.OTHER, port, prefix + "entries");
    }

    /** Copies the cache's statistics into the counters (worker thread). */
    void publish()
    {
        arp8Requests.set(cache.arp8RequestsSent());
        arp4Requests.set(cache.arp4RequestsSent());
        resolvedIpv8.set(cache.resolvedIpv8());
        resolvedIpv4Only.set(cache.resolvedIpv4Only());
        failed.set(cache.failedResolutions());
        queueOverflows.set(cache.queueOverflows());
        entries.set(cache.size());
    }
}
