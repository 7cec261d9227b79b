package org.ipv8router.perf.pktgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Running totals the transmit and receive loops publish once per burst (release stores, one writer each) for
 * the progress line, which another thread reads (acquire loads). Plain longs, no locks, no allocation.
 */
public final class PktgenCounters
{
    private static final VarHandle TX_PACKETS;
    private static final VarHandle TX_OCTETS;
    private static final VarHandle RX_PACKETS;
    private static final VarHandle RX_PROBES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TX_PACKETS = lookup.findVarHandle(PktgenCounters.class, "txPackets", long.class);
            TX_OCTETS = lookup.findVarHandle(PktgenCounters.class, "txOctets", long.class);
            RX_PACKETS = lookup.findVarHandle(PktgenCounters.class, "rxPackets", long.class);
            RX_PROBES = lookup.findVarHandle(PktgenCounters.class, "rxProbes", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") private long txPackets;
    @SuppressWarnings("unused") private long txOctets;
    @SuppressWarnings("unused") private long rxPackets;
    @SuppressWarnings("unused") private long rxProbes;
    private volatile boolean txDone;

    void publishTx(final long packets, final long octets)
    {
        TX_PACKETS.setRelease(this, packets);
        TX_OCTETS.setRelease(this, octets);
    }

    void publishRx(final long packets, final long probes)
    {
        RX_PACKETS.setRelease(this, packets);
        RX_PROBES.setRelease(this, probes);
    }

    /** Packets the port accepted for transmission. */
    public long txPackets()
    {
        return (long)TX_PACKETS.getAcquire(this);
    }

    /** Octets of those packets (without FCS). */
    public long txOctets()
    {
        return (long)TX_OCTETS.getAcquire(this);
    }

    /** Frames received, probes or not. */
    public long rxPackets()
    {
        return (long)RX_PACKETS.getAcquire(this);
    }

    /** Distinct probes received. */
    public long rxProbes()
    {
        return (long)RX_PROBES.getAcquire(this);
    }

    void txDone()
    {
        txDone = true;
    }

    /** True once the transmit side has sent its last packet. */
    public boolean isTxDone()
    {
        return txDone;
    }
}
