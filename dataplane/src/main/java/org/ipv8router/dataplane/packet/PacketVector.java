package org.ipv8router.dataplane.packet;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A burst of up to {@link #capacity()} packets held as a structure of arrays, the unit of work of ports and graph
 * nodes (VPP's frame, DPDK's {@code rte_mbuf*[]} burst plus metadata). Entry {@code i} holds:
 * <pre>
 *   handle[i]        long   packet handle in pool[i] (PacketPool.NULL_HANDLE once detached)
 *   pool[i]          ref    PacketPool that owns the buffer (frees go there)
 *   bufferAddress[i] long   start of the buffer (headroom start)
 *   dataOffset[i]    int    first packet octet, from bufferAddress (like mbuf data_off)
 *   length[i]        int    packet length in octets
 *   ingressPort[i]   int    index of the port it was received on
 *   next[i]          int    next-node slot chosen by the current node (or NEXT_DROP / NEXT_UNSET)
 *   txPort[i]        int    egress port index chosen by forwarding (NO_PORT until set)
 *   dropReason[i]    int    drop reason code when next == NEXT_DROP
 *   timestamp[i]     long   receive time, ns since the epoch (0 = unknown)
 *   aux[i]           long   opaque word nodes may pass along (e.g. a next-hop id)
 * </pre>
 * Nodes iterate with {@code for (int i = 0, n = v.count(); i < n; i++)}, look at the frame through
 * {@link #buffer(int)} (one reused flyweight, re-wrapped without allocation), and set {@link #next(int, int)} or
 * {@link #drop(int, int)}. Nothing here allocates after construction, except {@link #toByteArray(int)}.
 * <p>
 * <b>Ownership.</b> A vector owns the packets of its live entries. Moving an entry to another vector
 * ({@link #appendFrom(PacketVector, int)} or {@link #appendRange(PacketVector, int, int)} followed by
 * {@link #detach(int)} or {@link #clear()}, or {@link #takeAll(PacketVector)}) moves ownership.
 * A node that keeps or frees a packet itself calls {@link #detach(int)} so nobody frees it twice;
 * {@link #compact()} then squeezes detached entries out. {@link #clear()} forgets all entries <em>without</em>
 * freeing (use it only once ownership has moved elsewhere); {@link #freeAll()} frees them.
 * <p>
 * <b>Threading.</b> Not thread safe: a vector belongs to one thread (its graph's forwarding agent).
 */
public final class PacketVector
{
    /** Default burst size, as VPP's frame size. */
    public static final int DEFAULT_CAPACITY = 256;
    /** {@link #next(int)} value meaning "send to the drop node with {@link #dropReason(int)}". */
    public static final int NEXT_DROP = -1;
    /** {@link #next(int)} value of a packet that no node has routed yet. */
    public static final int NEXT_UNSET = -2;
    /** Returned by {@link #uniformNext()} and {@link #uniformTxPort()} when the entries do not agree. */
    public static final int MIXED = Integer.MIN_VALUE;
    /** {@link #txPort(int)} value before forwarding chose an egress port. */
    public static final int NO_PORT = -1;

    private final int capacity;
    private long[] handle;
    private PacketPool[] pool;
    private long[] bufferAddress;
    private int[] dataOffset;
    private int[] length;
    private int[] ingressPort;
    private int[] next;
    private int[] txPort;
    private int[] dropReason;
    private long[] timestamp;
    private long[] aux;
    private final UnsafeBuffer flyweight = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer copyFlyweight = new UnsafeBuffer(0, 0);
    private int count;
    private int detachedCount; // entries in [0, count) whose handle is NULL_HANDLE: the uniformity checks need no scan

    /** A vector of {@link #DEFAULT_CAPACITY} entries. */
    public PacketVector()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A vector of {@code capacity} entries.
     *
     * @param capacity maximum number of packets, at least 1.
     */
    public PacketVector(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("packet vector capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        handle = new long[capacity];
        pool = new PacketPool[capacity];
        bufferAddress = new long[capacity];
        dataOffset = new int[capacity];
        length = new int[capacity];
        ingressPort = new int[capacity];
        next = new int[capacity];
        txPort = new int[capacity];
        dropReason = new int[capacity];
        timestamp = new long[capacity];
        aux = new long[capacity];
    }

    /** @return the maximum number of entries. */
    public int capacity()
    {
        return capacity;
    }

    /** @return the number of entries, including detached ones not yet compacted away. */
    public int count()
    {
        return count;
    }

    /** @return how many more entries fit. */
    public int remaining()
    {
        return capacity - count;
    }

    /** @return true if there are no entries. */
    public boolean isEmpty()
    {
        return count == 0;
    }

    /** @return true if no more entries fit. */
    public boolean isFull()
    {
        return count == capacity;
    }

    /**
     * Appends a packet; the vector takes ownership. Routing fields start cleared: next {@link #NEXT_UNSET},
     * txPort {@link #NO_PORT}, drop reason 0, timestamp 0, aux 0.
     *
     * @param pool        that owns the buffer.
     * @param handle      of the buffer in {@code pool}.
     * @param dataOffset  of the first packet octet from the buffer address.
     * @param length      of the packet.
     * @param ingressPort index of the receiving port.
     * @return the index of the new entry, or -1 if the vector is full (ownership stays with the caller).
     */
    public int add(
        final PacketPool pool, final long handle, final int dataOffset, final int length, final int ingressPort)
    {
        if (count == capacity)
        {
            return -1;
        }
        final int i = count++;
        this.handle[i] = handle;
        if (handle == PacketPool.NULL_HANDLE)
        {
            detachedCount++;
        }
        if (this.pool[i] != pool)
        {
            this.pool[i] = pool; // see clear(): the same slot mostly gets the same pool again
        }
        this.bufferAddress[i] = pool.bufferAddress(handle);
        this.dataOffset[i] = dataOffset;
        this.length[i] = length;
        this.ingressPort[i] = ingressPort;
        this.next[i] = NEXT_UNSET;
        this.txPort[i] = NO_PORT;
        this.dropReason[i] = 0;
        this.timestamp[i] = 0;
        this.aux[i] = 0;
        return i;
    }

    /**
     * Appends {@code n} entries for packets of one pool received on one port, in bulk: the fields they share (pool,
     * ingress port) and the cleared routing fields are written with array fills, and each entry's own fields then
     * with {@link #setPacket}. For ports that receive in bursts (a per-packet {@link #add} writes eleven arrays one
     * element at a time). Until {@link #setPacket} gives it a packet, an entry is detached (owns nothing);
     * {@link #truncate} drops unused ones from the end.
     *
     * @param pool        that owns the buffers.
     * @param ingressPort index of the receiving port.
     * @param n           entries to append, at most {@link #remaining()}.
     * @return the index of the first new entry.
     * @throws IllegalArgumentException if n is negative or more than fit.
     */
    public int reserve(final PacketPool pool, final int ingressPort, final int n)
    {
        if (n < 0 || n > capacity - count)
        {
            throw new IllegalArgumentException("cannot reserve " + n + " entries: " + (capacity - count) + " left");
        }
        final int from = count;
        final int to = from + n;
        final PacketPool[] pools = this.pool;
        for (int i = from; i < to; i++)
        {
            if (pools[i] != pool)
            {
                pools[i] = pool; // see clear(): a reference store only when the slot held another pool
            }
        }
        Arrays.fill(handle, from, to, PacketPool.NULL_HANDLE);
        Arrays.fill(this.ingressPort, from, to, ingressPort);
        Arrays.fill(next, from, to, NEXT_UNSET);
        Arrays.fill(txPort, from, to, NO_PORT);
        Arrays.fill(dropReason, from, to, 0);
        Arrays.fill(timestamp, from, to, 0L);
        Arrays.fill(aux, from, to, 0L);
        count = to;
        detachedCount += n;
        return from;
    }

    /**
     * Gives a reserved entry its packet (see {@link #reserve}); the vector takes ownership.
     *
     * @param i             a reserved entry that has no packet yet.
     * @param handle        of the buffer in the entry's pool (not {@link PacketPool#NULL_HANDLE}).
     * @param bufferAddress {@code pool.bufferAddress(handle)}.
     * @param dataOffset    of the first packet octet from the buffer address.
     * @param length        of the packet.
     */
    public void setPacket(final int i, final long handle, final long bufferAddress, final int dataOffset,
        final int length)
    {
        if (this.handle[i] == PacketPool.NULL_HANDLE && handle != PacketPool.NULL_HANDLE)
        {
            detachedCount--;
        }
        this.handle[i] = handle;
        this.bufferAddress[i] = bufferAddress;
        this.dataOffset[i] = dataOffset;
        this.length[i] = length;
    }

    /**
     * Drops entries from the end, down to {@code newCount}; they must own no packet (reserved and unused, or
     * detached).
     *
     * @param newCount entries to keep, 0 to {@link #count()}.
     * @throws IllegalArgumentException if newCount is out of that range.
     * @throws IllegalStateException if a dropped entry still owns a packet.
     */
    public void truncate(final int newCount)
    {
        if (newCount < 0 || newCount > count)
        {
            throw new IllegalArgumentException("cannot truncate " + count + " entries to " + newCount);
        }
        for (int i = newCount; i < count; i++)
        {
            if (handle[i] != PacketPool.NULL_HANDLE)
            {
                throw new IllegalStateException("entry " + i + " still owns a packet: truncate would leak it");
            }
            detachedCount--;
        }
        count = newCount;
    }

    /**
     * Appends a packet whose buffer address the caller already knows (a DPDK port reads {@code buf_addr} straight
     * from the mbuf); otherwise as {@link #add(PacketPool, long, int, int, int)}.
     *
     * @param pool          that owns the buffer.
     * @param handle        of the buffer in {@code pool}.
     * @param bufferAddress {@code pool.bufferAddress(handle)}.
     * @param dataOffset    of the first packet octet from the buffer address.
     * @param length        of the packet.
     * @param ingressPort   index of the receiving port.
     * @return the index of the new entry, or -1 if the vector is full (ownership stays with the caller).
     */
    public int add(
        final PacketPool pool,
        final long handle,
        final long bufferAddress,
        final int dataOffset,
        final int length,
        final int ingressPort)
    {
        if (count == capacity)
        {
            return -1;
        }
        final int i = count++;
        this.handle[i] = handle;
        if (handle == PacketPool.NULL_HANDLE)
        {
            detachedCount++;
        }
        if (this.pool[i] != pool)
        {
            this.pool[i] = pool; // see clear(): the same slot mostly gets the same pool again
        }
        this.bufferAddress[i] = bufferAddress;
        this.dataOffset[i] = dataOffset;
        this.length[i] = length;
        this.ingressPort[i] = ingressPort;
        this.next[i] = NEXT_UNSET;
        this.txPort[i] = NO_PORT;
        this.dropReason[i] = 0;
        this.timestamp[i] = 0;
        this.aux[i] = 0;
        return i;
    }

    /**
     * Moves the packet of entry {@code i} into a buffer of another pool: allocates there, copies the data at the
     * same offset from the buffer start (so headroom is kept), frees the old buffer and updates the entry. This is
     * the one place where packets cross pools; a port whose medium can only send its own buffers (DPDK given a
     * packet of a slab pool) calls it from {@code transmit}. Already in {@code target}: nothing happens.
     *
     * @param i      entry.
     * @param target pool to move into.
     * @return false, changing nothing, if {@code target} is exhausted or its buffers cannot hold the packet at
     *         that offset.
     */
    public boolean copyToPool(final int i, final PacketPool target)
    {
        final PacketPool source = pool[i];
        if (source == target)
        {
            return true;
        }
        int offset = dataOffset[i];
        if (offset + length[i] > target.bufferLength())
        {
            offset = target.headroom();
            if (offset + length[i] > target.bufferLength())
            {
                return false;
            }
        }
        final long newHandle = target.alloc();
        if (newHandle == PacketPool.NULL_HANDLE)
        {
            return false;
        }
        final long newBufferAddress = target.bufferAddress(newHandle);
        copyFlyweight.wrap(newBufferAddress + offset, length[i]);
        copyFlyweight.putBytes(0, buffer(i), 0, length[i]);
        if (handle[i] == PacketPool.NULL_HANDLE)
        {
            detachedCount--;
        }
        source.free(handle[i]);
        handle[i] = newHandle;
        pool[i] = target;
        bufferAddress[i] = newBufferAddress;
        dataOffset[i] = offset;
        return true;
    }

    /**
     * Appends a copy of entry {@code i} of {@code src} with all its metadata except {@code next}, which becomes
     * {@link #NEXT_UNSET}. Ownership moves only when the caller then detaches or clears the source entry.
     *
     * @param src vector to copy from.
     * @param i   entry in {@code src}.
     * @return the index of the new entry, or -1 if this vector is full.
     */
    public int appendFrom(final PacketVector src, final int i)
    {
        if (count == capacity)
        {
            return -1;
        }
        final int j = count++;
        handle[j] = src.handle[i];
        if (src.handle[i] == PacketPool.NULL_HANDLE)
        {
            detachedCount++;
        }
        if (pool[j] != src.pool[i])
        {
            pool[j] = src.pool[i];
        }
        bufferAddress[j] = src.bufferAddress[i];
        dataOffset[j] = src.dataOffset[i];
        length[j] = src.length[i];
        ingressPort[j] = src.ingressPort[i];
        next[j] = NEXT_UNSET;
        txPort[j] = src.txPort[i];
        dropReason[j] = src.dropReason[i];
        timestamp[j] = src.timestamp[i];
        aux[j] = src.aux[i];
        return j;
    }

    /**
     * Appends a copy of the entries {@code from .. from + length - 1} of {@code src} with all their metadata except
     * {@code next}, which becomes {@link #NEXT_UNSET}: {@link #appendFrom(PacketVector, int)} for a run of packets,
     * one array copy per field instead of one per packet and field. Ownership moves only when the caller then
     * clears the source entries.
     *
     * @param src    vector to copy from.
     * @param from   first entry in {@code src}.
     * @param length number of entries.
     * @return the number of entries appended: fewer than {@code length} if this vector filled up.
     */
    public int appendRange(final PacketVector src, final int from, final int length)
    {
        final int n = Math.min(length, capacity - count);
        if (n <= 0)
        {
            return 0;
        }
        final int j = count;
        if (n == 1)
        {
            appendFrom(src, from);
            return 1;
        }
        System.arraycopy(src.handle, from, handle, j, n);
        if (src.detachedCount != 0)
        {
            for (int k = j; k < j + n; k++)
            {
                if (handle[k] == PacketPool.NULL_HANDLE)
                {
                    detachedCount++;
                }
            }
        }
        System.arraycopy(src.pool, from, pool, j, n);
        System.arraycopy(src.bufferAddress, from, bufferAddress, j, n);
        System.arraycopy(src.dataOffset, from, dataOffset, j, n);
        System.arraycopy(src.length, from, this.length, j, n);
        System.arraycopy(src.ingressPort, from, ingressPort, j, n);
        Arrays.fill(next, j, j + n, NEXT_UNSET);
        System.arraycopy(src.txPort, from, txPort, j, n);
        System.arraycopy(src.dropReason, from, dropReason, j, n);
        System.arraycopy(src.timestamp, from, timestamp, j, n);
        System.arraycopy(src.aux, from, aux, j, n);
        count = j + n;
        return n;
    }

    /**
     * Hands every entry of {@code src} over to this empty vector without copying (VPP's frame hand-over when a
     * whole vector goes to one next node): the two vectors swap their arrays, this vector gets {@code src}'s
     * entries with {@code next} reset to {@link #NEXT_UNSET}, and {@code src} is left empty. Ownership of the
     * packets moves with them.
     *
     * @param src vector of the same capacity whose entries move here.
     * @throws IllegalStateException if this vector is not empty or the capacities differ.
     */
    public void takeAll(final PacketVector src)
    {
        if (count != 0 || src.capacity != capacity)
        {
            throw new IllegalStateException("takeAll needs an empty vector of the same capacity: count=" + count +
                " capacity=" + capacity + " source capacity=" + src.capacity);
        }
        final int n = src.count;
        Arrays.fill(src.next, 0, n, NEXT_UNSET);
        final long[] handle = this.handle;
        this.handle = src.handle;
        src.handle = handle;
        final PacketPool[] pool = this.pool;
        this.pool = src.pool;
        src.pool = pool;
        final long[] bufferAddress = this.bufferAddress;
        this.bufferAddress = src.bufferAddress;
        src.bufferAddress = bufferAddress;
        final int[] dataOffset = this.dataOffset;
        this.dataOffset = src.dataOffset;
        src.dataOffset = dataOffset;
        final int[] length = this.length;
        this.length = src.length;
        src.length = length;
        final int[] ingressPort = this.ingressPort;
        this.ingressPort = src.ingressPort;
        src.ingressPort = ingressPort;
        final int[] next = this.next;
        this.next = src.next;
        src.next = next;
        final int[] txPort = this.txPort;
        this.txPort = src.txPort;
        src.txPort = txPort;
        final int[] dropReason = this.dropReason;
        this.dropReason = src.dropReason;
        src.dropReason = dropReason;
        final long[] timestamp = this.timestamp;
        this.timestamp = src.timestamp;
        src.timestamp = timestamp;
        final long[] aux = this.aux;
        this.aux = src.aux;
        src.aux = aux;
        count = n;
        detachedCount = src.detachedCount;
        src.count = 0; // src's new arrays were this empty vector's: no stale pool references in them
        src.detachedCount = 0;
    }

    /**
     * The next-node slot every entry shares, for a dispatcher that hands whole vectors over: one tight pass over
     * two arrays instead of a branchy per-packet scatter.
     *
     * @return the slot (or {@link #NEXT_DROP} / {@link #NEXT_UNSET}) shared by all entries, or {@link #MIXED} if
     *         the entries differ, some entry is detached, or the vector is empty.
     */
    public int uniformNext()
    {
        final int n = count;
        if (n == 0)
        {
            return MIXED;
        }
        final int[] next = this.next;
        final int slot = next[0];
        int differ = 0;
        for (int i = 0; i < n; i++)
        {
            differ |= next[i] ^ slot; // branch-free OR reduction: the JIT can vectorise it
        }
        return differ == 0 && detachedCount == 0 ? slot : MIXED;
    }

    /**
     * The egress port every entry shares (port-output hands a whole vector to one port's queue).
     *
     * @return the {@link #txPort(int)} shared by all entries, or {@link #MIXED} if they differ, some entry is
     *         detached, or the vector is empty.
     */
    public int uniformTxPort()
    {
        final int n = count;
        if (n == 0)
        {
            return MIXED;
        }
        final int[] txPort = this.txPort;
        final int port = txPort[0];
        int differ = 0;
        for (int i = 0; i < n; i++)
        {
            differ |= txPort[i] ^ port;
        }
        return differ == 0 && detachedCount == 0 ? port : MIXED;
    }


    /** @param i entry. @return the packet handle, {@link PacketPool#NULL_HANDLE} if detached. */
    public long handle(final int i)
    {
        return handle[i];
    }

    /** @param i entry. @return the pool owning the buffer. */
    public PacketPool pool(final int i)
    {
        return pool[i];
    }

    /** @param i entry. @return is the entry detached (no longer owned by this vector)? */
    public boolean isDetached(final int i)
    {
        return handle[i] == PacketPool.NULL_HANDLE;
    }

    /**
     * Forgets entry {@code i} without freeing it: the caller has taken ownership (queued it, transmitted it, freed
     * it). The entry stays in place until {@link #compact()}; the graph skips detached entries.
     *
     * @param i entry.
     * @return the handle the entry held.
     */
    public long detach(final int i)
    {
        final long h = handle[i];
        if (h != PacketPool.NULL_HANDLE)
        {
            handle[i] = PacketPool.NULL_HANDLE;
            detachedCount++;
        }
        return h;
    }

    /**
     * Frees the packet of entry {@code i} to its pool and detaches the entry. No-op on a detached entry.
     *
     * @param i entry.
     */
    public void free(final int i)
    {
        final long h = handle[i];
        if (h != PacketPool.NULL_HANDLE)
        {
            handle[i] = PacketPool.NULL_HANDLE;
            detachedCount++;
            pool[i].free(h);
        }
    }

    /** Frees every live packet to its pool and empties the vector. */
    public void freeAll()
    {
        for (int i = 0; i < count; i++)
        {
            free(i);
        }
        clear();
    }

    /**
     * Empties the vector without freeing anything (ownership must have moved elsewhere).
     * <p>
     * The pool references of the old entries stay in the array: pools live as long as the ports, and storing a
     * reference is a GC write barrier (G1: a card check with a StoreLoad fence when the array and the pool sit in
     * different regions), so {@link #add} only stores one when the slot held another pool, and clearing must not
     * null them (measured: the barrier was ~4 ns of a DPDK receive loop's ~30 ns per packet).
     */
    public void clear()
    {
        count = 0;
        detachedCount = 0;
    }

    /**
     * Squeezes detached entries out, keeping the order of the others.
     *
     * @return the new count.
     */
    public int compact()
    {
        int j = 0;
        for (int i = 0; i < count; i++)
        {
            if (handle[i] != PacketPool.NULL_HANDLE)
            {
                if (i != j)
                {
                    moveEntry(i, j);
                }
                j++;
            }
        }
        count = j; // pool references past the end stay, as in clear()
        detachedCount = 0;
        return j;
    }

    /** @param i entry. @return absolute address of the buffer (headroom start). */
    public long bufferAddress(final int i)
    {
        return bufferAddress[i];
    }

    /** @param i entry. @return offset of the first packet octet from the buffer address. */
    public int dataOffset(final int i)
    {
        return dataOffset[i];
    }

    /** @param i entry. @return absolute address of the first packet octet. */
    public long dataAddress(final int i)
    {
        return bufferAddress[i] + dataOffset[i];
    }

    /** @param i entry. @return packet length in octets. */
    public int length(final int i)
    {
        return length[i];
    }

    /**
     * Sets the packet length (trims or extends the tail) within the buffer.
     *
     * @param i         entry.
     * @param newLength new length.
     * @return false, changing nothing, if the length is negative or does not fit the buffer.
     */
    public boolean length(final int i, final int newLength)
    {
        if (newLength < 0 || newLength > pool[i].bufferLength() - dataOffset[i])
        {
            return false;
        }
        length[i] = newLength;
        return true;
    }

    /** @param i entry. @return octets free in front of the packet. */
    public int headroom(final int i)
    {
        return dataOffset[i];
    }

    /** @param i entry. @return octets free behind the packet. */
    public int tailroom(final int i)
    {
        return pool[i].bufferLength() - dataOffset[i] - length[i];
    }

    /**
     * Grows the packet at the front by {@code octets} (encapsulation), without copying. The new front octets are
     * uninitialised.
     *
     * @param i      entry.
     * @param octets to prepend, at least 0.
     * @return false, changing nothing, if the headroom is too small.
     */
    public boolean prepend(final int i, final int octets)
    {
        if (octets < 0 || octets > dataOffset[i])
        {
            return false;
        }
        dataOffset[i] -= octets;
        length[i] += octets;
        return true;
    }

    /**
     * Removes {@code octets} from the front of the packet (decapsulation), without copying.
     *
     * @param i      entry.
     * @param octets to remove, at least 0.
     * @return false, changing nothing, if the packet is shorter.
     */
    public boolean trimHead(final int i, final int octets)
    {
        if (octets < 0 || octets > length[i])
        {
            return false;
        }
        dataOffset[i] += octets;
        length[i] -= octets;
        return true;
    }

    /** @param i entry. @return index of the port the packet arrived on. */
    public int ingressPort(final int i)
    {
        return ingressPort[i];
    }

    /** @param i entry. @param port index of the port to record as ingress. */
    public void ingressPort(final int i, final int port)
    {
        ingressPort[i] = port;
    }

    /** @param i entry. @return the next-node slot, {@link #NEXT_DROP} or {@link #NEXT_UNSET}. */
    public int next(final int i)
    {
        return next[i];
    }

    /**
     * Routes entry {@code i} to the current node's next-node slot {@code slot} (index into the node's
     * {@code nextNodes()}).
     *
     * @param i    entry.
     * @param slot next-node slot.
     */
    public void next(final int i, final int slot)
    {
        next[i] = slot;
    }

    /**
     * Routes every entry to next-node slot {@code slot} (a node's default before it picks the exceptions).
     *
     * @param slot next-node slot.
     */
    public void nextAll(final int slot)
    {
        Arrays.fill(next, 0, count, slot);
    }

    /**
     * {@code txPort(i, ports[i])} and {@code next(i, slot)} for every entry {@code i < n} whose {@code ports[i]} is not
     * {@link #NO_PORT}: the decisions of a node that rewrites packets in its loop handed over in one pass (after raw
     * stores to packet memory the JIT reloads this vector's arrays and checks their bounds on every access).
     *
     * @param ports egress port per entry, {@link #NO_PORT} for an entry to leave as it is.
     * @param n     entries to look at, at most {@link #count()}.
     * @param slot  next-node slot for the routed entries.
     */
    public void routeToPorts(final int[] ports, final int n, final int slot)
    {
        if (n < 0 || n > count || n > ports.length)
        {
            throw new IllegalArgumentException("routeToPorts: n=" + n + " outside 0.." + count);
        }
        final int[] txPort = this.txPort;
        final int[] next = this.next;
        for (int i = 0; i < n; i++)
        {
            final int port = ports[i];
            if (port != NO_PORT)
            {
                txPort[i] = port;
                next[i] = slot;
            }
        }
    }

    /**
     * Routes entry {@code i} to the drop node, which counts {@code reason} and frees the packet.
     *
     * @param i      entry.
     * @param reason drop reason code registered with the counters.
     */
    public void drop(final int i, final int reason)
    {
        next[i] = NEXT_DROP;
        dropReason[i] = reason;
    }

    /** @param i entry. @return the drop reason code (meaningful when next is {@link #NEXT_DROP}). */
    public int dropReason(final int i)
    {
        return dropReason[i];
    }

    /** @param i entry. @return the egress port index, {@link #NO_PORT} if not chosen yet. */
    public int txPort(final int i)
    {
        return txPort[i];
    }

    /** @param i entry. @param port egress port index. */
    public void txPort(final int i, final int port)
    {
        txPort[i] = port;
    }

    /** @param i entry. @return receive timestamp in ns since the epoch, 0 if unknown. */
    public long timestamp(final int i)
    {
        return timestamp[i];
    }

    /** @param i entry. @param nanos receive timestamp in ns since the epoch. */
    public void timestamp(final int i, final long nanos)
    {
        timestamp[i] = nanos;
    }

    /** @param i entry. @return the opaque word nodes pass along. */
    public long aux(final int i)
    {
        return aux[i];
    }

    /** @param i entry. @param value opaque word for later nodes. */
    public void aux(final int i, final long value)
    {
        aux[i] = value;
    }

    /**
     * The packet data of entry {@code i} through this vector's single flyweight: valid until the next call of
     * {@code buffer} on this vector. Index 0 is the first packet octet; the capacity is the packet length.
     *
     * @param i entry.
     * @return the re-wrapped flyweight.
     */
    public UnsafeBuffer buffer(final int i)
    {
        flyweight.wrap(bufferAddress[i] + dataOffset[i], length[i]);
        return flyweight;
    }

    /**
     * Wraps a caller-owned flyweight over the packet data of entry {@code i}, for nodes that look at two packets at
     * once.
     *
     * @param i      entry.
     * @param buffer flyweight to wrap.
     * @return {@code buffer}.
     */
    public UnsafeBuffer wrap(final int i, final UnsafeBuffer buffer)
    {
        buffer.wrap(bufferAddress[i] + dataOffset[i], length[i]);
        return buffer;
    }

    /**
     * Copies the packet data of entry {@code i} into a new array. Allocates: tests and cold paths only.
     *
     * @param i entry.
     * @return the packet octets.
     */
    public byte[] toByteArray(final int i)
    {
        final byte[] bytes = new byte[length[i]];
        buffer(i).getBytes(0, bytes);
        return bytes;
    }

    private void moveEntry(final int from, final int to)
    {
        handle[to] = handle[from];
        pool[to] = pool[from];
        bufferAddress[to] = bufferAddress[from];
        dataOffset[to] = dataOffset[from];
        length[to] = length[from];
        ingressPort[to] = ingressPort[from];
        next[to] = next[from];
        txPort[to] = txPort[from];
        dropReason[to] = dropReason[from];
        timestamp[to] = timestamp[from];
        aux[to] = aux[from];
    }
}
