package org.ipv8router.dataplane.forward;

import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * One ACL8 permit rule (spec 7.6): a packet matches when its source is in the source prefix, its destination in
 * the destination prefix, its protocol is {@code protocol} (or any) and, for TCP/UDP, its destination port is
 * {@code port} (or any). Prefixes are 64-bit (an IPv4 prefix is the r = 0 prefix, length + 32).
 *
 * @param source            source prefix (host bits zero).
 * @param sourceLength      its 64-bit length, 0..64.
 * @param destination       destination prefix (host bits zero).
 * @param destinationLength its 64-bit length, 0..64.
 * @param protocol          IP protocol 0..255, or {@link #ANY}.
 * @param port              destination port 0..65535 (only with TCP or UDP), or {@link #ANY}.
 */
public record Acl8Rule(long source, int sourceLength, long destination, int destinationLength, int protocol, int port)
{
    /** Wildcard protocol or port. */
    public static final int ANY = -1;

    public Acl8Rule
    {
        if (sourceLength < 0 || sourceLength > 64 || destinationLength < 0 || destinationLength > 64)
        {
            throw new IllegalArgumentException("ACL8 prefix length outside 0..64");
        }
        if ((source & ~Ipv8Prefix.mask64(sourceLength)) != 0 || (destination & ~Ipv8Prefix.mask64(destinationLength)) != 0)
        {
            throw new IllegalArgumentException("ACL8 prefix has host bits set");
        }
        if (protocol < ANY || protocol > 255)
        {
            throw new IllegalArgumentException("ACL8 protocol outside 0..255: " + protocol);
        }
        if (port < ANY || port > 65535)
        {
            throw new IllegalArgumentException("ACL8 port outside 0..65535: " + port);
        }
        if (port != ANY && protocol != IpProtocols.TCP && protocol != IpProtocols.UDP)
        {
            throw new IllegalArgumentException("ACL8 port needs protocol tcp or udp");
        }
    }

    /** A rule that permits everything from {@code source}/{@code sourceLength} to {@code destination}/... */
    public static Acl8Rule permit(final long source, final int sourceLength, final long destination, final int destinationLength)
    {
        return new Acl8Rule(source, sourceLength, destination, destinationLength, ANY, ANY);
    }

    /** The rule as written in the config ({@code permit SRC DST [protocol P] [port N]}). */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("permit ")
            .append(prefixText(source, sourceLength)).append(' ').append(prefixText(destination, destinationLength));
        if (protocol != ANY)
        {
            sb.append(" protocol ").append(protocolName(protocol));
        }
        if (port != ANY)
        {
            sb.append(" port ").append(port);
        }
        return sb.toString();
    }

    /** {@code any} for /0, else the prefix in the notation {@link Ipv8Prefix} prints. */
    public static String prefixText(final long prefix, final int length)
    {
        return length == 0 ? "any" : Ipv8Prefix.of(prefix, length).toString();
    }

    /** udp, tcp, icmp8 or the number. */
    public static String protocolName(final int protocol)
    {
        return switch (protocol)
        {
            case IpProtocols.UDP -> "udp";
            case IpProtocols.TCP -> "tcp";
            case IpProtocols.ICMP -> "icmp8";
            default -> Integer.toString(protocol);
        };
    }
}
