package org.ipv8router.dataplane.packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The vector-level moves the graph dispatcher uses instead of per-packet copies: {@link PacketVector#takeAll},
 * {@link PacketVector#appendRange} and the uniformity checks that choose between them.
 */
class PacketVectorHandOverTest
{
    private final SlabPacketPool pool = new SlabPacketPool("h", 64);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private PacketVector filled(final int capacity, final int count, final int firstAux)
    {
        final PacketVector v = new PacketVector(capacity);
        for (int k = 0; k < count; k++)
        {
            final int i = v.add(pool, pool.alloc(), pool.headroom() + k, 60 + k, 3 + k);
            v.aux(i, firstAux + k);
            v.txPort(i, 7);
            v.timestamp(i, 1000L + k);
            v.drop(i, 11 + k); // sets next = NEXT_DROP and a reason the move must keep
            v.next(i, 2);
        }
        return v;
    }

    private static void assertEntry(final PacketVector v, final int i, final int k, final int firstAux)
    {
        assertEquals(firstAux + k, v.aux(i));
        assertEquals(7, v.txPort(i));
        assertEquals(1000L + k, v.timestamp(i));
        assertEquals(11 + k, v.dropReason(i));
        assertEquals(3 + k, v.ingressPort(i));
        assertEquals(60 + k, v.length(i));
        assertEquals(v.bufferAddress(i) + v.dataOffset(i), v.dataAddress(i));
        assertEquals(PacketVector.NEXT_UNSET, v.next(i), "the receiving node starts with no next node chosen");
    }

    @Test
    void takeAllMovesEveryEntryAndLeavesTheSourceEmpty()
    {
        final PacketVector src = filled(8, 5, 100);
        final long[] handles = new long[5];
        for (int k = 0; k < 5; k++)
        {
            handles[k] = src.handle(k);
        }
        final PacketVector dst = new PacketVector(8);
        dst.takeAll(src);
        assertEquals(0, src.count());
        assertEquals(5, dst.count());
        for (int k = 0; k < 5; k++)
        {
            assertEquals(handles[k], dst.handle(k));
            assertEntry(dst, k, k, 100);
        }
        // The source is usable again and holds no stale entries.
        final int i = src.add(pool, pool.alloc(), pool.headroom(), 64, 0);
        assertEquals(0, i);
        assertEquals(PacketVector.NEXT_UNSET, src.next(0));
        src.freeAll();
        dst.freeAll();
        assertEquals(64, pool.available());
    }

    @Test
    void takeAllRefusesANonEmptyTargetOrAnotherCapacity()
    {
        final PacketVector src = filled(8, 2, 0);
        final PacketVector busy = filled(8, 1, 50);
        assertThrows(IllegalStateException.class, () -> busy.takeAll(src));
        assertThrows(IllegalStateException.class, () -> new PacketVector(4).takeAll(src));
        assertEquals(2, src.count(), "a refused hand-over changes nothing");
        assertEquals(1, busy.count());
        src.freeAll();
        busy.freeAll();
    }

    @Test
    void appendRangeCopiesARunAndStopsWhenFull()
    {
        final PacketVector src = filled(8, 6, 200);
        final PacketVector dst = filled(4, 1, 900);
        assertEquals(3, dst.appendRange(src, 1, 5), "only three fit");
        assertEquals(4, dst.count());
        for (int k = 0; k < 3; k++)
        {
            assertEquals(src.handle(1 + k), dst.handle(1 + k));
            assertEntry(dst, 1 + k, 1 + k, 200);
        }
        assertEquals(900, dst.aux(0), "the entry already there is untouched");
        assertEquals(0, dst.appendRange(src, 4, 2));
        final PacketVector one = new PacketVector(4);
        assertEquals(1, one.appendRange(src, 5, 1));
        assertEntry(one, 0, 5, 200);
        // Ownership moved with the copies once the source entries are detached: every buffer is freed exactly once.
        for (int k = 1; k <= 3; k++)
        {
            src.detach(k);
        }
        src.detach(5);
        src.freeAll();
        dst.freeAll();
        one.freeAll();
        assertEquals(64, pool.available());
    }

    @Test
    void uniformChecksSeeDifferingSlotsPortsAndDetachedEntries()
    {
        final PacketVector v = filled(8, 4, 0);
        assertEquals(2, v.uniformNext());
        assertEquals(7, v.uniformTxPort());
        v.next(3, 1);
        assertEquals(PacketVector.MIXED, v.uniformNext());
        v.next(3, 2);
        v.txPort(0, 6);
        assertEquals(PacketVector.MIXED, v.uniformTxPort());
        assertEquals(2, v.uniformNext());
        v.txPort(0, 7);
        v.free(2);
        assertEquals(PacketVector.MIXED, v.uniformNext(), "a detached entry is not handed over");
        assertEquals(PacketVector.MIXED, v.uniformTxPort());
        assertEquals(PacketVector.MIXED, new PacketVector(4).uniformNext());
        v.freeAll();
        assertEquals(64, pool.available());
    }

    @Test
    void detachedEntriesAreSeenAfterEveryKindOfMove()
    {
        final PacketVector v = filled(8, 4, 0);
        final long taken = v.detach(1); // the test owns this packet now
        v.detach(1); // twice: still one detached entry
        assertEquals(PacketVector.MIXED, v.uniformNext());
        final PacketVector copy = new PacketVector(8);
        copy.appendRange(v, 0, 3); // carries the detached entry along
        assertEquals(PacketVector.MIXED, copy.uniformNext());
        copy.clear();
        final PacketVector moved = new PacketVector(8);
        moved.takeAll(v);
        assertEquals(PacketVector.MIXED, moved.uniformNext(), "the detached entry moved with the hand-over");
        final int i = v.add(pool, pool.alloc(), pool.headroom(), 64, 0);
        v.next(i, 4);
        assertEquals(4, v.uniformNext(), "the emptied source holds no stale detached count");
        for (int k = 0; k < moved.count(); k++)
        {
            moved.next(k, 5);
        }
        assertEquals(3, moved.compact());
        assertEquals(5, moved.uniformNext(), "compact squeezed the detached entry out");
        moved.free(0);
        assertEquals(PacketVector.MIXED, moved.uniformNext());
        moved.freeAll();
        v.freeAll();
        pool.free(taken);
        assertEquals(64, pool.available());
    }
}
