package org.ipv8router.dataplane.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketVectorTest
{
    private final SlabPacketPool pool = new SlabPacketPool("vec", 16);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private int addPacket(final PacketVector v, final byte[] data, final int port)
    {
        final long h = pool.alloc();
        new UnsafeBuffer(pool.bufferAddress(h) + pool.headroom(), data.length).putBytes(0, data);
        return v.add(pool, h, pool.headroom(), data.length, port);
    }

    @Test
    void addsUpToCapacityAndExposesData()
    {
        final PacketVector v = new PacketVector(3);
        assertEquals(0, addPacket(v, new byte[] {1, 2, 3}, 5));
        assertEquals(1, addPacket(v, new byte[] {4, 5}, 6));
        assertEquals(2, addPacket(v, new byte[] {6}, 7));
        assertTrue(v.isFull());
        final long h = pool.alloc();
        assertEquals(-1, v.add(pool, h, 0, 1, 0), "a full vector refuses and leaves ownership with the caller");
        pool.free(h);
        assertArrayEquals(new byte[] {4, 5}, v.toByteArray(1));
        final UnsafeBuffer b = v.buffer(0);
        assertEquals(3, b.capacity());
        assertEquals(3, b.getByte(2));
        assertSame(b, v.buffer(2), "one reused flyweight");
        assertEquals(6, v.ingressPort(1));
        assertEquals(PacketVector.NEXT_UNSET, v.next(0));
        assertEquals(PacketVector.NO_PORT, v.txPort(0));
        assertEquals(v.bufferAddress(2) + pool.headroom(), v.dataAddress(2));
        v.freeAll();
        assertEquals(0, v.count());
        assertEquals(16, pool.available());
    }

    @Test
    void prependAndTrimStayInsideTheBuffer()
    {
        final PacketVector v = new PacketVector(4);
        final int i = addPacket(v, new byte[] {10, 11, 12, 13}, 0);
        assertTrue(v.prepend(i, 20));
        assertTrue(v.prepend(i, 8));
        assertEquals(32, v.length(i));
        assertEquals(pool.headroom() - 28, v.headroom(i));
        v.buffer(i).putByte(0, (byte)99);
        assertEquals(10, v.buffer(i).getByte(28), "payload did not move");
        assertFalse(v.prepend(i, v.headroom(i) + 1));
        assertEquals(32, v.length(i), "failed prepend changes nothing");
        assertTrue(v.trimHead(i, 28));
        assertArrayEquals(new byte[] {10, 11, 12, 13}, v.toByteArray(i));
        assertFalse(v.trimHead(i, 5));
        assertEquals(pool.bufferLength() - pool.headroom() - 4, v.tailroom(i));
        assertTrue(v.length(i, 2));
        assertFalse(v.length(i, pool.bufferLength()));
        assertEquals(2, v.length(i));
        v.freeAll();
    }

    @Test
    void compactKeepsOrderOfAttachedEntries()
    {
        final PacketVector v = new PacketVector(8);
        for (int k = 0; k < 6; k++)
        {
            final int i = addPacket(v, new byte[] {(byte)k}, k);
            v.aux(i, 100 + k);
        }
        final long h1 = v.detach(1);
        final long h4 = v.detach(4);
        v.free(0); // frees and detaches
        assertEquals(3, v.compact());
        assertEquals(2, v.ingressPort(0));
        assertEquals(3, v.ingressPort(1));
        assertEquals(5, v.ingressPort(2));
        assertEquals(105, v.aux(2));
        assertArrayEquals(new byte[] {5}, v.toByteArray(2));
        pool.free(h1);
        pool.free(h4);
        v.freeAll();
        assertEquals(16, pool.available());
    }

    @Test
    void appendFromCopiesMetadataAndResetsNext()
    {
        final PacketVector a = new PacketVector(2);
        final PacketVector b = new PacketVector(1);
        final int i = addPacket(a, new byte[] {1, 2}, 3);
        a.txPort(i, 9);
        a.timestamp(i, 1234);
        a.aux(i, 77);
        a.drop(i, 42);
        assertEquals(0, b.appendFrom(a, i));
        a.detach(i);
        assertEquals(-1, b.appendFrom(a, i), "full");
        assertEquals(a.handle(0), PacketPool.NULL_HANDLE);
        assertEquals(9, b.txPort(0));
        assertEquals(3, b.ingressPort(0));
        assertEquals(1234, b.timestamp(0));
        assertEquals(77, b.aux(0));
        assertEquals(42, b.dropReason(0));
        assertEquals(PacketVector.NEXT_UNSET, b.next(0));
        assertSame(pool, b.pool(0));
        assertArrayEquals(new byte[] {1, 2}, b.toByteArray(0));
        a.clear();
        b.freeAll();
        assertEquals(16, pool.available());
    }

    @Test
    void copyToPoolMovesThePacketKeepsHeadroomAndFreesTheOldBuffer()
    {
        try (SlabPacketPool other = new SlabPacketPool("other", 1, 4096, 256))
        {
            final PacketVector v = new PacketVector(4);
            final int i = addPacket(v, new byte[] {1, 2, 3, 4, 5}, 2);
            assertTrue(v.prepend(i, 20));
            final int offset = v.dataOffset(i);
            v.aux(i, 9);
            assertTrue(v.copyToPool(i, other));
            assertSame(other, v.pool(i));
            assertTrue(other.isAllocated(v.handle(i)));
            assertEquals(16, pool.available(), "old buffer freed");
            assertEquals(offset, v.dataOffset(i), "same headroom");
            assertEquals(25, v.length(i));
            assertEquals(other.bufferAddress(v.handle(i)), v.bufferAddress(i));
            assertEquals(5, v.buffer(i).getByte(24));
            assertEquals(9, v.aux(i));
            assertTrue(v.copyToPool(i, other), "already there");

            final int j = addPacket(v, new byte[] {7}, 0);
            assertFalse(v.copyToPool(j, other), "target exhausted");
            assertSame(pool, v.pool(j));
            assertArrayEquals(new byte[] {7}, v.toByteArray(j));
            v.freeAll();
            assertEquals(1, other.available());
            assertEquals(16, pool.available());
        }
    }

    @Test
    void addWithKnownBufferAddressSkipsThePoolLookup()
    {
        final PacketVector v = new PacketVector(1);
        final long h = pool.alloc();
        assertEquals(0, v.add(pool, h, pool.bufferAddress(h), 64, 100, 3));
        assertEquals(pool.bufferAddress(h) + 64, v.dataAddress(0));
        assertEquals(100, v.length(0));
        assertEquals(-1, v.add(pool, h, pool.bufferAddress(h), 64, 100, 3));
        v.freeAll();
    }

    @Test
    void reserveFillsSharedFieldsAndSetPacketMakesEntriesOwnTheirPackets()
    {
        final PacketVector v = new PacketVector(8);
        final long first = pool.alloc();
        v.add(pool, first, pool.headroom(), 60, 3);
        v.next(0, 5);
        final int base = v.reserve(pool, 2, 4);
        assertEquals(1, base);
        assertEquals(5, v.count());
        for (int i = base; i < base + 4; i++)
        {
            assertTrue(v.isDetached(i), "a reserved entry owns nothing yet");
            assertEquals(2, v.ingressPort(i));
            assertEquals(PacketVector.NEXT_UNSET, v.next(i));
            assertEquals(PacketVector.NO_PORT, v.txPort(i));
            assertEquals(0, v.aux(i));
            assertSame(pool, v.pool(i));
        }
        assertEquals(PacketVector.MIXED, v.uniformNext(), "detached entries are not uniform");
        final long a = pool.alloc();
        final long b = pool.alloc();
        v.setPacket(base, a, pool.bufferAddress(a), pool.headroom(), 64);
        v.setPacket(base + 1, b, pool.bufferAddress(b), pool.headroom() + 2, 70);
        assertFalse(v.isDetached(base));
        assertEquals(64, v.length(base));
        assertEquals(pool.bufferAddress(b) + pool.headroom() + 2, v.dataAddress(base + 1));
        v.truncate(base + 2); // the two unused reservations go
        assertEquals(3, v.count());
        v.nextAll(1);
        assertEquals(1, v.uniformNext(), "no detached entry is left after truncate");
        assertEquals(16 - 3, pool.available());
        v.freeAll();
        assertEquals(16, pool.available(), "every packet set into the vector was owned by it");
    }

    @Test
    void reserveAndTruncateRefuseWhatWouldOverflowOrLeak()
    {
        final PacketVector v = new PacketVector(4);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> v.reserve(pool, 0, 5));
        final int base = v.reserve(pool, 0, 2);
        final long h = pool.alloc();
        v.setPacket(base + 1, h, pool.bufferAddress(h), pool.headroom(), 60);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> v.truncate(base + 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> v.truncate(3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> v.truncate(-1));
        v.truncate(2);
        assertEquals(2, v.count());
        v.freeAll();
        assertEquals(16, pool.available());
    }

    @Test
    void routeToPortsSetsPortAndNextOnlyWhereAPortIsGiven()
    {
        final PacketVector v = new PacketVector(4);
        for (int k = 0; k < 3; k++)
        {
            final long h = pool.alloc();
            v.add(pool, h, pool.bufferAddress(h), pool.headroom(), 60, 0);
        }
        v.nextAll(0);
        v.routeToPorts(new int[] {2, PacketVector.NO_PORT, 5, 7}, 3, 1);
        assertEquals(2, v.txPort(0));
        assertEquals(1, v.next(0));
        assertEquals(PacketVector.NO_PORT, v.txPort(1), "an entry without a port keeps its tx port");
        assertEquals(0, v.next(1), "and its next node");
        assertEquals(5, v.txPort(2));
        assertEquals(1, v.next(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> v.routeToPorts(new int[4], 4, 1), "more entries than the vector holds");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> v.routeToPorts(new int[2], 3, 1), "more entries than the array holds");
        v.freeAll();
        assertEquals(16, pool.available());
    }
}
