package org.ipv8router.wire;

/**
 * The configurable wire constants (spec 2.6 / A3, A19, 5.1 / A20), decided once at start-up: an immutable
 * cold-path value. The fast path copies what it needs into primitive fields ({@link ReceiveValidator} does).
 * <p>
 * Defaults: IPv8 EtherType 0x8080, accept version 8 on 0x0800 on, IPv4-compatible L4 pseudo-header,
 * 8to4 IP protocol 253.
 */
public final class WireProfile
{
    /** The v1 defaults. */
    public static final WireProfile DEFAULT = new WireProfile(
        EtherTypes.IPV8_DEFAULT, true, L4PseudoHeader.IPV4_COMPATIBLE, IpProtocols.EIGHT_TO_FOUR_DEFAULT);

    private final int ipv8EtherType;
    private final boolean acceptV8On0800;
    private final L4PseudoHeader l4PseudoHeader;
    private final int eightToFourProtocol;

    /**
     * @param ipv8EtherType       EtherType for native IPv8 and ARP8 PTYPE: 0x8080, 0x88B5, 0x0888 or any other
     *                            value in 0x0600-0xFFFF that is not IPv4, ARP, a VLAN TPID or IPv6.
     * @param acceptV8On0800      also accept version-8 headers on EtherType 0x0800 (never sent that way).
     * @param l4PseudoHeader      TCP/UDP pseudo-header inside IPv8.
     * @param eightToFourProtocol IPv4 protocol number of 8to4 (0-255, not ICMP/TCP/UDP/IP-in-IP).
     * @throws IllegalArgumentException naming the bad setting.
     */
    public WireProfile(
        final int ipv8EtherType,
        final boolean acceptV8On0800,
        final L4PseudoHeader l4PseudoHeader,
        final int eightToFourProtocol)
    {
        if (ipv8EtherType < EtherTypes.MIN_ETHERTYPE || ipv8EtherType > 0xFFFF)
        {
            throw new IllegalArgumentException(String.format(
                "ipv8 ethertype 0x%04X: must be in 0x0600-0xFFFF (lower values are 802.3 lengths)", ipv8EtherType));
        }
        if (ipv8EtherType == EtherTypes.IPV4 || ipv8EtherType == EtherTypes.ARP || ipv8EtherType == EtherTypes.VLAN ||
            ipv8EtherType == EtherTypes.QINQ || ipv8EtherType == EtherTypes.IPV6)
        {
            throw new IllegalArgumentException(String.format(
                "ipv8 ethertype 0x%04X: already used for IPv4, ARP, VLAN tags or IPv6", ipv8EtherType));
        }
        if (l4PseudoHeader == null)
        {
            throw new IllegalArgumentException("l4-pseudo-header: must be ipv4-compatible or full64, got null");
        }
        if (eightToFourProtocol < 0 || eightToFourProtocol > 255 ||
            eightToFourProtocol == IpProtocols.ICMP || eightToFourProtocol == IpProtocols.TCP ||
            eightToFourProtocol == IpProtocols.UDP || eightToFourProtocol == IpProtocols.IPV4_IN_IP)
        {
            throw new IllegalArgumentException("8to4 protocol " + eightToFourProtocol +
                ": must be 0-255 and not ICMP(1), IP-in-IP(4), TCP(6) or UDP(17); default 253");
        }
        this.ipv8EtherType = ipv8EtherType;
        this.acceptV8On0800 = acceptV8On0800;
        this.l4PseudoHeader = l4PseudoHeader;
        this.eightToFourProtocol = eightToFourProtocol;
    }

    public int ipv8EtherType()
    {
        return ipv8EtherType;
    }

    public boolean acceptV8On0800()
    {
        return acceptV8On0800;
    }

    public L4PseudoHeader l4PseudoHeader()
    {
        return l4PseudoHeader;
    }

    public int eightToFourProtocol()
    {
        return eightToFourProtocol;
    }

    public WireProfile withIpv8EtherType(final int etherType)
    {
        return new WireProfile(etherType, acceptV8On0800, l4PseudoHeader, eightToFourProtocol);
    }

    public WireProfile withAcceptV8On0800(final boolean accept)
    {
        return new WireProfile(ipv8EtherType, accept, l4PseudoHeader, eightToFourProtocol);
    }

    public WireProfile withL4PseudoHeader(final L4PseudoHeader mode)
    {
        return new WireProfile(ipv8EtherType, acceptV8On0800, mode, eightToFourProtocol);
    }

    public WireProfile withEightToFourProtocol(final int protocol)
    {
        return new WireProfile(ipv8EtherType, acceptV8On0800, l4PseudoHeader, protocol);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof WireProfile that &&
            ipv8EtherType == that.ipv8EtherType &&
            acceptV8On0800 == that.acceptV8On0800 &&
            l4PseudoHeader == that.l4PseudoHeader &&
            eightToFourProtocol == that.eightToFourProtocol;
    }

    @Override
    public int hashCode()
    {
        return ((ipv8EtherType * 31 + (acceptV8On0800 ? 1 : 0)) * 31 + l4PseudoHeader.hashCode()) * 31 +
            eightToFourProtocol;
    }

    @Override
    public String toString()
    {
        return String.format("WireProfile{ipv8-ethertype=0x%04X, accept-v8-on-0800=%s, l4-pseudo-header=%s, 8to4-protocol=%d}",
            ipv8EtherType, acceptV8On0800, l4PseudoHeader.configName(), eightToFourProtocol);
    }
}
