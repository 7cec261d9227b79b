package org.ipv8router.testbed.host;

import java.io.IOException;

/** An ICMP error (or a local delivery failure) reported to a datagram socket, like ECONNREFUSED/EHOSTUNREACH. */
public final class IcmpErrorException extends IOException
{
    private final transient IcmpError error;

    public IcmpErrorException(final IcmpError error)
    {
        super(error.toString());
        this.error = error;
    }

    public IcmpError error()
    {
        return error;
    }
}
