package org.ipv8router.bgp8.codec;

/**
 * Every BGP8 wire codepoint that is a local-profile choice rather than an IANA assignment
 * (bgp8-whois8.md section 2.3, ambiguity A1). Nothing in the codec hard-codes these values; a speaker is
 * built with one immutable profile so a switch to future IANA values is a configuration change.
 * <p>
 * Config knobs (see bgp8/WIRE-DECISIONS.md): {@code bgp8.afi}, {@code bgp8.safi},
 * {@code bgp8.capability}, {@code bgp8.attribute}, {@code bgp8.tlv.cf}, {@code bgp8.tlv.8to4}.
 */
public final class WireProfile
{
    /** AFI used for IPv8 routes: 1 (IP), IPv8 is treated as a sub-family of IP. */
    public static final int DEFAULT_IPV8_AFI = 1;
    /** SAFI used for IPv8 routes: 241, first value of the RFC 4760 Private Use range 241-254. */
    public static final int DEFAULT_IPV8_SAFI = 241;
    /** BGP8 capability code: 239, first value of the RFC 8810 Experimental Use range 239-254. */
    public static final int DEFAULT_BGP8_CAPABILITY = 239;
    /** IPv8 attribute container type: 255, "reserved for development" (RFC 2042). */
    public static final int DEFAULT_IPV8_ATTRIBUTE = 255;
    /** TLV carrying the Cost Factor inside the container. */
    public static final int DEFAULT_TLV_CF = 1;
    /** TLV carrying one 8TO4-ENDPOINT inside the container. */
    public static final int DEFAULT_TLV_8TO4 = 2;
    /** CF algorithm version sent in the CF TLV and the capability (1 = CFv1-local). */
    public static final int CF_VERSION_1 = 1;
    /** Mechanism bitmap bit for native IPv8 NLRI in the BGP8 capability. */
    public static final int MECHANISM_NATIVE = 0x01;

    public static final WireProfile DEFAULT = new WireProfile(
        DEFAULT_IPV8_AFI, DEFAULT_IPV8_SAFI, DEFAULT_BGP8_CAPABILITY, DEFAULT_IPV8_ATTRIBUTE,
        DEFAULT_TLV_CF, DEFAULT_TLV_8TO4);

    private final int ipv8Afi;
    private final int ipv8Safi;
    private final int bgp8Capability;
    private final int ipv8Attribute;
    private final int tlvCf;
    private final int tlv8to4;

    public WireProfile(
        final int ipv8Afi,
        final int ipv8Safi,
        final int bgp8Capability,
        final int ipv8Attribute,
        final int tlvCf,
        final int tlv8to4)
    {
        this.ipv8Afi = check("bgp8.afi", ipv8Afi, 1, 65535);
        this.ipv8Safi = check("bgp8.safi", ipv8Safi, 1, 255);
        this.bgp8Capability = check("bgp8.capability", bgp8Capability, 1, 255);
        this.ipv8Attribute = check("bgp8.attribute", ipv8Attribute, 1, 255);
        this.tlvCf = check("bgp8.tlv.cf", tlvCf, 0, 255);
        this.tlv8to4 = check("bgp8.tlv.8to4", tlv8to4, 0, 255);
        if (ipv8Afi == 1 && ipv8Safi == 1)
        {
            throw new IllegalArgumentException("bgp8.afi/bgp8.safi = 1/1 collides with IPv4 unicast");
        }
        if (isStandardAttribute(ipv8Attribute))
        {
            throw new IllegalArgumentException(
                "bgp8.attribute = " + ipv8Attribute + " collides with an attribute the codec parses itself");
        }
        if (bgp8Capability == 1 || bgp8Capability == 2 || bgp8Capability == 65)
        {
            throw new IllegalArgumentException(
                "bgp8.capability = " + bgp8Capability + " collides with MP, Route Refresh or 4-octet AS");
        }
        if (tlvCf == tlv8to4)
        {
            throw new IllegalArgumentException("bgp8.tlv.cf and bgp8.tlv.8to4 must differ, both are " + tlvCf);
        }
    }

    private static boolean isStandardAttribute(final int type)
    {
        return (type >= 1 && type <= 8) || type == 14 || type == 15 || type == 16 || type == 17 || type == 18
            || type == 32;
    }

    private static int check(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " = " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public int ipv8Afi()
    {
        return ipv8Afi;
    }

    public int ipv8Safi()
    {
        return ipv8Safi;
    }

    public int bgp8Capability()
    {
        return bgp8Capability;
    }

    public int ipv8Attribute()
    {
        return ipv8Attribute;
    }

    public int tlvCf()
    {
        return tlvCf;
    }

    public int tlv8to4()
    {
        return tlv8to4;
    }

    /** True when (afi, safi) is the IPv8 family of this profile. */
    public boolean isIpv8(final int afi, final int safi)
    {
        return afi == ipv8Afi && safi == ipv8Safi;
    }

    @Override
    public String toString()
    {
        return "WireProfile{afi=" + ipv8Afi + ", safi=" + ipv8Safi + ", capability=" + bgp8Capability +
            ", attribute=" + ipv8Attribute + ", tlvCf=" + tlvCf + ", tlv8to4=" + tlv8to4 + '}';
    }
}
