package org.ipv8router.dataplane.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A {@link PacketPool} over one page-aligned off-heap region cut into equal slots (default 2 KiB, 128 octets of
 * headroom, as DPDK's default mbuf data room). The handle of a slot is its absolute address, like an
 * {@code rte_mbuf*}; the free list is a primitive stack of slot indices.
 * <pre>
 *   base                                                           base + slotCount * stride
 *   | slot 0 |pad| slot 1 |pad| slot 2 |pad| ...                 | slot n-1 |pad|
 *   stride = slotLength + 64                               (an odd number of cache lines)
 *   handle(slot i) = base + i * stride                     (never 0, so 0 is NULL_HANDLE)
 * </pre>
 * <b>Why the pad.</b> With a power-of-two stride every packet's header lands at the same offset modulo 4 KiB, so
 * a burst of 64 packets competes for one or two L1 sets (8 ways each) and every pass over the burst misses L1.
 * One spare cache line per slot makes the stride an odd number of lines, which walks the headers through all of
 * L1's sets (DPDK's mempool spreads its objects for the same reason). {@code PipelineBenchmark}'s 64-packet bursts
 * showed no difference either way (its buffers are reused LIFO and stay in L2); the pad costs 3 % of the pool's
 * memory and removes the conflict for longer vectors and for anything that walks a burst twice.
 * <b>Threading.</b> One owner thread calls {@link #alloc()} and {@link #free(long)} (the forwarding agent whose
 * ports fill the pool): no locks, no atomics, no allocation. Another thread that was handed a packet (after a
 * happens-before hand-off, e.g. a punt queue to the control plane) gives it back with {@link #freeRemote(long)}:
 * a lock-free many-to-one ring of handles, sized so it can never be full, which the owner drains when its own
 * stack runs dry or when it calls {@link #reclaimRemoteFrees()}. The engine's own ports copy at thread boundaries
 * and never need it.
 * <p>
 * <b>Lifetime.</b> {@link #close()} releases the memory at once: close the pool only after every port and agent
 * that may touch its buffers has stopped, or the JVM may crash on a stale address.
 * <p>
 * <b>Errors.</b> Freeing a handle that is not an allocated slot of this pool (a double free, a foreign handle)
 * throws {@link IllegalArgumentException} or {@link IllegalStateException}: that is a bug in a node, and letting
 * it corrupt the free list would hand one buffer to two packets.
 */
public final class SlabPacketPool implements PacketPool, AutoCloseable
{
    /** Default slot length: 2 KiB holds a 1518-octet Ethernet frame plus headroom. */
    public static final int DEFAULT_SLOT_LENGTH = 2048;
    /** Default headroom, as RTE_PKTMBUF_HEADROOM; more than the 28 octets 8to4 plus upgrade can prepend. */
    public static final int DEFAULT_HEADROOM = 128;

    private static final int REMOTE_FREE_MESSAGE = 1;
    private static final int CACHE_LINE = 64;
    private static final byte FREE = 0;
    private static final byte IN_USE = 1;

    private final String name;
    private final Arena arena;
    private final long baseAddress;
    private final long endAddress;
    private final int slotCount;
    private final int slotLength;
    /** slotLength plus one cache line: see the class comment. */
    private final long stride;
    /** The inverse of stride / 64 (odd) modulo 2^64: exact division of an offset by the stride, see slotOf. */
    private final long inverseOfStrideLines;
    private final int headroom;
    private final int[] freeStack;
    private final byte[] slotState;
    private final ManyToOneRingBuffer remoteFrees;
    private final MessageHandler remoteFreeHandler = this::onRemoteFree;
    private int freeCount;
    private boolean closed;

    /**
     * A pool of {@code slotCount} slots of {@link #DEFAULT_SLOT_LENGTH} with {@link #DEFAULT_HEADROOM}.
     *
     * @param name      for logs.
     * @param slotCount number of packet buffers.
     */
    public SlabPacketPool(final String name, final int slotCount)
    {
        this(name, slotCount, DEFAULT_SLOT_LENGTH, DEFAULT_HEADROOM);
    }

    /**
     * A pool of {@code slotCount} slots of {@code slotLength} octets.
     *
     * @param name       for logs.
     * @param slotCount  number of packet buffers, at least 1.
     * @param slotLength octets per buffer, a power of two of at least 256.
     * @param headroom   octets reserved in front of received data, less than {@code slotLength - 64}.
     */
    public SlabPacketPool(final String name, final int slotCount, final int slotLength, final int headroom)
    {
        if (slotCount < 1)
        {
            throw new IllegalArgumentException("packet pool '" + name + "': slot count must be >= 1, got " + slotCount);
        }
        if (slotLength < 256 || Integer.bitCount(slotLength) != 1)
        {
            throw new IllegalArgumentException(
                "packet pool '" + name + "': slot length must be a power of two >= 256, got " + slotLength);
        }
        if (headroom < 0 || headroom > slotLength - 64)
        {
            throw new IllegalArgumentException(
                "packet pool '" + name + "': headroom must be in [0, " + (slotLength - 64) + "], got " + headroom);
        }
        this.name = name;
        this.slotCount = slotCount;
        this.slotLength = slotLength;
        this.stride = slotLength + CACHE_LINE;
        this.inverseOfStrideLines = inverseModulo2To64(stride / CACHE_LINE);
        this.headroom = headroom;
        this.arena = Arena.ofShared();
        final MemorySegment region = arena.allocate((long)slotCount * stride, 4096);
        this.baseAddress = region.address();
        this.endAddress = baseAddress + region.byteSize();
        this.freeStack = new int[slotCount];
        this.slotState = new byte[slotCount];
        // Lowest slot on top of the stack, so a lightly used pool keeps touching the same few cache lines.
        for (int i = 0; i < slotCount; i++)
        {
            freeStack[i] = slotCount - 1 - i;
        }
        this.freeCount = slotCount;
        // one 16-octet record (8 header + 8 handle) per slot fits: the ring can hold every buffer at once
        final int ringCapacity = Math.max(1024, Integer.highestOneBit(Math.max(1, slotCount * 16 - 1)) << 1);
        this.remoteFrees = new ManyToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(ringCapacity + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /** {@inheritDoc} */
    public String name()
    {
        return name;
    }

    /** {@inheritDoc} */
    public long alloc()
    {
        if (freeCount == 0 && reclaimRemoteFrees() == 0)
        {
            return NULL_HANDLE;
        }
        final int slot = freeStack[--freeCount];
        slotState[slot] = IN_USE;
        return baseAddress + slot * stride;
    }

    /** {@inheritDoc} */
    public void free(final long handle)
    {
        final int slot = slotOf(handle);
        if (slotState[slot] != IN_USE)
        {
            throw new IllegalStateException("packet pool '" + name + "': double free of slot " + slot);
        }
        slotState[slot] = FREE;
        freeStack[freeCount++] = slot;
    }

    /**
     * Frees a buffer from a thread that is not the owner. Lock free and allocation free; the buffer becomes
     * available to the owner once it reclaims remote frees. Validity (double free, foreign handle) is checked
     * then, on the owner thread.
     *
     * @param handle of a buffer of this pool that the calling thread owns.
     */
    public void freeRemote(final long handle)
    {
        final int index = remoteFrees.tryClaim(REMOTE_FREE_MESSAGE, Long.BYTES);
        if (index < 0)
        {
            // cannot happen while handles are genuine: the ring holds one record per slot
            throw new IllegalStateException("packet pool '" + name + "': remote free queue full (more frees than " +
                "slots: double or foreign frees?)");
        }
        remoteFrees.buffer().putLong(index, handle);
        remoteFrees.commit(index);
    }

    /**
     * Owner thread only: takes back every buffer freed by other threads so far.
     *
     * @return the number of buffers reclaimed.
     */
    public int reclaimRemoteFrees()
    {
        return remoteFrees.read(remoteFreeHandler);
    }

    /** {@inheritDoc} */
    public long bufferAddress(final long handle)
    {
        return handle;
    }

    /** {@inheritDoc} */
    public int bufferLength()
    {
        return slotLength;
    }

    /** {@inheritDoc} */
    public int headroom()
    {
        return headroom;
    }

    /** {@inheritDoc} */
    public int capacity()
    {
        return slotCount;
    }

    /** {@inheritDoc} */
    public int available()
    {
        return freeCount;
    }

    /**
     * Is the handle an allocated slot of this pool?
     *
     * @param handle to test.
     * @return true if it names a slot of this pool that is currently allocated.
     */
    public boolean isAllocated(final long handle)
    {
        final long slot = slotIndex(handle);
        return slot >= 0 && slotState[(int)slot] == IN_USE;
    }

    /**
     * Releases the off-heap memory. Idempotent. See the class comment for when this is safe.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            arena.close();
        }
    }

    public String toString()
    {
        return "SlabPacketPool{name=" + name + ", slots=" + slotCount + ", slotLength=" + slotLength +
            ", stride=" + stride +
            ", headroom=" + headroom + ", free=" + freeCount + '}';
    }

    private void onRemoteFree(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        free(buffer.getLong(index));
    }

    private int slotOf(final long handle)
    {
        final long slot = slotIndex(handle);
        if (slot < 0)
        {
            throw new IllegalArgumentException(
                "packet pool '" + name + "': handle 0x" + Long.toHexString(handle) + " is not a slot of this pool");
        }
        return (int)slot;
    }

    /**
     * The slot a handle names, or -1. No division: the offset is a multiple of 64 and stride / 64 is odd, so
     * multiplying offset / 64 by the inverse of stride / 64 modulo 2^64 gives the exact quotient when the offset is
     * a multiple of the stride, and otherwise a value above (2^64 - 1) / (stride / 64), which exceeds slotCount
     * because the region is smaller than 2^64 (Granlund-Montgomery exact division).
     */
    private long slotIndex(final long handle)
    {
        final long offset = handle - baseAddress;
        if (handle < baseAddress || handle >= endAddress || (offset & (CACHE_LINE - 1)) != 0)
        {
            return -1;
        }
        final long slot = (offset >>> 6) * inverseOfStrideLines;
        return Long.compareUnsigned(slot, slotCount) < 0 ? slot : -1;
    }

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration, 5 steps from 3 bits). */
    static long inverseModulo2To64(final long odd)
    {
        long inverse = odd; // odd * odd = 1 mod 8: correct to 3 bits
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - odd * inverse; // doubles the correct bits: 6, 12, 24, 48, 96
        }
        return inverse;
    }
}
