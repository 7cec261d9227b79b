package org.ipv8router.dataplane.fib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Quiescent-state based reclamation (QSBR, the scheme of DPDK's {@code rte_rcu_qsbr}) for the FIB's reusable
 * slots: tbl8 groups of {@link Dir24_8} and next-hop indices of {@link NextHopTable}.
 * <p>
 * Why: readers never lock, so after the single writer unlinks a tbl8 group (or stops referring to a next-hop index)
 * a reader may still be between reading the pointer and reading the group. The slot must not be reused until every
 * reader has passed a point where it holds no FIB reference (a <em>quiescent point</em>, in a forwarding worker:
 * between two bursts). Garbage-collected objects (Tier 1 copy-on-write entries) need none of this.
 * <p>
 * Protocol:
 * <ul>
 *   <li>Reader (forwarding worker): {@link #register()} once, then {@link #quiescent(int)} after every burst (one
 *       volatile read and one ordered store), {@link #offline(int)} before blocking or idling for long,
 *       {@link #unregister(int)} on exit. A thread that looks up without being registered gets no protection against
 *       slot reuse: it is safe only while no routes are removed.</li>
 *   <li>Writer: after unlinking a slot, {@link #retire()} returns a token; the slot may be reused once
 *       {@link #isSafe(long)} is true for that token, i.e. every online reader has announced an epoch newer than it.</li>
 * </ul>
 * Readers that never call {@link #quiescent(int)} only hold reclamation back (the tables then allocate fresh slots
 * and in the end report exhaustion); they never make a reader see garbage.
 * <p>
 * Each reader's counter sits on its own 128-byte line so that readers do not false-share.
 */
public final class QuiescentState
{
    /** Epoch value of a slot that is free or whose reader is offline: it holds nothing back. */
    private static final long OFFLINE = Long.MAX_VALUE;
    private static final int PAD_LONGS = 16;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle EPOCH;

    static
    {
        try
        {
            EPOCH = MethodHandles.lookup().findVarHandle(QuiescentState.class, "epoch", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] slots;
    private final boolean[] inUse;
    @SuppressWarnings("unused") // accessed through EPOCH
    private volatile long epoch = 1;

    /**
     * @param maxReaders how many reader threads may be registered at the same time.
     */
    public QuiescentState(final int maxReaders)
    {
        if (maxReaders < 1 || maxReaders > 4096)
        {
            throw new IllegalArgumentException("maxReaders must be 1..4096, got " + maxReaders);
        }
        slots = new long[(maxReaders + 1) * PAD_LONGS];
        Arrays.fill(slots, OFFLINE);
        inUse = new boolean[maxReaders];
    }

    /** Registers a reader thread and marks it online; returns its slot. Cold path. */
    public synchronized int register()
    {
        for (int i = 0; i < inUse.length; i++)
        {
            if (!inUse[i])
            {
                inUse[i] = true;
                SLOTS.setVolatile(slots, index(i), (long)EPOCH.getVolatile(this));
                return i;
            }
        }
        throw new IllegalStateException("all " + inUse.length + " FIB reader slots are registered");
    }

    /** Releases a reader slot. Cold path. */
    public synchronized void unregister(final int slot)
    {
        SLOTS.setVolatile(slots, index(slot), OFFLINE);
        inUse[slot] = false;
    }

    /** Reader: announces that it holds no reference into the FIB. Hot path, allocation free. */
    public void quiescent(final int slot)
    {
        SLOTS.setRelease(slots, index(slot), (long)EPOCH.getVolatile(this));
    }

    /** Reader: going idle; it holds nothing back until the next {@link #quiescent(int)}. */
    public void offline(final int slot)
    {
        SLOTS.setRelease(slots, index(slot), OFFLINE);
    }

    /**
     * Writer: call after the unlinking store(s); returns the token to pass to {@link #isSafe(long)}.
     */
    public long retire()
    {
        return (long)EPOCH.getAndAdd(this, 1L) + 1;
    }

    /** Writer: true when every online reader has passed a quiescent point after the retire that gave the token. */
    public boolean isSafe(final long token)
    {
        for (int i = 0; i < inUse.length; i++)
        {
            if ((long)SLOTS.getVolatile(slots, index(i)) < token)
            {
                return false;
            }
        }
        return true;
    }

    /** Number of reader slots. */
    public int maxReaders()
    {
        return inUse.length;
    }

    private static int index(final int slot)
    {
        return (slot + 1) * PAD_LONGS;
    }
}
