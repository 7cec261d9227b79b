package org.ipv8router.dataplane.counters;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PortCountersTest
{
    private final DataplaneCounters counters = DataplaneCounters.inMemory(64);
    private final PortCounters port = counters.newPortCounters(1, "eth1");

    @AfterEach
    void close()
    {
        counters.close();
    }

    @Test
    void burstsCountPassedAndDroppedApartInEachDirection()
    {
        port.onReceiveBurst(3, 300, 2);
        port.onTransmitBurst(5, 640, 0);
        port.onReceiveBurst(0, 0, 1);
        port.onTransmitBurst(0, 0, 4);
        port.onReceiveBurst(4, 256, 0);
        port.onTransmitBurst(1, 60, 1);
        // Distinct totals per counter: a burst counted in the wrong direction or column shows.
        assertEquals(List.of(7L, 556L, 3L), List.of(port.rxPackets(), port.rxBytes(), port.rxDrops()), "rx");
        assertEquals(List.of(6L, 700L, 5L), List.of(port.txPackets(), port.txBytes(), port.txDrops()), "tx");
    }

    @Test
    void bytesAreCountedOnlyWithPackets()
    {
        port.onReceiveBurst(0, 99, 0);
        port.onTransmitBurst(0, 99, 0);
        assertEquals(0, port.rxBytes(), "an empty burst writes nothing, as the ports always did");
        assertEquals(0, port.txBytes());
    }
}
