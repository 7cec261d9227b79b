package org.ipv8router.control;

/**
 * A control request failed: the daemon is not reachable, answered an error, or a handler refused the request.
 * The message is what the operator sees (it names the socket, command or argument at fault).
 */
public final class ControlException extends Exception
{
    private static final long serialVersionUID = 1L;

    public ControlException(final String message)
    {
        super(message);
    }

    public ControlException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
