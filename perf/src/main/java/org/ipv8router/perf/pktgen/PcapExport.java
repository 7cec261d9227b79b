package org.ipv8router.perf.pktgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.pcap.PcapWriter;

/**
 * --pcap-out: writes the frames a run would send to a classic pcap instead (no DPDK), for tcpreplay,
 * pktgen-dpdk's pcap replay, or net_pcap rx_pcap input to other benchmarks. Record timestamps start at the
 * wall clock and are spaced by the rate (1 µs apart when the rate is unlimited), so tcpreplay without
 * --topspeed/--pps replays at that rate. The probes carry System.nanoTime at export: loss and reordering
 * counted from a replay are meaningful, latency is not.
 */
public final class PcapExport
{
    private PcapExport()
    {
    }

    /**
     * Writes count frames to file.
     *
     * @param packetsPerSecond spacing of the record timestamps, or {@link RatePacer#UNLIMITED} for 1 µs.
     * @return frames written.
     */
    public static long write(final FrameFactory factory, final Path file, final long count,
        final double packetsPerSecond) throws IOException
    {
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(factory.maxFrameLength()));
        final double gapNs = packetsPerSecond > 0 ? 1e9 / packetsPerSecond : 1000;
        final long startEpochNs = System.currentTimeMillis() * 1_000_000L;
        try (PcapWriter writer = PcapWriter.create(file))
        {
            for (long i = 0; i < count; i++)
            {
                final int length = factory.write(frame, 0, System.nanoTime());
                writer.write(frame, 0, length, startEpochNs + (long)(i * gapNs));
            }
            return writer.recordsWritten();
        }
    }
}
