package org.ipv8router.dpdk;

import java.lang.foreign.Arena;

/**
 * A DPDK packet-buffer pool ({@code rte_pktmbuf_pool_create}) that rx queues fill from and generated packets
 * are allocated from. Create it after {@link Eal#init(EalConfig)}; close it only after every port using it
 * is closed.
 */
public final class DpdkMempool implements AutoCloseable
{
    /** Data room of a default mbuf: a 1518-byte frame fits in one segment (RTE_MBUF_DEFAULT_DATAROOM). */
    public static final int DEFAULT_DATA_ROOM = 2048;
    /** Per-lcore cache used by DPDK's examples; must be &lt;= count / 1.5. */
    public static final int DEFAULT_CACHE = 256;
    /** Longest pool name: RTE_MEMPOOL_NAMESIZE (26) minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 25;

    private final String name;
    private final long address;
    private final int count;
    private final int dataRoom;
    private volatile boolean closed;

    private DpdkMempool(final String name, final long address, final int count, final int dataRoom)
    {
        this.name = name;
        this.address = address;
        this.count = count;
        this.dataRoom = dataRoom;
    }

    /**
     * Creates a pool of count mbufs (2^q - 1 is the most memory-efficient) with the given per-lcore cache and
     * data room (bytes after the headroom).
     *
     * @param socket NUMA socket, or -1 for any.
     * @throws DpdkException naming the pool when DPDK refuses (no memory, duplicate name, cache too big).
     */
    public static DpdkMempool create(final String name, final int count, final int cache, final int dataRoom,
        final int socket)
    {
        Eal.current();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("mempool name must be 1.." + MAX_NAME_LENGTH + " characters: " + name);
        }
        if (count < 1 || cache < 0 || dataRoom < 0 || dataRoom + MbufLayout.HEADROOM > 65535)
        {
            throw new IllegalArgumentException("mempool " + name + ": need count >= 1, cache >= 0, data room " +
                "0.." + (65535 - MbufLayout.HEADROOM) + " (got " + count + ", " + cache + ", " + dataRoom + ")");
        }
        final long pool;
        try (Arena arena = Arena.ofConfined())
        {
            pool = ShimFunctions.poolCreate(arena.allocateFrom(name), count, cache, dataRoom, socket);
        }
        if (pool == 0)
        {
            throw DpdkShim.failure("cannot create mempool " + name, -ShimFunctions.rteErrno());
        }
        return new DpdkMempool(name, pool, count, dataRoom);
    }

    /** A pool with the default cache and data room on any socket. */
    public static DpdkMempool create(final String name, final int count)
    {
        return create(name, count, Math.min(DEFAULT_CACHE, count * 2 / 3), DEFAULT_DATA_ROOM, -1);
    }

    public String name()
    {
        return name;
    }

    /** Address of the struct rte_mempool, for {@link DpdkShim#allocBulk(long, long, int)}. */
    public long address()
    {
        return address;
    }

    public int count()
    {
        return count;
    }

    public int dataRoom()
    {
        return dataRoom;
    }

    /** Free mbufs, per-lcore caches included (rte_mempool_avail_count). */
    public int available()
    {
        return ShimFunctions.poolAvailable(address);
    }

    /** Mbufs handed out and not yet freed (rte_mempool_in_use_count). */
    public int inUse()
    {
        return ShimFunctions.poolInUse(address);
    }

    /**
     * Allocates n reset mbufs into burst positions 0..n-1, all or none.
     *
     * @return false if the pool had fewer than n free (nothing allocated).
     */
    public boolean allocBulk(final MbufBurst burst, final int n)
    {
        if (n > burst.capacity())
        {
            throw new IllegalArgumentException("cannot allocate " + n + " mbufs into a burst of " + burst.capacity());
        }
        return DpdkShim.allocBulk(address, burst.address(), n);
    }

    /** Frees n mbufs at burst positions 0..n-1 back to their pools. */
    public static void freeBulk(final MbufBurst burst, final int n)
    {
        if (n > burst.capacity())
        {
            throw new IllegalArgumentException("cannot free " + n + " mbufs from a burst of " + burst.capacity());
        }
        DpdkShim.freeBulk(burst.address(), n);
    }

    /** rte_mempool_free. Only once no port queue and no in-flight mbuf uses the pool. */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        ShimFunctions.poolFree(address);
    }

    @Override
    public String toString()
    {
        return "DpdkMempool{" + name + ", " + count + " mbufs, data room " + dataRoom + "}";
    }
}
