package org.ipv8router.testbed.host;

/**
 * An ICMP echo reply received by an {@link Ipv8PingSocket}.
 *
 * @param from            who answered (r = 0 when it came as plain IPv4).
 * @param sequence        echo sequence number.
 * @param ttl             TTL of the reply.
 * @param dataLength      octets of echo data.
 * @param ipVersion       8 or 4.
 * @param receivedAtNanos System.nanoTime() on arrival.
 */
public record EchoReply(long from, int sequence, int ttl, int dataLength, int ipVersion, long receivedAtNanos)
{
}
