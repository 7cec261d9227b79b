package org.ipv8router.dataplane.packet;

import java.util.HashSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabPacketPoolTest
{
    private final SlabPacketPool pool = new SlabPacketPool("test", 64);

    @AfterEach
    void close()
    {
        pool.close();
    }

    @Test
    void allocatesEverySlotOnceThenReportsExhaustion()
    {
        final Set<Long> handles = new HashSet<>();
        for (int i = 0; i < 64; i++)
        {
            final long h = pool.alloc();
            assertNotEquals(PacketPool.NULL_HANDLE, h);
            assertTrue(handles.add(h), "handle handed out twice");
            assertEquals(0, pool.bufferAddress(h) & 63, "slot must be cache-line aligned");
        }
        assertEquals(0, pool.available());
        assertEquals(PacketPool.NULL_HANDLE, pool.alloc());
        assertEquals(PacketPool.NULL_HANDLE, pool.alloc());
    }

    @Test
    void freedSlotIsReusedAndCountsAreExact()
    {
        final long a = pool.alloc();
        final long b = pool.alloc();
        assertEquals(62, pool.available());
        pool.free(a);
        assertEquals(63, pool.available());
        assertFalse(pool.isAllocated(a));
        assertTrue(pool.isAllocated(b));
        assertEquals(a, pool.alloc(), "last freed slot comes back first (warm in cache)");
        for (int i = 0; i < 62; i++)
        {
            pool.alloc();
        }
        assertEquals(PacketPool.NULL_HANDLE, pool.alloc());
        pool.free(b);
        assertEquals(b, pool.alloc());
    }

    @Test
    void slotsDoNotOverlap()
    {
        final long[] handles = new long[64];
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        for (int i = 0; i < 64; i++)
        {
            handles[i] = pool.alloc();
            buffer.wrap(pool.bufferAddress(handles[i]), pool.bufferLength());
            buffer.setMemory(0, pool.bufferLength(), (byte)i);
        }
        for (int i = 0; i < 64; i++)
        {
            buffer.wrap(pool.bufferAddress(handles[i]), pool.bufferLength());
            assertEquals((byte)i, buffer.getByte(0));
            assertEquals((byte)i, buffer.getByte(pool.bufferLength() - 1));
        }
    }

    @Test
    void rejectsDoubleFreeAndForeignHandles()
    {
        final long h = pool.alloc();
        pool.free(h);
        final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.free(h));
        assertTrue(twice.getMessage().contains("double free"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.free(h + 1));
        assertThrows(IllegalArgumentException.class, () -> pool.free(12345));
        try (SlabPacketPool other = new SlabPacketPool("other", 4))
        {
            final long foreign = other.alloc();
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> pool.free(foreign));
            assertTrue(ex.getMessage().contains("'test'"), ex.getMessage());
        }
        assertEquals(64, pool.available());
    }

    @Test
    void burstOfBuffersSpreadsOverEveryL1SetInsteadOfSharingOne()
    {
        // 64 packet headers at the same offset modulo 4 KiB would compete for one L1 set (8 ways): every pass over
        // a burst would miss L1. The padded stride must give 64 buffers 64 different sets.
        final Set<Long> sets = new HashSet<>();
        for (int i = 0; i < 64; i++)
        {
            final long data = pool.bufferAddress(pool.alloc()) + pool.headroom();
            sets.add((data >>> 6) & 63);
        }
        assertEquals(64, sets.size(), "L1 sets used by the headers of 64 buffers");
    }

    @Test
    void handlesInsideASlotOrInItsPadAreRejected()
    {
        final long h0 = pool.alloc();
        final long h1 = pool.alloc();
        final long stride = Math.abs(h1 - h0);
        assertEquals(2048 + 64, stride);
        final long low = Math.min(h0, h1);
        for (long offset = 64; offset < stride; offset += 64)
        {
            final long inside = low + offset;
            assertFalse(pool.isAllocated(inside), "offset " + offset);
            assertThrows(IllegalArgumentException.class, () -> pool.free(inside), "offset " + offset);
        }
        assertTrue(pool.isAllocated(h0));
        assertTrue(pool.isAllocated(h1));
    }

    @Test
    void inverseModulo2To64IsExact()
    {
        for (long odd = 1; odd < 100_000; odd += 2)
        {
            assertEquals(1L, odd * SlabPacketPool.inverseModulo2To64(odd), "odd " + odd);
        }
        assertEquals(1L, 0xFFFF_FFFF_FFFF_FFFFL * SlabPacketPool.inverseModulo2To64(0xFFFF_FFFF_FFFF_FFFFL));
    }

    @Test
    void geometryDefaultsLeaveRoomForEncapsulation()
    {
        assertEquals(2048, pool.bufferLength());
        assertEquals(128, pool.headroom());
        assertTrue(pool.headroom() >= 20 + 8, "8to4 (20) plus upgrade (8) must fit in the headroom");
        assertTrue(pool.bufferLength() - pool.headroom() >= 1518, "a full Ethernet frame must fit");
        assertThrows(IllegalArgumentException.class, () -> new SlabPacketPool("bad", 4, 1000, 0));
        assertThrows(IllegalArgumentException.class, () -> new SlabPacketPool("bad", 0));
        assertThrows(IllegalArgumentException.class, () -> new SlabPacketPool("bad", 4, 256, 250));
    }

    @Test
    void otherThreadsGiveBuffersBackThroughTheRemoteFreeQueue() throws Exception
    {
        final long[] handles = new long[64];
        for (int i = 0; i < 64; i++)
        {
            handles[i] = pool.alloc();
        }
        assertEquals(PacketPool.NULL_HANDLE, pool.alloc());
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            final int first = t * 32;
            threads[t] = new Thread(() ->
            {
                for (int i = first; i < first + 32; i++)
                {
                    pool.freeRemote(handles[i]);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        assertEquals(0, pool.available(), "remote frees wait until the owner reclaims them");
        final Set<Long> again = new HashSet<>();
        for (int i = 0; i < 64; i++)
        {
            final long h = pool.alloc(); // the first alloc on an empty stack reclaims all 64
            assertNotEquals(PacketPool.NULL_HANDLE, h);
            again.add(h);
        }
        assertEquals(64, again.size());
        assertEquals(PacketPool.NULL_HANDLE, pool.alloc());

        pool.free(handles[0]);
        pool.freeRemote(handles[0]); // a double free, detected on the owner thread when reclaimed
        assertThrows(IllegalStateException.class, pool::reclaimRemoteFrees);
    }
}
