package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.wire.DropReason;

/** A router over hosted ring ports with a manual clock: inject frames, run, collect what each port sent. */
final class TestRouter implements AutoCloseable
{
    final DataplaneCounters counters = DataplaneCounters.inMemory(1024);
    final SlabPacketPool pool = new SlabPacketPool("test", 4096);
    final List<RingPort> ports = new ArrayList<>();
    final List<RingHost> hosts = new ArrayList<>();
    final long[] clock = {1_000_000_000L};
    final Router router;

    TestRouter(final RouterSpec.Builder spec, final int portCount)
    {
        this(spec, portCount, true);
    }

    /** @param acceptAnyMac false: strict destination MAC check (l2_not_for_us; a gateway-pair virtual MAC passes). */
    TestRouter(final RouterSpec.Builder spec, final int portCount, final boolean acceptAnyMac)
    {
        for (int p = 0; p < portCount; p++)
        {
            final RingPort port = RingPort.hosted(
                new RingPort.Endpoint("p" + p, p, pool, counters.newPortCounters(p, "p" + p)), 1 << 20);
            ports.add(port);
            hosts.add(RingHost.of(port));
        }
        router = Router.create(spec.localTableLayout(Dir24_8.Layout.DIR_16_8_8).acceptAnyDestinationMac(acceptAnyMac).build(),
            ports, counters,
            () -> clock[0]);
    }

    void inject(final int port, final byte[] frame)
    {
        if (!hosts.get(port).inject(frame))
        {
            throw new IllegalStateException("ring full");
        }
    }

    /** Runs the worker until a few cycles in a row find nothing to do. */
    void run()
    {
        int idle = 0;
        for (int k = 0; k < 10_000 && idle < 3; k++)
        {
            idle = router.agent().doWork() == 0 ? idle + 1 : 0;
        }
    }

    void advance(final long nanos)
    {
        clock[0] += nanos;
        run();
    }

    List<byte[]> sent(final int port)
    {
        return hosts.get(port).drainAll();
    }

    long drops(final DropReason reason)
    {
        return counters.dropReasons().count(reason.ordinal());
    }

    public void close()
    {
        router.close();
        counters.close();
        pool.close();
    }
}
