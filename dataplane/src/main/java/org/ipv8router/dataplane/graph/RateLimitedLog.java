package org.ipv8router.dataplane.graph;

import org.agrona.ErrorHandler;

/**
 * Logs errors from a forwarding thread without flooding the log: the 1st, 2nd, 4th, 8th ... occurrence, each with
 * the running total. Cold path (only runs when something failed); not thread safe, one per thread.
 */
public final class RateLimitedLog implements ErrorHandler
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.dataplane");

    private final String source;
    private long count;

    public RateLimitedLog(final String source)
    {
        this.source = source;
    }

    public void onError(final Throwable throwable)
    {
        count++;
        if ((count & (count - 1)) == 0)
        {
            LOG.log(System.Logger.Level.ERROR, source + ": error #" + count +
                " (logging the 1st, 2nd, 4th, 8th ... only): " + throwable, throwable);
        }
    }

    long count()
    {
        return count;
    }
}
