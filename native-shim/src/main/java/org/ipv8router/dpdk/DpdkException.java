package org.ipv8router.dpdk;

/**
 * A DPDK control-path operation failed. The message names the operation and its arguments and ends with
 * DPDK's own text for the error ({@code rte_strerror}); {@link #errorCode()} is the negative errno-style
 * code the shim returned (0 when the failure was detected in Java).
 */
public class DpdkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public DpdkException(final String message)
    {
        this(message, 0, null);
    }

    public DpdkException(final String message, final int errorCode)
    {
        this(message, errorCode, null);
    }

    public DpdkException(final String message, final int errorCode, final Throwable cause)
    {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The negative errno-style code from the shim, e.g. -22 for EINVAL; 0 if none. */
    public int errorCode()
    {
        return errorCode;
    }
}
