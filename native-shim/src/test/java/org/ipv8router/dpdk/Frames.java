package org.ipv8router.dpdk;

import org.agrona.concurrent.UnsafeBuffer;

/** Test frames: Ethernet header with the local experimental EtherType, then a sequence number and a pattern. */
final class Frames
{
    static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;
    static final int SEQUENCE_OFFSET = 14;

    private Frames()
    {
    }

    /** A frame of the given length (>= 18) whose every byte depends on seq, so mix-ups and corruption show. */
    static byte[] frame(final int seq, final int length)
    {
        final byte[] frame = new byte[length];
        final byte[] header = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, (byte)(ETHERTYPE_EXPERIMENTAL >> 8),
            (byte)ETHERTYPE_EXPERIMENTAL};
        System.arraycopy(header, 0, frame, 0, header.length);
        frame[14] = (byte)(seq >>> 24);
        frame[15] = (byte)(seq >>> 16);
        frame[16] = (byte)(seq >>> 8);
        frame[17] = (byte)seq;
        for (int i = 18; i < length; i++)
        {
            frame[i] = (byte)(seq * 31 + i);
        }
        return frame;
    }

    /** Length of frame seq in tests that vary sizes: 60..1514 bytes. */
    static int lengthOf(final int seq)
    {
        return 60 + (seq * 97) % (1514 - 60 + 1);
    }

    /** Copies frame into a freshly allocated one-segment mbuf and sets its length. */
    static void store(final long mbuf, final byte[] frame, final UnsafeBuffer scratch)
    {
        Mbuf.wrapForWrite(scratch, mbuf);
        scratch.putBytes(0, frame);
        if (!Mbuf.length(mbuf, frame.length))
        {
            throw new IllegalStateException("frame of " + frame.length + " bytes does not fit the mbuf");
        }
    }

    /** The bytes of the first segment of mbuf, read through a wrapped buffer (zero-copy view, then copied). */
    static byte[] load(final long mbuf, final UnsafeBuffer view)
    {
        Mbuf.wrap(view, mbuf);
        final byte[] bytes = new byte[view.capacity()];
        view.getBytes(0, bytes);
        return bytes;
    }
}
