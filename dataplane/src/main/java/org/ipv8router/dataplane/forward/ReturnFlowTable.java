package org.ipv8router.dataplane.forward;

/**
 * The return path of downgraded flows, "XLATE8-lite" (spec 3.5, A17): when ip8-downgrade turns an IPv8 packet
 * into IPv4 for an IPv4-only next hop, the IPv4 host only learns n.n.n.n of its peer and answers with r = 0. This
 * table remembers, per IPv4 5-tuple, the r values the downgrade removed, so ip4-return-flow can upgrade the reply
 * back to the 64-bit addresses the IPv8 host used.
 * <pre>
 *   key (reply orientation, as the IPv4 reply will carry it):
 *     hosts  = reply src n (= original dst n) &lt;&lt; 32 | reply dst n (= original src n)
 *     ports  = USED | proto &lt;&lt; 32 | reply src port (= original dst port) &lt;&lt; 16 | reply dst port
 *              TCP/UDP: the ports; ICMP echo request/reply: identifier in both halves; anything else: 0
 *   value:
 *     original  = the 64-bit source of the downgraded packet (becomes the reply's destination)
 *     peerR     = r of the downgraded packet's destination (becomes the reply's source r)
 *     lastUsed  = duty-cycle time of the last packet in either direction (idle timeout)
 * </pre>
 * Open addressing with linear probing over primitive arrays (capacity = the next power of two of twice the entry
 * bound, so probes stay short), backward-shift deletion (no tombstones), nothing allocated after construction.
 * Idle entries expire after the idle timeout (TCP: its own, longer timeout): lazily when a lookup meets them and by
 * {@link #sweep(long, int)}, which the worker runs a bounded number of slots at a time. When the table holds
 * {@code maxEntries} and a sweep frees nothing, a new flow is not recorded ({@link #tableFull()}): existing flows
 * keep working and the new flow's replies stay plain IPv4.
 * <p>
 * <b>Threading.</b> Worker thread only (like the neighbour caches); the statistics are published to the counters
 * file by {@link RouterAgent} once a millisecond.
 */
public final class ReturnFlowTable
{
    /** Spec 3.5: idle timeout of a non-TCP flow. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    /** Spec 3.5: idle timeout of a TCP flow (RFC 5382's 2 h 4 min established timeout). */
    public static final int DEFAULT_TCP_IDLE_TIMEOUT_SECONDS = 7440;
    /** Default bound on entries. */
    public static final int DEFAULT_MAX_ENTRIES = 65_536;
    /** Largest bound: 2^21 slots of 36 octets (72 MiB). */
    public static final int MAX_ENTRIES_LIMIT = 1_048_576;

    private static final long USED = 1L << 40;
    private static final int TCP = 6;

    private final int maxEntries;
    private final int mask;
    private final long idleTimeoutNs;
    private final long tcpIdleTimeoutNs;
    private final long[] hosts;
    private final long[] ports;
    private final long[] original;
    private final int[] peerR;
    private final long[] lastUsed;
    private int size;
    private int hand;

    private long recorded;
    private long refreshed;
    private long hits;
    private long restored;
    private long expired;
    private long tableFull;

    /**
     * @param maxEntries            bound on flows, 1..{@link #MAX_ENTRIES_LIMIT}.
     * @param idleTimeoutSeconds    idle timeout of non-TCP flows, at least 1.
     * @param tcpIdleTimeoutSeconds idle timeout of TCP flows, at least 1.
     */
    public ReturnFlowTable(final int maxEntries, final int idleTimeoutSeconds, final int tcpIdleTimeoutSeconds)
    {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT)
        {
            throw new IllegalArgumentException("return-flow entries must be 1.." + MAX_ENTRIES_LIMIT + ", got " +
                maxEntries);
        }
        if (idleTimeoutSeconds < 1 || tcpIdleTimeoutSeconds < 1)
        {
            throw new IllegalArgumentException("return-flow idle timeouts must be at least 1 s");
        }
        this.maxEntries = maxEntries;
        final int capacity = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
        this.mask = capacity - 1;
        this.idleTimeoutNs = idleTimeoutSeconds * 1_000_000_000L;
        this.tcpIdleTimeoutNs = tcpIdleTimeoutSeconds * 1_000_000_000L;
        hosts = new long[capacity];
        ports = new long[capacity];
        original = new long[capacity];
        peerR = new int[capacity];
        lastUsed = new long[capacity];
    }

    /** Packs the port half of a key. */
    static long portsKey(final int protocol, final int sourcePort, final int destinationPort)
    {
        return USED | ((long)(protocol & 0xFF) << 32) | ((long)(sourcePort & 0xFFFF) << 16) | (destinationPort & 0xFFFF);
    }

    /** Packs the host half of a key. */
    static long hostsKey(final int sourceHost, final int destinationHost)
    {
        return ((long)sourceHost << 32) | (destinationHost & 0xFFFF_FFFFL);
    }

    /**
     * Records (or refreshes) a downgraded flow, keyed as its replies will arrive.
     *
     * @param now             duty-cycle time (ns).
     * @param protocol        IP protocol.
     * @param source          64-bit source of the packet being downgraded.
     * @param destination     64-bit destination of the packet being downgraded.
     * @param sourcePort      source port (or ICMP echo identifier; 0 without ports).
     * @param destinationPort destination port (or the ICMP echo identifier again; 0 without ports).
     * @return false when the table is full and the flow was not recorded.
     */
    public boolean record(
        final long now, final int protocol, final long source, final long destination, final int sourcePort,
        final int destinationPort)
    {
        final long h = hostsKey((int)destination, (int)source);
        final long p = portsKey(protocol, destinationPort, sourcePort);
        int slot = find(h, p);
        if (slot >= 0)
        {
            original[slot] = source;
            peerR[slot] = (int)(destination >>> 32);
            lastUsed[slot] = now;
            refreshed++;
            return true;
        }
        if (size >= maxEntries)
        {
            sweep(now, 64);
            if (size >= maxEntries)
            {
                tableFull++;
                return false;
            }
        }
        slot = home(h, p);
        while (ports[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        hosts[slot] = h;
        ports[slot] = p;
        original[slot] = source;
        peerR[slot] = (int)(destination >>> 32);
        lastUsed[slot] = now;
        size++;
        recorded++;
        return true;
    }

    /**
     * Finds the flow an IPv4 packet answers; refreshes it.
     *
     * @return the slot (read it with {@link #originalSource(int)} and {@link #peerR(int)}), or -1.
     */
    public int lookup(
        final long now, final int protocol, final int sourceHost, final int destinationHost, final int sourcePort,
        final int destinationPort)
    {
        if (size == 0)
        {
            return -1;
        }
        final int slot = find(hostsKey(sourceHost, destinationHost), portsKey(protocol, sourcePort, destinationPort));
        if (slot < 0)
        {
            return -1;
        }
        if (isExpired(slot, now))
        {
            remove(slot);
            expired++;
            return -1;
        }
        lastUsed[slot] = now;
        hits++;
        return slot;
    }

    /** @return the 64-bit address the reply must go to (the downgraded packet's source). */
    public long originalSource(final int slot)
    {
        return original[slot];
    }

    /** @return r of the downgraded packet's destination, which becomes the reply's source r. */
    public int peerR(final int slot)
    {
        return peerR[slot];
    }

    /** Counts a reply that was upgraded (the node calls this once the rewrite succeeded). */
    void countRestored()
    {
        restored++;
    }

    /**
     * Expires idle entries, looking at no more than {@code budget} slots from where the last sweep stopped.
     *
     * @return entries removed.
     */
    public int sweep(final long now, final int budget)
    {
        if (size == 0)
        {
            return 0;
        }
        int removed = 0;
        for (int k = 0; k < budget; k++)
        {
            final int slot = hand;
            if (ports[slot] != 0 && isExpired(slot, now))
            {
                remove(slot); // an entry may shift into this slot: look at it again next step
                removed++;
                expired++;
            }
            else
            {
                hand = (hand + 1) & mask;
            }
        }
        return removed;
    }

    private boolean isExpired(final int slot, final long now)
    {
        final int protocol = (int)(ports[slot] >>> 32) & 0xFF;
        return now - lastUsed[slot] > (protocol == TCP ? tcpIdleTimeoutNs : idleTimeoutNs);
    }

    private int find(final long h, final long p)
    {
        int slot = home(h, p);
        while (true)
        {
            final long q = ports[slot];
            if (q == 0)
            {
                return -1;
            }
            if (q == p && hosts[slot] == h)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int home(final long h, final long p)
    {
        long x = h * 0x9E37_79B9_7F4A_7C15L ^ p * 0xC2B2_AE3D_27D4_EB4FL;
        x ^= x >>> 29;
        x *= 0xBF58_476D_1CE4_E5B9L;
        x ^= x >>> 32;
        return (int)x & mask;
    }

    /** Backward-shift deletion: later entries of the probe run move up so lookups never meet a hole early. */
    private void remove(final int slot)
    {
        int hole = slot;
        int j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            if (ports[j] == 0)
            {
                break;
            }
            final int h = home(hosts[j], ports[j]);
            // The entry at j may fill the hole only if its home is not cyclically within (hole, j].
            final boolean homeBetween = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!homeBetween)
            {
                hosts[hole] = hosts[j];
                ports[hole] = ports[j];
                original[hole] = original[j];
                peerR[hole] = peerR[j];
                lastUsed[hole] = lastUsed[j];
                hole = j;
            }
        }
        ports[hole] = 0;
        hosts[hole] = 0;
        size--;
    }

    // ------------------------------------------------------------------------------------------------ statistics

    /** @return flows held now. */
    public int size()
    {
        return size;
    }

    public int maxEntries()
    {
        return maxEntries;
    }

    /** @return slots (a power of two, at least twice {@link #maxEntries()}). */
    public int capacity()
    {
        return mask + 1;
    }

    /** @return new flows recorded. */
    public long recorded()
    {
        return recorded;
    }

    /** @return downgraded packets of a flow already recorded (entry refreshed). */
    public long refreshed()
    {
        return refreshed;
    }

    /** @return IPv4 packets that matched a flow. */
    public long hits()
    {
        return hits;
    }

    /** @return replies upgraded back to their 64-bit addresses. */
    public long restored()
    {
        return restored;
    }

    /** @return entries removed by the idle timeout (evicted). */
    public long expired()
    {
        return expired;
    }

    /** @return flows not recorded because the table was full. */
    public long tableFull()
    {
        return tableFull;
    }
}
