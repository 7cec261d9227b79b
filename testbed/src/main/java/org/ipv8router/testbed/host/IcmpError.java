package org.ipv8router.testbed.host;

import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.Ipv8Address;

/**
 * An ICMPv8/ICMPv4 error about a packet this host sent, delivered to the socket that sent it (spec 6.2), or a
 * local error raised by the host itself for a packet it could not send (reporter = the host's own address,
 * {@code local} true): ARP8 resolution failed (3/1), IPv4-only next hop for a foreign ASN (3/6), no route (3/0).
 *
 * @param reporter            who sent the error (64-bit; r = 0 when it came as ICMPv4).
 * @param type                ICMP type (3, 11, 12).
 * @param code                ICMP code.
 * @param originalDestination destination of the packet the error is about.
 * @param detail              UDP destination port, or the echo sequence number for pings.
 * @param ipVersion           8 or 4: the version of the packet that carried the error (0 for local errors).
 * @param local               raised by this host, not received.
 * @param receivedAtNanos     System.nanoTime() on arrival.
 */
public record IcmpError(
    long reporter,
    int type,
    int code,
    long originalDestination,
    int detail,
    int ipVersion,
    boolean local,
    long receivedAtNanos)
{
    /** Text as ping prints it, e.g. "Destination Port Unreachable". */
    public String description()
    {
        return describe(type, code);
    }

    public static String describe(final int type, final int code)
    {
        if (type == IcmpMessage.TYPE_DESTINATION_UNREACHABLE)
        {
            return switch (code)
            {
                case IcmpMessage.CODE_NET_UNREACHABLE -> "Destination Net Unreachable";
                case IcmpMessage.CODE_HOST_UNREACHABLE -> "Destination Host Unreachable";
                case IcmpMessage.CODE_PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
                case IcmpMessage.CODE_PORT_UNREACHABLE -> "Destination Port Unreachable";
                case IcmpMessage.CODE_FRAGMENTATION_NEEDED -> "Frag needed and DF set";
                case IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN -> "Destination ASN Unknown";
                case IcmpMessage.CODE_ADMINISTRATIVELY_PROHIBITED -> "Communication Administratively Prohibited";
                default -> "Destination Unreachable, code " + code;
            };
        }
        if (type == IcmpMessage.TYPE_TIME_EXCEEDED)
        {
            return code == 0 ? "Time to live exceeded" : "Fragment reassembly time exceeded";
        }
        if (type == IcmpMessage.TYPE_PARAMETER_PROBLEM)
        {
            return "Parameter problem";
        }
        return "ICMP type " + type + " code " + code;
    }

    @Override
    public String toString()
    {
        return "From " + Ipv8Address.toString(reporter) + (local ? " (local)" : "") + ": " + description() +
            " (about " + Ipv8Address.toString(originalDestination) + ")";
    }
}
