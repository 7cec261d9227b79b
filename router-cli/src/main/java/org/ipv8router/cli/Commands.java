package org.ipv8router.cli;

import java.util.List;

import org.ipv8router.daemon.forward.ForwardingModule;

/** The registry of {@code ipv8} subcommands: the one place to add a new one. Listed in this order in help. */
public final class Commands
{
    /** Every subcommand except the built-in {@code help}. */
    public static final List<Command> ALL = List.of(
        new AddrCommand(),
        new PktCommand(),
        new DemoCommand(),
        new PcapForwardCommand(),
        new RouterCommand(options -> List.of(new ForwardingModule())),
        new ShowCommand(),
        new ConfigCommand(),
        new ClearCommand(),
        new Ping8Command(),
        new RingCommand());

    private Commands()
    {
    }

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
