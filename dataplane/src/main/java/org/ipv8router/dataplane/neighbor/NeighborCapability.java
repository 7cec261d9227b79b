package org.ipv8router.dataplane.neighbor;

/**
 * What a neighbour has proven it can receive (spec 3.2, 4.3). Only {@link #IPV8} neighbours may be sent a
 * version-8 header; everything else gets IPv4, 8to4 or nothing.
 */
public enum NeighborCapability
{
    /** Not proven yet: the dual probe is still running. */
    UNKNOWN,
    /** Answered ARP8 (or sent ARP8 itself): may receive version-8 headers. */
    IPV8,
    /** Answered only plain ARP: must never see a version-8 header. */
    IPV4_ONLY;

    private static final NeighborCapability[] VALUES = values();

    public static NeighborCapability fromCode(final int code)
    {
        return VALUES[code];
    }

    /** Lower-case name used in config ({@code ipv8 neighbor <addr> <mac> ipv8|ipv4}) and CLI output. */
    public String configName()
    {
        return switch (this)
        {
            case UNKNOWN -> "unknown";
            case IPV8 -> "ipv8";
            case IPV4_ONLY -> "ipv4";
        };
    }
}
