package org.ipv8router.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterAgent;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.Checksum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full-pipeline cost in ns per packet: 64-octet IPv8 frames (UDP, 64496.192.0.2.1 to 64497.198.51.100.x) go through
 * the whole router graph on in-memory ring ports: ethernet-input validation (spec 2.5, header checksum), filters,
 * local-delivery check, TTL check, the two-tier batch lookup (Tier 1 entry for ASN 64497), TTL decrement with
 * incremental checksum, neighbour lookup (static IPv8 neighbour), transmit decision, MTU check, L2 rewrite and the
 * ring transmit. One invocation = one burst of 64 frames injected into the ingress ring, one duty cycle, the egress
 * ring drained; the ring copies on both sides are included (they stand in for the NIC's DMA). Table cache resident
 * (a handful of routes). Run: {@code java -jar perf/target/benchmarks.jar PipelineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class PipelineBenchmark
{
    private static final int BURST = 64;
    private static final int FRAME_LENGTH = 64;

    private DataplaneCounters counters;
    private SlabPacketPool pool;
    private Router router;
    private RouterAgent agent;
    private RingHost in;
    private RingHost out;
    private final UnsafeBuffer[] frames = new UnsafeBuffer[BURST];
    private final Sink sink = new Sink();

    static final class Sink implements RingHost.FrameHandler
    {
        long frames;
        long octets;

        public void onFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            frames++;
            octets += length;
        }
    }

    static long address(final long asn, final int a, final int b, final int c, final int d)
    {
        return (asn << 32) | ((long)a << 24) | ((long)b << 16) | ((long)c << 8) | d;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final long upstream = address(0, 203, 0, 113, 2);
        final RouterSpec spec = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, address(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, address(0, 203, 0, 113, 1), 62)
            .route(address(64497, 0, 0, 0, 0), 32, upstream)
            .neighbor(null, upstream, 0x02_00_00_00_02_02L, NeighborCapability.IPV8)
            .build();
        counters = DataplaneCounters.inMemory(1024);
        pool = new SlabPacketPool("bench", 1024);
        final RingPort p0 = RingPort.hosted(new RingPort.Endpoint("p0", 0, pool, counters.newPortCounters(0, "p0")), 1 << 20);
        final RingPort p1 = RingPort.hosted(new RingPort.Endpoint("p1", 1, pool, counters.newPortCounters(1, "p1")), 1 << 20);
        router = Router.create(spec, List.of(p0, p1), counters);
        agent = router.agent();
        in = RingHost.of(p0);
        out = RingHost.of(p1);
        for (int k = 0; k < BURST; k++)
        {
            frames[k] = frame(address(64496, 192, 0, 2, 1), address(64497, 198, 51, 100, k));
        }
    }

    private static UnsafeBuffer frame(final long src, final long dst)
    {
        final UnsafeBuffer f = new UnsafeBuffer(ByteBuffer.allocateDirect(FRAME_LENGTH));
        f.putShort(0, (short)0x0200, ByteOrder.BIG_ENDIAN);
        f.putInt(2, 0, ByteOrder.BIG_ENDIAN);
        f.putShort(6, (short)0x0200, ByteOrder.BIG_ENDIAN);
        f.putInt(8, 0x0101, ByteOrder.BIG_ENDIAN);
        f.putShort(12, (short)0x8080, ByteOrder.BIG_ENDIAN);
        final int ip = 14;
        f.putByte(ip, (byte)0x87);
        f.putShort(ip + 2, (short)(FRAME_LENGTH - 14), ByteOrder.BIG_ENDIAN);
        f.putByte(ip + 8, (byte)64);
        f.putByte(ip + 9, (byte)17);
        f.putLong(ip + 12, src, ByteOrder.BIG_ENDIAN);
        f.putLong(ip + 20, dst, ByteOrder.BIG_ENDIAN);
        f.putShort(ip + 10, (short)Checksum.compute(f, ip, 28), ByteOrder.BIG_ENDIAN);
        f.putShort(ip + 28, (short)40000, ByteOrder.BIG_ENDIAN);
        f.putShort(ip + 30, (short)9, ByteOrder.BIG_ENDIAN);
        f.putShort(ip + 32, (short)(FRAME_LENGTH - 14 - 28), ByteOrder.BIG_ENDIAN);
        return f;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (sink.frames == 0)
        {
            throw new IllegalStateException("nothing was forwarded");
        }
        router.close();
        pool.close();
        counters.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long forwardBurst()
    {
        for (int k = 0; k < BURST; k++)
        {
            in.inject(frames[k], 0, FRAME_LENGTH);
        }
        agent.doWork();
        return out.drain(sink, BURST);
    }
}
