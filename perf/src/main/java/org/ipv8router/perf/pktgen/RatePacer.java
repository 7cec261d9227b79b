package org.ipv8router.perf.pktgen;

/**
 * Paces transmission to a packet rate by the clock (System.nanoTime): before each burst the transmit loop asks
 * how many packets are due; it gets 0 (too early: spin or poll the receive side) up to the burst size. The
 * schedule is kept in picoseconds, so rates that do not divide a second evenly do not drift. A stall
 * (descheduling on a busy host, a full ring) is caught up, at most {@value #MAX_BACKLOG_NS} ns worth of packets
 * and at most one burst per step, so the average rate holds while a long stall does not end in an endless burst.
 */
public final class RatePacer
{
    /** Packet rate meaning "as fast as the port takes them". */
    public static final double UNLIMITED = 0;
    public static final long MAX_BACKLOG_NS = 100_000_000;

    private final long picosPerPacket;
    private final long maxBacklogPicos;
    private long startNs;
    private long nextPicos;

    /** @param packetsPerSecond target rate, or {@link #UNLIMITED}. */
    public RatePacer(final double packetsPerSecond)
    {
        if (packetsPerSecond < 0 || Double.isNaN(packetsPerSecond))
        {
            throw new IllegalArgumentException("rate must be positive, got " + packetsPerSecond);
        }
        this.picosPerPacket = packetsPerSecond == UNLIMITED ? 0 : Math.max(1, Math.round(1e12 / packetsPerSecond));
        this.maxBacklogPicos = Math.max(MAX_BACKLOG_NS * 1000, picosPerPacket);
    }

    /** Starts the schedule: the first packet is due at nowNs. */
    public void start(final long nowNs)
    {
        startNs = nowNs;
        nextPicos = 0;
    }

    public boolean isUnlimited()
    {
        return picosPerPacket == 0;
    }

    /** Target rate in packets per second, 0 if unlimited. */
    public double packetsPerSecond()
    {
        return picosPerPacket == 0 ? 0 : 1e12 / picosPerPacket;
    }

    /**
     * Takes up to max packets that are due at nowNs.
     *
     * @return how many may be sent now, 0..max.
     */
    public int take(final long nowNs, final int max)
    {
        if (picosPerPacket == 0)
        {
            return max;
        }
        final long nowPicos = (nowNs - startNs) * 1000;
        if (nowPicos < nextPicos)
        {
            return 0;
        }
        if (nowPicos - nextPicos > maxBacklogPicos)
        {
            nextPicos = nowPicos - maxBacklogPicos;
        }
        final long due = (nowPicos - nextPicos) / picosPerPacket + 1;
        final int n = (int)Math.min(max, due);
        nextPicos += n * picosPerPacket;
        return n;
    }

    /** Gives back n packets taken but not built (the caller had fewer to send). */
    public void giveBack(final int n)
    {
        nextPicos -= n * picosPerPacket;
    }
}
