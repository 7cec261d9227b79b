package org.ipv8router.log;

import org.ipv8router.wire.DropReason;

/**
 * The SEC-ALERT kinds of spec 7.3 (draft section 19.1 to 19.7), then the policy drops of spec 7.6 (ACL8) and 7.5
 * (egress validation in enforce mode). Each data plane kind has the drop reason its
 * border filter counts; {@link SecAlertMonitor} turns increments of that counter into alerts. 19.7 is a control
 * plane check (eBGP8 NLRI longer than the /16 minimum) and is raised by the BGP8 speaker directly.
 */
public enum SecAlertKind
{
    ASN_SPOOFING("asn_spoofing", "19.1", DropReason.ASN_SPOOFED,
        "source r not the peer's ASN on an external interface"),
    ZONE_LEAK("zone_leak", "19.2", DropReason.ZONE_LEAK,
        "127.x internal-zone address on an external or RINE interface"),
    RINE_VIOLATION("rine_violation", "19.3", DropReason.RINE_LEAK,
        "100.x RINE address on a non-peering interface"),
    INTERIOR_LINK_LEAK("interior_link_leak", "19.4", DropReason.INTERIOR_LINK_LEAK,
        "interior-link (222/8) address at an external interface"),
    RFC1918_EXTERNAL("rfc1918_external", "19.5", DropReason.RFC1918_ON_EXTERNAL,
        "r = 0 with an RFC 1918 host part on external ingress"),
    MULTICAST_BORDER("multicast_border", "19.6", DropReason.BORDER_MULTICAST,
        "cross-ASN protocol multicast ff.ff.00.01-05 at an external interface"),
    PREFIX_TOO_SPECIFIC("prefix_too_specific", "19.7", null,
        "eBGP8 NLRI more specific than the /16 minimum injectable prefix"),
    ACL8_DENIED("acl8_denied", "7.6", DropReason.ACL8_DENIED,
        "no ACL8 permit rule of the ingress interface matches (east-west policy)"),
    EGRESS_VALIDATION("egress_validation", "7.5", DropReason.EGRESS_VALIDATION_FAILED,
        "internal -> external flow without an egress permit (egress-validation enforce)");

    private final String label;
    private final String specSection;
    private final DropReason dropReason;
    private final String description;

    SecAlertKind(final String label, final String specSection, final DropReason dropReason, final String description)
    {
        this.label = label;
        this.specSection = specSection;
        this.dropReason = dropReason;
        this.description = description;
    }

    /** Stable snake_case name used in log lines and JSON (never rename: tools key on it). */
    public String label()
    {
        return label;
    }

    /** Draft section, e.g. "19.1". */
    public String specSection()
    {
        return specSection;
    }

    /** The drop reason whose counter the data plane bumps for this alert, or null for a control plane alert. */
    public DropReason dropReason()
    {
        return dropReason;
    }

    public String description()
    {
        return description;
    }
}
