package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** net_pcap: in.pcap -> rx -> Java loop -> tx -> out.pcap, byte for byte. */
class PcapRoundTripTest
{
    private static final int FRAMES = 57;

    @Test
    void framesReadFromPcapAreWrittenBackUnchanged() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        final Path dir = DpdkTestSupport.testDirectory("pcap");
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        final List<byte[]> frames = new ArrayList<>();
        long bytes = 0;
        for (int seq = 0; seq < FRAMES; seq++)
        {
            final byte[] frame = Frames.frame(seq, Frames.lengthOf(seq));
            frames.add(frame);
            bytes += frame.length;
        }
        PcapFile.write(in, frames);

        final int inUseBefore = pool.inUse();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final List<byte[]> seenInJava = new ArrayList<>();
        final DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_pcap"),
            "rx_pcap=" + in + ",tx_pcap=" + out);
        try (MbufBurst burst = new MbufBurst(32))
        {
            assertEquals("net_pcap", port.info().driver());
            port.configure(1, 256, 256, pool);
            port.start(true);
            int forwarded = 0;
            for (int idle = 0; forwarded < FRAMES && idle < 10_000; )
            {
                final int n = port.rxBurst(0, burst, 32);
                if (n == 0)
                {
                    idle++;
                    Thread.onSpinWait();
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    seenInJava.add(Frames.load(burst.get(i), view));
                    assertEquals(port.portId(), Mbuf.port(burst.get(i)));
                }
                assertEquals(n, port.txBurst(0, burst, n), "pcap tx takes everything");
                forwarded += n;
            }
            assertEquals(FRAMES, forwarded);
            final PortStats stats = port.stats();
            assertEquals(FRAMES, stats.rxPackets());
            assertEquals(bytes, stats.rxBytes());
            assertEquals(FRAMES, stats.txPackets());
            assertEquals(bytes, stats.txBytes());
            assertEquals(0, stats.rxErrors() + stats.txErrors() + stats.rxNoMbuf());
        }
        finally
        {
            port.close();
        }
        assertEquals(inUseBefore, pool.inUse(), "every mbuf went back to the pool");

        for (int i = 0; i < FRAMES; i++)
        {
            assertArrayEquals(frames.get(i), seenInJava.get(i), "frame " + i + " as Java saw it");
        }
        final List<byte[]> written = PcapFile.read(out);
        assertEquals(FRAMES, written.size(), "frames in " + out);
        for (int i = 0; i < FRAMES; i++)
        {
            assertArrayEquals(frames.get(i), written.get(i), "frame " + i + " in out.pcap");
        }
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
    }

    @Test
    void pmdThatFailsToStartIsReportedAndThePortStaysUsable() throws Exception
    {
        DpdkTestSupport.eal();
        final DpdkMempool pool = DpdkTestSupport.pool();
        final Path dir = DpdkTestSupport.testDirectory("pcap-start");
        final Path in = dir.resolve("in.pcap");
        PcapFile.write(in, List.of(Frames.frame(1, 60)));
        try (DpdkEthDev port = DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_pcap"),
            "rx_pcap=" + in + ",tx_pcap=" + dir.resolve("out.pcap")))
        {
            port.configure(1, 64, 64, pool);
            port.start(false);
            port.stop();
            // net_pcap closes its files on stop and reopens them by name on start.
            Files.delete(in);
            final DpdkException ex = assertThrows(DpdkException.class, () -> port.start(false));
            assertTrue(ex.getMessage().contains("cannot start port " + port.name()), ex.getMessage());
            assertTrue(ex.getMessage().contains("rte_eth_dev_start"), ex.getMessage());
            assertFalse(port.isStarted());

            PcapFile.write(in, List.of(Frames.frame(2, 60)));
            port.start(false);
            assertTrue(port.isStarted());
        }
    }
}
