package org.ipv8router.cli;

/**
 * The command line is wrong (unknown option, missing value, wrong number of arguments). {@link Main} prints
 * the message, then the command's usage on stderr, and exits with {@link ExitCode#USAGE}.
 */
public final class UsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the offending option or argument. */
    public UsageException(final String message)
    {
        super(message);
    }
}
