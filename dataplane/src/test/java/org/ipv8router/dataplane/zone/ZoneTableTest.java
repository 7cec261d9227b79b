package org.ipv8router.dataplane.zone;

import java.lang.management.ManagementFactory;
import java.util.Random;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZoneTableTest
{
    private static final int ZONE_1 = 0x7F01_0000;   // 127.1.0.0
    private static final int ZONE_2 = 0x7F02_0000;   // 127.2.0.0
    private static final int ZONE_3 = 0x7F03_0000;

    private final ZoneTable zones = new ZoneTable();

    @Test
    void zoneToZoneIsDefaultDenyAndSameZoneIsAllowed()
    {
        zones.setZone(ZONE_1, 1);
        zones.setZone(ZONE_2, 2);
        final long a = Ipv8Address.of(ZONE_1, 0x0A00_0005);
        final long a2 = Ipv8Address.of(ZONE_1, 0x0A00_0106);
        final long b = Ipv8Address.of(ZONE_2, 0x0A00_0005);
        assertTrue(zones.permits(a, a2));
        assertFalse(zones.permits(a, b));
        assertFalse(zones.permits(b, a));

        zones.permit(1, 2, true);
        assertTrue(zones.permits(a, b));
        assertFalse(zones.permits(b, a), "permits are directional");
        zones.permit(1, 2, false);
        assertFalse(zones.permits(a, b));
    }

    @Test
    void zonesNotInUseNeverTalkToOtherZones()
    {
        zones.setZone(ZONE_1, 1);
        zones.permit(1, 1, true);
        assertFalse(zones.permits(Ipv8Address.of(ZONE_1, 1), Ipv8Address.of(ZONE_3, 1)));
        assertEquals(0, zones.groupOf(ZONE_3));
        assertEquals(0, zones.groupOf(64496), "not a zone prefix");
    }

    @Test
    void sameGroupZonesNeedTheGroupsOwnPermitBit()
    {
        zones.setZone(ZONE_1, 7);
        zones.setZone(ZONE_2, 7);
        assertFalse(zones.permits(Ipv8Address.of(ZONE_1, 1), Ipv8Address.of(ZONE_2, 1)));
        zones.permit(7, 7, true);
        assertTrue(zones.permits(Ipv8Address.of(ZONE_1, 1), Ipv8Address.of(ZONE_2, 1)));
    }

    @Test
    void badInputIsRefusedWithTheOffendingValue()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> zones.setZone(64496, 1));
        assertTrue(e.getMessage().contains("0.0.251.240"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zones.setZone(ZONE_1, 256));
        assertThrows(IllegalArgumentException.class, () -> zones.permit(0, 1, true));
    }

    @Test
    void countsZonesAndMemory()
    {
        final long empty = zones.memoryBytes();
        zones.setZone(ZONE_1, 1);
        zones.setZone(ZONE_1 + 1, 1);
        zones.setZone(ZONE_1, 0);
        assertEquals(1, zones.zonesInUse());
        assertEquals(empty + 65_536, zones.memoryBytes(), "one page for neighbouring zones");
    }

    @Test
    void wholeZoneSpaceFitsInBoundedMemoryAndAnswersInConstantTime()
    {
        zones.setAllZones(3);
        assertEquals(ZoneTable.ZONE_COUNT, zones.zonesInUse());
        assertTrue(zones.memoryBytes() <= 16L * 1024 * 1024 + 16 * 1024, "memory " + zones.memoryBytes());
        zones.permit(3, 3, true);

        final Random random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            final int r1 = 0x7F00_0000 | random.nextInt(ZoneTable.ZONE_COUNT);
            final int r2 = 0x7F00_0000 | random.nextInt(ZoneTable.ZONE_COUNT);
            assertEquals(3, zones.groupOf(r1));
            assertTrue(zones.permits(Ipv8Address.of(r1, i), Ipv8Address.of(r2, i)));
        }
        zones.setZone(0x7FAB_CDEF, 4);
        assertFalse(zones.permits(Ipv8Address.of(0x7FAB_CDEF, 1), Ipv8Address.of(0x7F00_0001, 1)));
    }

    @Test
    void checksAllocateNothing()
    {
        zones.setZone(ZONE_1, 1);
        zones.setZone(ZONE_2, 2);
        zones.permit(1, 2, true);
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sink += zones.permits(Ipv8Address.of(ZONE_1, i), Ipv8Address.of(ZONE_2 + (i & 1), i)) ? 1 : 0;
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            sink += zones.permits(Ipv8Address.of(ZONE_1, i), Ipv8Address.of(ZONE_2 + (i & 1), i)) ? 1 : 0;
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated);
        assertTrue(sink > 0);
    }
}
