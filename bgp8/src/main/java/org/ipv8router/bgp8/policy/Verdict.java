package org.ipv8router.bgp8.policy;

/** Import decision for one route, named after the rules of bgp8-whois8.md 4.1. */
public enum Verdict
{
    ACCEPT("accepted"),
    PENDING("R8 held until WHOIS8 validates"),
    REJECT_IPV4_LENGTH("IPv4 length outside the configured range"),
    REJECT_R3_TOO_SPECIFIC("R3 more specific than host /16 (or shorter than the RN)"),
    REJECT_R4_RESERVED_RN("R4 reserved RN (127/8, 100/8, multicast, broadcast, 65534, 65533, AS_TRANS)"),
    REJECT_R5_INTERIOR_LINK("R5 interior-link host prefix 222/8"),
    REJECT_R6_AS_PATH("R6 AS_PATH loop, wrong first AS, AS_SET or empty path"),
    REJECT_R7_R8_INVALID("R7/R8 WHOIS8 says INVALID (origin not authorised or route not registered)"),
    REJECT_R8_NOT_FOUND("R8 WHOIS8 has no record for the RN"),
    REJECT_R9_RN_BUDGET("R9 per-RN prefix budget exceeded");

    private final String description;

    Verdict(final String description)
    {
        this.description = description;
    }

    public String description()
    {
        return description;
    }

    /** NetLog8 class of the rejection (spec 4.5): SEC-ALERT for R3, R4, R9; E3 trap for R5. */
    public String alertClass()
    {
        return switch (this)
        {
            case REJECT_R3_TOO_SPECIFIC, REJECT_R4_RESERVED_RN, REJECT_R9_RN_BUDGET -> "SEC-ALERT";
            case REJECT_R5_INTERIOR_LINK -> "E3";
            default -> "";
        };
    }
}
