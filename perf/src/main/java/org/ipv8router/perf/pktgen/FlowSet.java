package org.ipv8router.perf.pktgen;

import org.ipv8router.wire.Ipv8Address;

/**
 * The flows a run cycles through: every combination of source ASN, source host, destination ASN and
 * destination host in the four ranges, in odometer order (destination host fastest, then destination ASN,
 * source host, source ASN), like pktgen-dpdk's range mode. Flow index i maps to
 * <pre>
 *   dstHost = i mod |dstHost|,  dstAsn = (i / |dstHost|) mod |dstAsn|,  ...
 * </pre>
 * IPv4 packets (r = 0) take the host parts of the current flow and ignore the ASNs.
 * <p>
 * {@link Cursor} walks the flows without dividing or allocating, for the transmit path.
 */
public final class FlowSet
{
    /** r values at or above this are broadcast, multicast or reserved (spec 1.5): never a source. */
    private static final long FIRST_SPECIAL_R = 0xFFFF_0000L;
    private static final long MULTICAST_HOSTS_FIRST = 0xE000_0000L;
    private static final long MULTICAST_HOSTS_LAST = 0xEFFF_FFFFL;

    private final ValueRange srcAsn;
    private final ValueRange srcHost;
    private final ValueRange dstAsn;
    private final ValueRange dstHost;
    private final long count;

    /**
     * @throws IllegalArgumentException naming the option when a source range holds an address the router must
     *                                  drop on receive (broadcast/multicast/reserved r, 0.0.0.0, 224.0.0.0/4,
     *                                  255.255.255.255), or the flow count exceeds 2^62.
     */
    public FlowSet(final ValueRange srcAsn, final ValueRange srcHost, final ValueRange dstAsn, final ValueRange dstHost)
    {
        this.srcAsn = srcAsn;
        this.srcHost = srcHost;
        this.dstAsn = dstAsn;
        this.dstHost = dstHost;
        if (srcAsn.last() >= FIRST_SPECIAL_R)
        {
            throw new IllegalArgumentException("--src-asn " + srcAsn.toAsnText() + ": values from " + FIRST_SPECIAL_R +
                " (ff.ff.0.0) up are broadcast, multicast or reserved r and are dropped as sources (spec 1.5)");
        }
        if (srcHost.contains(0))
        {
            throw new IllegalArgumentException("--src-host " + srcHost.toHostText() +
                ": 0.0.0.0 is not a valid source");
        }
        if (srcHost.overlaps(MULTICAST_HOSTS_FIRST, MULTICAST_HOSTS_LAST) || srcHost.contains(0xFFFF_FFFFL))
        {
            throw new IllegalArgumentException("--src-host " + srcHost.toHostText() + ": multicast (224.0.0.0/4) " +
                "and 255.255.255.255 are dropped as sources");
        }
        final double product = (double)srcAsn.size() * srcHost.size() * dstAsn.size() * dstHost.size();
        if (product > (double)(1L << 62))
        {
            throw new IllegalArgumentException("the four ranges make " + product +
                " flows; at most 2^62 are supported");
        }
        this.count = srcAsn.size() * srcHost.size() * dstAsn.size() * dstHost.size();
    }

    /** One flow: source ASN 64496, host 10.0.0.1 to ASN 64497, host 10.0.1.1. */
    public static FlowSet defaults()
    {
        return new FlowSet(ValueRange.of(64496), ValueRange.of(0x0A00_0001L), ValueRange.of(64497),
            ValueRange.of(0x0A00_0101L));
    }

    public long count()
    {
        return count;
    }

    public ValueRange srcAsn()
    {
        return srcAsn;
    }

    public ValueRange srcHost()
    {
        return srcHost;
    }

    public ValueRange dstAsn()
    {
        return dstAsn;
    }

    public ValueRange dstHost()
    {
        return dstHost;
    }

    /** Source address of flow index (0..count-1) as a 64-bit IPv8 address. */
    public long source(final long index)
    {
        final long rest = index / (dstHost.size() * dstAsn.size());
        return Ipv8Address.of((int)srcAsn.at(rest / srcHost.size() % srcAsn.size()),
            (int)srcHost.at(rest % srcHost.size()));
    }

    /** Destination address of flow index as a 64-bit IPv8 address. */
    public long destination(final long index)
    {
        return Ipv8Address.of((int)dstAsn.at(index / dstHost.size() % dstAsn.size()),
            (int)dstHost.at(index % dstHost.size()));
    }

    public Cursor cursor()
    {
        return new Cursor();
    }

    /** Walks the flows in index order, wrapping around; one {@link #advance()} per packet. */
    public final class Cursor
    {
        private long index;
        private long srcAsnValue = srcAsn.first();
        private long srcHostValue = srcHost.first();
        private long dstAsnValue = dstAsn.first();
        private long dstHostValue = dstHost.first();

        /** Index of the current flow. */
        public long index()
        {
            return index;
        }

        public long source()
        {
            return (srcAsnValue << 32) | srcHostValue;
        }

        public long destination()
        {
            return (dstAsnValue << 32) | dstHostValue;
        }

        /** Host part of the source, for IPv4 packets. */
        public int sourceHost()
        {
            return (int)srcHostValue;
        }

        public int destinationHost()
        {
            return (int)dstHostValue;
        }

        /** Moves to the next flow (odometer: destination host fastest). */
        public void advance()
        {
            if (++index == count)
            {
                index = 0;
            }
            if (dstHostValue < dstHost.last())
            {
                dstHostValue++;
                return;
            }
            dstHostValue = dstHost.first();
            if (dstAsnValue < dstAsn.last())
            {
                dstAsnValue++;
                return;
            }
            dstAsnValue = dstAsn.first();
            if (srcHostValue < srcHost.last())
            {
                srcHostValue++;
                return;
            }
            srcHostValue = srcHost.first();
            srcAsnValue = srcAsnValue < srcAsn.last() ? srcAsnValue + 1 : srcAsn.first();
        }
    }
}
