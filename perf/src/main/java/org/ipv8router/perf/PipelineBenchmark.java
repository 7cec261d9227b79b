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
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.PacketPool;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.Port;
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
 * (a handful of routes).
 * <p>
 * Variants:
 * <ul>
 *   <li>{@code forwardBurst}: in-memory ring ports. Besides the graph it measures four frame copies per packet
 *       (inject into the ring, ring to pool buffer, pool buffer to ring, drain) and the ring buffers' ordered
 *       stores: the end-to-end figure of the embedded router.</li>
 *   <li>{@code forwardBurstNullPorts}: ports that do what a NIC's DMA does and nothing more (like DPDK's
 *       {@code net_null} with copy): receive copies a 64-octet template frame into a pool buffer, transmit counts
 *       and frees. Minus {@code portsOnly}, this is the pipeline cost the 10 ns/packet goal of issue 3 is about.
 *       The router runs with its fused fast path {@code ip8-fast} (the default).</li>
 *   <li>{@code forwardBurstNullPortsSlowPath}: the same with {@code RouterSpec.fastPath(false)}: every packet
 *       through the graph of small nodes. The ratio of the two is the fast path's speed-up in the same run.</li>
 *   <li>{@code forwardBurstNullPortsMixed}: the same null ports and router, but traffic that exercises every step
 *       of the lookup instead of the easiest case: each burst mixes 48 IPv8 packets to 48 different foreign ASNs
 *       (out of 1,000 with Tier 1 routes) and 16 IPv4 packets (r = 0) to 16 different /24s (out of 1,024 in the
 *       DIR-24-8 table), over four IPv8-capable neighbours in turn, so the batch lookup takes its mixed-r form
 *       and nearly every packet has a next hop and neighbour other than its predecessor's (an adjacency each).
 *       Minus {@code portsOnly}, the pipeline cost for such traffic; the default variant's traffic (one ASN, one
 *       route, one neighbour per burst) is the best case of the lookup and neighbour steps.</li>
 *   <li>{@code portsOnly}: the null ports alone, no router: receive the burst, hand the same vector to transmit.
 *       The stand-in NIC's own cost, to subtract: pipeline = forwardBurstNullPorts - portsOnly.</li>
 * </ul>
 * Every invocation forwards the whole burst (checked at tear-down: every frame came out of the egress port);
 * the table is built once per trial, nothing is set up inside the measured method.
 * Run: {@code java -jar perf/target/ipv8-perf.jar PipelineBenchmark}.
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
    private SlabPacketPool nullPool;
    private Router nullRouter;
    private RouterAgent nullAgent;
    private NullPort nullIn;
    private NullPort nullOut;
    private long nullInvocations;
    private SlabPacketPool slowPool;
    private Router slowRouter;
    private RouterAgent slowAgent;
    private NullPort slowIn;
    private NullPort slowOut;
    private long slowInvocations;
    private final UnsafeBuffer[] mixedFrames = new UnsafeBuffer[BURST];
    private SlabPacketPool mixedPool;
    private Router mixedRouter;
    private RouterAgent mixedAgent;
    private NullPort mixedIn;
    private NullPort mixedOut;
    private long mixedInvocations;
    private SlabPacketPool portsPool;
    private NullPort portsIn;
    private NullPort portsOut;
    private final PacketVector portsVector = new PacketVector();
    private long ringInvocations;

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
        final RouterSpec.Builder builder = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, address(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, address(0, 203, 0, 113, 1), 62)
            .route(address(64497, 0, 0, 0, 0), 32, upstream)
            .neighbor(null, upstream, 0x02_00_00_00_02_02L, NeighborCapability.IPV8);
        final RouterSpec spec = builder.build();
        counters = DataplaneCounters.inMemory(1024);
        pool = new SlabPacketPool("bench", 1024);
        final RingPort p0 = RingPort.hosted(new RingPort.Endpoint("p0", 0, pool, counters.newPortCounters(0, "p0")), 1 << 20);
        final RingPort p1 = RingPort.hosted(new RingPort.Endpoint("p1", 1, pool, counters.newPortCounters(1, "p1")), 1 << 20);
        router = Router.create(spec, List.of(p0, p1), counters);
        agent = router.agent();
        in = RingHost.of(p0);
        out = RingHost.of(p1);
        System.arraycopy(bestCaseFrames(), 0, frames, 0, BURST);

        nullPool = new SlabPacketPool("bench-null", 1024);
        nullIn = new NullPort("p0", 0, nullPool, counters.newPortCounters(2, "null-p0"), frames);
        nullOut = new NullPort("p1", 1, nullPool, counters.newPortCounters(3, "null-p1"), null);
        nullRouter = Router.create(spec, List.of(nullIn, nullOut), counters);
        nullAgent = nullRouter.agent();

        slowPool = new SlabPacketPool("bench-slow", 1024);
        slowIn = new NullPort("p0", 0, slowPool, counters.newPortCounters(4, "slow-p0"), frames);
        slowOut = new NullPort("p1", 1, slowPool, counters.newPortCounters(5, "slow-p1"), null);
        slowRouter = Router.create(builder.fastPath(false).build(), List.of(slowIn, slowOut), counters);
        slowAgent = slowRouter.agent();

        for (int k = 0; k < BURST; k++)
        {
            mixedFrames[k] = k % 4 == 3
                ? frame4(address(0, 192, 0, 2, 1), address(0, 198, 18 + (k * 37 % MIXED_V4_PREFIXES) / 256,
                    k * 37 % 256, 1 + k))
                : frame(address(64496, 192, 0, 2, 1), address(MIXED_FIRST_ASN + k * 131 % MIXED_ASNS, 198, 51, 100, k));
        }
        mixedPool = new SlabPacketPool("bench-mixed", 1024);
        mixedIn = new NullPort("p0", 0, mixedPool, counters.newPortCounters(8, "mixed-p0"), mixedFrames);
        mixedOut = new NullPort("p1", 1, mixedPool, counters.newPortCounters(9, "mixed-p1"), null);
        mixedRouter = Router.create(mixedSpec(), List.of(mixedIn, mixedOut), counters);
        mixedAgent = mixedRouter.agent();

        portsPool = new SlabPacketPool("bench-ports", 1024);
        portsIn = new NullPort("p0", 0, portsPool, counters.newPortCounters(6, "ports-p0"), frames);
        portsOut = new NullPort("p1", 1, portsPool, counters.newPortCounters(7, "ports-p1"), null);
    }

    private static final long MIXED_FIRST_ASN = 64497;
    private static final int MIXED_ASNS = 1000;
    private static final int MIXED_V4_PREFIXES = 1024;
    private static final int MIXED_NEIGHBOURS = 4;

    /**
     * The router of the mixed variant: p1 is an external /24 with four IPv8-capable neighbours, 203.0.113.2-5;
     * 1,000 foreign ASNs (64497-65496) are routed whole to them in turn, and 1,024 IPv4 /24s (198.18.0.0/24 to
     * 198.21.255.0/24) the same way.
     */
    private static RouterSpec mixedSpec()
    {
        final RouterSpec.Builder builder = RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, address(64496, 192, 0, 2, 254), 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, address(0, 203, 0, 113, 1), 56);
        for (int n = 0; n < MIXED_NEIGHBOURS; n++)
        {
            builder.neighbor(null, address(0, 203, 0, 113, 2 + n), 0x02_00_00_00_02_02L + n, NeighborCapability.IPV8);
        }
        for (int a = 0; a < MIXED_ASNS; a++)
        {
            builder.route(address(MIXED_FIRST_ASN + a, 0, 0, 0, 0), 32,
                address(0, 203, 0, 113, 2 + a % MIXED_NEIGHBOURS));
        }
        for (int p = 0; p < MIXED_V4_PREFIXES; p++)
        {
            builder.route(address(0, 198, 18 + p / 256, p % 256, 0), 56,
                address(0, 203, 0, 113, 2 + p % MIXED_NEIGHBOURS));
        }
        return builder.build();
    }

    /** The best-case burst: 64 IPv8 frames from 64496.192.0.2.1 to 64497.198.51.100.k, k = 0..63. */
    static UnsafeBuffer[] bestCaseFrames()
    {
        final UnsafeBuffer[] burst = new UnsafeBuffer[BURST];
        for (int k = 0; k < BURST; k++)
        {
            burst[k] = frame(address(64496, 192, 0, 2, 1), address(64497, 198, 51, 100, k));
        }
        return burst;
    }

    /** A 64-octet IPv4 UDP frame (r = 0 at both ends), the IPv4 counterpart of {@link #frame}. */
    private static UnsafeBuffer frame4(final long src, final long dst)
    {
        final UnsafeBuffer f = ethernetFrame(0x0800);
        final int ip = 14;
        f.putByte(ip, (byte)0x45);
        f.putInt(ip + 12, (int)src, ByteOrder.BIG_ENDIAN);
        f.putInt(ip + 16, (int)dst, ByteOrder.BIG_ENDIAN);
        return ipAndUdp(f, ip, 20);
    }

    /** A 64-octet IPv8 UDP frame. */
    private static UnsafeBuffer frame(final long src, final long dst)
    {
        final UnsafeBuffer f = ethernetFrame(0x8080);
        final int ip = 14;
        f.putByte(ip, (byte)0x87);
        f.putLong(ip + 12, src, ByteOrder.BIG_ENDIAN);
        f.putLong(ip + 20, dst, ByteOrder.BIG_ENDIAN);
        return ipAndUdp(f, ip, 28);
    }

    /** A zeroed 64-octet frame with its Ethernet header (to 02:00:00:00:00:00 from 02:00:00:00:01:01). */
    private static UnsafeBuffer ethernetFrame(final int etherType)
    {
        final UnsafeBuffer f = new UnsafeBuffer(ByteBuffer.allocateDirect(FRAME_LENGTH));
        f.putShort(0, (short)0x0200, ByteOrder.BIG_ENDIAN);
        f.putInt(2, 0, ByteOrder.BIG_ENDIAN);
        f.putShort(6, (short)0x0200, ByteOrder.BIG_ENDIAN);
        f.putInt(8, 0x0101, ByteOrder.BIG_ENDIAN);
        f.putShort(12, (short)etherType, ByteOrder.BIG_ENDIAN);
        return f;
    }

    /**
     * The fields IPv8 and IPv4 headers share (Total Length, TTL 64, UDP, header checksum over headerLength octets:
     * the addresses must be in place) and a UDP header after them.
     */
    private static UnsafeBuffer ipAndUdp(final UnsafeBuffer f, final int ip, final int headerLength)
    {
        f.putShort(ip + 2, (short)(FRAME_LENGTH - ip), ByteOrder.BIG_ENDIAN);
        f.putByte(ip + 8, (byte)64);
        f.putByte(ip + 9, (byte)17);
        f.putShort(ip + 10, (short)Checksum.compute(f, ip, headerLength), ByteOrder.BIG_ENDIAN);
        final int udp = ip + headerLength;
        f.putShort(udp, (short)40000, ByteOrder.BIG_ENDIAN);
        f.putShort(udp + 2, (short)9, ByteOrder.BIG_ENDIAN);
        f.putShort(udp + 4, (short)(FRAME_LENGTH - udp), ByteOrder.BIG_ENDIAN);
        return f;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        while (agent.doWork() > 0) // frames a ring wrap left behind in the last invocation
        {
            out.drain(sink, Integer.MAX_VALUE);
        }
        out.drain(sink, Integer.MAX_VALUE);
        if (sink.frames != ringInvocations * BURST)
        {
            throw new IllegalStateException("ring ports: " + sink.frames + " frames forwarded of " +
                ringInvocations * BURST + "; non-zero counters:" + nonZeroCounters());
        }
        if (nullInvocations > 0 && nullOut.transmitted != nullInvocations * BURST)
        {
            throw new IllegalStateException("null ports: " + nullOut.transmitted + " frames forwarded of " +
                nullInvocations * BURST + "; non-zero counters:" + nonZeroCounters());
        }
        if (slowInvocations > 0 && slowOut.transmitted != slowInvocations * BURST)
        {
            throw new IllegalStateException("null ports, slow path: " + slowOut.transmitted + " frames forwarded of " +
                slowInvocations * BURST + "; non-zero counters:" + nonZeroCounters());
        }
        if (nullInvocations > 0 && nullRouter.fastPathForwarded() != nullInvocations * BURST)
        {
            throw new IllegalStateException("null ports: only " + nullRouter.fastPathForwarded() + " of " +
                nullInvocations * BURST + " frames took the fast path");
        }
        if (mixedInvocations > 0 && (mixedOut.transmitted != mixedInvocations * BURST ||
            mixedRouter.fastPathForwarded() != mixedInvocations * BURST))
        {
            throw new IllegalStateException("null ports, mixed traffic: " + mixedOut.transmitted + " frames forwarded, " +
                mixedRouter.fastPathForwarded() + " by the fast path, of " + mixedInvocations * BURST +
                "; non-zero counters:" + nonZeroCounters());
        }
        router.close();
        nullRouter.close();
        mixedRouter.close();
        slowRouter.close();
        pool.close();
        nullPool.close();
        slowPool.close();
        mixedPool.close();
        portsPool.close();
        counters.close();
    }

    private String nonZeroCounters()
    {
        final StringBuilder sb = new StringBuilder();
        counters.reader().forEach((value, id, label) ->
        {
            if (value != 0)
            {
                sb.append("\n  ").append(label).append(" = ").append(value);
            }
        });
        return sb.toString();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long forwardBurst()
    {
        ringInvocations++;
        for (int k = 0; k < BURST; k++)
        {
            in.inject(frames[k], 0, FRAME_LENGTH);
        }
        agent.doWork();
        // A ring read stops at the end of the ring's buffer: poll again so a wrap does not leave frames behind
        // (a backlog would grow at every wrap until the egress ring overflows and drops).
        int drained = out.drain(sink, BURST);
        while (drained < BURST)
        {
            final int more = out.drain(sink, BURST - drained);
            if (more == 0)
            {
                break;
            }
            drained += more;
        }
        return drained;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long forwardBurstNullPorts()
    {
        nullIn.armed = true;
        nullInvocations++;
        nullAgent.doWork();
        return nullOut.transmitted;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long forwardBurstNullPortsSlowPath()
    {
        slowIn.armed = true;
        slowInvocations++;
        slowAgent.doWork();
        return slowOut.transmitted;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long forwardBurstNullPortsMixed()
    {
        mixedIn.armed = true;
        mixedInvocations++;
        mixedAgent.doWork();
        return mixedOut.transmitted;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long portsOnly()
    {
        portsIn.armed = true;
        portsIn.receive(portsVector);
        return portsOut.transmit(portsVector);
    }

    /**
     * A port without a medium: {@code receive} (once armed) copies the template frames into fresh pool buffers,
     * as a NIC's DMA would; {@code transmit} counts and frees.
     */
    static final class NullPort implements Port
    {
        private final String name;
        private final int index;
        private final PacketPool pool;
        private final PortCounters counters;
        private final UnsafeBuffer[] templates;
        private final UnsafeBuffer dma = new UnsafeBuffer(0, 0);
        boolean armed;
        long transmitted;

        NullPort(
            final String name,
            final int index,
            final PacketPool pool,
            final PortCounters counters,
            final UnsafeBuffer[] templates)
        {
            this.name = name;
            this.index = index;
            this.pool = pool;
            this.counters = counters;
            this.templates = templates;
        }

        public String name()
        {
            return name;
        }

        public int index()
        {
            return index;
        }

        public int receive(final PacketVector into)
        {
            if (!armed || templates == null)
            {
                return 0;
            }
            armed = false;
            final int headroom = pool.headroom();
            final int n = Math.min(templates.length, into.remaining());
            for (int k = 0; k < n; k++)
            {
                final long handle = pool.alloc();
                if (handle == PacketPool.NULL_HANDLE)
                {
                    throw new IllegalStateException("null port " + name + ": pool exhausted (leak?)");
                }
                final long address = pool.bufferAddress(handle);
                dma.wrap(address + headroom, FRAME_LENGTH);
                dma.putBytes(0, templates[k], 0, FRAME_LENGTH);
                into.add(pool, handle, address, headroom, FRAME_LENGTH, index);
            }
            counters.onReceive(n, (long)n * FRAME_LENGTH);
            return n;
        }

        public int transmit(final PacketVector from)
        {
            int sent = 0;
            for (int i = 0, n = from.count(); i < n; i++)
            {
                if (!from.isDetached(i))
                {
                    from.free(i);
                    sent++;
                }
            }
            from.clear();
            transmitted += sent;
            counters.onTransmit(sent, (long)sent * FRAME_LENGTH);
            return sent;
        }

        public int mtu()
        {
            return Port.DEFAULT_MTU;
        }

        public long macAddress()
        {
            return MacAddress.local(index);
        }

        public boolean isLinkUp()
        {
            return true;
        }

        public PortCounters counters()
        {
            return counters;
        }

        public void close()
        {
        }
    }
}
