package org.ipv8router.perf.pktgen;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dpdk.DpdkEthDev;
import org.ipv8router.dpdk.DpdkMempool;
import org.ipv8router.dpdk.DpdkShim;
import org.ipv8router.dpdk.Mbuf;
import org.ipv8router.dpdk.MbufBurst;

/**
 * The transmit side on a DPDK port queue, one {@link #doWork(long)} per loop iteration: ask the
 * {@link RatePacer} how many packets are due, allocate that many mbufs in bulk, let the {@link FrameFactory}
 * write a frame into each (template copy plus patches, timestamp of this burst) and hand them to the PMD.
 * <p>
 * What the PMD does not take stays pending and is offered first on the next call, before anything new is
 * built, so back-pressure (a full ring, a slow link) slows the generator down instead of losing frames it
 * would then count as lost; and the loop never spins inside, so one thread can interleave transmit and
 * receive. Frames still pending when the run ends are freed and taken back from their streams
 * ({@link #discardPending()}). Nothing is allocated per packet.
 * <p>
 * That back-pressure is counted, because it changes what a zero-loss result means: over vhost-user or memif the
 * port's transmit ring is the peer's receive ring, so a peer slower than the offered rate throttles the generator
 * instead of dropping at its ingress. {@link #partialBursts()} counts tx_burst calls that took fewer frames than
 * offered (none included), {@link #retriedFrames()} the frames the port refused the first time they were offered,
 * and {@link #blockedNs()} the time during which frames were pending (nothing new was built). Plain fields, read
 * after the transmit thread has ended.
 */
public final class PacketTransmitter implements AutoCloseable
{
    private final FrameFactory factory;
    private final int portId;
    private final int queue;
    private final DpdkMempool pool;
    private final int burstSize;
    private final RatePacer pacer;
    private final PktgenCounters counters;
    private final MbufBurst burst;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final int[] lengths;
    private final int[] streams;
    private final long[] sequences;

    private long limit;
    private long built;
    private int pendingStart;
    private int pendingCount;
    private long sent;
    private long sentOctets;
    private long allocFailures;
    private long discarded;
    private long partialBursts;
    private long retriedFrames;
    private long blockedNs;
    private long pendingSinceNs;

    /**
     * @param maxPackets packets to build in total, Long.MAX_VALUE for no limit (stop with {@link #stop()}).
     */
    public PacketTransmitter(final FrameFactory factory, final DpdkEthDev port, final int queue, final DpdkMempool pool,
        final int burstSize, final RatePacer pacer, final long maxPackets, final PktgenCounters counters)
    {
        if (burstSize < 1 || burstSize > 1024)
        {
            throw new IllegalArgumentException("--burst must be 1..1024, got " + burstSize);
        }
        if (factory.maxFrameLength() > pool.dataRoom())
        {
            throw new IllegalArgumentException("frames of " + factory.maxFrameLength() + " octets do not fit the " +
                "mempool's data room of " + pool.dataRoom());
        }
        this.factory = factory;
        this.portId = port.portId();
        this.queue = queue;
        this.pool = pool;
        this.burstSize = burstSize;
        this.pacer = pacer;
        this.limit = maxPackets;
        this.counters = counters;
        this.burst = new MbufBurst(burstSize);
        this.lengths = new int[burstSize];
        this.streams = new int[burstSize];
        this.sequences = new long[burstSize];
    }

    /**
     * One step: offer pending frames, or build and send the packets due now.
     *
     * @return packets the port accepted in this step.
     */
    public int doWork(final long nowNs)
    {
        if (pendingCount > 0)
        {
            final int accepted = flush();
            if (pendingCount == 0)
            {
                blockedNs += Math.max(0, nowNs - pendingSinceNs);
            }
            return accepted;
        }
        final long remaining = limit - built;
        if (remaining <= 0)
        {
            return 0;
        }
        final int n = pacer.take(nowNs, (int)Math.min(burstSize, remaining));
        if (n == 0)
        {
            return 0;
        }
        if (!pool.allocBulk(burst, n))
        {
            pacer.giveBack(n);
            allocFailures++;
            return 0;
        }
        for (int i = 0; i < n; i++)
        {
            final long mbuf = burst.get(i);
            Mbuf.wrapForWrite(view, mbuf);
            final int length = factory.write(view, 0, nowNs);
            Mbuf.length(mbuf, length);
            lengths[i] = length;
            streams[i] = factory.lastStream();
            sequences[i] = factory.lastSequence();
        }
        built += n;
        pendingStart = 0;
        pendingCount = n;
        final int accepted = flush();
        if (pendingCount > 0)
        {
            retriedFrames += pendingCount;
            pendingSinceNs = nowNs;
        }
        return accepted;
    }

    private int flush()
    {
        final int accepted = DpdkShim.txBurstNoFree(portId, queue, burst.addressOf(pendingStart), pendingCount);
        if (accepted < pendingCount)
        {
            partialBursts++;
        }
        if (accepted > 0)
        {
            long octets = 0;
            for (int i = pendingStart, end = pendingStart + accepted; i < end; i++)
            {
                octets += lengths[i];
            }
            pendingStart += accepted;
            pendingCount -= accepted;
            sent += accepted;
            sentOctets += octets;
            counters.publishTx(sent, sentOctets);
        }
        return accepted;
    }

    /** Builds nothing more; pending frames are still offered by {@link #doWork(long)}. */
    public void stop()
    {
        limit = built;
    }

    /** True when everything built was sent (or discarded) and nothing more will be built. */
    public boolean isDone()
    {
        return built >= limit && pendingCount == 0;
    }

    /** Frames built but not yet accepted by the port. */
    public int pending()
    {
        return pendingCount;
    }

    /**
     * Frees the pending frames and takes them back from their streams (newest first), so the receive side
     * does not count frames that never left as lost.
     *
     * @return how many were discarded.
     */
    public int discardPending()
    {
        final int n = pendingCount;
        if (n == 0)
        {
            return 0;
        }
        for (int i = pendingStart + n - 1; i >= pendingStart; i--)
        {
            factory.unsend(streams[i], sequences[i]);
        }
        DpdkShim.freeBulk(burst.addressOf(pendingStart), n);
        pendingCount = 0;
        discarded += n;
        built -= n;
        limit = built;
        return n;
    }

    /** Packets the port accepted. */
    public long sent()
    {
        return sent;
    }

    /** Octets of those packets, without FCS. */
    public long sentOctets()
    {
        return sentOctets;
    }

    /** Bursts skipped because the mempool was empty (the receive side or the PMD holds the mbufs). */
    public long allocFailures()
    {
        return allocFailures;
    }

    /** Frames built but discarded at the end because the port never took them. */
    public long discarded()
    {
        return discarded;
    }

    /** tx_burst calls that took fewer frames than offered (none included): the port pushed back. */
    public long partialBursts()
    {
        return partialBursts;
    }

    /** Frames the port refused the first time they were offered (offered again, or discarded at the end). */
    public long retriedFrames()
    {
        return retriedFrames;
    }

    /**
     * Nanoseconds during which frames were pending (the port had refused some, nothing new was built), by the
     * clock given to {@link #doWork(long)}; a stretch still open when the run ends is not included.
     */
    public long blockedNs()
    {
        return blockedNs;
    }

    public FrameFactory factory()
    {
        return factory;
    }

    @Override
    public void close()
    {
        discardPending();
        burst.close();
    }
}
