package org.ipv8router.wire;

import org.agrona.DirectBuffer;

/** Test helper: hex strings as in the spec (spaces ignored) to bytes and back. */
final class Hex
{
    private Hex()
    {
    }

    static byte[] bytes(final String hex)
    {
        final String digits = hex.replaceAll("\\s+", "");
        if (digits.length() % 2 != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        final byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String of(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            if (i > 0)
            {
                text.append(' ');
            }
            text.append(String.format("%02x", buffer.getByte(offset + i) & 0xFF));
        }
        return text.toString();
    }

    static String of(final byte[] bytes)
    {
        return of(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
    }
}
