package org.ipv8router.dataplane.port;

import java.util.List;

import org.ipv8router.dataplane.Frames;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingPortTest
{
    private final DataplaneCounters counters = DataplaneCounters.inMemory(256);
    private final SlabPacketPool poolA = new SlabPacketPool("a", 8);
    private final SlabPacketPool poolB = new SlabPacketPool("b", 8);

    @AfterEach
    void close()
    {
        poolA.close();
        poolB.close();
        counters.close();
    }

    private RingPort.Endpoint endpoint(final String name, final int index, final SlabPacketPool pool)
    {
        return new RingPort.Endpoint(name, index, pool, counters.newPortCounters(index, name));
    }

    @Test
    void pairCarriesFramesBothWaysAndCounts()
    {
        final RingPort[] ports = RingPort.pair(endpoint("a", 0, poolA), endpoint("b", 1, poolB), 1 << 16);
        final RingPort a = ports[0];
        final RingPort b = ports[1];
        final PacketVector v = new PacketVector(4);
        final byte[] f1 = Frames.frame(Frames.MAC_B, Frames.MAC_A, 1, 1, 60);
        final byte[] f2 = Frames.frame(Frames.MAC_B, Frames.MAC_A, 1, 2, 1514);

        assertEquals(0, b.receive(v));
        // a transmits what it "received" from a host-injected buffer: put two packets of pool A in a vector
        final RingPort host = RingPort.hosted(endpoint("h", 2, poolA), 1 << 16);
        final RingHost driver = RingHost.of(host);
        assertTrue(driver.inject(f1));
        assertTrue(driver.inject(f2));
        assertEquals(2, host.receive(v));
        assertEquals(6, poolA.available());
        assertEquals(2, v.ingressPort(0));
        assertEquals(2, a.transmit(v));
        assertTrue(v.isEmpty(), "transmit empties the vector");
        assertEquals(8, poolA.available(), "transmit frees what it sent");

        assertEquals(2, b.receive(v));
        assertEquals(1, v.ingressPort(0));
        assertArrayEquals(f1, v.toByteArray(0));
        assertArrayEquals(f2, v.toByteArray(1));
        assertEquals(6, poolB.available(), "received frames live in the receiver's pool");
        assertEquals(2, b.transmit(v));
        assertEquals(2, a.receive(v));
        assertArrayEquals(f2, v.toByteArray(1));
        v.freeAll();

        assertEquals(2, a.counters().txPackets());
        assertEquals(60 + 1514, a.counters().txBytes());
        assertEquals(2, b.counters().rxPackets());
        assertEquals(60 + 1514, b.counters().rxBytes());
        assertEquals(2, a.counters().rxPackets());
    }

    @Test
    void receiveStopsAtVectorCapacityAndKeepsTheRest()
    {
        final RingPort port = RingPort.hosted(endpoint("p", 0, poolA), 1 << 16);
        final RingHost host = RingHost.of(port);
        for (int k = 0; k < 5; k++)
        {
            assertTrue(host.inject(Frames.frame(1, 2, 0, k, 64)));
        }
        final PacketVector v = new PacketVector(3);
        assertEquals(3, port.receive(v));
        assertEquals(0, port.receive(v), "full vector");
        v.freeAll();
        assertEquals(2, port.receive(v));
        assertEquals(3, Frames.seq(v.toByteArray(0)));
        assertEquals(4, Frames.seq(v.toByteArray(1)));
        v.freeAll();
    }

    @Test
    void exhaustedPoolAndOversizeFramesAreCountedAsRxDrops()
    {
        final RingPort port = RingPort.hosted(endpoint("p", 0, poolA), 1 << 16);
        final RingHost host = RingHost.of(port);
        assertTrue(host.inject(new byte[poolA.bufferLength()])); // longer than the room after headroom
        for (int k = 0; k < 10; k++)
        {
            assertTrue(host.inject(Frames.frame(1, 2, 0, k, 64)));
        }
        final PacketVector v = new PacketVector(16);
        assertEquals(8, port.receive(v));
        assertEquals(0, poolA.available());
        assertEquals(3, port.counters().rxDrops(), "1 oversize + 2 without a buffer");
        assertEquals(8, port.counters().rxPackets());
        assertEquals(0, Frames.seq(v.toByteArray(0)));
        v.freeAll();
    }

    @Test
    void fullRingAndLinkDownAreCountedAsTxDropsAndFreed()
    {
        final RingPort port = RingPort.hosted(endpoint("p", 0, poolA), 4096);
        final RingHost host = RingHost.of(port);
        final RingPort feeder = RingPort.hosted(endpoint("f", 1, poolA), 1 << 16);
        final RingHost feed = RingHost.of(feeder);
        final PacketVector v = new PacketVector(8);
        int sent = 0;
        for (int round = 0; round < 2; round++)
        {
            for (int k = 0; k < 8; k++)
            {
                assertTrue(feed.inject(Frames.frame(1, 2, 0, round * 8 + k, 500)));
            }
            assertEquals(8, feeder.receive(v));
            final int s = port.transmit(v);
            assertTrue(round == 1 || s > 0, "the first burst goes out");
            sent += s;
            assertEquals(8, poolA.available(), "everything freed, sent or not");
        }
        assertTrue(sent < 16, "a 4 KiB ring cannot hold 16 frames of 500 octets, sent " + sent);
        assertEquals(16 - sent, port.counters().txDrops());
        assertEquals(sent, port.counters().txPackets());
        final List<byte[]> out = host.drainAll();
        assertEquals(sent, out.size());
        for (int k = 0; k < sent; k++)
        {
            assertEquals(k, Frames.seq(out.get(k)), "what fits goes out in order");
        }
        assertNull(host.poll());

        port.linkUp(false);
        assertTrue(feed.inject(Frames.frame(1, 2, 0, 99, 64)));
        assertEquals(1, feeder.receive(v));
        assertEquals(0, port.transmit(v));
        assertEquals(16 - sent + 1, port.counters().txDrops());
        assertTrue(host.inject(Frames.frame(1, 2, 0, 100, 64)));
        assertEquals(0, port.receive(v), "a down link receives nothing");
        port.linkUp(true);
        assertEquals(1, port.receive(v));
        v.freeAll();
        assertFalse(port.isEndOfInput());
    }

    @Test
    void loopbackReceivesWhatItSends()
    {
        final RingPort port = RingPort.loopback(endpoint("lo", 0, poolA), 1 << 16);
        final RingHost host = new RingHost(port.rxWire(), port.txWire());
        assertTrue(host.inject(Frames.frame(1, 2, 0, 5, 64)));
        final PacketVector v = new PacketVector(4);
        assertEquals(1, port.receive(v));
        assertEquals(1, port.transmit(v));
        assertEquals(1, port.receive(v));
        assertEquals(5, Frames.seq(v.toByteArray(0)));
        v.freeAll();
    }

    @Test
    void macAddressesParseAndFormat()
    {
        assertEquals(0x0200_0000_000AL, MacAddress.parse("02:00:00:00:00:0a"));
        assertEquals("02:00:00:00:00:0a", MacAddress.format(0x0200_0000_000AL));
        assertEquals("ff:ee:dd:cc:bb:aa", MacAddress.format(MacAddress.parse("FF-EE-DD-CC-BB-AA")));
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> MacAddress.parse("02:00:00:00:00"));
        assertTrue(ex.getMessage().contains("02:00:00:00:00"));
    }
}
