package org.ipv8router.dataplane.forward;

import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * One egress-validation permit (spec 7.5): traffic from {@code source}/{@code sourceLength} may leave for the
 * internet towards {@code destination} (one 64-bit address), or towards any address of {@code destinationAsn}.
 * The Zone Server's entries are exact sources ({@code sourceLength} 64); config entries may name a prefix.
 *
 * @param source         source address or prefix (host bits zero).
 * @param sourceLength   64-bit length, 0..64 (64 = one address).
 * @param destination    the 64-bit destination when {@code asnWide} is false.
 * @param asnWide        true: the permit covers every destination whose r is {@link #destinationAsn()}.
 * @param destinationAsn the destination ASN (r as unsigned) when {@code asnWide}.
 */
public record EgressPermit(long source, int sourceLength, long destination, boolean asnWide, long destinationAsn)
{
    public EgressPermit
    {
        if (sourceLength < 0 || sourceLength > 64 || (source & ~Ipv8Prefix.mask64(sourceLength)) != 0)
        {
            throw new IllegalArgumentException("egress permit: bad source prefix length or host bits set");
        }
        if (asnWide && (destinationAsn < 0 || destinationAsn > 0xFFFF_FFFFL))
        {
            throw new IllegalArgumentException("egress permit: ASN outside 0..4294967295");
        }
    }

    /** (src64, dst64). */
    public static EgressPermit toAddress(final long source, final long destination)
    {
        return new EgressPermit(source, 64, destination, false, 0);
    }

    /** (src64, dst.r). */
    public static EgressPermit toAsn(final long source, final long asn)
    {
        return new EgressPermit(source, 64, 0, true, asn);
    }

    /** As written in config and show output: {@code SRC DST} or {@code SRC asn N}. */
    @Override
    public String toString()
    {
        final String src = sourceLength == 64 ? Ipv8Address.toString(source) :
            (sourceLength == 0 ? "any" : Ipv8Prefix.of(source, sourceLength).toString());
        return src + " " + (asnWide ? "asn " + destinationAsn : Ipv8Address.toString(destination));
    }
}
