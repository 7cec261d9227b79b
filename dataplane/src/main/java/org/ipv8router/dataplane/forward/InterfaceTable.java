package org.ipv8router.dataplane.forward;

import java.util.List;

import org.agrona.collections.LongHashSet;
import org.ipv8router.dataplane.port.Port;

/**
 * The interfaces as the forwarding nodes read them: parallel arrays indexed by port index (role, MAC, MTU, our
 * addresses, allowed peer ASNs, ICMP source addresses) and the set of all our addresses for local delivery. Built
 * once from the {@link RouterSpec}; read only afterwards, so any thread may read it.
 */
public final class InterfaceTable
{
    private final String[] names;
    private final RouterSpec.Role[] roles;
    private final long[] macs;
    private final int[] mtus;
    private final long[][] addresses;
    private final long[][] peerAsns;
    private final LongHashSet ours = new LongHashSet();
    /** The same set as a plain array while it is small: a scan of a few longs beats hashing every packet. */
    private final long[] oursSmall;
    private static final int SMALL_SET = 16;
    /** Bit (a & 63) set for every address a in the set: one shift and test rules out most packets. */
    private final long oursFilter;

    InterfaceTable(final List<RouterSpec.Interface> interfaces, final List<? extends Port> ports)
    {
        int max = -1;
        for (final Port port : ports)
        {
            max = Math.max(max, port.index());
        }
        names = new String[max + 1];
        roles = new RouterSpec.Role[max + 1];
        macs = new long[max + 1];
        mtus = new int[max + 1];
        addresses = new long[max + 1][];
        peerAsns = new long[max + 1][];
        for (final RouterSpec.Interface spec : interfaces)
        {
            final Port port = find(ports, spec.portIndex());
            if (port == null)
            {
                throw new IllegalArgumentException("interface " + spec.name() + ": no port with index " +
                    spec.portIndex());
            }
            final int p = spec.portIndex();
            if (names[p] != null)
            {
                throw new IllegalArgumentException("interfaces " + names[p] + " and " + spec.name() +
                    " are both on port index " + p);
            }
            names[p] = spec.name();
            roles[p] = spec.role();
            macs[p] = spec.mac() != 0 ? spec.mac() : port.macAddress();
            mtus[p] = spec.mtu() != 0 ? spec.mtu() : port.mtu();
            addresses[p] = new long[spec.addresses().size()];
            for (int a = 0; a < addresses[p].length; a++)
            {
                final long address = spec.addresses().get(a).address();
                addresses[p][a] = address;
                ours.add(address);
                ours.add(address & 0xFFFF_FFFFL); // an IPv4-only host addresses us by n.n.n.n (r = 0)
            }
            peerAsns[p] = new long[spec.peerAsns().size()];
            for (int a = 0; a < peerAsns[p].length; a++)
            {
                peerAsns[p][a] = spec.peerAsns().get(a);
            }
        }
        long filter = 0;
        for (final long address : ours)
        {
            filter |= 1L << address; // Java masks the shift count to its low 6 bits: bit (address & 63)
        }
        oursFilter = filter;
        if (ours.size() <= SMALL_SET)
        {
            oursSmall = new long[ours.size()];
            int k = 0;
            for (final long address : ours)
            {
                oursSmall[k++] = address;
            }
        }
        else
        {
            oursSmall = null;
        }
        for (final Port port : ports)
        {
            if (names[port.index()] == null)
            {
                throw new IllegalArgumentException("port " + port.name() + " (index " + port.index() +
                    ") has no interface in the router spec");
            }
        }
    }

    private static Port find(final List<? extends Port> ports, final int index)
    {
        for (final Port port : ports)
        {
            if (port.index() == index)
            {
                return port;
            }
        }
        return null;
    }

    /** @return one more than the highest port index. */
    public int size()
    {
        return names.length;
    }

    /** @param port index. @return true if an interface runs on the port. */
    public boolean exists(final int port)
    {
        return port >= 0 && port < names.length && names[port] != null;
    }

    public String name(final int port)
    {
        return names[port];
    }

    public RouterSpec.Role role(final int port)
    {
        return roles[port];
    }

    public long mac(final int port)
    {
        return macs[port];
    }

    /** Every port's MAC as {@link #mac} gives it, indexed by port, for hot loops; read-only. */
    long[] macs()
    {
        return macs;
    }

    public int mtu(final int port)
    {
        return mtus[port];
    }

    /** @return our addresses on the interface (do not modify). */
    public long[] addresses(final int port)
    {
        return addresses[port];
    }

    /**
     * A 64-bit filter of {@link #isOurs}: bit {@code a & 63} is set for every address {@code a} of ours, so
     * {@code ((oursFilter() >>> address) & 1) == 0} proves {@code !isOurs(address)} with one shift (the fast path's
     * per-packet test; the set itself is fixed for the life of the table).
     */
    long oursFilter()
    {
        return oursFilter;
    }

    /** True if {@code address} is one of ours, or the r = 0 form of one of ours. */
    public boolean isOurs(final long address)
    {
        final long[] small = oursSmall;
        if (small != null)
        {
            for (final long a : small)
            {
                if (a == address)
                {
                    return true;
                }
            }
            return false;
        }
        return ours.contains(address);
    }

    /** Spec 19.1: on an external interface the source r must be 0 or an allowed peer ASN (empty list = any). */
    boolean isAllowedSourceAsn(final int port, final int r)
    {
        final long[] allowed = peerAsns[port];
        if (r == 0 || allowed.length == 0)
        {
            return true;
        }
        final long asn = r & 0xFFFF_FFFFL;
        for (final long a : allowed)
        {
            if (a == asn)
            {
                return true;
            }
        }
        return false;
    }

    /** Our 64-bit address on the interface for IPv8 messages: the first with r != 0, else the first; 0 if none. */
    long ipv8Source(final int port)
    {
        final long[] own = addresses[port];
        for (final long a : own)
        {
            if ((a >>> 32) != 0)
            {
                return a;
            }
        }
        return own.length > 0 ? own[0] : 0;
    }

    /** Our IPv4 address on the interface: the first r = 0 address, else the n of the first; 0 if none. */
    int ipv4Source(final int port)
    {
        final long[] own = addresses[port];
        for (final long a : own)
        {
            if ((a >>> 32) == 0)
            {
                return (int)a;
            }
        }
        return own.length > 0 ? (int)own[0] : 0;
    }

    /** Our address on the interface with the same r as {@code target} (ARP8 sender), else the IPv8 source. */
    long addressFor(final int port, final long target)
    {
        final long[] own = addresses[port];
        for (final long a : own)
        {
            if ((a >>> 32) == (target >>> 32))
            {
                return a;
            }
        }
        return ipv8Source(port);
    }

    /** True if {@code address} is one of our addresses on this interface (exact 64 bits). */
    boolean isOursOn(final int port, final long address)
    {
        for (final long a : addresses[port])
        {
            if (a == address)
            {
                return true;
            }
        }
        return false;
    }

    /** True if the IPv4 address equals the n of one of our addresses on this interface (ARP4 target). */
    boolean isOursOnIpv4(final int port, final int address)
    {
        for (final long a : addresses[port])
        {
            if ((int)a == address)
            {
                return true;
            }
        }
        return false;
    }
}
