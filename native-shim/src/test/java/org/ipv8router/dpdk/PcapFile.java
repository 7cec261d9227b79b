package org.ipv8router.dpdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal classic-pcap writer and reader for tests: 24-byte global header, 16-byte record header per packet,
 * Ethernet link type. The reader accepts micro- and nanosecond magic in either byte order (the net_pcap PMD
 * writes nanosecond files).
 */
final class PcapFile
{
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int LINKTYPE_ETHERNET = 1;

    private PcapFile()
    {
    }

    static void write(final Path file, final List<byte[]> packets) throws IOException
    {
        int size = 24;
        for (final byte[] packet : packets)
        {
            size += 16 + packet.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535)
            .putInt(LINKTYPE_ETHERNET);
        int second = 1_700_000_000;
        for (final byte[] packet : packets)
        {
            out.putInt(second++).putInt(0).putInt(packet.length).putInt(packet.length).put(packet);
        }
        Files.write(file, out.array());
    }

    static List<byte[]> read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = in.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS)
        {
            in.order(ByteOrder.BIG_ENDIAN);
            final int swapped = in.getInt(0);
            if (swapped != MAGIC_MICROS && swapped != MAGIC_NANOS)
            {
                throw new IOException(file + " is not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        final int linkType = in.getInt(20);
        if (linkType != LINKTYPE_ETHERNET)
        {
            throw new IOException(file + " has link type " + linkType + ", expected Ethernet (1)");
        }
        in.position(24);
        final List<byte[]> packets = new ArrayList<>();
        while (in.remaining() >= 16)
        {
            in.getInt();
            in.getInt();
            final int captured = in.getInt();
            final int original = in.getInt();
            if (captured != original)
            {
                throw new IOException(file + ": packet " + packets.size() + " truncated to " + captured + " of " +
                    original + " bytes");
            }
            final byte[] packet = new byte[captured];
            in.get(packet);
            packets.add(packet);
        }
        if (in.hasRemaining())
        {
            throw new IOException(file + ": " + in.remaining() + " trailing bytes");
        }
        return packets;
    }
}
