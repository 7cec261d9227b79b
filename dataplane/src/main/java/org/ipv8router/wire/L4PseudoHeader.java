package org.ipv8router.wire;

/**
 * Which pseudo-header TCP and UDP checksums cover inside IPv8 (spec A19).
 * <pre>
 *  IPV4_COMPATIBLE (v1 default, 12 octets, RFC 768/793 layout over the host parts only):
 *   +--------+--------+--------+--------+
 *   |          source n.n.n.n           |
 *   +--------+--------+--------+--------+
 *   |        destination n.n.n.n        |
 *   +--------+--------+--------+--------+
 *   |  zero  |protocol|    L4 length    |
 *   +--------+--------+--------+--------+
 *
 *  FULL64 (knob "l4-pseudo-header full64", 20 octets):
 *   +--------+--------+--------+--------+
 *   |          source r.r.r.r           |
 *   |          source n.n.n.n           |
 *   +--------+--------+--------+--------+
 *   |        destination r.r.r.r        |
 *   |        destination n.n.n.n        |
 *   +--------+--------+--------+--------+
 *   |  zero  |protocol|    L4 length    |
 *   +--------+--------+--------+--------+
 * </pre>
 * With IPV4_COMPATIBLE a downgrade to IPv4 leaves transport checksums untouched; with FULL64 the two r
 * words are removed by RFC 1624 arithmetic ({@link Downgrade}).
 */
public enum L4PseudoHeader
{
    IPV4_COMPATIBLE("ipv4-compatible"),
    FULL64("full64");

    private final String configName;

    L4PseudoHeader(final String configName)
    {
        this.configName = configName;
    }

    /** The keyword used in configuration files. */
    public String configName()
    {
        return configName;
    }

    /**
     * Unfolded one's-complement sum of the pseudo-header, to be added to {@link Checksum#sum}.
     *
     * @param source      64-bit source address.
     * @param destination 64-bit destination address.
     * @param protocol    IP protocol number.
     * @param l4Length    length of the transport header plus data in octets.
     */
    public long sum(final long source, final long destination, final int protocol, final int l4Length)
    {
        long sum = Checksum.sumWords32((int)source) + Checksum.sumWords32((int)destination) + protocol + l4Length;
        if (this == FULL64)
        {
            sum += Checksum.sumWords32((int)(source >>> 32)) + Checksum.sumWords32((int)(destination >>> 32));
        }
        return sum;
    }

    /** Parses a configuration keyword; cold path. */
    public static L4PseudoHeader fromConfigName(final String name)
    {
        for (final L4PseudoHeader mode : values())
        {
            if (mode.configName.equals(name))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException(
            "l4-pseudo-header: unknown mode '" + name + "', expected 'ipv4-compatible' or 'full64'");
    }
}
