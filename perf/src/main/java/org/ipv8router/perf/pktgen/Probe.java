package org.ipv8router.perf.pktgen;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The probe header ipv8-pktgen puts at the start of every UDP payload, so that the receive side can count
 * loss, reordering and duplicates per stream and measure latency. Two layouts, told apart by the first octet;
 * the short one exists only because a 64-octet IPv8 frame leaves 10 octets of UDP payload (60 - 14 - 28 - 8).
 * <pre>
 *  Long probe (16 octets; every frame whose UDP payload has room, i.e. all IPv4 frames and IPv8 frames of
 *  70 octets and more):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  magic 0x50 'P' |  0x38 '8'   |           stream id           |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 sequence number (per stream)                  |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            TX timestamp, ns (CLOCK_MONOTONIC), 64 bits        |  8
 *  |                                                               | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  Short probe (10 octets; IPv8 frames of 64..69 octets):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  magic 0x70 'p' | stream (8)  |  sequence number (bits 31-16) |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  sequence number (bits 15-0)  | TX timestamp ns, bits 31-16   |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | TX timestamp ns, bits 15-0    |                                  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields big-endian. The sequence number counts per stream from 0 and wraps at 2^32 (the receiver extends
 * it to 64 bits). The short probe keeps the low 32 bits of the timestamp (latencies up to 4.29 s) and the low
 * 8 bits of the stream id (so runs with short probes allow at most 256 streams). Every field starts at an even
 * offset of the UDP payload, so the UDP checksum can be patched word by word.
 */
public final class Probe
{
    public static final int LONG_LENGTH = 16;
    public static final int SHORT_LENGTH = 10;
    public static final int LONG_MAGIC = 0x5038;
    public static final int SHORT_MAGIC = 0x70;
    /** Most streams a run with short probes can tell apart. */
    public static final int SHORT_MAX_STREAMS = 256;
    /** Most streams in a run (16-bit stream id). */
    public static final int MAX_STREAMS = 65536;

    public static final int LONG_MAGIC_OFFSET = 0;
    public static final int LONG_STREAM_OFFSET = 2;
    public static final int LONG_SEQUENCE_OFFSET = 4;
    public static final int LONG_TIMESTAMP_OFFSET = 8;
    public static final int SHORT_MAGIC_OFFSET = 0;
    public static final int SHORT_STREAM_OFFSET = 1;
    public static final int SHORT_SEQUENCE_OFFSET = 2;
    public static final int SHORT_TIMESTAMP_OFFSET = 6;

    /** Result of {@link #read}: no probe at that place. */
    public static final int NONE = 0;
    public static final int LONG = 1;
    public static final int SHORT = 2;

    private int kind;
    private int stream;
    private long sequence;
    private long timestamp;

    /** Writes a long probe at index. */
    public static void writeLong(final MutableDirectBuffer buffer, final int index, final int stream,
        final int sequence, final long timestampNs)
    {
        buffer.putShort(index + LONG_MAGIC_OFFSET, (short)LONG_MAGIC, ByteOrder.BIG_ENDIAN);
        buffer.putShort(index + LONG_STREAM_OFFSET, (short)stream, ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + LONG_SEQUENCE_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
        buffer.putLong(index + LONG_TIMESTAMP_OFFSET, timestampNs, ByteOrder.BIG_ENDIAN);
    }

    /** Writes a short probe at index (stream and timestamp truncated as documented). */
    public static void writeShort(final MutableDirectBuffer buffer, final int index, final int stream,
        final int sequence, final long timestampNs)
    {
        buffer.putByte(index + SHORT_MAGIC_OFFSET, (byte)SHORT_MAGIC);
        buffer.putByte(index + SHORT_STREAM_OFFSET, (byte)stream);
        buffer.putInt(index + SHORT_SEQUENCE_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + SHORT_TIMESTAMP_OFFSET, (int)timestampNs, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Reads a probe from length octets of UDP payload at index.
     *
     * @return {@link #LONG}, {@link #SHORT} or {@link #NONE}; the fields are valid unless NONE.
     */
    public int read(final DirectBuffer buffer, final int index, final int length)
    {
        kind = NONE;
        if (length >= LONG_LENGTH &&
            (buffer.getShort(index + LONG_MAGIC_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) == LONG_MAGIC)
        {
            stream = buffer.getShort(index + LONG_STREAM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            sequence = buffer.getInt(index + LONG_SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            timestamp = buffer.getLong(index + LONG_TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
            kind = LONG;
        }
        else if (length >= SHORT_LENGTH && (buffer.getByte(index + SHORT_MAGIC_OFFSET) & 0xFF) == SHORT_MAGIC)
        {
            stream = buffer.getByte(index + SHORT_STREAM_OFFSET) & 0xFF;
            sequence = buffer.getInt(index + SHORT_SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            timestamp = buffer.getInt(index + SHORT_TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            kind = SHORT;
        }
        return kind;
    }

    public int kind()
    {
        return kind;
    }

    public int stream()
    {
        return stream;
    }

    /** The 32-bit sequence number as sent (unsigned). */
    public long sequence()
    {
        return sequence;
    }

    /** The TX timestamp: 64 bits of ns for a long probe, the low 32 bits for a short one. */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * Latency from this probe's timestamp to rxNs: rxNs - tx for a long probe, (rxNs - tx) mod 2^32 for a
     * short one; negative differences (clocks of different hosts) give 0.
     */
    public long latencyNs(final long rxNs)
    {
        final long latency = kind == SHORT ? (rxNs - timestamp) & 0xFFFF_FFFFL : rxNs - timestamp;
        return latency < 0 ? 0 : latency;
    }
}
