package org.ipv8router.dataplane.neighbor;

/**
 * What an {@link Arp8Cache} asks its owner to do. Called synchronously on the cache's owner thread from
 * {@link Arp8Cache#resolve}, {@link Arp8Cache#poll} and the reply handlers; implementations must not call back
 * into the cache.
 */
public interface NeighborActions
{
    /**
     * Send an ARP8 request for {@code target} (PLEN 8, spec 4.2).
     *
     * @param target      the 64-bit address being resolved.
     * @param unicastMac  0 for a broadcast request, else the MAC to re-probe by unicast (STALE entries).
     */
    void sendArp8Request(long target, long unicastMac);

    /**
     * Send a plain RFC 826 ARP request for the host part of {@code target}.
     *
     * @param target      the 64-bit address being resolved; the request asks for its n.n.n.n.
     * @param unicastMac  0 for broadcast, else the MAC to re-probe.
     */
    void sendArp4Request(long target, long unicastMac);

    /** A queued packet can go now: the entry {@code slot} holds its MAC and capability. */
    void transmitQueued(long packetHandle, int slot);

    /** A queued packet must be dropped: its neighbour failed to resolve or was deleted (ICMP host unreachable). */
    void dropQueued(long packetHandle, long target);
}
