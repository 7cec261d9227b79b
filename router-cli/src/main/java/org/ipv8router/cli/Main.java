package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code ipv8} command: dispatches {@code ipv8 <command> [args]} to a {@link Command}
 * from {@link Commands#ALL}, and owns the behaviour common to all of them: {@code ipv8 --help},
 * {@code ipv8 help <command>}, {@code --help}/{@code -h} on every command, and the usage errors (message
 * naming the culprit + usage on stderr, exit code {@link ExitCode#USAGE}).
 */
public final class Main
{
    private static final String PROGRAM = "ipv8";

    private Main()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one {@code ipv8} invocation in-process (tests call this with captured streams).
     *
     * @return the exit code: {@link ExitCode#OK}, {@link ExitCode#FAILURE} or {@link ExitCode#USAGE}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        try
        {
            return dispatch(Arrays.asList(args), out, err);
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(final List<String> args, final PrintStream out, final PrintStream err)
    {
        if (args.isEmpty())
        {
            err.println(PROGRAM + ": missing command");
            err.print(usage());
            return ExitCode.USAGE;
        }

        final String first = args.getFirst();
        if (isHelp(first))
        {
            out.print(usage());
            return ExitCode.OK;
        }
        if (first.equals("help"))
        {
            return help(args.subList(1, args.size()), out, err);
        }
        if (first.startsWith("-"))
        {
            err.println(PROGRAM + ": unknown option '" + first + "'");
            err.print(usage());
            return ExitCode.USAGE;
        }

        final Command command = Commands.find(first);
        if (command == null)
        {
            err.println(PROGRAM + ": unknown command '" + first + "'");
            err.print(usage());
            return ExitCode.USAGE;
        }

        final List<String> rest = args.subList(1, args.size());
        if (asksForHelp(rest))
        {
            out.print(command.usage());
            return ExitCode.OK;
        }
        try
        {
            return command.run(rest, out, err);
        }
        catch (final UsageException e)
        {
            err.println(PROGRAM + " " + command.name() + ": " + e.getMessage());
            err.print(command.usage());
            return ExitCode.USAGE;
        }
        catch (final RuntimeException e)
        {
            // A bug, not bad input: say so plainly and keep the trace for the report.
            err.println(PROGRAM + " " + command.name() + ": internal error: " + e);
            e.printStackTrace(err);
            return ExitCode.FAILURE;
        }
    }

    private static int help(final List<String> args, final PrintStream out, final PrintStream err)
    {
        if (args.isEmpty())
        {
            out.print(usage());
            return ExitCode.OK;
        }
        if (args.size() > 1)
        {
            err.println(PROGRAM + " help: unexpected argument '" + args.get(1) + "'");
            err.print(usage());
            return ExitCode.USAGE;
        }
        final String name = args.getFirst();
        if (name.equals("help") || isHelp(name))
        {
            out.print(usage());
            return ExitCode.OK;
        }
        final Command command = Commands.find(name);
        if (command == null)
        {
            err.println(PROGRAM + " help: unknown command '" + name + "'");
            err.print(usage());
            return ExitCode.USAGE;
        }
        out.print(command.usage());
        return ExitCode.OK;
    }

    private static boolean isHelp(final String arg)
    {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** {@code --help} or {@code -h} anywhere before a {@code --}. */
    private static boolean asksForHelp(final List<String> args)
    {
        for (final String arg : args)
        {
            if (arg.equals("--"))
            {
                return false;
            }
            if (isHelp(arg))
            {
                return true;
            }
        }
        return false;
    }

    /** The top-level help: synopsis and the command list from {@link Commands#ALL}. */
    public static String usage()
    {
        int width = "help".length();
        for (final Command command : Commands.ALL)
        {
            width = Math.max(width, command.name().length());
        }
        final StringBuilder sb = new StringBuilder()
            .append("usage: ").append(PROGRAM).append(" <command> [options] [arguments]\n")
            .append("       ").append(PROGRAM).append(" help <command>\n")
            .append('\n')
            .append("The IPv8 (draft-thain-ipv8-02) router's command line tool.\n")
            .append('\n')
            .append("commands:\n");
        for (final Command command : Commands.ALL)
        {
            sb.append("  ").append(pad(command.name(), width)).append("  ").append(command.summary()).append('\n');
        }
        sb.append("  ").append(pad("help", width)).append("  ").append("show the help of a command").append('\n')
            .append('\n')
            .append("Run '").append(PROGRAM).append(" help <command>' or '").append(PROGRAM)
            .append(" <command> --help' for a command's arguments and options.\n")
            .append("Exit codes: 0 ok, 1 failed (e.g. bad input value), 2 bad command line.\n");
        return sb.toString();
    }

    private static String pad(final String s, final int width)
    {
        return s + " ".repeat(width - s.length());
    }
}
