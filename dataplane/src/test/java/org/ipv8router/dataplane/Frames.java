package org.ipv8router.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test frames: Ethernet header, EtherType 0x88B5, then a big-endian source tag and sequence number. */
public final class Frames
{
    public static final long MAC_A = 0x02_00_00_00_00_0AL;
    public static final long MAC_B = 0x02_00_00_00_00_0BL;

    private Frames()
    {
    }

    public static byte[] frame(final long dst, final long src, final int tag, final long seq, final int length)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(length, 26)).order(ByteOrder.BIG_ENDIAN);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short)0x88B5);
        b.putInt(14, tag);
        b.putLong(18, seq);
        for (int i = 26; i < b.capacity(); i++)
        {
            b.put(i, (byte)(i * 7 + seq));
        }
        return b.array();
    }

    public static byte[] swapMacs(final byte[] frame)
    {
        final byte[] out = frame.clone();
        System.arraycopy(frame, 6, out, 0, 6);
        System.arraycopy(frame, 0, out, 6, 6);
        return out;
    }

    public static int tag(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).getInt(14);
    }

    public static long seq(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).getLong(18);
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b.put(at + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }
}
