package org.ipv8router.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher: help, unknown commands and options, exit codes. */
class MainTest
{
    @Test
    void topLevelHelpListsEveryRegisteredCommand()
    {
        for (final String flag : new String[]{"--help", "-h", "help"})
        {
            final CliRun run = CliRun.of(flag);
            assertEquals(ExitCode.OK, run.exitCode(), flag);
            assertTrue(run.out().startsWith("usage: ipv8 <command>"), run.out());
            for (final Command command : Commands.ALL)
            {
                assertTrue(run.out().contains("  " + command.name() + " "), command.name() + " listed");
                assertTrue(run.out().contains(command.summary()), command.name() + " summary listed");
            }
            assertEquals("", run.err());
        }
    }

    @Test
    void helpOfEachCommandIsItsUsage()
    {
        for (final Command command : Commands.ALL)
        {
            final String expected = command.usage();
            assertTrue(expected.startsWith("usage: ipv8 " + command.name()), expected);
            for (final String[] args : new String[][]{
                {"help", command.name()}, {command.name(), "--help"}, {command.name(), "-h"},
                {command.name(), "1.2.3.4", "--help"}, {command.name(), "--bogus", "--help"}})
            {
                final CliRun run = CliRun.of(args);
                assertEquals(ExitCode.OK, run.exitCode(), String.join(" ", args));
                assertEquals(expected, run.out(), String.join(" ", args));
                assertEquals("", run.err());
            }
        }
    }

    @Test
    void noCommandIsAUsageError()
    {
        final CliRun run = CliRun.of();
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("ipv8: missing command\nusage: ipv8"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownCommandIsNamedWithUsageOnStderr()
    {
        final CliRun run = CliRun.of("frobnicate", "x");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("ipv8: unknown command 'frobnicate'\nusage: ipv8 <command>"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownTopLevelOptionIsNamed()
    {
        final CliRun run = CliRun.of("--verbose", "addr");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("ipv8: unknown option '--verbose'\nusage: ipv8"), run.err());
    }

    @Test
    void helpForUnknownCommand()
    {
        final CliRun run = CliRun.of("help", "nope");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("ipv8 help: unknown command 'nope'\nusage: ipv8"), run.err());
        assertEquals(ExitCode.USAGE, CliRun.of("help", "addr", "extra").exitCode());
    }

    @Test
    void unknownCommandOptionIsNamedWithTheCommandsUsage()
    {
        final CliRun run = CliRun.of("addr", "--bogus", "1.2.3.4");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("ipv8 addr: unknown option '--bogus'\nusage: ipv8 addr"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void doubleDashEndsOptionsAndHelpScan()
    {
        final CliRun run = CliRun.of("addr", "--", "--help");
        assertEquals(ExitCode.FAILURE, run.exitCode(), "'--help' after '--' is the address argument");
        assertTrue(run.err().startsWith("ipv8 addr: "), run.err());
    }
}
