package org.ipv8router.bgp8.testutil;

import org.agrona.concurrent.UnsafeBuffer;

public final class Hex
{
    private Hex()
    {
    }

    public static byte[] bytes(final String hex)
    {
        final String s = hex.replaceAll("[^0-9a-fA-F]", "");
        final byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static UnsafeBuffer buffer(final String hex)
    {
        return new UnsafeBuffer(bytes(hex));
    }

    public static String of(final UnsafeBuffer b, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.append(String.format("%02x", b.getByte(i) & 0xFF));
        }
        return sb.toString();
    }
}
