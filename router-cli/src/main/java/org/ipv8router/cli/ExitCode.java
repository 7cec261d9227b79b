package org.ipv8router.cli;

/** Exit codes of the {@code ipv8} command, the same for every subcommand. */
public final class ExitCode
{
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command was understood but failed: bad input value (an address that does not parse), I/O error. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong: unknown command or option, missing or extra argument. */
    public static final int USAGE = 2;

    private ExitCode()
    {
    }
}
