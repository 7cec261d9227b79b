package org.ipv8router.cli;

import java.util.List;

import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.daemon.forward.PortFactoryRegistry;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dpdk.DpdkPortFactory;
import org.ipv8router.dpdk.EalConfig;

/** The registry of {@code ipv8} subcommands: the one place to add a new one. Listed in this order in help. */
public final class Commands
{
    /** Every subcommand except the built-in {@code help}. */
    public static final List<Command> ALL = List.of(
        new AddrCommand(),
        new PktCommand(),
        new DemoCommand(),
        new PcapForwardCommand(),
        new RouterCommand(Commands::modules),
        new ShowCommand(),
        new ConfigCommand(),
        new ClearCommand(),
        new Ping8Command(),
        new RingCommand(),
        new EgressPermitCommand());

    private Commands()
    {
    }

    /** The daemon's modules, in start order: forwarding first, then BGP8 (which programs forwarding's FIB), then the gateway pair. */
    static List<org.ipv8router.daemon.DaemonModule> modules(final org.ipv8router.daemon.DaemonOptions options)
    {
        final ForwardingModule forwarding = new ForwardingModule(portFactories(), Dir24_8.Layout.DIR_24_8);
        return List.of(forwarding, new org.ipv8router.daemon.bgp.Bgp8Module(forwarding),
            new org.ipv8router.daemon.gwpair.GatewayPairModule(forwarding));
    }

    /**
     * The port kinds beyond the built-in ring and pcap: {@code port dpdk DEVICE-ARGS} runs on DPDK with the EAL
     * defaults of {@link EalConfig} (core 0, in-memory, hugepages or the --no-huge fallback) and the PCI bus
     * scanned so NICs bound to vfio/uio can be named by their PCI address. EAL options in the config grammar
     * are still to come; until then the system property {@value #FILE_PREFIX_PROPERTY} sets {@code --file-prefix}
     * (several routers on one machine, e.g. the testbed fabric, each run their own DPDK primary process) and
     * {@value #NO_PCI_PROPERTY}{@code =true} keeps the EAL off the PCI bus (routers on virtual devices only).
     */
    public static PortFactoryRegistry portFactories()
    {
        final String filePrefix = System.getProperty(FILE_PREFIX_PROPERTY);
        return new PortFactoryRegistry().register("dpdk", () -> new DpdkPortFactory(EalConfig.builder()
            .noPci(Boolean.getBoolean(NO_PCI_PROPERTY)).filePrefix(filePrefix == null || filePrefix.isBlank() ? null : filePrefix).build()));
    }

    /** System property: DPDK {@code --file-prefix} of the daemon's EAL (default {@link EalConfig#DEFAULT_FILE_PREFIX}). */
    public static final String FILE_PREFIX_PROPERTY = "ipv8.dpdk.file-prefix";
    /** System property: {@code true} runs the daemon's EAL with {@code --no-pci}. */
    public static final String NO_PCI_PROPERTY = "ipv8.dpdk.no-pci";

    /** The command called {@code name}, or null. */
    public static Command find(final String name)
    {
        for (final Command command : ALL)
        {
            if (command.name().equals(name))
            {
                return command;
            }
        }
        return null;
    }
}
