package org.ipv8router.dpdk;

/**
 * No DPDK ethdev port has the requested name (or id). The message lists the ports that do exist.
 */
public final class NoSuchPortException extends DpdkException
{
    private static final long serialVersionUID = 1L;

    private final String portName;

    public NoSuchPortException(final String portName, final String message, final int errorCode)
    {
        super(message, errorCode);
        this.portName = portName;
    }

    /** The name that was looked up. */
    public String portName()
    {
        return portName;
    }
}
