package org.ipv8router.dataplane.neighbor;

/** States of an {@link Arp8Cache} entry (spec 4.3 state machine, plus PERMANENT for static entries). */
public enum NeighborState
{
    /** Slot unused. */
    FREE,
    /** Dual probe running; packets wait in the entry's bounded queue. */
    INCOMPLETE,
    /** Confirmed within the reachable time. */
    REACHABLE,
    /** Older than the reachable time: still used, re-probed by unicast on use. */
    STALE,
    /** No answer to any probe round: negative-cached, packets to it are dropped. */
    FAILED,
    /** Configured statically; never ages, never probed. */
    PERMANENT;

    private static final NeighborState[] VALUES = values();

    public static NeighborState fromCode(final int code)
    {
        return VALUES[code];
    }
}
