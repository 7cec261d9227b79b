package org.ipv8router.wire;

import org.agrona.DirectBuffer;

/**
 * Deliberately naive RFC 1071 reference: a byte loop over 16-bit big-endian words, folded at the end. The
 * production code sums 64-bit words; the tests compare the two.
 */
final class Reference
{
    private Reference()
    {
    }

    static int rfc1071(final byte[] data, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            final int hi = data[offset + i] & 0xFF;
            final int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    /** Reference checksum of a range with its 2-octet checksum field (at fieldOffset) set to zero. */
    static int checksumWithFieldZeroed(final DirectBuffer buffer, final int offset, final int length, final int fieldOffset)
    {
        final byte[] bytes = copy(buffer, offset, length);
        bytes[fieldOffset] = 0;
        bytes[fieldOffset + 1] = 0;
        return rfc1071(bytes, 0, bytes.length);
    }

    /** Reference UDP checksum: pseudo-header laid out as bytes, then the datagram with its checksum zeroed. */
    static int udpChecksum(
        final DirectBuffer buffer, final int offset, final int length, final long source, final long destination,
        final L4PseudoHeader mode)
    {
        final java.nio.ByteBuffer pseudo = java.nio.ByteBuffer.allocate(20 + length);
        if (mode == L4PseudoHeader.FULL64)
        {
            pseudo.putLong(source).putLong(destination);
        }
        else
        {
            pseudo.putInt((int)source).putInt((int)destination);
        }
        pseudo.put((byte)0).put((byte)IpProtocols.UDP).putShort((short)length);
        final byte[] datagram = copy(buffer, offset, length);
        datagram[6] = 0;
        datagram[7] = 0;
        pseudo.put(datagram);
        final int checksum = rfc1071(pseudo.array(), 0, pseudo.position());
        return checksum == 0 ? 0xFFFF : checksum;
    }
}
