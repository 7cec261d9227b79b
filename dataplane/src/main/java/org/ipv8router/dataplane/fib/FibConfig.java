package org.ipv8router.dataplane.fib;

/**
 * Sizing of a {@link Fib}. All bounds are hard: the FIB never grows past them and reports a rejection instead.
 *
 * @param maxAsns             Tier 1 ASN count bound.
 * @param asnPrefixBudget     Tier 1 host prefixes per ASN (default 64).
 * @param ipv4Groups          tbl8 groups (1 KiB each, allocated on demand) of the r = 0 IPv4 table (DIR-24-8).
 * @param asnTableGroups      tbl8 groups of each own-ASN Tier 2 table (DIR-24-8, 64 MiB first level).
 * @param zoneTableGroups     tbl8 groups of each 127.x zone Tier 2 table (DIR-16-8-8, 256 KiB first level).
 * @param maxLocalR           number of local r values (own ASNs + zones) with a Tier 2 table.
 * @param nextHopCapacity     next-hop indices.
 * @param maxReaders          forwarding threads that may register with the FIB's {@link QuiescentState}.
 */
public record FibConfig(
    int maxAsns,
    int asnPrefixBudget,
    int ipv4Groups,
    int asnTableGroups,
    int zoneTableGroups,
    int maxLocalR,
    int nextHopCapacity,
    int maxReaders)
{
    /** 200,000 ASNs, 64 prefixes each, 64 K groups (64 MiB at most) for IPv4, 16 K per own ASN, 4 K per zone. */
    public static FibConfig defaults()
    {
        return new FibConfig(200_000, AsnTable.DEFAULT_PREFIX_BUDGET, 65_536, 16_384, 4_096, 256, 65_536, 64);
    }

    public FibConfig withMaxAsns(final int value)
    {
        return new FibConfig(value, asnPrefixBudget, ipv4Groups, asnTableGroups, zoneTableGroups, maxLocalR,
            nextHopCapacity, maxReaders);
    }

    public FibConfig withAsnPrefixBudget(final int value)
    {
        return new FibConfig(maxAsns, value, ipv4Groups, asnTableGroups, zoneTableGroups, maxLocalR,
            nextHopCapacity, maxReaders);
    }

    public FibConfig withIpv4Groups(final int value)
    {
        return new FibConfig(maxAsns, asnPrefixBudget, value, asnTableGroups, zoneTableGroups, maxLocalR,
            nextHopCapacity, maxReaders);
    }

    public FibConfig withLocalTableGroups(final int asnGroups, final int zoneGroups)
    {
        return new FibConfig(maxAsns, asnPrefixBudget, ipv4Groups, asnGroups, zoneGroups, maxLocalR,
            nextHopCapacity, maxReaders);
    }

    public FibConfig withNextHopCapacity(final int value)
    {
        return new FibConfig(maxAsns, asnPrefixBudget, ipv4Groups, asnTableGroups, zoneTableGroups, maxLocalR,
            value, maxReaders);
    }
}
