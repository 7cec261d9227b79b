package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code ipv8} ({@code ipv8 addr ...}). Adding a subcommand is one class implementing this
 * interface plus one line in {@link Commands#ALL}.
 * <p>
 * {@link Main} handles {@code --help}/{@code -h} for every command (prints {@link #usage()} on stdout), so
 * {@link #run} never sees them. Parse arguments with an {@link OptionParser}, which throws
 * {@link UsageException} for a wrong command line.
 */
public interface Command
{
    /** The word after {@code ipv8}, e.g. "addr". */
    String name();

    /** One line for the command list of {@code ipv8 --help}. */
    String summary();

    /** Full help text: a {@code usage: ipv8 <name> ...} line, a description and the options. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name.
     * @param out  normal output.
     * @param err  diagnostics; a failing command prints why here, prefixed with {@code ipv8 <name>: }.
     * @return an {@link ExitCode}: {@link ExitCode#OK}, or {@link ExitCode#FAILURE} for bad input values.
     * @throws UsageException if the command line is wrong; Main prints it with the usage and returns
     *                        {@link ExitCode#USAGE}.
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException;
}
