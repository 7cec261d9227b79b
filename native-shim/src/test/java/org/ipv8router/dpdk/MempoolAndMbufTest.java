package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Mempool accounting and the Java-side mbuf field accessors on real mbufs. */
class MempoolAndMbufTest
{
    @Test
    void allocBulkIsAllOrNothingAndFreeReturnsEverything()
    {
        DpdkTestSupport.eal();
        try (DpdkMempool pool = DpdkMempool.create("ipv8_test_small", 127, 0, 256, -1);
            MbufBurst burst = new MbufBurst(128))
        {
            assertEquals(127, pool.available());
            assertEquals(0, pool.inUse());
            assertTrue(pool.allocBulk(burst, 100));
            assertEquals(100, pool.inUse());
            assertFalse(pool.allocBulk(burst, 28), "only 27 left: nothing is allocated");
            assertEquals(100, pool.inUse());
            DpdkMempool.freeBulk(burst, 100);
            assertEquals(0, pool.inUse());
            assertEquals(127, pool.available());
        }
    }

    @Test
    void freshMbufHasHeadroomNoDataAndTheRequestedRoom()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (MbufBurst burst = new MbufBurst(1))
        {
            assertTrue(pool.allocBulk(burst, 1));
            final long mbuf = burst.get(0);
            assertNotEquals(0L, mbuf);
            assertEquals(MbufLayout.HEADROOM, Mbuf.dataOffset(mbuf));
            assertEquals(0, Mbuf.dataLength(mbuf));
            assertEquals(0, Mbuf.packetLength(mbuf));
            assertEquals(1, Mbuf.segmentCount(mbuf));
            assertEquals(0L, Mbuf.next(mbuf));
            assertEquals(DpdkMempool.DEFAULT_DATA_ROOM + MbufLayout.HEADROOM, Mbuf.bufferLength(mbuf));
            assertEquals(DpdkMempool.DEFAULT_DATA_ROOM, Mbuf.tailroom(mbuf));
            assertEquals(Mbuf.bufferAddress(mbuf) + MbufLayout.HEADROOM, Mbuf.dataAddress(mbuf));

            // Write a frame, set the length, then grow and shrink it at the front.
            final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
            Mbuf.wrapForWrite(buffer, mbuf);
            assertEquals(DpdkMempool.DEFAULT_DATA_ROOM, buffer.capacity());
            buffer.putLong(0, 0x0102030405060708L);
            assertTrue(Mbuf.length(mbuf, 8));
            assertFalse(Mbuf.length(mbuf, DpdkMempool.DEFAULT_DATA_ROOM + 1), "longer than the room");
            assertEquals(8, Mbuf.packetLength(mbuf));

            assertTrue(Mbuf.prepend(mbuf, 14));
            assertEquals(22, Mbuf.dataLength(mbuf));
            assertEquals(22, Mbuf.packetLength(mbuf));
            assertEquals(MbufLayout.HEADROOM - 14, Mbuf.headroom(mbuf));
            Mbuf.wrap(buffer, mbuf);
            assertEquals(22, buffer.capacity());
            assertEquals(0x0102030405060708L, buffer.getLong(14));
            assertEquals(0x0102030405060708L, Mbuf.data(mbuf).get(JAVA_LONG_UNALIGNED, 14));

            assertTrue(Mbuf.adjust(mbuf, 14));
            assertEquals(8, Mbuf.dataLength(mbuf));
            assertEquals(MbufLayout.HEADROOM, Mbuf.dataOffset(mbuf));
            assertFalse(Mbuf.adjust(mbuf, 9), "cannot strip more than the data");
            assertFalse(Mbuf.prepend(mbuf, MbufLayout.HEADROOM + 1), "cannot prepend more than the headroom");

            Mbuf.port(mbuf, 7);
            assertEquals(7, Mbuf.port(mbuf));

            // Where the engine left the packet, written back before tx: only what fits the buffer.
            final int room = Mbuf.bufferLength(mbuf);
            assertTrue(Mbuf.fits(mbuf, 10, room - 10));
            assertFalse(Mbuf.fits(mbuf, 10, room - 9), "one octet past the buffer end");
            assertFalse(Mbuf.fits(mbuf, -1, 8));
            assertFalse(Mbuf.setData(mbuf, 100, room), "refused: nothing changes");
            assertEquals(MbufLayout.HEADROOM, Mbuf.dataOffset(mbuf));
            assertTrue(Mbuf.setData(mbuf, 100, 60));
            assertEquals(100, Mbuf.dataOffset(mbuf));
            assertEquals(60, Mbuf.dataLength(mbuf));
            assertEquals(60, Mbuf.packetLength(mbuf));
            DpdkMempool.freeBulk(burst, 1);
        }
    }
}
