package org.ipv8router.bgp8.policy;

/**
 * Speaker-wide policy knobs (bgp8-whois8.md 4.1, 5.3).
 *
 * @param localAsn            our ASN
 * @param maxHostLength       the "/16 minimum injectable prefix": most specific host length accepted from
 *                            eBGP8 (decision A2, default 16)
 * @param maxPrefixesPerRn    R9 budget of distinct prefixes per RN over all peers (decision A3, default 64)
 * @param ipv4MinLength       shortest IPv4 prefix accepted from eBGP (default 8)
 * @param ipv4MaxLength       longest IPv4 prefix accepted from eBGP (default 24)
 * @param labMode             accept documentation RN 65533 (decision A13)
 * @param cfPartialPenalty    added to a CF that crossed a legacy speaker (Partial bit, R10; default 50,000)
 * @param cfPerIgpUnit        CF_intrazone per unit of IGP cost to the next hop (default 10 µs)
 * @param alwaysCompareMed    compare MED across neighbour ASes
 */
public record PolicyConfig(
    long localAsn,
    int maxHostLength,
    int maxPrefixesPerRn,
    int ipv4MinLength,
    int ipv4MaxLength,
    boolean labMode,
    long cfPartialPenalty,
    long cfPerIgpUnit,
    boolean alwaysCompareMed)
{
    public PolicyConfig
    {
        if (maxHostLength < 0 || maxHostLength > 32)
        {
            throw new IllegalArgumentException("maxHostLength " + maxHostLength + " is outside 0..32");
        }
        if (ipv4MinLength < 0 || ipv4MaxLength > 32 || ipv4MinLength > ipv4MaxLength)
        {
            throw new IllegalArgumentException("IPv4 length range " + ipv4MinLength + ".." + ipv4MaxLength);
        }
        if (maxPrefixesPerRn < 1)
        {
            throw new IllegalArgumentException("maxPrefixesPerRn " + maxPrefixesPerRn + " must be >= 1");
        }
    }

    public static PolicyConfig defaults(final long localAsn)
    {
        return new PolicyConfig(localAsn, 16, 64, 8, 24, false, 50_000, 10, false);
    }

    public PolicyConfig withMaxPrefixesPerRn(final int n)
    {
        return new PolicyConfig(localAsn, maxHostLength, n, ipv4MinLength, ipv4MaxLength, labMode,
            cfPartialPenalty, cfPerIgpUnit, alwaysCompareMed);
    }

    public PolicyConfig withIpv4Lengths(final int min, final int max)
    {
        return new PolicyConfig(localAsn, maxHostLength, maxPrefixesPerRn, min, max, labMode,
            cfPartialPenalty, cfPerIgpUnit, alwaysCompareMed);
    }

    public PolicyConfig withLabMode(final boolean lab)
    {
        return new PolicyConfig(localAsn, maxHostLength, maxPrefixesPerRn, ipv4MinLength, ipv4MaxLength, lab,
            cfPartialPenalty, cfPerIgpUnit, alwaysCompareMed);
    }
}
