package org.ipv8router.perf;

import java.nio.ByteOrder;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;

/**
 * The floor under {@link PipelineBenchmark}'s fast-path figure: the brief's hand-fused loop (parse, DIR-24-8
 * lookup, TTL and checksum, MAC rewrite, about 5.5 ns a packet in the brief's own measurement) and
 * {@link FusedFastPathLoop} (the same fused shape with every rule check of {@code ip8-fast}, the C reference's loop in
 * Java) run over the same null ports, frames and pool as {@code forwardBurstNullPorts}, timed like
 * {@link PipelineCpuTime} (thread CPU time, best of 15 interleaved rounds, minus {@code portsOnly}). The brief's loop
 * answers "how much of the router's figure is this harness": it does no rule check at all (no MAC, header checksum,
 * Total Length, address class, own-address, neighbour, MTU or transmit-decision test). The checked loop answers "how
 * much is the work the spec asks for, and how much the router's structure" (graph, passes, scratch arrays, real
 * tables). Neither loop is part of the router.
 * <p>
 * Run: {@code taskset -c 1 java --enable-native-access=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
 * -Dagrona.disable.bounds.checks=true -cp perf/target/ipv8-perf.jar org.ipv8router.perf.PipelineFloor}.
 */
public final class PipelineFloor
{
    private static final int L2 = 14;
    private static final int IPV8_ETHER_TYPE = 0x8080;
    private static final int OUT_PORT = 1;

    /** DIR-24-8's first level over the low 32 bits of the destination: a next-hop index per /24. */
    private final int[] tbl24 = new int[1 << 24];
    /** Per next hop: the Ethernet header as two 8-octet words (destination MAC + source MAC's first two octets;
     * source MAC + EtherType), as the router's adjacencies hold it. */
    private final long[] hopMacs = new long[16];
    private final long[] hopSources = new long[16];
    /** Frames the two loops forwarded over the whole run (checked against the bursts at the end). */
    private long forwarded;

    PipelineFloor()
    {
        final long ourMac = 0x02_00_00_00_01_01L;
        for (int h = 0; h < hopMacs.length; h++)
        {
            final long neighbourMac = 0x02_00_00_00_02_00L | h;
            hopMacs[h] = (neighbourMac << 16) | (ourMac >>> 32);
            hopSources[h] = (ourMac << 16) | IPV8_ETHER_TYPE;
        }
        // 198.51.100.0/24, the destination of every frame, to hop 1.
        tbl24[(int)(PipelineBenchmark.address(0, 198, 51, 100, 0) >>> 8)] = 1;
    }

    /** The brief's loop: returns the packets forwarded (the rest are left for a slow path that is not here). */
    int forward(final PacketVector vector)
    {
        final int[] tbl24 = this.tbl24;
        final long[] hopMacs = this.hopMacs;
        final long[] hopSources = this.hopSources;
        int sent = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long frame = vector.dataAddress(i);
            final long l3 = frame + L2;
            final long w0 = getU64(l3);
            final long w1 = getU64(l3 + 8);
            if ((getU64(frame + 6) & 0xFFFF) != IPV8_ETHER_TYPE || (w0 >>> 56) != 0x87 || (w1 >>> 48) < 0x0200)
            {
                vector.txPort(i, PacketVector.NO_PORT);
                continue;
            }
            final int dstN = (int)(getU64(l3 + 24) >>> 32);
            final int hop = tbl24[dstN >>> 8] & 15;
            final int ttlWord = (int)(w1 >>> 32); // TTL, Protocol, checksum
            final int sum = (~ttlWord & 0xFFFF) + 0xFEFF; // RFC 1624 update for TTL - 1
            final int checksum = ~((sum & 0xFFFF) + (sum >>> 16)) & 0xFFFF;
            putU32(l3 + 8, ((ttlWord - 0x0100_0000) & 0xFFFF_0000) | checksum);
            putU64(frame, hopMacs[hop]);
            putU64(frame + 6, hopSources[hop]);
            vector.txPort(i, OUT_PORT);
            sent++;
        }
        return sent;
    }

    public static void main(final String[] args)
    {
        final PipelineBenchmark bench = new PipelineBenchmark();
        bench.setUp();
        final PipelineFloor floor = new PipelineFloor();
        final UnsafeBuffer[] frames = PipelineBenchmark.bestCaseFrames();
        final DataplaneCounters counters = DataplaneCounters.inMemory(64);
        final SlabPacketPool pool = new SlabPacketPool("floor", 1024);
        final PipelineBenchmark.NullPort in =
            new PipelineBenchmark.NullPort("p0", 0, pool, counters.newPortCounters(0, "floor-p0"), frames);
        final PipelineBenchmark.NullPort out =
            new PipelineBenchmark.NullPort("p1", 1, pool, counters.newPortCounters(1, "floor-p1"), null);
        final PacketVector vector = new PacketVector();
        final FusedFastPathLoop checked = new FusedFastPathLoop();
        for (int k = 0; k < 200_000; k++) // warm-up: JIT
        {
            bench.forwardBurstNullPorts();
            bench.portsOnly();
            floor.burst(in, out, vector, null);
            floor.burst(in, out, vector, checked);
        }
        final double[] best = PipelineCpuTime.bestNsPerPacket(4, variant ->
        {
            switch (variant)
            {
                case 0 -> bench.forwardBurstNullPorts();
                case 1 -> floor.burst(in, out, vector, null);
                case 2 -> floor.burst(in, out, vector, checked);
                default -> bench.portsOnly();
            }
        });
        final long invocations = 2 * (200_000L + (long)PipelineCpuTime.ROUNDS * PipelineCpuTime.INVOCATIONS);
        final long offered = invocations * PipelineCpuTime.BURST;
        if (floor.forwarded != offered || out.transmitted != floor.forwarded)
        {
            throw new IllegalStateException("the two loops forwarded " + floor.forwarded + " and transmitted " +
                out.transmitted + " of " + offered + " frames");
        }
        System.out.printf("CPU ns/packet, best of %d rounds: forwardBurstNullPorts %.1f, floor loop %.1f, checked " +
            "fused loop %.1f, portsOnly %.1f; minus portsOnly: router fast path %.1f, the brief's fused loop (no rule " +
            "checks) %.1f, the fused loop with every check (FusedFastPathLoop) %.1f%n",
            PipelineCpuTime.ROUNDS, best[0], best[1], best[2], best[3], best[0] - best[3], best[1] - best[3],
            best[2] - best[3]);
        bench.tearDown();
        pool.close();
        counters.close();
    }

    /**
     * One burst: receive 64 frames, the brief's loop ({@code checked} null) or the checked one, transmit (as
     * {@code portsOnly} plus the loop).
     */
    private void burst(
        final PipelineBenchmark.NullPort in,
        final PipelineBenchmark.NullPort out,
        final PacketVector v,
        final FusedFastPathLoop checked)
    {
        in.armed = true;
        in.receive(v);
        forwarded += checked == null ? forward(v) : checked.forward(v);
        out.transmit(v);
    }

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    // getU64 and putU32: network order over native memory, shared with FusedFastPathLoop.

    static long getU64(final long address)
    {
        final long value = UnsafeApi.getLong(address);
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    static void putU32(final long address, final int value)
    {
        UnsafeApi.putInt(address, NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }

    private static void putU64(final long address, final long value)
    {
        UnsafeApi.putLong(address, NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value));
    }
}
