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
 */
public record GatewayPairTimers(
    long helloIntervalMs,
    long deadIntervalMs,
    long preemptDelayMs,
    int udpPort,
    int announceCount,
    long announceIntervalMs)
{
    public static final long DEFAULT_HELLO_INTERVAL_MS = 1_000;
    public static final long DEFAULT_DEAD_INTERVAL_MS = 3_000;
    public static final long DEFAULT_PREEMPT_DELAY_MS = 0;
    /** Not IANA-assigned: a mnemonic of .254, unused by anything in the project; configurable. */
    public static final int DEFAULT_UDP_PORT = 8254;
    public static final int DEFAULT_ANNOUNCE_COUNT = 3;
    public static final long DEFAULT_ANNOUNCE_INTERVAL_MS = 1_000;

    public static final GatewayPairTimers DEFAULTS = new GatewayPairTimers(DEFAULT_HELLO_INTERVAL_MS,
        DEFAULT_DEAD_INTERVAL_MS, DEFAULT_PREEMPT_DELAY_MS, DEFAULT_UDP_PORT, DEFAULT_ANNOUNCE_COUNT,
        DEFAULT_ANNOUNCE_INTERVAL_MS);

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
    }

    public GatewayPairTimers withHelloIntervalMs(final long value)
    {
        return new GatewayPairTimers(value, deadIntervalMs, preemptDelayMs, udpPort, announceCount, announceIntervalMs);
    }

    public GatewayPairTimers withDeadIntervalMs(final long value)
    {
        return new GatewayPairTimers(helloIntervalMs, value, preemptDelayMs, udpPort, announceCount, announceIntervalMs);
    }

    public GatewayPairTimers withPreemptDelayMs(final long value)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, value, udpPort, announceCount, announceIntervalMs);
    }

    public GatewayPairTimers withUdpPort(final int value)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, preemptDelayMs, value, announceCount,
            announceIntervalMs);
    }

    public GatewayPairTimers withAnnounce(final int count, final long intervalMs)
    {
        return new GatewayPairTimers(helloIntervalMs, deadIntervalMs, preemptDelayMs, udpPort, count, intervalMs);
    }
}
