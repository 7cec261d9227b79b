package org.ipv8router.dpdk;

/**
 * DPDK cannot be used in this process at all: libipv8shim.so was not built or not found, or the DPDK
 * runtime libraries it links against are not installed. The message says what to install or set.
 */
public final class DpdkUnavailableException extends DpdkException
{
    private static final long serialVersionUID = 1L;

    public DpdkUnavailableException(final String message)
    {
        super(message);
    }

    public DpdkUnavailableException(final String message, final Throwable cause)
    {
        super(message, 0, cause);
    }
}
