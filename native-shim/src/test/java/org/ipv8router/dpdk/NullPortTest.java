package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** net_null: rx produces empty 64-byte packets without end, tx swallows everything. */
class NullPortTest
{
    @Test
    void rxAndTxBurstsMovePacketsAndCountThem()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        final int inUseBefore = pool.inUse();
        try (DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "size=64");
            MbufBurst burst = new MbufBurst(32))
        {
            final PortInfo info = port.info();
            assertEquals("net_null", info.driver());
            assertEquals(port.portId(), info.portId());
            port.configure(1, 256, 256, pool);
            port.start(true);
            assertTrue(port.link().up(), "net_null reports its link up once started");
            assertNotEquals(0L, port.macAddress(), "net_null has a random MAC");

            long received = 0;
            long sent = 0;
            for (int i = 0; i < 100; i++)
            {
                final int n = port.rxBurst(0, burst, 32);
                assertEquals(32, n, "net_null always fills the burst");
                for (int j = 0; j < n; j++)
                {
                    final long mbuf = burst.get(j);
                    assertEquals(64, Mbuf.dataLength(mbuf));
                    assertEquals(64, Mbuf.packetLength(mbuf));
                    assertEquals(port.portId(), Mbuf.port(mbuf), "rx sets the input port");
                    assertEquals(MbufLayout.HEADROOM, Mbuf.headroom(mbuf));
                }
                received += n;
                sent += port.txBurst(0, burst, n);
            }
            assertEquals(3200, received);
            assertEquals(3200, sent);
            final PortStats stats = port.stats();
            assertEquals(received, stats.rxPackets());
            assertEquals(sent, stats.txPackets());
            assertEquals(received, stats.queueRxPackets(0));
            assertEquals(sent, stats.queueTxPackets(0));
            assertEquals(0, stats.rxNoMbuf());
            assertEquals(inUseBefore, pool.inUse(), "tx returned every mbuf");

            port.resetStats();
            assertEquals(0, port.stats().rxPackets(), "stats reset");
        }
    }

    @Test
    void twoQueuesEachReceiveAndKeepTheirOwnCounters()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "");
            MbufBurst burst = new MbufBurst(16))
        {
            port.configure(2, 128, 128, pool);
            assertEquals(2, port.queues());
            assertEquals(2, port.info().rxQueues());
            port.start(false);
            for (int i = 0; i < 3; i++)
            {
                DpdkMempool.freeBulk(burst, port.rxBurst(0, burst, 16));
            }
            DpdkMempool.freeBulk(burst, port.rxBurst(1, burst, 16));
            final PortStats stats = port.stats();
            assertEquals(48, stats.queueRxPackets(0));
            assertEquals(16, stats.queueRxPackets(1));
            assertEquals(64, stats.rxPackets());
        }
    }

    @Test
    void portCanBeStoppedReconfiguredAndRestarted()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "");
            MbufBurst burst = new MbufBurst(8))
        {
            port.configure(1, pool);
            port.start(false);
            port.stop();
            port.configure(1, 64, 64, pool);
            port.start(false);
            final int n = port.rxBurst(0, burst, 8);
            assertEquals(8, n);
            DpdkMempool.freeBulk(burst, n);
        }
    }
}
