package org.ipv8router.dataplane.neighbor;

import java.util.Objects;

/**
 * The neighbour cache of one interface with the ARP8 dual probe of spec 4.3: it maps a 64-bit next-hop address
 * to a MAC and to the capability the neighbour has proven, and holds a few packets per neighbour while the
 * probe runs.
 *
 * <pre>
 * INCOMPLETE  round k (k = 0 .. rounds-1), started at t_k:
 *               t_k          ARP8 request (broadcast)
 *               t_k + 50 ms  ARP4 request for n.n.n.n, unless an ARP4 reply is already in
 *             ARP8 reply (any time)                     -> REACHABLE, IPV8      (wins over ARP4)
 *             ARP4 reply, then arp4Grace without ARP8   -> REACHABLE, IPV4_ONLY
 *             no reply after `rounds` rounds            -> FAILED (queue dropped, negative cache)
 * REACHABLE   confirmed within reachableNs; older       -> STALE
 * STALE       still used; on use a unicast re-probe of the recorded kind (plus one ARP8 for an IPv4-only
 *             neighbour, to catch upgrades); `rounds` unanswered re-probes or no confirmation for
 *             hardLifetimeNs -> entry deleted (next use starts a fresh dual probe)
 * FAILED      answers "unreachable" for negativeNs, then probes afresh on use
 * PERMANENT   static entry (offline runs, config), never ages
 * </pre>
 *
 * Threading: single owner. The forwarding worker that transmits on the interface owns the cache and is the only
 * thread calling any method (ARP frames for the interface are handled on the same worker). Nothing here blocks
 * or allocates after construction: entries live in parallel primitive arrays indexed by a stable slot number,
 * found through an open-addressing index (linear probing, backward-shift deletion), and each slot has its own
 * fixed ring of queued packet handles. Memory is {@code maxEntries * (~60 + 8 * queuePerNeighbor)} bytes plus
 * the index ({@code 12 * 2 * maxEntries} rounded to a power of two).
 * <p>
 * Timers are checked lazily on use for resolved entries and by {@link #poll(long)} for entries with a probe in
 * flight, so poll costs O(probes in flight), not O(cache size).
 */
public final class Arp8Cache
{
    /** {@link #resolve} result: the neighbour is being probed; queue the packet with {@link #enqueue}. */
    public static final int PENDING = -1;
    /** {@link #resolve} result: the neighbour failed to answer recently; drop with host unreachable. */
    public static final int UNREACHABLE = -2;
    /** {@link #resolve} result: no free slot for a new neighbour; drop and count. */
    public static final int TABLE_FULL = -3;

    private static final byte FREE = (byte)NeighborState.FREE.ordinal();
    private static final byte INCOMPLETE = (byte)NeighborState.INCOMPLETE.ordinal();
    private static final byte REACHABLE = (byte)NeighborState.REACHABLE.ordinal();
    private static final byte STALE = (byte)NeighborState.STALE.ordinal();
    private static final byte FAILED = (byte)NeighborState.FAILED.ordinal();
    private static final byte PERMANENT = (byte)NeighborState.PERMANENT.ordinal();

    private static final byte CAP_UNKNOWN = (byte)NeighborCapability.UNKNOWN.ordinal();
    private static final byte CAP_IPV8 = (byte)NeighborCapability.IPV8.ordinal();
    private static final byte CAP_IPV4 = (byte)NeighborCapability.IPV4_ONLY.ordinal();

    private final Arp8Timers timers;
    private final NeighborActions actions;
    private final int maxEntries;

    // Slot storage.
    private final long[] address;
    private final long[] mac;
    private final byte[] state;
    private final byte[] capability;
    private final long[] confirmedAt;   // last reply/confirmation; drives REACHABLE -> STALE and the hard lifetime
    private final long[] timerBase;     // INCOMPLETE: start of the current round; STALE: last re-probe sent
    private final int[] round;          // INCOMPLETE: round number; STALE: re-probes sent (0 = none in flight)
    private final boolean[] arp4Sent;   // INCOMPLETE: ARP4 request of the current round sent
    private final boolean[] arp4Replied; // INCOMPLETE: an ARP4 reply arrived in this probe
    private final long[] arp4ReplyAt;   // INCOMPLETE: time of the first ARP4 reply
    private final long[] arp4Mac;       // INCOMPLETE: MAC from that ARP4 reply
    private final long[] failedUntil;   // FAILED: end of the negative cache time
    private final boolean[] polled;     // slot is in the probe list
    private final int[] freeSlots;
    private int freeCount;

    // Per-slot packet queue: ring of queuePerNeighbor handles at slot * queuePerNeighbor.
    private final long[] queue;
    private final int[] queueHead;
    private final int[] queueCount;

    // Slots with a probe in flight (INCOMPLETE, or STALE being re-probed); FAILED slots leave on the next poll.
    private final int[] probing;
    private int probingCount;

    // Open-addressing index: address -> slot + 1 (0 = empty).
    private final long[] indexKeys;
    private final int[] indexSlots;
    private final int indexMask;

    private int size;

    // Statistics: plain fields, read by the owner thread (exported to the counters file by the owner).
    private long arp8RequestsSent;
    private long arp4RequestsSent;
    private long resolvedIpv8;
    private long resolvedIpv4Only;
    private long failedResolutions;
    private long queueOverflows;
    private long tableFull;
    private long capabilityUpgrades;

    public Arp8Cache(final int maxEntries, final Arp8Timers timers, final NeighborActions actions)
    {
        if (maxEntries < 1 || maxEntries > (1 << 24))
        {
            throw new IllegalArgumentException("ARP8 cache size must be 1.." + (1 << 24) + ", got " + maxEntries);
        }
        this.timers = Objects.requireNonNull(timers, "timers");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.maxEntries = maxEntries;

        address = new long[maxEntries];
        mac = new long[maxEntries];
        state = new byte[maxEntries];
        capability = new byte[maxEntries];
        confirmedAt = new long[maxEntries];
        timerBase = new long[maxEntries];
        round = new int[maxEntries];
        arp4Sent = new boolean[maxEntries];
        arp4Replied = new boolean[maxEntries];
        arp4ReplyAt = new long[maxEntries];
        arp4Mac = new long[maxEntries];
        failedUntil = new long[maxEntries];
        polled = new boolean[maxEntries];
        freeSlots = new int[maxEntries];
        for (int i = 0; i < maxEntries; i++)
        {
            freeSlots[i] = maxEntries - 1 - i;   // hand out slot 0 first
        }
        freeCount = maxEntries;

        final int q = timers.queuePerNeighbor();
        queue = new long[Math.max(1, maxEntries * q)];
        queueHead = new int[maxEntries];
        queueCount = new int[maxEntries];
        probing = new int[maxEntries];

        final int indexSize = Integer.highestOneBit(Math.max(2, maxEntries * 2 - 1)) << 1;
        indexKeys = new long[indexSize];
        indexSlots = new int[indexSize];
        indexMask = indexSize - 1;
    }

    // ------------------------------------------------------------------------------------------------------
    // Fast path
    // ------------------------------------------------------------------------------------------------------

    /**
     * Resolves {@code target} for a transmit at time {@code now}. Starts the dual probe for an unknown neighbour
     * and a unicast re-probe for a STALE one.
     *
     * @return the slot (>= 0) whose {@link #mac(int)} and {@link #capability(int)} to use, or {@link #PENDING},
     * {@link #UNREACHABLE} or {@link #TABLE_FULL}.
     */
    public int resolve(final long target, final long now)
    {
        int slot = find(target);
        if (slot < 0)
        {
            return startProbe(target, now);
        }

        final byte s = state[slot];
        if (s == PERMANENT)
        {
            return slot;
        }
        if (s == INCOMPLETE)
        {
            return PENDING;
        }
        if (s == FAILED)
        {
            if (now - failedUntil[slot] < 0)
            {
                return UNREACHABLE;
            }
            delete(slot);
            return startProbe(target, now);
        }

        final long age = now - confirmedAt[slot];
        if (age > timers.hardLifetimeNs())
        {
            delete(slot);
            return startProbe(target, now);
        }
        if (s == REACHABLE && age > timers.reachableNs())
        {
            state[slot] = STALE;
        }
        if (state[slot] == STALE && round[slot] == 0)
        {
            round[slot] = 1;
            timerBase[slot] = now;
            sendReprobe(slot);
            addToProbeList(slot);
        }
        return slot;
    }

    /**
     * The side-effect-free half of {@link #resolve}, for the fused fast path: the slot {@code resolve(target, now)}
     * would return if that call would change nothing (no state change, no probe, no deletion), else -1. So a caller
     * that takes the slot here sees exactly what {@code resolve} would have answered, and a caller that gets -1 can
     * leave the packet to the code that calls {@code resolve} without having disturbed anything.
     * <ul>
     *   <li>PERMANENT: the slot;</li>
     *   <li>REACHABLE, confirmed within {@code reachableNs} (and the hard lifetime): the slot;</li>
     *   <li>STALE with its re-probe already in flight, within the hard lifetime: the slot;</li>
     *   <li>anything else (unknown, INCOMPLETE, FAILED, due for STALE or a re-probe, expired): -1.</li>
     * </ul>
     */
    public int peekResolved(final long target, final long now)
    {
        final int slot = find(target);
        if (slot < 0)
        {
            return -1;
        }
        final byte s = state[slot];
        if (s == PERMANENT)
        {
            return slot;
        }
        if (s != REACHABLE && s != STALE)
        {
            return -1;
        }
        final long age = now - confirmedAt[slot];
        if (age > timers.hardLifetimeNs())
        {
            return -1;
        }
        if (s == REACHABLE)
        {
            return age > timers.reachableNs() ? -1 : slot;
        }
        return round[slot] != 0 ? slot : -1;
    }

    /**
     * Holds a packet for an INCOMPLETE neighbour until it resolves.
     *
     * @return false when the neighbour is not being probed or its queue is full: the caller drops and counts.
     */
    public boolean enqueue(final long target, final long packetHandle)
    {
        final int slot = find(target);
        if (slot < 0 || state[slot] != INCOMPLETE)
        {
            return false;
        }
        final int q = timers.queuePerNeighbor();
        if (queueCount[slot] >= q)
        {
            queueOverflows++;
            return false;
        }
        queue[slot * q + ((queueHead[slot] + queueCount[slot]) % q)] = packetHandle;
        queueCount[slot]++;
        return true;
    }

    public long mac(final int slot)
    {
        return mac[slot];
    }

    public NeighborCapability capability(final int slot)
    {
        return NeighborCapability.fromCode(capability[slot]);
    }

    /** True when {@code slot} may be sent a version-8 header (spec 3.2). */
    public boolean isIpv8Capable(final int slot)
    {
        return capability[slot] == CAP_IPV8;
    }

    /**
     * When the entry was last confirmed (a reply, or our probe resolved), in the owner's clock; 0 if never
     * (static entries). For {@code show arp8} ages.
     */
    public long confirmedAt(final int slot)
    {
        return confirmedAt[slot];
    }

    public NeighborState state(final int slot)
    {
        return NeighborState.fromCode(state[slot]);
    }

    public long address(final int slot)
    {
        return address[slot];
    }

    public int queued(final int slot)
    {
        return queueCount[slot];
    }

    // ------------------------------------------------------------------------------------------------------
    // Received ARP
    // ------------------------------------------------------------------------------------------------------

    /**
     * An ARP8 reply (or any ARP8 frame whose sender is {@code senderAddress}) arrived: the sender is IPv8-capable.
     * Resolves an INCOMPLETE entry at once, confirms others, upgrades an IPv4-only neighbour immediately.
     *
     * @param create create a STALE entry when none exists (for ARP8 requests addressed to us and gratuitous
     *               announcements, RFC 826 merge rule); replies to our probes always find their entry.
     */
    public void onArp8(final long senderAddress, final long senderMac, final boolean create, final long now)
    {
        int slot = find(senderAddress);
        if (slot < 0)
        {
            if (!create || freeCount == 0)
            {
                return;
            }
            slot = allocate(senderAddress);
            state[slot] = STALE;
            capability[slot] = CAP_IPV8;
            mac[slot] = senderMac;
            confirmedAt[slot] = now;
            return;
        }

        final byte s = state[slot];
        if (s == PERMANENT)
        {
            return;
        }
        if (capability[slot] == CAP_IPV4)
        {
            capabilityUpgrades++;
        }
        capability[slot] = CAP_IPV8;
        mac[slot] = senderMac;
        confirmedAt[slot] = now;
        round[slot] = 0;
        if (s == INCOMPLETE)
        {
            resolvedIpv8++;
            state[slot] = REACHABLE;
            releaseQueue(slot);
        }
        else
        {
            state[slot] = REACHABLE;
        }
    }

    /**
     * A plain ARP reply from {@code senderAddress} (the caller maps the ARP sender's IPv4 address to the 64-bit
     * neighbour addresses it may stand for, e.g. r = 0 and the interface's own r). An INCOMPLETE entry waits
     * {@code arp4GraceNs} more for an ARP8 answer before it is declared IPv4-only; a known entry is confirmed
     * without changing its capability (an IPv8 node also answers ARP4).
     */
    public void onArp4(final long senderAddress, final long senderMac, final long now)
    {
        final int slot = find(senderAddress);
        if (slot < 0)
        {
            return;
        }
        final byte s = state[slot];
        if (s == PERMANENT || s == FAILED)
        {
            return;
        }
        if (s == INCOMPLETE)
        {
            if (!arp4Replied[slot])
            {
                arp4Replied[slot] = true;
                arp4ReplyAt[slot] = now;
                arp4Mac[slot] = senderMac;
            }
            return;
        }
        mac[slot] = senderMac;
        if (capability[slot] == CAP_IPV4)
        {
            confirmedAt[slot] = now;
            state[slot] = REACHABLE;
            round[slot] = 0;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Timers
    // ------------------------------------------------------------------------------------------------------

    /**
     * Advances the probes in flight to time {@code now}: sends due ARP4 requests and new rounds, declares
     * IPv4-only and FAILED neighbours. Call from the owner's duty cycle (every few milliseconds is enough).
     *
     * @return the number of actions taken, for the duty cycle's idle strategy.
     */
    public int poll(final long now)
    {
        int work = 0;
        for (int i = 0; i < probingCount; )
        {
            final int slot = probing[i];
            work += advance(slot, now);
            if (!polled[slot])
            {
                continue;   // deleted inside advance(): the list is already compacted, re-examine position i
            }
            final byte s = state[slot];
            if ((s == INCOMPLETE) || (s == STALE && round[slot] > 0))
            {
                i++;
            }
            else
            {
                polled[slot] = false;
                probing[i] = probing[--probingCount];
            }
        }
        return work;
    }

    private int advance(final int slot, final long now)
    {
        final byte s = state[slot];
        if (s == INCOMPLETE)
        {
            if (arp4Replied[slot])
            {
                if (now - arp4ReplyAt[slot] >= timers.arp4GraceNs())
                {
                    capability[slot] = CAP_IPV4;
                    mac[slot] = arp4Mac[slot];
                    state[slot] = REACHABLE;
                    confirmedAt[slot] = now;
                    resolvedIpv4Only++;
                    releaseQueue(slot);
                    return 1;
                }
                return 0;
            }
            final long sinceRound = now - timerBase[slot];
            if (sinceRound >= timers.roundIntervalNs())
            {
                if (round[slot] + 1 >= timers.rounds())
                {
                    fail(slot, now);
                    return 1;
                }
                round[slot]++;
                timerBase[slot] = now;
                arp4Sent[slot] = false;
                sendArp8(slot, 0);
                return 1;
            }
            if (!arp4Sent[slot] && sinceRound >= timers.probeGapNs())
            {
                arp4Sent[slot] = true;
                sendArp4(slot, 0);
                return 1;
            }
            return 0;
        }
        if (s == STALE && round[slot] > 0 && now - timerBase[slot] >= timers.roundIntervalNs())
        {
            if (round[slot] >= timers.rounds())
            {
                delete(slot);
                return 1;
            }
            round[slot]++;
            timerBase[slot] = now;
            sendReprobe(slot);
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------
    // Control plane
    // ------------------------------------------------------------------------------------------------------

    /** Installs a static neighbour ({@code ipv8 neighbor <address> <mac> ipv8|ipv4}). */
    public void addStatic(final long target, final long neighborMac, final NeighborCapability cap)
    {
        if (cap == NeighborCapability.UNKNOWN)
        {
            throw new IllegalArgumentException("a static neighbour needs capability ipv8 or ipv4");
        }
        int slot = find(target);
        if (slot >= 0)
        {
            delete(slot);
        }
        if (freeCount == 0)
        {
            throw new IllegalStateException("ARP8 cache full (" + maxEntries + " entries)");
        }
        slot = allocate(target);
        state[slot] = PERMANENT;
        capability[slot] = (byte)cap.ordinal();
        mac[slot] = neighborMac;
    }

    /** Removes a neighbour (any state); its queued packets are dropped. */
    public boolean remove(final long target)
    {
        final int slot = find(target);
        if (slot < 0)
        {
            return false;
        }
        delete(slot);
        return true;
    }

    /** The slot of {@code target}, or -1. */
    public int find(final long target)
    {
        int i = hash(target) & indexMask;
        while (true)
        {
            final int s = indexSlots[i];
            if (s == 0)
            {
                return -1;
            }
            if (indexKeys[i] == target)
            {
                return s - 1;
            }
            i = (i + 1) & indexMask;
        }
    }

    /** Visits every entry in use (cold path: {@code show arp8}). */
    public void forEach(final EntryVisitor visitor)
    {
        for (int slot = 0; slot < maxEntries; slot++)
        {
            if (state[slot] != FREE)
            {
                visitor.visit(slot);
            }
        }
    }

    /** Receives slots from {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor
    {
        void visit(int slot);
    }

    public int size()
    {
        return size;
    }

    public int maxEntries()
    {
        return maxEntries;
    }

    public Arp8Timers timers()
    {
        return timers;
    }

    public long arp8RequestsSent()
    {
        return arp8RequestsSent;
    }

    public long arp4RequestsSent()
    {
        return arp4RequestsSent;
    }

    public long resolvedIpv8()
    {
        return resolvedIpv8;
    }

    public long resolvedIpv4Only()
    {
        return resolvedIpv4Only;
    }

    public long failedResolutions()
    {
        return failedResolutions;
    }

    public long queueOverflows()
    {
        return queueOverflows;
    }

    public long tableFull()
    {
        return tableFull;
    }

    public long capabilityUpgrades()
    {
        return capabilityUpgrades;
    }

    // ------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------

    private int startProbe(final long target, final long now)
    {
        if (freeCount == 0)
        {
            tableFull++;
            return TABLE_FULL;
        }
        final int slot = allocate(target);
        state[slot] = INCOMPLETE;
        capability[slot] = CAP_UNKNOWN;
        round[slot] = 0;
        timerBase[slot] = now;
        arp4Sent[slot] = false;
        arp4Replied[slot] = false;
        addToProbeList(slot);
        sendArp8(slot, 0);
        return PENDING;
    }

    private void sendReprobe(final int slot)
    {
        final long unicast = mac[slot];
        if (capability[slot] == CAP_IPV8)
        {
            sendArp8(slot, unicast);
        }
        else
        {
            sendArp4(slot, unicast);
            sendArp8(slot, unicast);   // catches a neighbour that became IPv8-capable
        }
    }

    private void sendArp8(final int slot, final long unicastMac)
    {
        arp8RequestsSent++;
        actions.sendArp8Request(address[slot], unicastMac);
    }

    private void sendArp4(final int slot, final long unicastMac)
    {
        arp4RequestsSent++;
        actions.sendArp4Request(address[slot], unicastMac);
    }

    private void fail(final int slot, final long now)
    {
        failedResolutions++;
        state[slot] = FAILED;
        failedUntil[slot] = now + timers.negativeNs();
        dropQueue(slot);
    }

    private void releaseQueue(final int slot)
    {
        final int q = timers.queuePerNeighbor();
        // The count is cleared before the callbacks so a re-entrant resolve() of the same neighbour sees an
        // empty queue; handles are read from the ring, which nothing rewrites during the loop.
        final int n = queueCount[slot];
        final int head = queueHead[slot];
        queueCount[slot] = 0;
        queueHead[slot] = 0;
        for (int i = 0; i < n; i++)
        {
            actions.transmitQueued(queue[slot * q + ((head + i) % q)], slot);
        }
    }

    private void dropQueue(final int slot)
    {
        final int q = timers.queuePerNeighbor();
        final int n = queueCount[slot];
        final int head = queueHead[slot];
        queueCount[slot] = 0;
        queueHead[slot] = 0;
        for (int i = 0; i < n; i++)
        {
            actions.dropQueued(queue[slot * q + ((head + i) % q)], address[slot]);
        }
    }

    private void addToProbeList(final int slot)
    {
        if (!polled[slot])
        {
            polled[slot] = true;
            probing[probingCount++] = slot;
        }
    }

    private int allocate(final long target)
    {
        final int slot = freeSlots[--freeCount];
        address[slot] = target;
        mac[slot] = 0;
        confirmedAt[slot] = 0;
        round[slot] = 0;
        arp4Replied[slot] = false;
        queueCount[slot] = 0;
        queueHead[slot] = 0;
        int i = hash(target) & indexMask;
        while (indexSlots[i] != 0)
        {
            i = (i + 1) & indexMask;
        }
        indexKeys[i] = target;
        indexSlots[i] = slot + 1;
        size++;
        return slot;
    }

    private void delete(final int slot)
    {
        dropQueue(slot);
        if (polled[slot])
        {
            for (int i = 0; i < probingCount; i++)
            {
                if (probing[i] == slot)
                {
                    probing[i] = probing[--probingCount];
                    break;
                }
            }
            polled[slot] = false;
        }
        removeFromIndex(address[slot]);
        state[slot] = FREE;
        capability[slot] = CAP_UNKNOWN;
        freeSlots[freeCount++] = slot;
        size--;
    }

    /** Linear-probing deletion by backward shift, so lookups never need tombstones. */
    private void removeFromIndex(final long key)
    {
        int i = hash(key) & indexMask;
        while (indexKeys[i] != key || indexSlots[i] == 0)
        {
            i = (i + 1) & indexMask;
        }
        int hole = i;
        int j = (i + 1) & indexMask;
        while (indexSlots[j] != 0)
        {
            final int home = hash(indexKeys[j]) & indexMask;
            // Move entry j into the hole if its home does not lie cyclically in (hole, j].
            final boolean homeInRange = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeInRange)
            {
                indexKeys[hole] = indexKeys[j];
                indexSlots[hole] = indexSlots[j];
                hole = j;
            }
            j = (j + 1) & indexMask;
        }
        indexSlots[hole] = 0;
        indexKeys[hole] = 0;
    }

    private static int hash(final long key)
    {
        final long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int)(h ^ (h >>> 32));
    }
}
