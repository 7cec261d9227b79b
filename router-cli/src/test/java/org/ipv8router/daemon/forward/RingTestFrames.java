package org.ipv8router.daemon.forward;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.wire.Checksum;

/** Frames and ring far-end helpers shared by the daemon module tests (forwarding, BGP8). */
public final class RingTestFrames
{
    private RingTestFrames()
    {
    }

    /** An IPv8 UDP frame to the MAC of router port {@code port}. */
    public static byte[] udp8(final int port, final long src, final long dst, final int ttl)
    {
        final byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + 8 + data.length);
        b.put(mac(MacAddress.local(port))).put(new byte[] {2, 0, 0, 0, 0, 0x77}).putShort((short)0x8080);
        b.put((byte)0x87).put((byte)0).putShort((short)(36 + data.length)).putInt(0);
        b.put((byte)ttl).put((byte)17).putShort((short)0).putLong(src).putLong(dst);
        b.putShort((short)40000).putShort((short)53).putShort((short)(8 + data.length)).putShort((short)0).put(data);
        final byte[] frame = b.array();
        final int c = Checksum.compute(new UnsafeBuffer(frame), 14, 28);
        frame[24] = (byte)(c >>> 8);
        frame[25] = (byte)c;
        return frame;
    }

    /** The six octets of a MAC held in the low 48 bits of a long. */
    public static byte[] mac(final long mac)
    {
        final byte[] m = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            m[i] = (byte)(mac >>> (40 - 8 * i));
        }
        return m;
    }

    /** Waits up to 20 s for the next frame on a ring far end that satisfies {@code wanted} (others are skipped). */
    public static byte[] collect(final RingHost host, final Predicate<byte[]> wanted) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            final byte[] f = host.poll();
            if (f == null)
            {
                Thread.sleep(1);
            }
            else if (wanted.test(f))
            {
                return f;
            }
        }
        return null;
    }
}
