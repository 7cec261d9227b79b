package org.ipv8router.wire;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

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

    /** Offset of the checksum in a TCP header (RFC 793). */
    private static final int TCP_CHECKSUM_OFFSET = 16;

    /**
     * Moves a UDP/TCP checksum from one pair of routing prefixes to another ({@link #FULL64} pseudo-header, RFC 1624
     * incremental update): what a downgrade (r -> 0) and an upgrade (0 -> r) both do. Leaves other protocols, a
     * truncated header and UDP's "no checksum" alone; a UDP result of 0 is sent as 0xFFFF (RFC 768).
     *
     * @param l4Available octets of the transport header present at {@code l4Offset}.
     */
    static void moveRoutingPrefixes(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int l4Available,
        final int protocol,
        final int oldSourceR,
        final int newSourceR,
        final int oldDestinationR,
        final int newDestinationR)
    {
        final int checksumIndex;
        if (protocol == IpProtocols.UDP && l4Available >= UdpHeader.HEADER_LENGTH)
        {
            checksumIndex = l4Offset + UdpHeader.CHECKSUM_OFFSET;
        }
        else if (protocol == IpProtocols.TCP && l4Available >= TCP_CHECKSUM_OFFSET + 2)
        {
            checksumIndex = l4Offset + TCP_CHECKSUM_OFFSET;
        }
        else
        {
            return;
        }
        final int old = buffer.getShort(checksumIndex, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (protocol == IpProtocols.UDP && old == UdpHeader.NO_CHECKSUM)
        {
            return;
        }
        int updated = Checksum.update32(old, oldSourceR, newSourceR);
        updated = Checksum.update32(updated, oldDestinationR, newDestinationR);
        if (protocol == IpProtocols.UDP && updated == 0)
        {
            updated = 0xFFFF;
        }
        buffer.putShort(checksumIndex, (short)updated, ByteOrder.BIG_ENDIAN);
    }
}
