package org.ipv8router.testbed.host;

/**
 * A UDP datagram received by an {@link Ipv8DatagramSocket}.
 *
 * @param source      sender (r = 0 when it arrived as plain IPv4).
 * @param destination the local address and port it was sent to, as written in the packet.
 * @param data        the payload (a copy).
 * @param ipVersion   8 or 4: the header version it arrived with.
 * @param ttl         the TTL it arrived with.
 */
public record Ipv8Datagram(Ipv8SocketAddress source, Ipv8SocketAddress destination, byte[] data, int ipVersion, int ttl)
{
}
