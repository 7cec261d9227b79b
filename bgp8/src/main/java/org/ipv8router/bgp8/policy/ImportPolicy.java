package org.ipv8router.bgp8.policy;

import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.PathAttributes;

/**
 * Import rules R3-R8 of bgp8-whois8.md 4.1 (R1/R2 are enforced by the decoder, R9 by the RIB which knows the
 * per-RN counts). Rules R3-R8 apply at the eBGP8 import point only; IBGP8 receivers trust the border (3).
 * RN 0 (IPv4) routes skip R3-R9 and follow the IPv4 length policy (A4).
 */
public final class ImportPolicy
{
    private final PolicyConfig config;
    private final RouteValidator validator;

    public ImportPolicy(final PolicyConfig config, final RouteValidator validator)
    {
        this.config = config;
        this.validator = validator;
    }

    public PolicyConfig config()
    {
        return config;
    }

    public RouteValidator validator()
    {
        return validator;
    }

    public Verdict evaluate(final PeerPolicy peer, final long prefix, final int length, final PathAttributes attrs)
    {
        final long rn = prefix >>> 32;
        if (peer.ebgp())
        {
            final Verdict path = checkAsPath(peer, attrs);
            if (path != null)
            {
                return path;
            }
        }
        if (rn == 0)
        {
            final int hostLength = length - 32;
            if (peer.ebgp() && (hostLength < config.ipv4MinLength() || hostLength > config.ipv4MaxLength()))
            {
                return Verdict.REJECT_IPV4_LENGTH;
            }
            return Verdict.ACCEPT;
        }
        if (!peer.ebgp())
        {
            return Verdict.ACCEPT;
        }
        if (length < 32 || length > 32 + config.maxHostLength())
        {
            return Verdict.REJECT_R3_TOO_SPECIFIC;
        }
        if (isReservedRn(rn, peer.privatePeering(), config.labMode()))
        {
            return Verdict.REJECT_R4_RESERVED_RN;
        }
        if (isInteriorLink(prefix, length))
        {
            return Verdict.REJECT_R5_INTERIOR_LINK;
        }
        final long origin = attrs.originAs();
        final ValidationState state = validator.validate(origin, prefix, length);
        return switch (state)
        {
            case VALID -> Verdict.ACCEPT;
            case INVALID -> Verdict.REJECT_R7_R8_INVALID;
            case NOT_FOUND -> Verdict.REJECT_R8_NOT_FOUND;
            case UNKNOWN -> Verdict.PENDING;
        };
    }

    private Verdict checkAsPath(final PeerPolicy peer, final PathAttributes attrs)
    {
        if (attrs.asPath().length == 0 || attrs.hasAsSet() || attrs.containsAs(config.localAsn()))
        {
            return Verdict.REJECT_R6_AS_PATH;
        }
        if (!peer.routeServer() && attrs.firstAs() != peer.peerAsn())
        {
            return Verdict.REJECT_R6_AS_PATH;
        }
        return null;
    }

    /** Rule R4 (and decision A14): RNs that are never valid as unicast NLRI on a public eBGP8 session. */
    public static boolean isReservedRn(final long rn, final boolean privatePeering, final boolean labMode)
    {
        final long firstOctet = rn >>> 24;
        if (firstOctet == 127 || firstOctet == 100)
        {
            return true;
        }
        if (rn >= 0xFFFF_0000L)
        {
            return true; // cross-ASN multicast, unassigned ff.ff.f0.00+ and broadcast
        }
        if (rn == Bgp.AS_TRANS || rn == 0)
        {
            return true;
        }
        if (rn == 65534)
        {
            return !privatePeering;
        }
        if (rn == 65533)
        {
            return !labMode;
        }
        return false;
    }

    /** Rule R5: the prefix lies inside host 222.0.0.0/8 (length at least /8 of host, first host octet 222). */
    public static boolean isInteriorLink(final long prefix, final int length)
    {
        return (prefix >>> 32) != 0 && length >= 40 && ((prefix >>> 24) & 0xFF) == 222;
    }
}
