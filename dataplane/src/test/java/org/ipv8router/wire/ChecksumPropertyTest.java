package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ipv8router.testsupport.RandomCases.forAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumPropertyTest
{
    @Test
    void computeEqualsReferenceByteLoop()
    {
        forAll(0xC5_0001L, g ->
        {
            final byte[] data = g.bytes("data", 0, 1600);
            final int offset = g.intIn("offset", 0, 7);
            computeEqualsReferenceByteLoop(data, offset);
        });
    }

    private static void computeEqualsReferenceByteLoop(final byte[] data, final int offset)
    {
        final byte[] padded = new byte[offset + data.length];
        System.arraycopy(data, 0, padded, offset, data.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(padded);
        assertEquals(Reference.rfc1071(padded, offset, data.length), Checksum.compute(buffer, offset, data.length));
    }

    /**
     * fold() on any 64-bit sum, not only on sums real buffers produce (those stay below 2^46 and never reach the
     * last carry step): the 16-bit one's-complement sum is congruent to the value mod 0xFFFF and is zero only
     * for zero. The first cases are sums whose carries ripple through every fold step.
     */
    @Test
    void foldEqualsOnesComplementReference()
    {
        final long[] carryChains = {0x0001_0000_FFFF_FFFFL, 0xFFFF_FFFF_FFFF_FFFFL, 0x0000_0001_FFFF_FFFFL,
            0x0000_0000_FFFF_FFFFL, 0x0000_0000_0001_FFFFL, 0x0000_0000_0000_FFFFL, 0x0000_0000_0001_0000L};
        forAll(0xC5_0007L, g ->
        {
            final int chain = g.caseIndex() - 3;
            final long sum = chain >= 0 && chain < carryChains.length ?
                g.record("sum", carryChains[chain]) : g.anyLong("sum");
            final int expected = sum == 0 ? 0 : (int)Long.remainderUnsigned(sum - 1, 0xFFFF) + 1;
            assertEquals(expected, Checksum.fold(sum));
        });
    }

    @Test
    void splitSumsAddUpAtEvenBoundaries()
    {
        forAll(0xC5_0002L, g -> splitSumsAddUpAtEvenBoundaries(g.bytes("data", 2, 300), g.intIn("halfSplit", 0, 150)));
    }

    private static void splitSumsAddUpAtEvenBoundaries(final byte[] data, final int halfSplit)
    {
        final int split = Math.min(2 * halfSplit, data.length - data.length % 2);
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final long parts = Checksum.sum(buffer, 0, split) + Checksum.sum(buffer, split, data.length - split);
        assertEquals(Checksum.compute(buffer, 0, data.length), Checksum.finish(parts));
    }

    @Test
    void storedChecksumVerifies()
    {
        forAll(0xC5_0003L, g -> storedChecksumVerifies(g.bytes("data", 4, 300)));
    }

    private static void storedChecksumVerifies(final byte[] data)
    {
        data[0] |= 1; // never all zero: the one input whose verify is undefined
        data[2] = 0;
        data[3] = 0;
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        buffer.putShort(2, (short)Checksum.compute(buffer, 0, data.length), ByteOrder.BIG_ENDIAN);
        assertTrue(Checksum.verify(buffer, 0, data.length));
    }

    /** A random option-less IPv8 header with a correct checksum; the first octet 0x87 keeps it non-zero. */
    private static UnsafeBuffer header(final long source, final long destination, final int word2, final int word4)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[28]);
        new Ipv8Header().wrap(buffer, 0)
            .writeHeader(word2 >>> 8, 28 + (word2 & 0xFF), word4, word4 >>> 3, 64, IpProtocols.UDP, source, destination);
        return buffer;
    }

    @Test
    void update16EqualsFullRecompute()
    {
        forAll(0xC5_0004L, g -> update16EqualsFullRecompute(
            g.anyLong("source"),
            g.anyLong("destination"),
            g.intIn("word2", 0, 0xFFFF),
            g.intIn("word4", 0, 0xFFFF),
            g.intIn("wordIndex", 1, 13),
            g.intIn("newWord", 0, 0xFFFF)));
    }

    private static void update16EqualsFullRecompute(
        final long source,
        final long destination,
        final int word2,
        final int word4,
        final int wordIndex,
        final int newWord)
    {
        if (wordIndex == 5)
        {
            return; // the checksum field itself
        }
        final UnsafeBuffer buffer = header(source, destination, word2, word4);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 0, 28);
        final int at = wordIndex * 2;
        final int oldWord = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buffer.putShort(at, (short)newWord, ByteOrder.BIG_ENDIAN);
        assertEquals(header.computeChecksum(), Checksum.update16(header.checksum(), oldWord, newWord));
    }

    @Test
    void update64OnAddressEqualsFullRecompute()
    {
        forAll(0xC5_0005L, g -> update64OnAddressEqualsFullRecompute(
            g.anyLong("source"),
            g.anyLong("destination"),
            g.anyLong("newDestination"),
            g.intIn("word2", 0, 0xFFFF)));
    }

    private static void update64OnAddressEqualsFullRecompute(
        final long source,
        final long destination,
        final long newDestination,
        final int word2)
    {
        final UnsafeBuffer buffer = header(source, destination, word2, 0);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 0, 28);
        final int expected = header.destination(newDestination).computeChecksum();
        assertEquals(expected, Checksum.update64(header.checksum(), destination, newDestination));
        assertEquals(expected, Checksum.update32(
            Checksum.update32(header.checksum(), (int)(destination >>> 32), (int)(newDestination >>> 32)),
            (int)destination, (int)newDestination));
    }

    @Test
    void decrementTtlEqualsFullRecompute()
    {
        forAll(0xC5_0006L, g -> decrementTtlEqualsFullRecompute(
            g.anyLong("source"),
            g.anyLong("destination"),
            g.intIn("ttl", 1, 255),
            g.intIn("word2", 0, 0xFFFF)));
    }

    private static void decrementTtlEqualsFullRecompute(
        final long source,
        final long destination,
        final int ttl,
        final int word2)
    {
        final UnsafeBuffer buffer = header(source, destination, word2, 0);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 0, 28).ttl(ttl).updateChecksum();
        assertEquals(ttl - 1, header.decrementTtl());
        assertEquals(header.computeChecksum(), header.checksum());
        assertTrue(header.verifyChecksum());

        final UnsafeBuffer v4 = new UnsafeBuffer(new byte[20]);
        final Ipv4Header ipv4 = new Ipv4Header().wrap(v4, 0);
        ipv4.writeHeader(word2 >>> 8, 20, word2, 0, ttl, IpProtocols.TCP, (int)source, (int)destination);
        assertEquals(ttl - 1, ipv4.decrementTtl());
        assertEquals(ipv4.computeChecksum(), ipv4.checksum());
    }
}
