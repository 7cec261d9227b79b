package org.ipv8router.perf.pktgen;

/** A failure that ends a run, with the exit code {@link Pktgen} returns for it. */
public final class PktgenException extends RuntimeException
{
    private final int exitCode;

    public PktgenException(final int exitCode, final String message, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode()
    {
        return exitCode;
    }
}
