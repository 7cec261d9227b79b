package org.ipv8router.testbed.host.tools;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Walks one host tool's command line. The options every tool shares are consumed into {@link HostOptions} on the
 * way; {@link #next()} stops only at the tool's own options and operands, which the tool handles in its own switch
 * with the value helpers below, so every tool reports a bad value, a missing value or a stray argument in the same
 * words.
 */
final class ToolArguments
{
    private final HostOptions shared;
    private final Iterator<String> rest;
    private String current;

    ToolArguments(final String[] args, final HostOptions shared)
    {
        this.shared = shared;
        this.rest = Arrays.asList(args).iterator();
    }

    /** Advances to the next argument that is not a shared option; false at the end of the command line. */
    boolean next()
    {
        while (rest.hasNext())
        {
            current = rest.next();
            if (!shared.accept(current, rest))
            {
                return true;
            }
        }
        current = null;
        return false;
    }

    /** The argument {@link #next()} stopped at. */
    String arg()
    {
        return current;
    }

    /** The value of the current option as an int in {@code min..max}. */
    int intValue(final int min, final int max)
    {
        return HostOptions.parseInt(current, HostOptions.value(current, rest), min, max);
    }

    /** The value of the current option as seconds (fractions allowed), at least {@code min}. */
    Duration secondsValue(final double min)
    {
        return HostOptions.parseSeconds(current, HostOptions.value(current, rest), min);
    }

    /** The current argument as an operand; an unknown option (anything starting with '-') is a usage error. */
    String operand()
    {
        if (current.startsWith("-"))
        {
            throw new HostOptions.UsageException("unknown option " + current);
        }
        return current;
    }

    /**
     * The current argument as the tool's one operand ({@code what}, e.g. "destination"); {@code earlier} is the one
     * already seen, or null. A second one is a usage error naming both.
     */
    String soleOperand(final String what, final String earlier)
    {
        final String operand = operand();
        if (earlier != null)
        {
            throw new HostOptions.UsageException("only one " + what + ", got '" + earlier + "' and '" + operand + "'");
        }
        return operand;
    }

    /** For tools that take no operands: the current argument is always a usage error. */
    void noOperand()
    {
        throw new HostOptions.UsageException("unexpected argument " + operand());
    }

    /** When --help was given: prints {@code usage} and returns true (the tool then exits 0). */
    boolean help(final PrintStream out, final String usage)
    {
        if (shared.help)
        {
            out.print(usage);
        }
        return shared.help;
    }
}
