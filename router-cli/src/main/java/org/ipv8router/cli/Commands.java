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
     * options of the config's {@code dpdk} block ({@link #ealConfig}; without one: core 0, in-memory, hugepages or
     * the --no-huge fallback, the PCI bus scanned so NICs bound to vfio/uio can be named by their PCI address).
     * The system properties {@value #FILE_PREFIX_PROPERTY} and {@value #NO_PCI_PROPERTY}{@code =true} fill in
     * {@code file-prefix} and {@code pci off} where the config does not say (the testbed fabric runs several
     * routers on one machine from one config template).
     */
    public static PortFactoryRegistry portFactories()
    {
        return new PortFactoryRegistry().registerConfigured("dpdk", config -> new DpdkPortFactory(ealConfig(config.dpdk())));
    }

    /** The EAL arguments of a {@code dpdk} block (system properties fill in what the block leaves out). */
    public static EalConfig ealConfig(final org.ipv8router.config.ConfigModel.DpdkSettings d)
    {
        final String propertyPrefix = System.getProperty(FILE_PREFIX_PROPERTY);
        final EalConfig.Builder b = EalConfig.builder()
            .cores(d.lcores())
            .mainLcore(d.mainLcore())
            .hugepages(switch (d.hugepages())
            {
                case "on" -> EalConfig.HugepageMode.REQUIRE;
                case "off" -> EalConfig.HugepageMode.NONE;
                default -> EalConfig.HugepageMode.AUTO;
            })
            .noHugeMemoryMb(d.memoryMb())
            .inMemory(d.inMemory())
            .noPci(!d.pci() || Boolean.getBoolean(NO_PCI_PROPERTY))
            .logLevel(d.logLevel());
        if (d.filePrefix() != null)
        {
            b.filePrefix(d.filePrefix());
        }
        else if (propertyPrefix != null && !propertyPrefix.isBlank())
        {
            b.filePrefix(propertyPrefix);
        }
        if (d.socketMem() != null)
        {
            b.extraArg("--socket-mem=" + d.socketMem());
        }
        d.vdevs().forEach(b::vdev);
        d.extraArgs().forEach(b::extraArg);
        return b.build();
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
