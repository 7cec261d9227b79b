package org.ipv8router.dataplane.gwpair;

/**
 * The gateway pair's timers and hello constants (profile section 9). The draft fixes none of them except "hello
 * every 1 s, dead after 3 s" [V1 digest]; all are configuration knobs ({@code ipv8 gateway-pair hello-interval ...}).
 *
 * @param helloIntervalMs    hello period per pair interface (default 1000).
 * @param deadIntervalMs     the peer is dead when no valid hello arrived for this long (default 3000).
 * @param preemptDelayMs     after (re)start, how long a member waits before taking its own VIP back from a peer
 *                           that holds it (default 0: at once). A member never waits when its VIP is unanswered
 *                           (peer dead, or its hello says it does not hold the VIP).
 * @param udpPort            UDP8 destination and source port of hellos (default 8254).
 * @param announceCount      gratuitous ARP8 + ARP rounds on takeover/claim (default 3).
 * @param announceIntervalMs gap between rounds (default 1000).
 * @param helloDestination   where hellos go at L2 (default {@link HelloDestination#UNICAST}, profile 9.1).
 */
public record GatewayPairTimers(
    long helloIntervalMs,
    long deadIntervalMs,
    long preemptDelayMs,
    int udpPort,
    int announceCount,
    long announceIntervalMs,
    HelloDestination helloDestination)
{
    /**
     * The Ethernet destination of hellos ({@code ipv8 gateway-pair hello-destination unicast|multicast}).
     */
    public enum HelloDestination
    {
        /**
         * To the MAC the peer's last valid hello came from, or the peer's virtual MAC until one arrived (and again
         * after the peer was declared dead). A learning bridge delivers it to the peer only, so no IPv4-only device
         * on the segment ever receives a version-8 frame (spec 3.1/3.2).
         */
        UNICAST,
        /**
         * To {@code 01:00:5e:00:00:01} (the IPv4 group MAC of n = 224.0.0.1): flooded to every station on the
         * segment, IPv4-only ones included. For peers that only listen on the group.
         */
        MULTICAST;

        /** @return the keyword as configured. */
        public String keyword()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @return the value for {@code keyword}, or null. */
        public static HelloDestination ofKeyword(final String keyword)
        {
            for (final HelloDestination d : values())
            {
                if (d.keyword().equals(keyword))
                {
                    return d;
                }
            }
            return null;
        }
    }

    public static final long DEFAULT_HELLO_INTERVAL_MS = 1_000;
    public static final long DEFAULT_DEAD_INTERVAL_MS = 3_000;
    public static final long DEFAULT_PREEMPT_DELAY_MS = 0;
    /** Not IANA-assigned: a mnemonic of .254, unused by anything in the project; configurable. */
    public static final int DEFAULT_UDP_PORT = 8254;
    public static final int DEFAULT_ANNOUNCE_COUNT = 3;
    public static final long DEFAULT_ANNOUNCE_INTERVAL_MS = 1_000;

    public static final GatewayPairTimers DEFAULTS = new GatewayPairTimers(DEFAULT_HELLO_INTERVAL_MS,
        DEFAULT_DEAD_INTERVAL_MS, DEFAULT_PREEMPT_DELAY_MS, DEFAULT_UDP_PORT, DEFAULT_ANNOUNCE_COUNT,
        DEFAULT_ANNOUNCE_INTERVAL_MS, HelloDestination.UNICAST);

    /** The timers with unicast hellos (the default destination). */
    public GatewayPairTimers(
        final long helloIntervalMs,
        final long deadIntervalMs,
        final long preemptDelayMs,
        final int udpPort,
        final int announceCount,
        final long announceIntervalMs)
    {
        this(helloIntervalMs, deadIntervalMs, preemptDelayMs, udpPort, announceCount, announceIntervalMs,
            HelloDestination.UNICAST);
    }

    public GatewayPairTimers
    {
        if (helloIntervalMs < 10 || helloIntervalMs > 65_535)
        {
            throw new IllegalArgumentException("gateway-pair hello interval " + helloIntervalMs +
                " ms is outside 10..65535 ms");
        }
        if (deadIntervalMs <= helloIntervalMs || deadIntervalMs > 65_535)
        {
            throw new IllegalArgumentException("gateway-pair dead interval " + deadIntervalMs +
                " ms must be above the hello interval (" + helloIntervalMs + " ms) and at most 65535 ms");
        }
        if (preemptDelayMs < 0 || preemptDelayMs > 3_600_000)
        {
            throw new IllegalArgumentException("gateway-pair preempt delay " + preemptDelayMs +
                " ms is outside 0..3600000 ms");
        }
        if (udpPort < 1 || udpPort > 65_535)
        {
            throw new IllegalArgumentException("gateway-pair UDP port " + udpPort + " is outside 1..65535");
        }
        if (announceCount < 1 || announceCount > 10 || announceIntervalMs < 0)
        {
            throw new IllegalArgumentException("gateway-pair announcements: count 1..10 and a non-negative interval");
        }
        if (helloDestination == null)
        {
            throw new IllegalArgumentException("gateway-pair hello destination: unicast or multicast");
        }
    }

    public GatewayPairTimers withHelloIntervalMs(final long value)
    {
        return new GatewayPairTimers(value, deadIntervalMs, preemptDelayMs, udpPort, announceCount, announceIntervalMs,
            helloDestination);
    }

    public GatewayPairTimers withDeadIntervalMs(final long value)
    {
        return new GatewayPairTimers(helloIntervalMs, value, preemptDelayMs, udpPort, announceCount, announceIntervalMs,
            helloDestination);
    }

    public GatewayPairTimers withPreemptDelayMs(final long value)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, value, udpPort, announceCount, announceIntervalMs,
            helloDestination);
    }

    public GatewayPairTimers withUdpPort(final int value)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, preemptDelayMs, value, announceCount,
            announceIntervalMs, helloDestination);
    }

    public GatewayPairTimers withAnnounce(final int count, final long intervalMs)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, preemptDelayMs, udpPort, count, intervalMs,
            helloDestination);
    }

    public GatewayPairTimers withHelloDestination(final HelloDestination value)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, preemptDelayMs, udpPort, announceCount,
            announceIntervalMs, value);
    }
}
