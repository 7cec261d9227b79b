package org.ipv8router.wire;

/** IANA IP protocol numbers used inside IPv8 and IPv4 headers (spec 2.2, 6.2, 5.1). */
public final class IpProtocols
{
    /** ICMP; also ICMPv8 inside IPv8 (spec 6.2, A6). */
    public static final int ICMP = 1;
    public static final int IPV4_IN_IP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int OSPF = 89;
    /** RFC 3692 experimental value used by v1 for 8to4 (IPv8 in IPv4), spec 5.1 / A20; configurable. */
    public static final int EIGHT_TO_FOUR_DEFAULT = 253;
    /** The other RFC 3692 experimental value. */
    public static final int EXPERIMENTAL_254 = 254;

    private IpProtocols()
    {
    }
}
