package org.ipv8router.dpdk;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Operator smoke test: initialises the EAL, lists every port with driver, MAC, link and counters, and
 * optionally polls all ports for a while (received packets are freed) to show the counters move.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
 *      -cp native-shim.jar:agrona.jar:dataplane.jar org.ipv8router.dpdk.DpdkProbe \
 *      [--cores 0] [--vdev net_null0]... [--no-huge] [--poll-ms 500] [--eal-arg ARG]...
 * </pre>
 * Exit status: 0 on success, 1 on bad usage, 2 when DPDK is missing or fails (the reason on stderr).
 */
public final class DpdkProbe
{
    private DpdkProbe()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final EalConfig.Builder builder = EalConfig.builder();
        long pollMs = 0;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--cores" -> builder.cores(value(args, ++i));
                    case "--vdev" -> builder.vdev(value(args, ++i));
                    case "--no-huge" -> builder.hugepages(EalConfig.HugepageMode.NONE);
                    case "--require-huge" -> builder.hugepages(EalConfig.HugepageMode.REQUIRE);
                    case "--pci" -> builder.noPci(false);
                    case "--poll-ms" -> pollMs = Long.parseLong(value(args, ++i));
                    case "--eal-arg" -> builder.extraArg(value(args, ++i));
                    case "--help", "-h" ->
                    {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("DpdkProbe: " + ex.getMessage());
            usage(System.err);
            System.exit(1);
        }

        final EalConfig config = builder.build();
        final long poll = pollMs;
        final AtomicInteger status = new AtomicInteger();
        // The EAL pins its init thread to the first core (pitfall 9), so it gets a thread of its own.
        final Thread dataplane = new Thread(() -> status.set(run(config, poll, System.out)), "dpdk-probe");
        dataplane.start();
        dataplane.join();
        System.exit(status.get());
    }

    static int run(final EalConfig config, final long pollMs, final PrintStream out)
    {
        try
        {
            out.println("shim: " + DpdkShim.load());
            final Eal eal = Eal.init(config);
            out.println("EAL: " + String.join(" ", eal.arguments()));
            out.println("hugepages: " + (eal.usesHugepages() ? "yes, " : "NO (--no-huge), ") + eal.hugepageReason());
            out.println("main lcore: " + eal.mainLcore() + ", ports: " + DpdkEthDev.portCount());
            final List<DpdkEthDev> ports = new ArrayList<>();
            for (final String name : DpdkEthDev.portNames())
            {
                ports.add(DpdkEthDev.byName(name));
            }
            DpdkMempool pool = null;
            if (pollMs > 0 && !ports.isEmpty())
            {
                pool = DpdkMempool.create("probe_pool", 4095);
                for (final DpdkEthDev port : ports)
                {
                    port.configure(1, 512, 512, pool);
                    port.start(true);
                }
                poll(ports, pollMs);
            }
            for (final DpdkEthDev port : ports)
            {
                final PortInfo info = port.info();
                out.println("port " + info.portId() + " " + info.name() + ": driver " + info.driver() +
                    ", MAC " + DpdkEthDev.formatMac(port.macAddress()) + ", link " + port.link() +
                    ", max queues " + info.maxRxQueues() + "/" + info.maxTxQueues() +
                    ", RSS 0x" + Long.toHexString(info.rssOffloads()) + ", socket " + info.socket());
                out.println("  " + port.stats());
            }
            for (final DpdkEthDev port : ports)
            {
                port.close();
            }
            if (pool != null)
            {
                pool.close();
            }
            eal.cleanup();
            return 0;
        }
        catch (final DpdkException ex)
        {
            System.err.println("DpdkProbe: " + ex.getMessage());
            return 2;
        }
    }

    private static void poll(final List<DpdkEthDev> ports, final long pollMs)
    {
        try (MbufBurst burst = new MbufBurst(32))
        {
            final long end = System.nanoTime() + pollMs * 1_000_000L;
            while (System.nanoTime() < end)
            {
                for (final DpdkEthDev port : ports)
                {
                    final int received = port.rxBurst(0, burst, burst.capacity());
                    DpdkMempool.freeBulk(burst, received);
                }
            }
        }
    }

    private static String value(final String[] args, final int index)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: DpdkProbe [--cores LIST] [--vdev DEVARGS]... [--no-huge|--require-huge] [--pci] " +
            "[--poll-ms MS] [--eal-arg ARG]...");
    }
}
