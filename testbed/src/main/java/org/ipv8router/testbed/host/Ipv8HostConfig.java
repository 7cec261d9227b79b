package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.Arp8Announcer;
import org.ipv8router.dataplane.neighbor.Arp8Timers;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.WireProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Ipv8Host} is: one interface, its addresses, its default gateways and the wire constants.
 * Immutable; build with {@link #builder(String)}.
 * <p>
 * Gateways: every segment has a .254 (even) and a .253 (odd) gateway, both active (spec 7.7, A23). A host given
 * both prefers the one whose parity matches its VLAN ID when one is configured, else the parity of the last
 * octet of its first address (which spreads hosts over the pair), and uses the other one while the preferred
 * one does not answer ARP8/ARP.
 */
public final class Ipv8HostConfig
{
    private final String interfaceName;
    private final String netns;
    private final List<InterfaceAddress> addresses;
    private final List<Long> gateways;
    private final int vlanId;
    private final WireProfile wireProfile;
    private final Arp8Timers arpTimers;
    private final int arpCacheSize;
    private final int defaultTtl;
    private final int announceCount;
    private final long announceIntervalNs;
    private final int icmpErrorsPerSecond;

    private Ipv8HostConfig(final Builder b)
    {
        interfaceName = b.interfaceName;
        netns = b.netns;
        addresses = List.copyOf(b.addresses);
        vlanId = b.vlanId;
        wireProfile = b.wireProfile;
        arpTimers = b.arpTimers;
        arpCacheSize = b.arpCacheSize;
        defaultTtl = b.defaultTtl;
        announceCount = b.announceCount;
        announceIntervalNs = b.announceIntervalNs;
        icmpErrorsPerSecond = b.icmpErrorsPerSecond;
        gateways = orderGateways(b.gateways, vlanId >= 0 ? vlanId : addresses.getFirst().host() & 0xFF);
    }

    /** Preferred gateway first: the one whose last octet has the parity of {@code parityKey}. */
    private static List<Long> orderGateways(final List<Long> configured, final int parityKey)
    {
        final List<Long> ordered = new ArrayList<>();
        for (final long gateway : configured)
        {
            if (((Ipv8Address.host(gateway) ^ parityKey) & 1) == 0)
            {
                ordered.add(gateway);
            }
        }
        for (final long gateway : configured)
        {
            if (!ordered.contains(gateway))
            {
                ordered.add(gateway);
            }
        }
        return List.copyOf(ordered);
    }

    public static Builder builder(final String interfaceName)
    {
        return new Builder(interfaceName);
    }

    public String interfaceName()
    {
        return interfaceName;
    }

    /** Network namespace to open the interface in ({@code null}: the caller's). */
    public String netns()
    {
        return netns;
    }

    public List<InterfaceAddress> addresses()
    {
        return addresses;
    }

    /** Default gateways, preferred first. */
    public List<Long> gateways()
    {
        return gateways;
    }

    /** VLAN ID used for the gateway parity choice, or -1. */
    public int vlanId()
    {
        return vlanId;
    }

    public WireProfile wireProfile()
    {
        return wireProfile;
    }

    public Arp8Timers arpTimers()
    {
        return arpTimers;
    }

    public int arpCacheSize()
    {
        return arpCacheSize;
    }

    public int defaultTtl()
    {
        return defaultTtl;
    }

    public int announceCount()
    {
        return announceCount;
    }

    public long announceIntervalNs()
    {
        return announceIntervalNs;
    }

    public int icmpErrorsPerSecond()
    {
        return icmpErrorsPerSecond;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Ipv8HostConfig{iface=").append(interfaceName);
        if (netns != null)
        {
            sb.append(", netns=").append(netns);
        }
        sb.append(", addresses=").append(addresses).append(", gateways=[");
        for (int i = 0; i < gateways.size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(Ipv8Address.toString(gateways.get(i)));
        }
        return sb.append(String.format("], ethertype=0x%04X}", wireProfile.ipv8EtherType())).toString();
    }

    /** Builder; {@link #build()} checks the whole configuration and names what is wrong. */
    public static final class Builder
    {
        private final String interfaceName;
        private String netns;
        private final List<InterfaceAddress> addresses = new ArrayList<>();
        private final List<Long> gateways = new ArrayList<>();
        private int vlanId = -1;
        private WireProfile wireProfile = WireProfile.DEFAULT;
        private Arp8Timers arpTimers = Arp8Timers.DEFAULTS;
        private int arpCacheSize = 256;
        private int defaultTtl = 64;
        private int announceCount = Arp8Announcer.DEFAULT_COUNT;
        private long announceIntervalNs = Arp8Announcer.DEFAULT_INTERVAL_NS;
        private int icmpErrorsPerSecond = 100;

        private Builder(final String interfaceName)
        {
            this.interfaceName = Objects.requireNonNull(interfaceName, "interface name");
        }

        public Builder netns(final String name)
        {
            netns = name == null || name.isEmpty() ? null : name;
            return this;
        }

        public Builder address(final InterfaceAddress address)
        {
            addresses.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** {@code 64496.10.0.0.1/24}. */
        public Builder address(final String text)
        {
            return address(InterfaceAddress.parse(text));
        }

        public Builder gateway(final long address)
        {
            gateways.add(address);
            return this;
        }

        public Builder gateway(final String text)
        {
            return gateway(Ipv8Address.parse(text));
        }

        public Builder vlanId(final int id)
        {
            vlanId = id;
            return this;
        }

        public Builder wireProfile(final WireProfile profile)
        {
            wireProfile = Objects.requireNonNull(profile, "wire profile");
            return this;
        }

        /** The IPv8 EtherType (default 0x8080); also ARP8's PTYPE. */
        public Builder etherType(final int etherType)
        {
            wireProfile = wireProfile.withIpv8EtherType(etherType);
            return this;
        }

        public Builder arpTimers(final Arp8Timers timers)
        {
            arpTimers = Objects.requireNonNull(timers, "ARP8 timers");
            return this;
        }

        public Builder arpCacheSize(final int size)
        {
            arpCacheSize = size;
            return this;
        }

        public Builder defaultTtl(final int ttl)
        {
            defaultTtl = ttl;
            return this;
        }

        /** Gratuitous ARP8 at start: {@code count} announcements {@code intervalNs} apart (spec 4.2: 3, 1 s). */
        public Builder announce(final int count, final long intervalNs)
        {
            announceCount = count;
            announceIntervalNs = intervalNs;
            return this;
        }

        public Builder icmpErrorsPerSecond(final int rate)
        {
            icmpErrorsPerSecond = rate;
            return this;
        }

        public Ipv8HostConfig build()
        {
            if (interfaceName.isEmpty())
            {
                throw new IllegalArgumentException("interface name is empty");
            }
            if (addresses.isEmpty())
            {
                throw new IllegalArgumentException("interface '" + interfaceName + "' needs at least one address " +
                    "(e.g. 64496.10.0.0.1/24)");
            }
            for (final long gateway : gateways)
            {
                boolean onLink = false;
                for (final InterfaceAddress address : addresses)
                {
                    onLink |= address.isOnLink(gateway);
                }
                if (!onLink)
                {
                    throw new IllegalArgumentException("gateway " + Ipv8Address.toString(gateway) +
                        " is not on the subnet of any address of '" + interfaceName + "' " + addresses);
                }
            }
            if (vlanId < -1 || vlanId > 4095)
            {
                throw new IllegalArgumentException("VLAN ID " + vlanId + " out of range 0..4095");
            }
            if (arpCacheSize < 1 || arpCacheSize > 65_536)
            {
                throw new IllegalArgumentException("ARP8 cache size " + arpCacheSize + " out of range 1..65536");
            }
            if (defaultTtl < 1 || defaultTtl > 255)
            {
                throw new IllegalArgumentException("TTL " + defaultTtl + " out of range 1..255");
            }
            if (announceCount < 0 || announceIntervalNs < 0)
            {
                throw new IllegalArgumentException("gratuitous ARP8 count and interval must be >= 0");
            }
            if (icmpErrorsPerSecond < 1)
            {
                throw new IllegalArgumentException("ICMP error rate must be >= 1 per second");
            }
            return new Ipv8HostConfig(this);
        }
    }
}
