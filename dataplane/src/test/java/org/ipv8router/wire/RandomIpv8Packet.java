package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.testsupport.RandomCases;

/**
 * An IPv8 packet with every header field, the options and the payload drawn at random: the input the downgrade and
 * upgrade properties share. The options array always holds the 32-octet maximum; the header uses its first
 * {@code headerLength() - 28} octets.
 */
record RandomIpv8Packet(
    int ihl,
    int tos,
    int identification,
    int flagsAndFragment,
    int ttl,
    int protocol,
    long source,
    long destination,
    byte[] payload,
    byte[] options)
{
    /** Draws the fields in a fixed order and under fixed names, so a seed replays the same packet. */
    static RandomIpv8Packet draw(final RandomCases.Gen g)
    {
        return new RandomIpv8Packet(
            g.intIn("ihl", 7, 15),
            g.intIn("tos", 0, 255),
            g.intIn("identification", 0, 0xFFFF),
            g.intIn("flagsAndFragment", 0, 0xFFFF),
            g.intIn("ttl", 0, 255),
            g.intIn("protocol", 0, 255),
            g.anyLong("source"),
            g.anyLong("destination"),
            g.bytes("payload", 0, 40),
            g.bytes("options", 32, 32));
    }

    int headerLength()
    {
        return ihl * 4;
    }

    int totalLength()
    {
        return headerLength() + payload.length;
    }

    /** The packet at {@code offset} of a new buffer that ends with it, header checksum set. */
    UnsafeBuffer write(final int offset)
    {
        final int headerLength = headerLength();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + totalLength()]);
        new Ipv8Header().wrap(buffer, offset)
            .ihl(ihl).tos(tos).totalLength(totalLength()).identification(identification)
            .flagsAndFragmentOffset(flagsAndFragment).ttl(ttl).protocol(protocol)
            .source(source).destination(destination);
        buffer.putBytes(offset + Ipv8Header.MIN_HEADER_LENGTH, options, 0, headerLength - Ipv8Header.MIN_HEADER_LENGTH);
        buffer.putBytes(offset + headerLength, payload);
        new Ipv8Header().wrap(buffer, offset).updateChecksum();
        return buffer;
    }
}
