package org.ipv8router.bgp8.session;

import java.net.InetSocketAddress;

import org.ipv8router.bgp8.codec.WireProfile;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.policy.RouteValidator;

/**
 * Speaker-wide configuration.
 *
 * @param localAsn  our ASN (4-octet capable)
 * @param routerId  BGP Identifier (unsigned 32-bit in an int), non-zero
 * @param listen    address to accept BGP connections on (null = no listener, active sessions only)
 * @param profile   wire codepoints of the BGP8 profile
 * @param policy    import/export policy knobs
 * @param validator WHOIS8 validator
 */
public record SpeakerConfig(
    long localAsn,
    int routerId,
    InetSocketAddress listen,
    WireProfile profile,
    PolicyConfig policy,
    RouteValidator validator)
{
    public SpeakerConfig
    {
        if (localAsn <= 0 || localAsn > 0xFFFF_FFFFL || localAsn == 23456)
        {
            throw new IllegalArgumentException("local ASN " + localAsn + " is not usable (1..2^32-1, not AS_TRANS)");
        }
        if (routerId == 0)
        {
            throw new IllegalArgumentException("router id 0.0.0.0 is not allowed (RFC 4271 / RFC 6286)");
        }
        if (policy.localAsn() != localAsn)
        {
            throw new IllegalArgumentException("policy local ASN " + policy.localAsn() + " != speaker ASN " + localAsn);
        }
    }

    public static SpeakerConfig of(final long localAsn, final int routerId, final InetSocketAddress listen)
    {
        return new SpeakerConfig(localAsn, routerId, listen, WireProfile.DEFAULT, PolicyConfig.defaults(localAsn),
            RouteValidator.allowAll());
    }

    public SpeakerConfig withPolicy(final PolicyConfig p)
    {
        return new SpeakerConfig(localAsn, routerId, listen, profile, p, validator);
    }

    public SpeakerConfig withValidator(final RouteValidator v)
    {
        return new SpeakerConfig(localAsn, routerId, listen, profile, policy, v);
    }

    public SpeakerConfig withProfile(final WireProfile p)
    {
        return new SpeakerConfig(localAsn, routerId, listen, p, policy, validator);
    }
}
