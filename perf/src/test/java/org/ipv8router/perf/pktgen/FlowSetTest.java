package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

class FlowSetTest
{
    @Test
    void parsesAsnAndHostRanges()
    {
        assertEquals(new ValueRange(64496, 64511), ValueRange.parseAsn("--src-asn", "64496-64511"));
        assertEquals(ValueRange.of(4_294_967_295L), ValueRange.parseAsn("--src-asn", "4294967295"));
        assertEquals(new ValueRange(0x0A00_0001L, 0x0A00_00FEL),
            ValueRange.parseHost("--src-host", "10.0.0.1-10.0.0.254"));
        assertEquals(16, ValueRange.parseAsn("x", "64496-64511").size());
        assertEquals("10.0.0.1-10.0.0.254", ValueRange.parseHost("x", "10.0.0.1 - 10.0.0.254").toHostText());
    }

    @Test
    void badRangesAreRefusedNamingTheOption()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parseAsn("--src-asn", "64511-64496"))
            .getMessage().contains("--src-asn"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parseAsn("--dst-asn", "4294967296"))
            .getMessage().contains("4294967296"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parseHost("--src-host", "10.0.0.256"))
            .getMessage().contains("256"));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.parseHost("--src-host", "10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.parseAsn("--src-asn", "as64496"));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.parseHost("--src-host", ""));
        // Sources the router would drop on receive.
        final ValueRange host = ValueRange.of(0x0A00_0001L);
        final ValueRange asn = ValueRange.of(64496);
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new FlowSet(new ValueRange(0xFFFE_0000L, 0xFFFF_0000L), host, asn, host)).getMessage()
            .contains("--src-asn"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new FlowSet(asn, ValueRange.parseHost("x", "223.255.255.250-224.0.0.1"), asn, host)).getMessage()
            .contains("--src-host"));
        assertThrows(IllegalArgumentException.class, () -> new FlowSet(asn, ValueRange.of(0), asn, host));
    }

    @Test
    void cursorEnumeratesEveryFlowOnceInOdometerOrderAndWraps()
    {
        final FlowSet flows = new FlowSet(ValueRange.parseAsn("a", "64496-64498"), ValueRange.parseHost("b",
            "10.0.0.1-10.0.0.2"), ValueRange.parseAsn("c", "65000-65001"),
            ValueRange.parseHost("d", "192.0.2.1-192.0.2.5"));
        assertEquals(3 * 2 * 2 * 5, flows.count());
        final FlowSet.Cursor cursor = flows.cursor();
        final Set<String> seen = new HashSet<>();
        for (long i = 0; i < flows.count(); i++)
        {
            assertEquals(i, cursor.index());
            assertEquals(flows.source(i), cursor.source(), "source of flow " + i);
            assertEquals(flows.destination(i), cursor.destination(), "destination of flow " + i);
            assertEquals(Ipv8Address.host(cursor.source()), cursor.sourceHost());
            assertTrue(seen.add(cursor.source() + ">" + cursor.destination()), "flow " + i + " repeated");
            cursor.advance();
        }
        assertEquals(flows.count(), seen.size());
        // Explicit order: destination host fastest, source ASN slowest.
        assertEquals(Ipv8Address.of(64496, 0x0A00_0001), flows.source(0));
        assertEquals(Ipv8Address.of(65000, 0xC000_0202), flows.destination(1));
        assertEquals(Ipv8Address.of(65001, 0xC000_0201), flows.destination(5));
        assertEquals(Ipv8Address.of(64496, 0x0A00_0002), flows.source(10));
        assertEquals(Ipv8Address.of(64497, 0x0A00_0001), flows.source(20));
        assertEquals(Ipv8Address.of(64498, 0x0A00_0002), flows.source(59));
        // Wrapped back to the first flow.
        assertEquals(0, cursor.index());
        assertEquals(flows.source(0), cursor.source());
        assertEquals(flows.destination(0), cursor.destination());
    }
}
