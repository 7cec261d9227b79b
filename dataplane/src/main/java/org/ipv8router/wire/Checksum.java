package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624), as used by the IPv8 and IPv4
 * header checksums (spec 2.3, A2), ICMPv8 and UDP/TCP.
 * <p>
 * Sums are carried unfolded in a {@code long}: adding 32-bit words to a 64-bit accumulator cannot overflow
 * for any IP datagram (2^16 octets = 2^14 words of at most 2^32), and because 2^16 = 1 (mod 0xFFFF) the sum
 * of 32-bit words folds to the same 16-bit one's-complement sum as the sum of 16-bit words. Ranges that are
 * summed separately and then added must start on an even octet distance from each other (all headers do).
 */
public final class Checksum
{
    private Checksum()
    {
    }

    /**
     * Unfolded one's-complement sum of {@code length} octets starting at {@code offset}, in network order.
     * An odd trailing octet is padded with a zero octet as RFC 1071 says.
     */
    public static long sum(final DirectBuffer buffer, final int offset, final int length)
    {
        long sum = 0;
        int i = offset;
        final int end = offset + length;
        // 8 octets at a time, each 64-bit word split into its two 32-bit halves so nothing can overflow.
        for (final int last8 = end - 8; i <= last8; i += 8)
        {
            final long word = buffer.getLong(i, ByteOrder.BIG_ENDIAN);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        if (end - i >= 4)
        {
            sum += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (end - i >= 2)
        {
            sum += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < end)
        {
            sum += (buffer.getByte(i) & 0xFF) << 8;
        }
        return sum;
    }

    /** Sum of the two 16-bit halves of a 32-bit value, for pseudo-headers and incremental updates. */
    public static long sumWords32(final int value)
    {
        return (value >>> 16) + (value & 0xFFFF);
    }

    /** Folds an unfolded sum to 16 bits with end-around carry (the one's-complement sum). */
    public static int fold(final long sum)
    {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int)s;
    }

    /** The checksum field value for an unfolded sum: the one's complement of the folded sum. */
    public static int finish(final long sum)
    {
        return ~fold(sum) & 0xFFFF;
    }

    /** RFC 1071 checksum of a range (the checksum field inside the range must be zero or excluded). */
    public static int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        return finish(sum(buffer, offset, length));
    }

    /** True when a range that includes its checksum field sums to 0xFFFF, i.e. the checksum is correct. */
    public static boolean verify(final DirectBuffer buffer, final int offset, final int length)
    {
        return fold(sum(buffer, offset, length)) == 0xFFFF;
    }

    /**
     * RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changed,
     * {@code HC' = ~(~HC + ~m + m')}. Never yields 0x0000 from a checksum a full computation produced.
     *
     * @param oldChecksum the checksum field before the change.
     * @param oldWord     the 16-bit word before the change.
     * @param newWord     the 16-bit word after the change.
     * @return the new checksum field value.
     */
    public static int update16(final int oldChecksum, final int oldWord, final int newWord)
    {
        final long sum = (~oldChecksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /** RFC 1624 update for a 32-bit field (two adjacent 16-bit words, e.g. an address half) that changed. */
    public static int update32(final int oldChecksum, final int oldValue, final int newValue)
    {
        final long sum = (~oldChecksum & 0xFFFF) +
            (~oldValue >>> 16) + (~oldValue & 0xFFFF) +
            (newValue >>> 16) + (newValue & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /** RFC 1624 update for a 64-bit field (e.g. a whole IPv8 address) that changed. */
    public static int update64(final int oldChecksum, final long oldValue, final long newValue)
    {
        return update32(update32(oldChecksum, (int)(oldValue >>> 32), (int)(newValue >>> 32)),
            (int)oldValue, (int)newValue);
    }
}
