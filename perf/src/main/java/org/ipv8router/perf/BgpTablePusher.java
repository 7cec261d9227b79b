package org.ipv8router.perf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;

/**
 * The speaker (AS 65099) that loads {@link BgpIngestBenchmark}'s GoBGP feeder with the synthetic table.
 * <p>
 * By default the benchmark runs it in its own JVM ({@link #main}) so that pushing the table through our RIB code
 * does not warm up the JIT and grow the heap of the JVM whose ingest is then measured; it must stay up while
 * both receivers are measured (the feeder withdraws the routes when this session goes down), so {@code main}
 * never returns: the benchmark destroys the process.
 */
public final class BgpTablePusher
{
    private BgpTablePusher()
    {
    }

    /**
     * Usage: {@code BgpTablePusher feederIp pusherIp feederPort routes distinctPaths}; runs until killed.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 5)
        {
            System.err.println("usage: BgpTablePusher feederIp pusherIp feederPort routes distinctPaths");
            System.exit(2);
        }
        final int routes = Integer.parseInt(args[3]);
        final BgpSpeaker pusher = push(args[0], args[1], Integer.parseInt(args[2]), routes, Integer.parseInt(args[4]));
        System.out.printf("pusher: %d routes originated, connecting to the feeder %s:%s from %s%n", routes, args[0],
            args[2], args[1]);
        System.out.flush();
        Thread.currentThread().join();
        pusher.close();
    }

    /**
     * Starts a speaker that originates {@code routes} /24s from 1.0.0.0 upwards (skipping 10/8 and 127/8) in
     * {@code paths} groups, each with its own next hop so the feeder keeps several attribute sets, and peers
     * with the feeder.
     */
    static BgpSpeaker push(final String feederIp, final String pusherIp, final int feederPort, final int routes,
        final int paths) throws IOException
    {
        final int routerId = ByteBuffer.wrap(InetAddress.getByName(pusherIp).getAddress()).getInt();
        final BgpSpeaker pusher = new BgpSpeaker(SpeakerConfig.of(65099, routerId, null)
            .withPolicy(PolicyConfig.defaults(65099)), new FibChannel(16, 16)).start();
        final int perGroup = (routes + paths - 1) / paths;
        long net = 0x01000000L;
        int done = 0;
        for (int g = 0; g < paths && done < routes; g++)
        {
            final int n = Math.min(perGroup, routes - done);
            final long[] prefixes = new long[n];
            final byte[] lengths = new byte[n];
            for (int i = 0; i < n; i++)
            {
                while ((net >>> 24) == 10 || (net >>> 24) == 127)
                {
                    net += 1L << 24;
                }
                prefixes[i] = net;
                lengths[i] = 56;
                net += 256;
            }
            pusher.originateAll(prefixes, lengths, n, 0xC0000200L + g);
            done += n;
        }
        pusher.addPeer(new PeerConfig("feeder", new InetSocketAddress(feederIp, feederPort),
            new InetSocketAddress(pusherIp, 0), 65100, FsmConfig.DEFAULT.withConnectRetry(1), PeerPolicy.ebgp(65100),
            true, false, 0, 0));
        return pusher;
    }
}
