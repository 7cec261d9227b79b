package org.ipv8router.dpdk;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.agrona.concurrent.Agent;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterAgent;
import org.ipv8router.dataplane.graph.ForwardingAgent;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.port.MacAddress;

/**
 * A stand-alone DPDK forwarder for testbeds and benchmarks: initialises the EAL on a dataplane thread of its own,
 * wraps the named ethdevs as {@link DpdkPort}s and runs a forwarding graph over them on that thread, printing
 * per-period rates like {@code dpdk-testpmd --stats-period}. The graph is chosen with {@code --pipeline}:
 * <ul>
 *   <li>{@code ipv8} (default): the IPv8 router ({@link Router}, the real forwarding graph) with the
 *       {@link ExampleRouter} config; the first {@code --port} is p0 (internal, where
 *       {@link ExampleRouter#forwardedFrame} frames come in), the second p1 (external, towards N);</li>
 *   <li>{@code mac}: the MAC-rewrite stand-in ({@link ForwardingPipelines#macRewrite}) with {@code --patch}, for
 *       PMD tests and to separate the ports' cost from the router's.</li>
 * </ul>
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
 *      -cp native-shim.jar:dataplane.jar:agrona.jar org.ipv8router.dpdk.DpdkForwarder \
 *      --cores 0 --vdev net_pcap0,rx_pcap=in.pcap,infinite_rx=1 --vdev net_null0 \
 *      --port net_pcap0 --port net_null0 --patch 1,-1 --seconds 10
 * </pre>
 * Output (stdout, line buffered): {@code ready} once the ports are started; {@code sample N rx R tx T mpps M
 * cpu_ms C txdrop D drops X} per report period (M: tx packets of all ports in that period; C: CPU time the
 * forwarding thread has used so far; D and X: worker 0's transmit refusals and forwarding drops so far);
 * {@code total rx R tx T txdrop D drops X} at the end, also when SIGTERM or SIGINT ends the run early. Both lines
 * end with the heap allocation since the forwarding loop began ({@link AllocationMeter}, measured in the report
 * code, not per packet): {@code t_ms T fwd_alloc_bytes F report_alloc_bytes R heap_alloc_bytes H eden_used_bytes U
 * eden_capacity_bytes C} (T: milliseconds since the loop start; F: bytes the forwarding threads allocated, the
 * report code excluded; R: bytes the report code allocated; H: bytes all threads of the JVM allocated; U and C: the
 * eden's occupancy and committed size; -1 where the JVM cannot tell). The total line's values are taken when the
 * loop ends. Parsers match these lines from their start: further fields are only ever appended.
 * Exit status 0, 1 on bad usage, 2 when DPDK fails (the reason on stderr).
 * <p>
 * {@code --workers N} forwards with N threads: every device is configured with N rx and N tx queues (RSS where
 * the PMD hashes; net_pcap needs one {@code rx_pcap=} per queue), worker w polls queue w of every port on CPU
 * {@code --worker-cpus}[w] (default w), with its own ports and router ({@link Worker}). The sample and total lines
 * add up all workers; {@code worker W rx R tx T} lines at the end show each worker's share.
 */
public final class DpdkForwarder
{
    private static final java.lang.management.ThreadMXBean THREADS =
        java.lang.management.ManagementFactory.getThreadMXBean();

    /** Set by the shutdown hook (SIGTERM, SIGINT): the forwarding loop ends at its next report check. */
    private static volatile boolean stopRequested;

    private DpdkForwarder()
    {
    }

    /** Parsed options. */
    static final class Options
    {
        final EalConfig.Builder eal = EalConfig.builder();
        final List<String> ports = new ArrayList<>();
        int[] patch;
        long[] peerMacs;
        int mbufs = 8191;
        int cache = 256;
        int burst = DpdkPort.DEFAULT_BURST;
        double seconds = 5;
        long stopAfterTx = Long.MAX_VALUE;
        long reportMs = 1000;
        boolean validate;
        long waitLinkMs;
        java.nio.file.Path goFile;
        boolean direct;
        String pipeline = "ipv8";
        int workers = 1;
        int[] workerCpus;
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("DpdkForwarder: " + ex.getMessage());
            System.err.println("usage: DpdkForwarder [--cores LIST] [--main-lcore N] [--vdev DEVARGS]... " +
                "[--file-prefix P] [--no-in-memory] [--no-huge] [--eal-arg ARG]... --port NAME... [--patch E0,E1,..] " +
                "[--peer-mac MAC,..] [--mbufs N] [--cache N] [--burst N] [--seconds S] [--stop-after-tx N] " +
                "[--report-ms MS] [--validate] [--wait-link-ms MS] [--go-file PATH] [--direct] [--pipeline ipv8|ipv8-slow|mac] " +
                "[--workers N] [--worker-cpus C0,C1,..]");
            System.exit(1);
            return;
        }
        final AtomicInteger status = new AtomicInteger();
        // rte_eal_init pins its thread to the first core (pitfall 9): it gets a thread of its own, which is then
        // the forwarding thread (an EAL lcore with a mempool cache).
        final Thread dataplane = new Thread(() -> status.set(run(options, System.out)), "dataplane-0");
        // SIGTERM/SIGINT end the run like --seconds does: the loop stops and the total line is printed (a harness
        // that runs the forwarder for an open-ended time still gets its counters).
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stopRequested = true;
            try
            {
                dataplane.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "forwarder-stop"));
        dataplane.start();
        dataplane.join();
        System.exit(status.get());
    }

    static Options parse(final String[] args)
    {
        final Options o = new Options();
        o.eal.logLevel("lib.eal:error");
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--cores" -> o.eal.cores(value(args, ++i));
                case "--main-lcore" -> o.eal.mainLcore(Integer.parseInt(value(args, ++i)));
                case "--vdev" -> o.eal.vdev(value(args, ++i));
                case "--file-prefix" -> o.eal.filePrefix(value(args, ++i));
                case "--no-in-memory" -> o.eal.inMemory(false);
                case "--no-huge" -> o.eal.hugepages(EalConfig.HugepageMode.NONE);
                case "--eal-arg" -> o.eal.extraArg(value(args, ++i));
                case "--port" -> o.ports.add(value(args, ++i));
                case "--patch" -> o.patch = ints(value(args, ++i));
                case "--peer-mac" ->
                {
                    final String[] macs = value(args, ++i).split(",");
                    o.peerMacs = new long[macs.length];
                    for (int k = 0; k < macs.length; k++)
                    {
                        o.peerMacs[k] = MacAddress.parse(macs[k]);
                    }
                }
                case "--mbufs" -> o.mbufs = Integer.parseInt(value(args, ++i));
                case "--cache" -> o.cache = Integer.parseInt(value(args, ++i));
                case "--burst" -> o.burst = Integer.parseInt(value(args, ++i));
                case "--seconds" -> o.seconds = Double.parseDouble(value(args, ++i));
                case "--stop-after-tx" -> o.stopAfterTx = Long.parseLong(value(args, ++i));
                case "--report-ms" -> o.reportMs = Long.parseLong(value(args, ++i));
                case "--validate" -> o.validate = true;
                case "--direct" -> o.direct = true;
                case "--pipeline" ->
                {
                    o.pipeline = value(args, ++i);
                    if (!o.pipeline.equals("ipv8") && !o.pipeline.equals("ipv8-slow") && !o.pipeline.equals("mac"))
                    {
                        throw new IllegalArgumentException("--pipeline must be ipv8, ipv8-slow or mac, got " +
                            o.pipeline);
                    }
                }
                case "--wait-link-ms" -> o.waitLinkMs = Long.parseLong(value(args, ++i));
                case "--go-file" -> o.goFile = java.nio.file.Path.of(value(args, ++i));
                case "--workers" -> o.workers = Integer.parseInt(value(args, ++i));
                case "--worker-cpus" -> o.workerCpus = ints(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (o.ports.isEmpty())
        {
            throw new IllegalArgumentException("name at least one --port");
        }
        if (o.patch == null)
        {
            o.patch = new int[o.ports.size()];
            for (int k = 0; k < o.patch.length; k++)
            {
                o.patch[k] = o.patch.length == 1 ? 0 : k ^ 1; // 0<->1, 2<->3, ...
            }
        }
        if (o.pipeline.startsWith("ipv8") && o.ports.size() != 2 && !o.direct)
        {
            throw new IllegalArgumentException("--pipeline ipv8 runs the example router: name exactly two --port " +
                "(p0 internal, p1 external), got " + o.ports.size());
        }
        if (o.workers < 1 || o.workers > 16)
        {
            throw new IllegalArgumentException("--workers must be 1..16, got " + o.workers);
        }
        if (o.workers > 1 && o.direct)
        {
            throw new IllegalArgumentException("--direct runs one worker only");
        }
        if (o.workerCpus == null)
        {
            o.workerCpus = new int[o.workers];
            for (int w = 0; w < o.workers; w++)
            {
                o.workerCpus[w] = w; // worker 0 is pinned by the EAL to the first --cores core anyway
            }
        }
        if (o.workerCpus.length != o.workers)
        {
            throw new IllegalArgumentException("--worker-cpus needs one CPU per worker (" + o.workers + ")");
        }
        if (o.patch.length != o.ports.size())
        {
            throw new IllegalArgumentException("--patch needs one egress index per port (" + o.ports.size() + ")");
        }
        if (o.peerMacs == null)
        {
            o.peerMacs = new long[o.ports.size()];
            for (int k = 0; k < o.peerMacs.length; k++)
            {
                o.peerMacs[k] = 0x02_00_00_00_00_00L | k; // testpmd's default peer: 02:00:00:00:00:<port>
            }
        }
        return o;
    }

    private static int[] ints(final String text)
    {
        final String[] parts = text.split(",");
        final int[] values = new int[parts.length];
        for (int k = 0; k < parts.length; k++)
        {
            values[k] = Integer.parseInt(parts[k].trim());
        }
        return values;
    }

    private static String value(final String[] args, final int index)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    static int run(final Options o, final PrintStream out)
    {
        final List<DpdkPort> ports = new ArrayList<>();
        DpdkMempool mempool = null;
        DpdkPacketPool pool = null;
        try (DataplaneCounters counters = DataplaneCounters.inMemory(1024))
        {
            DpdkShim.load();
            final Eal eal = Eal.init(o.eal.build());
            out.println("EAL: " + String.join(" ", eal.arguments()));
            mempool = DpdkMempool.create("fwd_pool", o.mbufs, o.cache, DpdkMempool.DEFAULT_DATA_ROOM, -1);
            pool = new DpdkPacketPool(mempool);
            for (int k = 0; k < o.ports.size(); k++)
            {
                final DpdkEthDev device = DpdkEthDev.byName(o.ports.get(k));
                device.configure(o.workers, mempool);
                device.start(true);
                ports.add(new DpdkPort(o.ports.get(k), k, device, 0, pool,
                    counters.newPortCounters(k, o.ports.get(k)), o.burst, true));
                out.println("port " + k + " " + o.ports.get(k) + ": driver " + device.info().driver() + ", MAC " +
                    DpdkEthDev.formatMac(device.macAddress()) + ", link " + (ports.get(k).isLinkUp() ? "up" : "down"));
            }
            final Router router;
            final Agent agent;
            final IntSupplier work;
            if (o.pipeline.startsWith("ipv8") && !o.direct)
            {
                // ipv8-slow: the same router without its fused fast path, for a same-machine speed-up ratio
                router = Router.create(ExampleRouter.spec(!o.pipeline.equals("ipv8-slow")), ports, counters);
                final RouterAgent routerAgent = router.agent();
                agent = routerAgent;
                work = routerAgent::doWork;
                out.println("pipeline " + o.pipeline + ": IPv8 router, " + router.graph().nodeCount() + " nodes");
            }
            else
            {
                router = null;
                final Graph graph =
                    ForwardingPipelines.macRewrite(o.patch, o.peerMacs, o.validate).build(counters, ports);
                final ForwardingAgent forwardingAgent = new ForwardingAgent("dataplane-0", graph, ports, false);
                agent = forwardingAgent;
                work = forwardingAgent::doWork;
                out.println("pipeline " + (o.direct ? "direct (no graph)" : "mac"));
            }
            agent.onStart();
            final List<Worker> extraWorkers = new ArrayList<>();
            for (int w = 1; w < o.workers; w++)
            {
                final Worker worker = new Worker(o, w, ports, pool);
                extraWorkers.add(worker);
                worker.start();
            }
            for (final Worker worker : extraWorkers)
            {
                worker.awaitReady();
                out.println("worker " + worker.index + ": queue " + worker.index + " of every port, CPU " +
                    o.workerCpus[worker.index] + ", lcore " + worker.lcore);
            }
            final DirectLoop direct = o.direct ? new DirectLoop(ports, o.patch, o.peerMacs) : null;
            // A finite source (net_pcap without infinite_rx) must not lose its frames to a peer that is still
            // connecting (net_vhost's link comes up when the virtio side is ready).
            final long linkDeadline = System.nanoTime() + o.waitLinkMs * 1_000_000L;
            while (o.waitLinkMs > 0 && !allLinksUp(ports) && System.nanoTime() < linkDeadline)
            {
                Thread.sleep(10);
            }
            if (o.waitLinkMs > 0)
            {
                out.println("links " + (allLinksUp(ports) ? "up" : "NOT all up after " + o.waitLinkMs + " ms"));
            }
            out.println("ready");
            out.flush();
            if (o.goFile != null)
            {
                // A peer that is still setting up (virtio_user remaps its memory into vhost as it allocates)
                // would refuse frames; the harness creates the file once the peer is ready.
                while (!java.nio.file.Files.exists(o.goFile))
                {
                    Thread.sleep(10);
                }
                out.println("go");
            }

            final long[] workerIds = new long[extraWorkers.size()];
            for (int w = 0; w < workerIds.length; w++)
            {
                workerIds[w] = extraWorkers.get(w).thread.threadId();
            }
            final long start = System.nanoTime();
            final AllocationMeter allocation = new AllocationMeter(workerIds, start);
            final long end = start + (long)(o.seconds * 1e9);
            final long period = o.reportMs * 1_000_000L;
            long nextReport = start + period;
            long lastTx = 0;
            long lastReport = start;
            int sample = 0;
            while (true)
            {
                if (direct != null)
                {
                    for (int k = 0; k < 256; k++)
                    {
                        direct.doWork();
                    }
                }
                else
                {
                    for (int k = 0; k < 256; k++)
                    {
                        work.getAsInt();
                    }
                }
                final long now = System.nanoTime();
                long tx = totalTx(ports);
                for (int w = 0, n = extraWorkers.size(); w < n; w++)
                {
                    tx += totalTx(extraWorkers.get(w).ports);
                }
                if (now >= nextReport)
                {
                    final long allocationMark = allocation.beginReport();
                    long rx = totalRx(ports);
                    for (int w = 0, n = extraWorkers.size(); w < n; w++)
                    {
                        rx += totalRx(extraWorkers.get(w).ports);
                    }
                    final double mpps = (tx - lastTx) * 1e3 / (now - lastReport);
                    // CPU time of this (the forwarding) thread: packets per CPU-second stay meaningful on a shared
                    // machine where the thread does not get its core all the time.
                    final long cpuMs = THREADS.getCurrentThreadCpuTime() / 1_000_000L;
                    long sampleTxDrops = 0;
                    for (int k = 0, n = ports.size(); k < n; k++)
                    {
                        sampleTxDrops += ports.get(k).counters().txDrops();
                    }
                    long sampleDrops = 0;
                    for (int code = 0; code < 256; code++)
                    {
                        sampleDrops += counters.dropReasons().count(code);
                    }
                    out.println(String.format(Locale.ROOT, "sample %d rx %d tx %d mpps %.3f cpu_ms %d txdrop %d drops %d",
                        ++sample, rx, tx, mpps, cpuMs, sampleTxDrops, sampleDrops) +
                        allocation.fields(allocationMark, now));
                    out.flush();
                    allocation.endReport(allocationMark);
                    lastTx = tx;
                    lastReport = now;
                    nextReport += period;
                }
                if (now >= end || tx >= o.stopAfterTx || stopRequested)
                {
                    break;
                }
            }
            // Measured before the workers stop (a finished thread has no allocation counter) and before the
            // closing code below allocates on this thread.
            final String endAllocation = allocation.fields(allocation.beginReport(), System.nanoTime());
            long extraRx = 0;
            long extraTx = 0;
            long txDrops = 0;
            long dropped = 0;
            for (final Worker worker : extraWorkers)
            {
                worker.stop();
                out.println("worker " + worker.index + " rx " + totalRx(worker.ports) + " tx " + totalTx(worker.ports));
                extraRx += totalRx(worker.ports);
                extraTx += totalTx(worker.ports);
                txDrops += worker.txDrops();
                dropped += worker.drops();
                if (worker.failure != null)
                {
                    throw new IllegalStateException("worker " + worker.index + " failed: " + worker.failure,
                        worker.failure);
                }
            }
            agent.onClose();
            if (router != null)
            {
                router.close();
            }
            if (!extraWorkers.isEmpty())
            {
                out.println("worker 0 rx " + totalRx(ports) + " tx " + totalTx(ports));
            }
            for (final DpdkPort port : ports)
            {
                txDrops += port.counters().txDrops();
            }
            for (int code = 0; code < 256; code++)
            {
                dropped += counters.dropReasons().count(code);
            }
            out.println("total rx " + (totalRx(ports) + extraRx) + " tx " + (totalTx(ports) + extraTx) + " txdrop " +
                txDrops + " drops " + dropped + endAllocation);
            for (final DpdkPort port : ports)
            {
                port.close();
            }
            ports.clear();
            pool.close();
            mempool.close();
            eal.cleanup();
            return 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            System.err.println("DpdkForwarder: interrupted");
            return 2;
        }
        catch (final DpdkException | IllegalStateException ex)
        {
            System.err.println("DpdkForwarder: " + ex.getMessage());
            for (final DpdkPort port : ports)
            {
                try
                {
                    port.close();
                }
                catch (final RuntimeException ignored)
                {
                    // already failing
                }
            }
            return 2;
        }
    }

    private static boolean allLinksUp(final List<DpdkPort> ports)
    {
        boolean up = true;
        for (final DpdkPort port : ports)
        {
            up &= port.refreshLink();
        }
        return up;
    }

    private static long totalTx(final List<DpdkPort> ports)
    {
        long tx = 0;
        for (int k = 0, n = ports.size(); k < n; k++)
        {
            tx += ports.get(k).counters().txPackets();
        }
        return tx;
    }

    private static long totalRx(final List<DpdkPort> ports)
    {
        long rx = 0;
        for (int k = 0, n = ports.size(); k < n; k++)
        {
            rx += ports.get(k).counters().rxPackets();
        }
        return rx;
    }

    /**
     * A further forwarding worker ({@code --workers N}): its own thread, pinned to its CPU and registered with the
     * EAL (lcore id, mempool cache), its own {@link DpdkPort}s on queue {@code index} of every device and its own
     * {@link Router} (graph and FIB built from the same spec: a share-nothing copy, enough for a throughput
     * benchmark; the daemon's FIB is one table shared by RCU). Worker 0 is the EAL thread of {@link #run}.
     */
    static final class Worker implements Runnable
    {
        final int index;
        final List<DpdkPort> ports = new ArrayList<>();
        private final Options options;
        private final List<DpdkPort> queue0;
        private final DpdkPacketPool pool;
        final Thread thread;
        private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean running = true;
        private volatile DataplaneCounters counters;
        volatile int lcore = -1;
        volatile Throwable failure;

        Worker(final Options options, final int index, final List<DpdkPort> queue0, final DpdkPacketPool pool)
        {
            this.options = options;
            this.index = index;
            this.queue0 = queue0;
            this.pool = pool;
            this.thread = new Thread(this, "dataplane-" + index);
        }

        void start()
        {
            thread.start();
        }

        void awaitReady() throws InterruptedException
        {
            ready.await();
            if (failure != null)
            {
                throw new IllegalStateException("worker " + index + " did not start: " + failure.getMessage(), failure);
            }
        }

        @Override
        public void run()
        {
            Router router = null;
            try (DataplaneCounters workerCounters = DataplaneCounters.inMemory(1024))
            {
                counters = workerCounters;
                // Created by the EAL thread, this thread inherited its single-CPU mask: move it to its own CPU.
                pinCurrentThread(options.workerCpus[index]);
                lcore = Eal.registerCurrentThread();
                for (int k = 0; k < queue0.size(); k++)
                {
                    final DpdkPort first = queue0.get(k);
                    ports.add(new DpdkPort(first.name(), k, first.device(), index, pool,
                        workerCounters.newPortCounters(k, first.name()), options.burst, false));
                }
                final IntSupplier work;
                final Agent agent;
                if (options.pipeline.startsWith("ipv8"))
                {
                    router = Router.create(ExampleRouter.spec(!options.pipeline.equals("ipv8-slow")), ports,
                        workerCounters);
                    final RouterAgent routerAgent = router.agent();
                    agent = routerAgent;
                    work = routerAgent::doWork;
                }
                else
                {
                    final Graph graph = ForwardingPipelines.macRewrite(options.patch, options.peerMacs, options.validate)
                        .build(workerCounters, ports);
                    final ForwardingAgent forwardingAgent = new ForwardingAgent("dataplane-" + index, graph, ports,
                        false);
                    agent = forwardingAgent;
                    work = forwardingAgent::doWork;
                }
                agent.onStart();
                ready.countDown();
                while (running)
                {
                    for (int k = 0; k < 256; k++)
                    {
                        work.getAsInt();
                    }
                }
                agent.onClose();
                drops = 0;
                for (int code = 0; code < 256; code++)
                {
                    drops += workerCounters.dropReasons().count(code);
                }
                for (final DpdkPort port : ports)
                {
                    txDrops += port.counters().txDrops();
                }
            }
            catch (final Throwable t)
            {
                failure = t;
                ready.countDown();
            }
            finally
            {
                if (router != null)
                {
                    router.close();
                }
                for (final DpdkPort port : ports)
                {
                    port.close(); // the devices belong to worker 0's ports
                }
                if (lcore >= 0)
                {
                    Eal.unregisterCurrentThread();
                }
            }
        }

        private volatile long drops;
        private volatile long txDrops;

        long drops()
        {
            return drops;
        }

        long txDrops()
        {
            return txDrops;
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join();
        }
    }

    /**
     * Pins the calling thread to one CPU with Linux {@code sched_setaffinity(0, ...)} (libc through FFM; pid 0 is
     * the calling thread).
     */
    static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= 1024)
        {
            throw new IllegalArgumentException("CPU " + cpu + " is outside 0..1023");
        }
        final java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        final java.lang.invoke.MethodHandle setAffinity = linker.downcallHandle(
            linker.defaultLookup().findOrThrow("sched_setaffinity"),
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.ADDRESS));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined())
        {
            final java.lang.foreign.MemorySegment mask = arena.allocate(128); // cpu_set_t: 1024 bits
            mask.set(java.lang.foreign.ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            final int result = (int)setAffinity.invokeExact(0, 128L, mask);
            if (result != 0)
            {
                throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed (CPU offline or not " +
                    "allowed?)");
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed: " + t, t);
        }
    }

    /**
     * Diagnostic baseline without the graph: receive a burst, rewrite the MACs in place, transmit it on the patched
     * port. It shows what the ports cost on their own, so the graph's share of a run can be told apart.
     */
    static final class DirectLoop
    {
        private final DpdkPort[] ports;
        private final DpdkPort[] egress;
        private final long[] peerMac;
        private final org.ipv8router.dataplane.packet.PacketVector vector =
            new org.ipv8router.dataplane.packet.PacketVector(DpdkPort.DEFAULT_BURST);
        private final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(0, 0);

        DirectLoop(final List<DpdkPort> ports, final int[] patch, final long[] peerMac)
        {
            this.ports = ports.toArray(new DpdkPort[0]);
            this.egress = new DpdkPort[this.ports.length];
            for (int k = 0; k < patch.length; k++)
            {
                egress[k] = patch[k] >= 0 ? this.ports[patch[k]] : null;
            }
            this.peerMac = peerMac.clone();
        }

        int doWork()
        {
            int work = 0;
            for (int p = 0; p < ports.length; p++)
            {
                final int n = ports[p].receive(vector);
                final DpdkPort out = egress[p];
                if (n == 0)
                {
                    continue;
                }
                if (out == null)
                {
                    vector.freeAll();
                    continue;
                }
                final long dst = peerMac[out.index()];
                final long src = out.macAddress();
                for (int i = 0; i < n; i++)
                {
                    vector.wrap(i, frame);
                    frame.putShort(0, Short.reverseBytes((short)(dst >>> 32)));
                    frame.putInt(2, Integer.reverseBytes((int)dst));
                    frame.putShort(6, Short.reverseBytes((short)(src >>> 32)));
                    frame.putInt(8, Integer.reverseBytes((int)src));
                }
                out.transmit(vector);
                work += n;
            }
            return work;
        }
    }
}
