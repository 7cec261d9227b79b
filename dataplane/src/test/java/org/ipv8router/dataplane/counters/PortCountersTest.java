package org.ipv8router.dataplane.counters;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PortCountersTest
{
    @Test
    void receiveBurstCountsHandedOverAndDroppedApart()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64))
        {
            final PortCounters port = counters.newPortCounters(1, "eth1");
            port.onReceiveBurst(3, 300, 2);
            port.onReceiveBurst(0, 0, 1);
            port.onReceiveBurst(4, 256, 0);
            assertEquals(7, port.rxPackets());
            assertEquals(556, port.rxBytes());
            assertEquals(3, port.rxDrops());
            assertEquals(0, port.txPackets() + port.txBytes() + port.txDrops(), "receive touches no tx counter");
        }
    }

    @Test
    void transmitBurstCountsSentAndDroppedApart()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64))
        {
            final PortCounters port = counters.newPortCounters(2, "eth2");
            port.onTransmitBurst(5, 640, 0);
            port.onTransmitBurst(0, 0, 4);
            port.onTransmitBurst(1, 60, 1);
            assertEquals(6, port.txPackets());
            assertEquals(700, port.txBytes());
            assertEquals(5, port.txDrops());
            assertEquals(0, port.rxPackets() + port.rxBytes() + port.rxDrops(), "transmit touches no rx counter");
        }
    }

    @Test
    void bytesAreCountedOnlyWithPackets()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(64))
        {
            final PortCounters port = counters.newPortCounters(3, "eth3");
            port.onReceiveBurst(0, 99, 0);
            port.onTransmitBurst(0, 99, 0);
            assertEquals(0, port.rxBytes(), "an empty burst writes nothing, as the ports always did");
            assertEquals(0, port.txBytes());
        }
    }
}
