package org.ipv8router.perf.pktgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.ipv8router.dpdk.DpdkEthDev;
import org.ipv8router.dpdk.DpdkException;
import org.ipv8router.dpdk.DpdkMempool;
import org.ipv8router.dpdk.DpdkUnavailableException;
import org.ipv8router.dpdk.Eal;
import org.ipv8router.dpdk.EalConfig;

/**
 * One DPDK run of ipv8-pktgen. Threads:
 * <ul>
 *   <li><b>dataplane</b> (started here): initialises the EAL (so that EAL pins this thread, not main, to
 *       --lcore: pitfall 9), creates the mempool, configures and starts the ports, then runs the transmit loop
 *       and, unless --rx-thread, the receive loop interleaved with it;</li>
 *   <li><b>receive</b> (--rx-thread only): created before the EAL exists so it is not pinned to the dataplane
 *       core, registers itself as an EAL thread (mempool cache), polls the receive port;</li>
 *   <li><b>caller</b>: prints the progress line every second, logs the latency interval, builds the report.</li>
 * </ul>
 * After the transmit phase the receive side keeps polling until every sent probe arrived or --drain-ms passed.
 * Because rte_eal_init runs once per process, one process does one DPDK run.
 */
public final class PktgenRun
{
    private static final long PROGRESS_PERIOD_NS = 1_000_000_000L;
    private static final long MIN_FLUSH_GRACE_NS = 100_000_000L;

    private final PktgenConfig config;
    private final PrintStream progressOut;
    private final FrameFactory factory;
    private final StreamTracker tracker;
    private final LatencyStats latency = new LatencyStats();
    private final ProbeReceiver receiver;
    private final PktgenCounters counters = new PktgenCounters();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile long txStartNs;
    private volatile long txEndNs;
    private volatile long sentTotal = -1;
    private PacketTransmitter transmitter;
    private String txName;
    private String rxName;

    public PktgenRun(final PktgenConfig config, final PrintStream progressOut)
    {
        this.config = config;
        this.progressOut = progressOut;
        this.factory = new FrameFactory(config.profile());
        this.tracker = new StreamTracker(config.profile().streams());
        this.receiver = new ProbeReceiver(config.profile().ipv8EtherType(), tracker, latency);
    }

    /** Asks the run to stop transmitting now (Ctrl-C); the report still follows. */
    public void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Runs to the end and returns the report.
     *
     * @throws PktgenException with exit code 3 when DPDK or a port is unavailable, 4 for failures during the run.
     */
    public PktgenReport run() throws InterruptedException
    {
        if (config.hdrLog() != null)
        {
            try
            {
                latency.openLog(config.hdrLog(), System.currentTimeMillis());
            }
            catch (final IOException ex)
            {
                throw new PktgenException(Pktgen.EXIT_RUNTIME, "cannot write the HdrHistogram log " + config.hdrLog() +
                    ": " + ex.getMessage(), ex);
            }
        }
        final boolean receive = !config.txOnly();
        final Thread rxThread = receive && config.rxThread() && !config.rxOnly() ?
            new Thread(this::receiveLoop, "pktgen-rx") : null;
        if (rxThread != null)
        {
            rxThread.setDaemon(true);
            rxThread.start();
        }
        final Thread dataplane = new Thread(this::dataplane, "pktgen-dataplane");
        dataplane.setDaemon(true);
        dataplane.start();

        try
        {
            long lastNs = System.nanoTime();
            long lastTx = 0;
            long lastRx = 0;
            int second = 0;
            while (!finished.await(lastNs + PROGRESS_PERIOD_NS - System.nanoTime(), TimeUnit.NANOSECONDS))
            {
                final long now = System.nanoTime();
                final Histogram interval = latency.sample();
                if (second == 0 && txStartNs == 0)
                {
                    // Still setting up (EAL, ports): the first progress second starts with the transmit phase.
                    lastNs = now;
                    continue;
                }
                if (config.progress())
                {
                    second++;
                    final long tx = counters.txPackets();
                    final long rx = counters.rxProbes();
                    final double seconds = Math.max(1, now - Math.max(lastNs, txStartNs)) / 1e9;
                    progressOut.printf(Locale.ROOT, "[pktgen] %3ds  tx %9.4f Mpps  rx %9.4f Mpps  sent %d  " +
                            "received %d  lost so far %d%s%n", second, (tx - lastTx) / seconds / 1e6,
                        (rx - lastRx) / seconds / 1e6, tx, rx, receive ? Math.max(0, tx - rx) : 0,
                        interval.getTotalCount() > 0 ? String.format(Locale.ROOT, "  p99 %d ns",
                            interval.getValueAtPercentile(99)) : "");
                    lastTx = tx;
                    lastRx = rx;
                }
                lastNs = now;
            }
            dataplane.join();
            if (rxThread != null)
            {
                rxThread.join();
            }
        }
        finally
        {
            latency.sample();
            latency.close();
        }
        if (failure != null)
        {
            if (failure instanceof PktgenException p)
            {
                throw p;
            }
            final boolean setup = !readyReached;
            final boolean environment = failure instanceof DpdkUnavailableException ||
                (setup && failure instanceof DpdkException);
            throw new PktgenException(environment ? Pktgen.EXIT_DPDK : Pktgen.EXIT_RUNTIME,
                (setup ? "DPDK set-up failed: " : "the run failed: ") + failure.getMessage(), failure);
        }
        final double seconds = Math.max(0, txEndNs - txStartNs) / 1e9;
        if (config.rxOnly())
        {
            // Nothing was sent here: what the sender sent is estimated from the highest sequence numbers seen.
            final long[] sent = new long[tracker.streams()];
            long total = 0;
            for (int s = 0; s < sent.length; s++)
            {
                sent[s] = tracker.highest(s) + 1;
                total += sent[s];
            }
            return new PktgenReport(rxName, rxName, seconds, total, receiver.octets(), sent, tracker, true,
                receiver.frames(), receiver.other(), latency.total(), latency.clamped(), 0, 0, 0, 0, 0, true);
        }
        return new PktgenReport(txName, rxName, seconds, transmitter.sent(), transmitter.sentOctets(),
            factory.sentPerStream(), tracker, receive, receiver.frames(), receiver.other(), latency.total(),
            latency.clamped(), transmitter.discarded(), transmitter.allocFailures(), transmitter.partialBursts(),
            transmitter.retriedFrames(), transmitter.blockedNs(), false);
    }

    private void dataplane()
    {
        DpdkMempool pool = null;
        DpdkEthDev txPort = null;
        DpdkEthDev rxPort = null;
        PacketReceiver rx = null;
        try
        {
            final EalConfig.Builder eal = EalConfig.builder()
                .cores(Integer.toString(config.lcore()))
                .filePrefix("ipv8-pktgen")
                .noPci(!config.pci())
                .logLevel("lib.eal:notice");
            if (config.noHuge())
            {
                eal.hugepages(EalConfig.HugepageMode.NONE);
            }
            config.vdevs().forEach(eal::vdev);
            config.ealArgs().forEach(eal::extraArg);
            Eal.init(eal.build());

            final int dataRoom = Math.max(DpdkMempool.DEFAULT_DATA_ROOM, factory.maxFrameLength());
            pool = DpdkMempool.create("pktgen_pool", config.poolSize(), Math.min(256, config.poolSize() * 2 / 3),
                dataRoom, -1);
            txName = config.rxOnly() ? config.rxPortName() : config.txPortName();
            rxName = config.rxPortName();
            txPort = DpdkEthDev.byName(txName);
            rxPort = config.txOnly() || rxName.equals(txName) ? txPort : DpdkEthDev.byName(rxName);
            for (final DpdkEthDev port : rxPort == txPort ? new DpdkEthDev[] {txPort} :
                new DpdkEthDev[] {txPort, rxPort})
            {
                port.configure(1, pool);
                if (config.profile().sizes().largest() > FrameSizes.MAX_SIZE)
                {
                    try
                    {
                        port.mtu(config.profile().sizes().largest() - FrameSizes.FCS_LENGTH - 14);
                    }
                    catch (final DpdkException ex)
                    {
                        progressOut.println("[pktgen] WARNING: " + ex.getMessage() + "; jumbo frames may be dropped");
                    }
                }
                port.start(true);
            }
            awaitLinks(txPort, rxPort);

            if (config.rxOnly())
            {
                rx = new PacketReceiver(rxPort, 0, config.burst(), receiver, counters);
                progressOut.printf(Locale.ROOT, "[pktgen] receive only on %s for %.1f s, %d stream(s)%n", rxName,
                    config.durationNs() / 1e9, factory.streams());
                readyReached = true;
                ready.countDown();
                receiveOnlyLoop(rx);
                return;
            }
            final long warmed = Warmup.run(factory.profile(), Warmup.DEFAULT_FRAMES);
            if (warmed != Warmup.DEFAULT_FRAMES)
            {
                throw new IllegalStateException("warm-up parsed " + warmed + " of its " + Warmup.DEFAULT_FRAMES +
                    " frames back: frame writer and probe parser disagree");
            }
            final double pps = packetRate(txPort);
            final RatePacer pacer = new RatePacer(pps);
            transmitter = new PacketTransmitter(factory, txPort, 0, pool, config.burst(), pacer, config.count(),
                counters);
            if (!config.txOnly())
            {
                rx = new PacketReceiver(rxPort, 0, config.burst(), receiver, counters);
                receiverPort = rx;
            }
            progressOut.printf(Locale.ROOT,
                "[pktgen] %s -> %s, %d flow(s), sizes %s, %d%% IPv4, %d stream(s), rate %s%n",
                txName, config.txOnly() ? "(no receive)" : rxName, factory.profile().flows().count(),
                factory.profile().sizes(), factory.profile().ipv4Percent(), factory.streams(),
                pps == 0 ? "max" : String.format(Locale.ROOT, "%.0f pps", pps));
            readyReached = true;
            ready.countDown();

            transmitLoop(pacer, config.rxThread() ? null : rx);
        }
        catch (final Throwable t)
        {
            failure = t;
            ready.countDown();
        }
        finally
        {
            counters.txDone();
            if (config.rxThread() && !config.txOnly() && !config.rxOnly() && readyReached)
            {
                // The receive thread still polls: it drains, closes the ports and ends the run.
                portsToClose = new Object[] {txPort, rxPort, pool};
                dataplaneDone.countDown();
            }
            else
            {
                closeAll(rx, txPort, rxPort, pool);
                finished.countDown();
            }
        }
    }

    /**
     * Waits for --wait-link-ms until both ports report link up: a memif or virtio_user peer connects only after
     * the ports started, and frames offered before that would count as the router's loss.
     */
    private void awaitLinks(final DpdkEthDev txPort, final DpdkEthDev rxPort) throws InterruptedException
    {
        if (config.waitLinkNs() <= 0)
        {
            return;
        }
        final long deadline = System.nanoTime() + config.waitLinkNs();
        while (!(txPort.link().up() && rxPort.link().up()))
        {
            if (System.nanoTime() > deadline)
            {
                throw new PktgenException(Pktgen.EXIT_DPDK, "link still down after --wait-link-ms " +
                    config.waitLinkNs() / 1_000_000L + ": " + txName + " " + txPort.link() + ", " + rxName + " " +
                    rxPort.link(), null);
            }
            Thread.sleep(10);
        }
        progressOut.printf(Locale.ROOT, "[pktgen] links up: %s, %s%n", txName, rxName);
    }

    private volatile boolean readyReached;
    private volatile PacketReceiver receiverPort;
    private volatile Object[] portsToClose;
    private final CountDownLatch dataplaneDone = new CountDownLatch(1);

    private double packetRate(final DpdkEthDev txPort)
    {
        if (config.linePercent() <= 0)
        {
            return config.rate();
        }
        double gbps = config.lineRateGbps();
        if (gbps == 0)
        {
            final long mbps = txPort.link().speedMbps();
            if (mbps <= 0)
            {
                throw new PktgenException(Pktgen.EXIT_USAGE, "--rate " + config.linePercent() + "%: port " + txName +
                    " reports no link speed; give --line-rate-gbps", null);
            }
            gbps = mbps / 1000.0;
        }
        return gbps * 1e9 * config.linePercent() / 100 / (factory.meanWireOctets() * 8);
    }

    private void transmitLoop(final RatePacer pacer, final PacketReceiver rx)
    {
        final PacketTransmitter tx = transmitter;
        final long start = System.nanoTime();
        txStartNs = start;
        pacer.start(start);
        final long end = config.durationNs() > 0 ? start + config.durationNs() : Long.MAX_VALUE;
        long stopNs = 0;
        while (!tx.isDone())
        {
            final long now = System.nanoTime();
            if (stopNs == 0 && (now >= end || stopRequested))
            {
                tx.stop();
                stopNs = now;
            }
            tx.doWork(now);
            if (rx != null)
            {
                rx.doWork();
            }
            if (stopNs != 0 && now - stopNs > Math.max(MIN_FLUSH_GRACE_NS, config.drainNs()))
            {
                tx.discardPending();
            }
        }
        // With --duration the phase ends at the stop time; with --count at the last packet.
        txEndNs = stopNs != 0 ? stopNs : System.nanoTime();
        sentTotal = tx.sent();
        counters.txDone();
        if (rx != null)
        {
            drain(rx);
        }
    }

    private void receiveOnlyLoop(final PacketReceiver rx)
    {
        final long start = System.nanoTime();
        txStartNs = start;
        final long end = config.durationNs() > 0 ? start + config.durationNs() : Long.MAX_VALUE;
        long now = start;
        while (now < end && !stopRequested)
        {
            rx.doWork();
            now = System.nanoTime();
        }
        txEndNs = now;
        sentTotal = 0;
    }

    private void drain(final PacketReceiver rx)
    {
        final long deadline = System.nanoTime() + config.drainNs();
        while (tracker.totalUnique() < sentTotal && System.nanoTime() < deadline)
        {
            rx.doWork();
        }
        // One more poll picks up what arrived in the last instant (and nothing is left in the ring for close).
        while (rx.doWork() > 0)
        {
            Thread.onSpinWait();
        }
    }

    private void receiveLoop()
    {
        try
        {
            ready.await();
            if (!readyReached)
            {
                return;
            }
            Eal.registerCurrentThread();
            PacketReceiver rx;
            while ((rx = receiverPort) == null)
            {
                Thread.onSpinWait();
            }
            while (!counters.isTxDone())
            {
                rx.doWork();
            }
            dataplaneDone.await();
            drain(rx);
            final Object[] ports = portsToClose;
            closeAll(rx, (DpdkEthDev)ports[0], (DpdkEthDev)ports[1], (DpdkMempool)ports[2]);
        }
        catch (final Throwable t)
        {
            if (failure == null)
            {
                failure = t;
            }
        }
        finally
        {
            finished.countDown();
        }
    }

    private static void closeAll(final PacketReceiver rx, final DpdkEthDev txPort, final DpdkEthDev rxPort,
        final DpdkMempool pool)
    {
        if (rx != null)
        {
            rx.close();
        }
        if (rxPort != null && rxPort != txPort)
        {
            rxPort.close();
        }
        if (txPort != null)
        {
            txPort.close();
        }
        // The pool is left to process exit: a PMD may still reference it until the EAL goes away.
    }
}
