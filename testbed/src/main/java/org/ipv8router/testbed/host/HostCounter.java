package org.ipv8router.testbed.host;

/** Counters of an {@link Ipv8Host} (besides the receive-validation drops counted per {@code DropReason}). */
public enum HostCounter
{
    FRAMES_RECEIVED("frames received"),
    FRAMES_SENT("frames sent"),
    IPV8_RECEIVED("IPv8 packets received"),
    IPV4_RECEIVED("IPv4 packets received"),
    IPV8_SENT("IPv8 packets sent"),
    IPV4_SENT("IPv4 packets sent (r = 0 or downgraded, spec 3.2)"),
    ARP8_RECEIVED("ARP8 packets received"),
    ARP4_RECEIVED("ARP4 packets received"),
    ARP8_REPLIES_SENT("ARP8 replies sent"),
    ARP4_REPLIES_SENT("ARP4 replies sent"),
    ARP8_REQUESTS_SENT("ARP8 requests sent (probes and gratuitous)"),
    ARP4_REQUESTS_SENT("ARP4 requests sent"),
    NOT_FOR_US("IP packets for another address dropped"),
    BROADCAST_IGNORED("IP broadcasts ignored"),
    FRAGMENTS_DROPPED("fragments dropped (no reassembly)"),
    ECHO_REQUESTS_ANSWERED("echo requests answered"),
    ECHO_REPLIES_RECEIVED("echo replies received"),
    ICMP_ERRORS_RECEIVED("ICMP errors received"),
    ICMP_ERRORS_SENT("ICMP errors sent"),
    ICMP_ERRORS_RATE_LIMITED("ICMP errors suppressed by the rate limit"),
    UDP_DELIVERED("UDP datagrams delivered to sockets"),
    UDP_NO_SOCKET("UDP datagrams for a port without a socket"),
    UDP_CHECKSUM_NOT_READY("UDP checksums not verified (kernel partial checksum)"),
    SOCKET_QUEUE_FULL("deliveries dropped: socket queue full"),
    NO_ROUTE("packets without route (no gateway)"),
    HOST_UNREACHABLE("packets dropped: next hop did not answer ARP8/ARP"),
    IPV4_ONLY_FOREIGN_ASN("packets dropped: IPv4-only next hop, foreign destination ASN"),
    PENDING_FULL("packets dropped: resolution queue full"),
    SEND_ERRORS("frames the interface refused"),
    HANDLER_ERRORS("frames whose handling failed");

    private final String description;

    HostCounter(final String description)
    {
        this.description = description;
    }

    public String description()
    {
        return description;
    }
}
