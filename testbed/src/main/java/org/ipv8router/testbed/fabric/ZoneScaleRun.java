package org.ipv8router.testbed.fabric;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.dataplane.zone.ZoneTable;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;

/**
 * The 127/8 scale run of issue 8: a running {@link Router} (the daemon's forwarding graph, here on two ring
 * ports) gets every one of the 2^24 zones 127.a.b.c put in use (even zones group 1, odd zones group 2, permit
 * 1 -&gt; 2), then {@value #FLOWS} seeded random zone-to-zone flows are injected and each one's outcome (forwarded
 * to p1 or dropped {@code zone_denied}) is compared with the policy computed here independently. A daemon config
 * cannot hold 16 million {@code ipv8 zone} lines, so this runs in-process; the per-zone routes of the sampled
 * destinations are Tier 1 routes towards p1.
 */
public final class ZoneScaleRun
{
    public static final int FLOWS = 2_000;
    private static final long NEIGHBOR_MAC = 0x02_00_00_00_09_02L;
    private static final long SOURCE_MAC = 0x02_00_00_00_00_01L;
    private static final long NEXT_HOP = (64496L << 32) | 0x0A09_0002L; // 64496.10.9.0.2 on p1

    private ZoneScaleRun()
    {
    }

    /** What the run measured. */
    public record Result(int zones, long installMs, long tableBytes, int zonesInUseReported, long heapGrowthBytes, int flows,
        int sameZone, int permitted, int expectedForwarded, int expectedDenied, int forwarded, long denied,
        int mismatches, long flowMs, String otherDrops)
    {
    }

    /** Runs it once and prints the result (seed from the first argument). */
    public static void main(final String[] args) throws InterruptedException
    {
        System.out.println(run(args.length > 0 ? Long.parseLong(args[0]) : 20261124L));
    }

    private static long usedHeap()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Expected policy: same zone, or group(src) = 1 (even) and group(dst) = 2 (odd). */
    static boolean permitted(final int srcZone, final int dstZone)
    {
        return srcZone == dstZone || ((srcZone & 1) == 0 && (dstZone & 1) == 1);
    }

    public static Result run(final long seed) throws InterruptedException
    {
        final List<AutoCloseable> closeables = new ArrayList<>();
        try
        {
            final DataplaneCounters counters = DataplaneCounters.inMemory(1024);
            closeables.add(counters);
            final SlabPacketPool pool = new SlabPacketPool("zone-scale", 8192);
            closeables.add(pool);
            final List<RingPort> ports = new ArrayList<>();
            final List<RingHost> hosts = new ArrayList<>();
            for (int p = 0; p < 2; p++)
            {
                final RingPort port = RingPort.hosted(
                    new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)), 1 << 21);
                ports.add(port);
                hosts.add(RingHost.of(port));
            }
            final Router router = Router.create(RouterSpec.builder()
                .localAsn(64496)
                .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
                .acceptAnyDestinationMac(true)
                .icmpRate(10, 10)
                .addInterface("p0", 0, RouterSpec.Role.INTERNAL, (64496L << 32) | 0x0A00_00FEL, 56)
                .addInterface("p1", 1, RouterSpec.Role.INTERNAL, (64496L << 32) | 0x0A09_00FEL, 56)
                .neighbor(null, NEXT_HOP, NEIGHBOR_MAC, NeighborCapability.IPV8)
                .build(), ports, counters);
            closeables.add(router);
            final AgentRunner worker = router.start(new SleepingMillisIdleStrategy(1));
            closeables.add(worker);

            // Install the whole zone space on the running router (this thread is the single control-plane writer).
            final ZoneTable zones = router.zones();
            final long heapBefore = usedHeap();
            final long t0 = System.nanoTime();
            for (int zone = 0; zone < ZoneTable.ZONE_COUNT; zone++)
            {
                zones.setZone((127 << 24) | zone, 1 + (zone & 1));
            }
            zones.permit(1, 2, true);
            final long installMs = (System.nanoTime() - t0) / 1_000_000;
            final long heapGrowth = usedHeap() - heapBefore;
            int inUse = 0;
            for (int zone = 0; zone < ZoneTable.ZONE_COUNT; zone++)
            {
                if (zones.groupOf((127 << 24) | zone) != 0)
                {
                    inUse++;
                }
            }

            // Sampled flows: a third same-zone, the rest random pairs; each destination zone gets a Tier 1 route to p1.
            final Random random = new Random(seed);
            final int[] src = new int[FLOWS];
            final int[] dst = new int[FLOWS];
            final Set<Integer> routed = new HashSet<>();
            int same = 0;
            int allowed = 0;
            for (int i = 0; i < FLOWS; i++)
            {
                src[i] = random.nextInt(ZoneTable.ZONE_COUNT);
                dst[i] = i % 3 == 0 ? src[i] : random.nextInt(ZoneTable.ZONE_COUNT);
                if (src[i] == dst[i])
                {
                    same++;
                }
                else if (permitted(src[i], dst[i]))
                {
                    allowed++;
                }
                if (routed.add(dst[i]))
                {
                    router.addRoute((long)((127 << 24) | dst[i]) << 32, 32, NEXT_HOP);
                }
            }
            final int expectedForwarded = same + allowed;
            final int expectedDenied = FLOWS - expectedForwarded;
            final long deniedBefore = counters.dropReasons().count(DropReason.ZONE_DENIED.ordinal());
            final long[] dropsBefore = new long[DropReason.values().length];
            for (final DropReason reason : DropReason.values())
            {
                dropsBefore[reason.ordinal()] = counters.dropReasons().count(reason.ordinal());
            }
            final long f0 = System.nanoTime();
            final boolean[] seen = new boolean[FLOWS];
            int forwarded = 0;
            for (int i = 0; i < FLOWS; i++)
            {
                while (!hosts.get(0).inject(frame(src[i], dst[i], i)))
                {
                    forwarded += collect(hosts.get(1), seen);
                    Thread.onSpinWait();
                }
                if ((i & 63) == 63)
                {
                    forwarded += collect(hosts.get(1), seen);
                }
            }
            final long deadline = System.currentTimeMillis() + 10_000;
            long denied = 0;
            while (System.currentTimeMillis() < deadline)
            {
                forwarded += collect(hosts.get(1), seen);
                denied = counters.dropReasons().count(DropReason.ZONE_DENIED.ordinal()) - deniedBefore;
                if (forwarded + denied >= FLOWS)
                {
                    break;
                }
                Thread.sleep(5);
            }
            forwarded += collect(hosts.get(1), seen);
            final long flowMs = (System.nanoTime() - f0) / 1_000_000;
            int mismatches = 0;
            for (int i = 0; i < FLOWS; i++)
            {
                if (seen[i] != permitted(src[i], dst[i]))
                {
                    mismatches++;
                }
            }
            final long tableBytes = zones.memoryBytes();
            final StringBuilder other = new StringBuilder();
            for (final DropReason reason : DropReason.values())
            {
                final long delta = counters.dropReasons().count(reason.ordinal()) - dropsBefore[reason.ordinal()];
                if (reason != DropReason.ZONE_DENIED && delta != 0)
                {
                    other.append(other.isEmpty() ? "" : ", ").append(reason.label()).append(' ').append(delta);
                }
            }
            return new Result(inUse, installMs, tableBytes, zones.zonesInUse(), heapGrowth, FLOWS, same, allowed,
                expectedForwarded, expectedDenied, forwarded, denied, mismatches, flowMs,
                other.isEmpty() ? "none" : other.toString());
        }
        finally
        {
            for (int i = closeables.size() - 1; i >= 0; i--)
            {
                try
                {
                    closeables.get(i).close();
                }
                catch (final Exception ex)
                {
                    System.err.println("WARNING: zone scale run: closing " + closeables.get(i) + ": " + ex.getMessage());
                }
            }
        }
    }

    /** Drains p1's far end, marking the flows (by the flow index in the UDP source port) that came out. */
    private static int collect(final RingHost p1, final boolean[] seen)
    {
        int n = 0;
        for (final byte[] f : p1.drainAll())
        {
            if (FrameView.isIpv8(f) && f.length >= 14 + 28 + 8)
            {
                final int flow = ((f[14 + 28] & 0xFF) << 8) | (f[14 + 28 + 1] & 0xFF);
                if (flow < seen.length && !seen[flow])
                {
                    seen[flow] = true;
                    n++;
                }
            }
        }
        return n;
    }

    /** Ethernet (0x8080) + IPv8 UDP from 127.srcZone-10.0.0.1 to 127.dstZone-10.9.0.77, UDP source port = flow. */
    private static byte[] frame(final int srcZone, final int dstZone, final int flow)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + 4);
        for (int i = 0; i < 6; i++)
        {
            b.put(6 + i, (byte)(SOURCE_MAC >>> (40 - 8 * i)));
        }
        b.putShort(12, (short)FrameView.ETHERTYPE_IPV8);
        b.put(14, (byte)0x87);
        b.putShort(16, (short)(28 + 12));
        b.put(22, (byte)64);
        b.put(23, (byte)17);
        b.putInt(26, (127 << 24) | srcZone).putInt(30, 0x0A00_0001);
        b.putInt(34, (127 << 24) | dstZone).putInt(38, 0x0A09_004D);
        b.putShort(42, (short)flow).putShort(44, (short)9).putShort(46, (short)12);
        b.putInt(50, flow);
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }
}
