package org.ipv8router.testbed.host;

import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;

/**
 * One address of the host's interface with its subnet: {@code 64496.10.0.0.1/24} means address
 * {@code 0.0.251.240.10.0.0.1} on subnet {@code 64496.10.0.0.0/24}, the length counting host-part bits (spec 1.7,
 * A8). A destination is on-link when its host part lies in the subnet and its routing prefix is this address's
 * (or 0: the IPv4-compatible form of a neighbour on the same segment, spec 1.4).
 *
 * @param address          the full 64-bit address.
 * @param hostPrefixLength subnet length over the host part n.n.n.n, 0..32.
 */
public record InterfaceAddress(long address, int hostPrefixLength)
{
    public InterfaceAddress
    {
        if (hostPrefixLength < 0 || hostPrefixLength > 32)
        {
            throw new IllegalArgumentException("host-part prefix length must be 0..32, got " + hostPrefixLength +
                " for " + Ipv8Address.toString(address));
        }
        if (Ipv8Address.host(address) == 0 || Ipv8Address.isMulticast(address) || Ipv8Address.isBroadcastClass(address))
        {
            throw new IllegalArgumentException("not a usable host address: " + Ipv8Address.toString(address));
        }
    }

    /**
     * Parses {@code ASN.a.b.c.d/L}, {@code a.b.c.d/L} (r = 0) or {@code r.r.r.r.n.n.n.n/P} (P = 32..64).
     *
     * @throws IllegalArgumentException naming the text when it is not an address with a prefix length.
     */
    public static InterfaceAddress parse(final String text)
    {
        final String trimmed = text == null ? "" : text.trim();
        final int slash = trimmed.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("address '" + text + "' needs a prefix length, e.g. 64496.10.0.0.1/24");
        }
        final long address;
        try
        {
            address = Ipv8Address.parse(trimmed.substring(0, slash));
        }
        catch (final Ipv8AddressFormatException ex)
        {
            throw new IllegalArgumentException("address '" + text + "': " + ex.getMessage(), ex);
        }
        final String lengthText = trimmed.substring(slash + 1);
        final int written;
        try
        {
            written = Integer.parseInt(lengthText);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("address '" + text + "': prefix length '" + lengthText + "' is not a number");
        }
        final boolean fullDotted = trimmed.substring(0, slash).chars().filter(c -> c == '.').count() == 7;
        final int hostLength = fullDotted ? written - 32 : written;
        if (hostLength < 0 || hostLength > 32)
        {
            throw new IllegalArgumentException("address '" + text + "': prefix length " + written + " out of range (" +
                (fullDotted ? "32..64 in full dotted notation" : "0..32 host-part bits") + ")");
        }
        return new InterfaceAddress(address, hostLength);
    }

    public int routingPrefix()
    {
        return Ipv8Address.routingPrefix(address);
    }

    public int host()
    {
        return Ipv8Address.host(address);
    }

    /** The subnet mask over the host part. */
    public int hostMask()
    {
        return hostPrefixLength == 0 ? 0 : -1 << (32 - hostPrefixLength);
    }

    /** True when host part {@code n} lies in this address's subnet. */
    public boolean subnetContains(final int n)
    {
        return ((n ^ host()) & hostMask()) == 0;
    }

    /** True when {@code destination} is reachable without a gateway from this address. */
    public boolean isOnLink(final long destination)
    {
        final int r = Ipv8Address.routingPrefix(destination);
        return (r == routingPrefix() || r == 0) && subnetContains(Ipv8Address.host(destination));
    }

    /** The subnet's directed broadcast host part (all host bits set), or the address itself for /31-/32. */
    public int subnetBroadcast()
    {
        return hostPrefixLength >= 31 ? host() : host() | ~hostMask();
    }

    @Override
    public String toString()
    {
        return Ipv8Address.toString(address) + "/" + hostPrefixLength;
    }
}
