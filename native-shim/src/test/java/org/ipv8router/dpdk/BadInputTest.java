package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Operator mistakes must end in exceptions that name the offending part, and leave DPDK usable. */
class BadInputTest
{
    @Test
    void unknownPortNameIsReportedWithTheKnownPorts()
    {
        DpdkTestSupport.eal();
        try (DpdkEthDev existing = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""))
        {
            final NoSuchPortException ex = assertThrows(NoSuchPortException.class,
                () -> DpdkEthDev.byName("eth_does_not_exist"));
            assertEquals("eth_does_not_exist", ex.portName());
            assertTrue(ex.getMessage().contains("'eth_does_not_exist'"), ex.getMessage());
            assertTrue(ex.getMessage().contains(existing.name()), "lists existing ports: " + ex.getMessage());
            assertTrue(ex.errorCode() < 0);

            final DpdkEthDev same = DpdkEthDev.byName(existing.name());
            assertEquals(existing.portId(), same.portId());
            assertFalse(same.ownsVdev());
            assertEquals(existing.name(), DpdkEthDev.byId(existing.portId()).name());
        }
        assertThrows(NoSuchPortException.class, () -> DpdkEthDev.byId(31));
    }

    @Test
    void vdevWithoutDriverIsRejected()
    {
        DpdkTestSupport.eal();
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> DpdkEthDev.createVdev("net_nosuchdriver0", ""));
        assertTrue(ex.getMessage().contains("net_nosuchdriver0"), ex.getMessage());
        assertTrue(ex.errorCode() < 0);
    }

    @Test
    void badVdevArgumentsAreRejected()
    {
        DpdkTestSupport.eal();
        final String name = DpdkTestSupport.uniqueName("net_pcap");
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> DpdkEthDev.createVdev(name, "rx_pcap=/nonexistent/dir/in.pcap"));
        assertTrue(ex.getMessage().contains(name), ex.getMessage());
        assertTrue(ex.getMessage().contains("rx_pcap=/nonexistent/dir/in.pcap"), ex.getMessage());

        final String ring = DpdkTestSupport.uniqueName("net_ring");
        assertThrows(DpdkException.class, () -> DpdkEthDev.createVdev(ring, "nodeaction=garbage"));
        // The failed names are free again.
        DpdkEthDev.createVdev(ring, "").close();
    }

    @Test
    void duplicateVdevNameIsRejected()
    {
        DpdkTestSupport.eal();
        try (DpdkEthDev first = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), ""))
        {
            final DpdkException ex = assertThrows(DpdkException.class, () -> DpdkEthDev.createVdev(first.name(), ""));
            assertTrue(ex.getMessage().contains("already exists"), ex.getMessage());
            assertEquals(-17, ex.errorCode(), "EEXIST");
        }
    }

    @Test
    void tooManyQueuesNamesTheLimit()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (DpdkEthDev ring = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""))
        {
            final int max = ring.info().maxRxQueues();
            final DpdkException ex = assertThrows(DpdkException.class, () -> ring.configure(max + 1, pool));
            assertTrue(ex.getMessage().contains("at most " + max), ex.getMessage());
            assertTrue(ex.getMessage().contains(ring.name()), ex.getMessage());
            assertThrows(IllegalStateException.class, () -> ring.start(false), "start before configure");
        }
    }

    @Test
    void closedPortRefusesControlCalls()
    {
        DpdkTestSupport.eal();
        final DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "");
        port.close();
        port.close();
        assertThrows(IllegalStateException.class, () -> port.configure(1, DpdkTestSupport.pool()));
        assertThrows(NoSuchPortException.class, () -> DpdkEthDev.byName(port.name()), "the vdev is removed");
    }

    @Test
    void secondEalInitIsRefused()
    {
        DpdkTestSupport.eal();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Eal.init(EalConfig.builder().build()));
        assertTrue(ex.getMessage().contains("only once"), ex.getMessage());
    }

    @Test
    void mempoolWithBadParametersIsRejected()
    {
        DpdkTestSupport.eal();
        assertThrows(IllegalArgumentException.class, () -> DpdkMempool.create("x".repeat(40), 1023));
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> DpdkMempool.create("ipv8_test_bad_cache", 63, 1024, 2048, -1));
        assertTrue(ex.getMessage().contains("ipv8_test_bad_cache"), ex.getMessage());
    }

    @Test
    void burstsOnUnconfiguredQueuesOrPastTheArrayAreRefused()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_null"), "");
            MbufBurst burst = new MbufBurst(8))
        {
            assertThrows(IllegalArgumentException.class, () -> port.rxBurst(0, burst, 8), "not configured yet");
            port.configure(1, pool);
            port.start(false);
            final IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> port.rxBurst(1, burst, 8));
            assertTrue(queue.getMessage().contains("queue 1 of 1"), queue.getMessage());
            final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> port.txBurst(0, burst, 9));
            assertTrue(size.getMessage().contains("9 mbufs for an array of 8"), size.getMessage());
            assertThrows(IllegalArgumentException.class, () -> port.rxBurst(0, burst.segment().asSlice(0, 16), 3));
            assertEquals(2, port.rxBurst(0, burst.segment().asSlice(0, 16), 2));
            DpdkMempool.freeBulk(burst, 2);
        }
    }

    @Test
    void mtuIsReadAndChangesAreReportedByThePmd()
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        try (DpdkEthDev ring = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""))
        {
            ring.configure(1, pool);
            assertEquals(1500, ring.mtu(), "ethdev default MTU");
            final DpdkException ex = assertThrows(DpdkException.class, () -> ring.mtu(9000));
            assertTrue(ex.getMessage().contains("rte_eth_dev_set_mtu(port " + ring.portId() + ", 9000)"),
                ex.getMessage());
            assertEquals(1500, ring.mtu());
        }
    }
}
