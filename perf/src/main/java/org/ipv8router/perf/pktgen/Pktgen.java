package org.ipv8router.perf.pktgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ipv8-pktgen}: the IPv8/IPv4 load generator's command line. Parses the options
 * ({@link PktgenOptions}), then either writes frames to a pcap ({@link PcapExport}) or runs on DPDK
 * ({@link PktgenRun}) and prints the report (text table or JSON) on stdout; progress and diagnostics go to
 * stderr. Launch through perf/bin/ipv8-pktgen, which adds the JVM flags FFM and Agrona need.
 */
public final class Pktgen
{
    public static final int EXIT_OK = 0;
    /** The run finished but lost more than --max-loss. */
    public static final int EXIT_LOSS = 1;
    public static final int EXIT_USAGE = 2;
    /** DPDK, the shim, or a named port is not available. */
    public static final int EXIT_DPDK = 3;
    /** I/O or DPDK failure during the run. */
    public static final int EXIT_RUNTIME = 4;

    private Pktgen()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code instead of exiting (tests call this). */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (PktgenOptions.wantsHelp(args))
        {
            out.print(PktgenOptions.help());
            return EXIT_OK;
        }
        final PktgenConfig config;
        try
        {
            config = PktgenOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ipv8-pktgen: " + ex.getMessage());
            err.println("ipv8-pktgen: see --help for every option and examples");
            return EXIT_USAGE;
        }

        if (config.pcapOut() != null)
        {
            return writePcap(config, out, err);
        }

        final PktgenRun run;
        try
        {
            run = new PktgenRun(config, err);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ipv8-pktgen: " + ex.getMessage());
            return EXIT_USAGE;
        }
        // Ctrl-C: stop transmitting, and hold the JVM's shutdown until the report is printed.
        final java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            run.requestStop();
            try
            {
                reported.await(config.drainNs() / 1_000_000 + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "pktgen-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            final PktgenReport report = run.run();
            out.print(config.json() ? report.json() + "\n" : report.text());
            out.flush();
            if (config.maxLossPercent() >= 0 && report.lossPercent() > config.maxLossPercent())
            {
                err.printf(Locale.ROOT, "ipv8-pktgen: lost %.4f %% of the packets, more than --max-loss %s%n",
                    report.lossPercent(), config.maxLossPercent());
                return EXIT_LOSS;
            }
            return EXIT_OK;
        }
        catch (final PktgenException ex)
        {
            err.println("ipv8-pktgen: " + ex.getMessage());
            return ex.exitCode();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("ipv8-pktgen: interrupted");
            return EXIT_RUNTIME;
        }
        finally
        {
            out.flush();
            reported.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignored)
            {
                // Already shutting down (Ctrl-C): the hook is running and waits for us.
            }
        }
    }

    private static int writePcap(final PktgenConfig config, final PrintStream out, final PrintStream err)
    {
        try
        {
            final FrameFactory factory = new FrameFactory(config.profile());
            final long written = PcapExport.write(factory, config.pcapOut(), config.count(), config.rate());
            if (config.json())
            {
                out.printf(Locale.ROOT, "{\"pcap\":\"%s\",\"frames\":%d,\"flows\":%d,\"streams\":%d}%n",
                    config.pcapOut().toString().replace("\\", "\\\\").replace("\"", "\\\""), written,
                    factory.profile().flows().count(), factory.streams());
            }
            else
            {
                out.printf(Locale.ROOT, "wrote %d frames (%s, %d flow(s), %d%% IPv4) to %s%n", written,
                    factory.profile().sizes(), factory.profile().flows().count(), factory.profile().ipv4Percent(),
                    config.pcapOut());
            }
            return EXIT_OK;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ipv8-pktgen: " + ex.getMessage());
            return EXIT_USAGE;
        }
        catch (final IOException ex)
        {
            err.println("ipv8-pktgen: cannot write " + config.pcapOut() + ": " + ex.getMessage());
            return EXIT_RUNTIME;
        }
    }
}
