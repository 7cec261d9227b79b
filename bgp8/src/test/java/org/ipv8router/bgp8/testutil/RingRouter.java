package org.ipv8router.bgp8.testutil;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;

/**
 * A real {@link Router} (AS 64496) over hosted ring ports, driven by the test thread:
 * <pre>
 *   p0 internal 64496.192.0.2.254/24   host H1 64496.192.0.2.1
 *   p1 external 203.0.113.1/30          upstream N1 203.0.113.2 (IPv8 capable)
 *   p2 external 198.18.0.1/30           upstream N2 198.18.0.2 (IPv8 capable)
 * </pre>
 * No routes beyond the connected ones: everything else must come from BGP8. The test thread either drives the
 * worker itself ({@link #sendFromH1}, {@link #run}) or runs it on a thread of its own ({@code router.start(...)})
 * and only injects ({@link #injectFromH1}) and drains ({@link #sent}); never both at once.
 * <p>
 * Shared with other modules' tests through bgp8's test-jar (testbed's Whois8RevocationFibTest).
 */
public final class RingRouter implements AutoCloseable
{
    public static final long H1_MAC = 0x02_00_00_00_01_01L;
    public static final long N1_MAC = 0x02_00_00_00_02_01L;
    public static final long N2_MAC = 0x02_00_00_00_02_02L;
    public static final long H1 = a(64496, 192, 0, 2, 1);
    public static final long GATEWAY = a(64496, 192, 0, 2, 254);
    public static final long N1 = a(0, 203, 0, 113, 2);
    public static final long N2 = a(0, 198, 18, 0, 2);

    public final DataplaneCounters counters = DataplaneCounters.inMemory(1024);
    private final SlabPacketPool pool = new SlabPacketPool("bgp8-test", 1024);
    private final List<RingHost> hosts = new ArrayList<>();
    public final Router router;

    public RingRouter()
    {
        this(FibConfig.defaults());
    }

    public RingRouter(final FibConfig fibConfig)
    {
        final List<RingPort> ports = new ArrayList<>();
        for (int p = 0; p < 3; p++)
        {
            final RingPort port = RingPort.hosted(
                new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)), 1 << 12);
            ports.add(port);
            hosts.add(RingHost.of(port));
        }
        router = Router.create(RouterSpec.builder()
            .localAsn(64496)
            .localTableLayout(Dir24_8.Layout.DIR_16_8_8)
            .fibConfig(fibConfig)
            .acceptAnyDestinationMac(true)
            .icmpRate(10_000, 10_000)
            .addInterface("p0", 0, RouterSpec.Role.INTERNAL, GATEWAY, 56)
            .addInterface("p1", 1, RouterSpec.Role.EXTERNAL, a(0, 203, 0, 113, 1), 62)
            .addInterface("p2", 2, RouterSpec.Role.EXTERNAL, a(0, 198, 18, 0, 1), 62)
            .neighbor(null, H1, H1_MAC, NeighborCapability.IPV8)
            .neighbor(null, N1, N1_MAC, NeighborCapability.IPV8)
            .neighbor(null, N2, N2_MAC, NeighborCapability.IPV8)
            .build(), ports, counters);
    }

    public static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    /** Sends a UDP-in-IPv8 packet from H1 to dst into p0 and runs the worker until it is idle. */
    public void sendFromH1(final long dst)
    {
        injectFromH1(dst);
        run();
    }

    /** Puts a UDP-in-IPv8 packet from H1 to dst on p0's receive ring, for a worker running on its own thread. */
    public void injectFromH1(final long dst)
    {
        if (!hosts.get(0).inject(udp8Frame(H1_MAC, H1, dst)))
        {
            throw new IllegalStateException("ring p0 full");
        }
    }

    /** Runs the worker until a few cycles in a row find nothing to do. */
    public void run()
    {
        int idle = 0;
        for (int k = 0; k < 10_000 && idle < 3; k++)
        {
            idle = router.agent().doWork() == 0 ? idle + 1 : 0;
        }
    }

    /** Every frame the router has sent on port since the last call (drained). */
    public List<byte[]> sent(final int port)
    {
        return hosts.get(port).drainAll();
    }

    public long drops(final DropReason reason)
    {
        return counters.dropReasons().count(reason.ordinal());
    }

    /** Ethernet (type 0x8080) + 28-octet IPv8 header (TTL 64, UDP) + UDP with 5 octets of data. */
    public static byte[] udp8Frame(final long srcMac, final long src, final long dst)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + 5);
        putMac(b, 0, 0);
        putMac(b, 6, srcMac);
        b.putShort(12, (short)0x8080);
        b.put(14, (byte)0x87);
        b.putShort(16, (short)(28 + 13));
        b.put(22, (byte)64);
        b.put(23, (byte)17);
        b.putLong(26, src);
        b.putLong(34, dst);
        b.putShort(42, (short)40000).putShort(44, (short)53).putShort(46, (short)13);
        b.put(50, "hello".getBytes());
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b.put(at + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    public static long mac(final byte[] frame, final int at)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (frame[at + i] & 0xFF);
        }
        return m;
    }

    public static int u8(final byte[] frame, final int at)
    {
        return frame[at] & 0xFF;
    }

    public static long u64(final byte[] frame, final int at)
    {
        return ByteBuffer.wrap(frame).getLong(at);
    }

    @Override
    public void close()
    {
        router.close();
        counters.close();
        pool.close();
    }
}
