package org.ipv8router.bgp8.codec;

/**
 * A protocol error that must end the session with a NOTIFICATION (code, subcode, data). Decoders return it
 * as a value rather than throwing, so that malformed input never becomes an exception on the I/O thread.
 */
public record BgpError(int code, int subcode, byte[] data, String reason)
{
    public static BgpError of(final int code, final int subcode, final String reason)
    {
        return new BgpError(code, subcode, new byte[0], reason);
    }

    public static BgpError of(final int code, final int subcode, final byte[] data, final String reason)
    {
        return new BgpError(code, subcode, data, reason);
    }

    @Override
    public String toString()
    {
        return Bgp.errorName(code, subcode) + ": " + reason;
    }
}
