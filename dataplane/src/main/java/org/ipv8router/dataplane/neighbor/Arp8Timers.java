package org.ipv8router.dataplane.neighbor;

import java.util.concurrent.TimeUnit;

/**
 * Timers and bounds of the ARP8 dual probe (spec 4.3, A22). All times in nanoseconds.
 *
 * @param probeGapNs         delay from the ARP8 request of a round to its ARP4 request (50 ms, D~lab).
 * @param roundIntervalNs    delay between probe rounds (1 s).
 * @param rounds             probe rounds before an entry FAILS (3: at 0 s, 1 s, 2 s).
 * @param arp4GraceNs        after an ARP4 reply, how long an ARP8 reply may still win before the neighbour is
 *                           declared IPv4-only (1 s).
 * @param reachableNs        REACHABLE lifetime before STALE (30 s).
 * @param hardLifetimeNs     an entry not confirmed for this long is deleted on next use (4 h).
 * @param negativeNs         how long a FAILED entry answers "unreachable" without probing again (20 s).
 * @param queuePerNeighbor   packets held per unresolved neighbour (32).
 */
public record Arp8Timers(
    long probeGapNs,
    long roundIntervalNs,
    int rounds,
    long arp4GraceNs,
    long reachableNs,
    long hardLifetimeNs,
    long negativeNs,
    int queuePerNeighbor)
{
    /** The v1 defaults of spec 4.3. */
    public static final Arp8Timers DEFAULTS = new Arp8Timers(
        TimeUnit.MILLISECONDS.toNanos(50),
        TimeUnit.SECONDS.toNanos(1),
        3,
        TimeUnit.SECONDS.toNanos(1),
        TimeUnit.SECONDS.toNanos(30),
        TimeUnit.HOURS.toNanos(4),
        TimeUnit.SECONDS.toNanos(20),
        32);

    public Arp8Timers
    {
        if (probeGapNs < 0 || probeGapNs >= roundIntervalNs)
        {
            throw new IllegalArgumentException("probe gap must be >= 0 and shorter than the round interval");
        }
        if (rounds < 1)
        {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        if (arp4GraceNs < 0 || reachableNs <= 0 || hardLifetimeNs < reachableNs || negativeNs < 0)
        {
            throw new IllegalArgumentException("inconsistent ARP8 timers: " + this);
        }
        if (queuePerNeighbor < 0 || queuePerNeighbor > 1024)
        {
            throw new IllegalArgumentException("queue per neighbour must be 0..1024, got " + queuePerNeighbor);
        }
    }
}
