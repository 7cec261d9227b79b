package org.ipv8router.wire;

/**
 * Every reason the router drops a received frame or packet. Validation returns one of these instead of
 * throwing; {@link #NONE} means "valid, not dropped". The {@link #ordinal()} is meant as an index into a
 * counter array (one counter per reason), {@link #label()} is the stable snake_case name used as the
 * {@code drop_reason} value in JSON, logs and counter names (never rename one: tools key on it), and
 * {@link #description()} is a one-line text for operators.
 * <p>
 * The first group is produced by the wire layer (this package). The second group is reserved for the
 * forwarding stages of spec section 7 so that the dataplane counts every drop with the same enum.
 */
public enum DropReason
{
    NONE("none", "not dropped: the frame or packet is valid"),

    // ---- wire layer: L2 ----
    FRAME_TRUNCATED("frame_truncated", "frame shorter than its Ethernet (or 802.1Q) header"),
    SOURCE_MAC_MULTICAST("source_mac_multicast", "Ethernet source MAC has the group bit set"),
    UNKNOWN_ETHERTYPE("unknown_ethertype", "EtherType is not IPv8, IPv4 or ARP (includes QinQ and IPv6)"),
    V8_ON_0800_DISABLED("v8_on_0800_disabled", "version-8 header on EtherType 0x0800 while accept-v8-on-0800 is off"),

    // ---- wire layer: IPv8 / IPv4 header (spec 2.5) ----
    PACKET_TRUNCATED("packet_truncated", "L2 payload shorter than the minimum IP header (28 for IPv8, 20 for IPv4)"),
    BAD_VERSION("bad_version", "IP version is not 8 on the IPv8 EtherType, or neither 4 nor 8 on 0x0800"),
    BAD_IHL("bad_ihl", "IHL below the minimum (7 for IPv8, 5 for IPv4)"),
    HEADER_EXCEEDS_FRAME("header_exceeds_frame", "IHL x 4 is larger than the L2 payload"),
    TOTAL_LENGTH_TOO_SMALL("total_length_too_small", "Total Length smaller than the header length"),
    TOTAL_LENGTH_EXCEEDS_FRAME("total_length_exceeds_frame", "Total Length larger than the L2 payload"),
    BAD_HEADER_CHECKSUM("bad_header_checksum", "IP header checksum does not verify"),
    SOURCE_MULTICAST("source_multicast", "source address is multicast (cross-ASN r, or n in 224/4)"),
    SOURCE_BROADCAST("source_broadcast", "source r is ff.ff.ff.ff, or source is the IPv4 limited broadcast"),
    SOURCE_RESERVED("source_reserved", "source r in the unassigned ff.ff.f0.00-ff.ff.ff.fe range"),
    SOURCE_UNSPECIFIED("source_unspecified", "all-zero source outside bootstrap (DHCP8 to port 67)"),

    // ---- wire layer: ARP / ARP8 (spec 4.2) ----
    ARP_TRUNCATED("arp_truncated", "ARP packet shorter than its HLEN/PLEN imply"),
    ARP_BAD_HTYPE("arp_bad_htype", "ARP HTYPE is not 1 (Ethernet)"),
    ARP_BAD_HLEN("arp_bad_hlen", "ARP HLEN is not 6"),
    ARP_BAD_PTYPE("arp_bad_ptype", "ARP PTYPE is neither 0x0800 nor the configured IPv8 EtherType"),
    ARP_BAD_PLEN("arp_bad_plen", "ARP PLEN does not match PTYPE (4 for 0x0800, 8 for IPv8)"),
    ARP_BAD_OPERATION("arp_bad_operation", "ARP OPER is neither 1 (request) nor 2 (reply)"),

    // ---- wire layer: L4 seen by the router itself ----
    ICMP_TRUNCATED("icmp_truncated", "ICMP message shorter than its 8-octet header"),
    ICMP_BAD_CHECKSUM("icmp_bad_checksum", "ICMP checksum does not verify"),
    UDP_TRUNCATED("udp_truncated", "UDP datagram shorter than its 8-octet header"),
    UDP_BAD_LENGTH("udp_bad_length", "UDP Length below 8 or beyond the IP payload"),
    UDP_BAD_CHECKSUM("udp_bad_checksum", "UDP checksum does not verify"),

    // ---- wire layer: 8to4 (spec 5.1) ----
    EIGHT_TO_FOUR_BAD_OUTER("eight_to_four_bad_outer", "8to4 outer IPv4 header invalid or not the 8to4 protocol"),
    EIGHT_TO_FOUR_FRAGMENTED("eight_to_four_fragmented", "8to4 outer packet is a fragment (no reassembly in the fast path)"),
    EIGHT_TO_FOUR_BAD_INNER("eight_to_four_bad_inner", "8to4 inner packet is not a version-8 packet that fills the outer payload"),
    EIGHT_TO_FOUR_UNKNOWN_ENDPOINT("eight_to_four_unknown_endpoint", "8to4 packet from an endpoint not configured or learned"),

    // ---- forwarding (spec 3.2, 4.3, 5.1, 7) ----
    TTL_EXPIRED("ttl_expired", "TTL would reach 0 at this hop (ICMP time exceeded)"),
    NO_ROUTE("no_route", "Tier 2 (host part) lookup missed (ICMP net unreachable)"),
    NO_ASN_ROUTE("no_asn_route", "Tier 1 (destination ASN) lookup missed and no default (ICMP code 6)"),
    NULL_ROUTE("null_route", "route resolves to a drop/null next hop"),
    NEIGHBOR_UNRESOLVED("neighbor_unresolved", "ARP8/ARP4 resolution of the next hop failed (ICMP host unreachable)"),
    NEIGHBOR_QUEUE_FULL("neighbor_queue_full", "pending-resolution queue for the next hop is full"),
    NO_8TO4_ENDPOINT("no_8to4_endpoint", "IPv4-only next hop, foreign destination ASN and no 8to4 endpoint"),
    FRAGMENTATION_NEEDED("fragmentation_needed", "packet exceeds the egress MTU with DF set (ICMP code 4)"),
    BROADCAST_NOT_FORWARDED("broadcast_not_forwarded", "broadcast destination is never forwarded"),
    MULTICAST_NOT_FORWARDED("multicast_not_forwarded", "multicast destination (no multicast forwarding in v1)"),
    DESTINATION_RESERVED("destination_reserved", "destination r in the unassigned range, never forwarded"),
    ASN_SPOOFED("asn_spoofed", "source r not allowed on this external interface (spec 19.1)"),
    ZONE_LEAK("zone_leak", "127.x internal-zone address on an external or RINE interface (spec 19.2)"),
    ZONE_NO_XLATE8("zone_no_xlate8", "127.x source to a foreign r with no XLATE8 next hop (spec 7.4)"),
    RINE_LEAK("rine_leak", "100.x RINE address on a non-peering interface (spec 19.3)"),
    INTERIOR_LINK_LEAK("interior_link_leak", "interior-link address (r != 0, n in 222/8) at an external interface (spec 19.4)"),
    RFC1918_ON_EXTERNAL("rfc1918_on_external", "r = 0 with an RFC 1918 host part on external ingress (spec 19.5)"),
    BORDER_MULTICAST("border_multicast", "cross-ASN protocol multicast ff.ff.00.01-05 at an external interface (spec 19.6)"),
    ACL8_DENIED("acl8_denied", "no ACL8 permit rule matches (spec 7.6)"),
    EGRESS_VALIDATION_FAILED("egress_validation_failed", "no DNS8/XLATE8 permit for this flow in enforce mode (spec 7.5)"),
    DOWNGRADE_NOT_POSSIBLE("downgrade_not_possible", "packet cannot be downgraded to IPv4 for an IPv4-only next hop"),
    PUNT_QUEUE_FULL("punt_queue_full", "queue to the control plane is full"),
    TX_QUEUE_FULL("tx_queue_full", "transmit queue full, frame not sent"),
    ARP_NOT_FOR_US("arp_not_for_us", "ARP/ARP8 request for an address that is not ours (consumed, not forwarded)"),
    NEIGHBOR_TABLE_FULL("neighbor_table_full", "no free neighbour-cache slot to resolve the next hop"),
    ZONE_DENIED("zone_denied", "127.x zone to another zone without a zone-permit (spec 7.4, default deny)"),
    FRAGMENTATION_FAILED("fragmentation_failed", "DF = 0 packet over the egress MTU could not be fragmented (no buffers or options)"),
    REINJECT_QUEUE_FULL("reinject_queue_full", "internal re-injection queue (ICMP errors, resolved packets) full"),
    LOCAL_NO_SOURCE("local_no_source", "no address on the interface to source an ICMP error from"),
    L2_NOT_FOR_US("l2_not_for_us", "unicast frame for another MAC address (promiscuous port)"),
    PUNT_POLICED("punt_policed", "ICMP echo request to the router over the punt policer (spec 7.9: 10/s, 30/min)");

    private static final DropReason[] VALUES = values();

    private final String label;
    private final String description;

    DropReason(final String label, final String description)
    {
        this.label = label;
        this.description = description;
    }

    /** Stable snake_case name for JSON ({@code "drop_reason"}), logs and counter names. */
    public String label()
    {
        return label;
    }

    /** One line for operators. */
    public String description()
    {
        return description;
    }

    /** True for {@link #NONE}. */
    public boolean isValid()
    {
        return this == NONE;
    }

    /** Number of constants, i.e. the size of a per-reason counter array. */
    public static int count()
    {
        return VALUES.length;
    }

    /** The constant with the given ordinal (counter index); no allocation. */
    public static DropReason fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** Looks a label up; cold path. */
    public static DropReason fromLabel(final String label)
    {
        for (final DropReason reason : VALUES)
        {
            if (reason.label.equals(label))
            {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown drop_reason label '" + label + "'");
    }
}
