package org.ipv8router.dataplane.gwpair;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipv8router.wire.Flyweight;

/**
 * Flyweight over the gateway-pair hello (profile section 9): the UDP8 payload each member of a .254/.253 pair
 * sends every hello interval to {@code 255.255.0.0.224.0.0.1} (all IPv8 routers), IPv8 TTL 255, UDP port 8254 by
 * default, Ethernet destination {@code 01:00:5e:00:00:01}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Version = 1  |  Type = 1     |  Parity       |  Flags  |R|H|O|  0   parity 0 = even (.254), 1 = odd (.253)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      O = own VIP active, H = holds peer VIP,
 *                                                                          R = resigning (clean stop: take over now)
 *  |           VLAN ID             |      Hello interval (ms)      |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Dead interval (ms)       |       Reserved (zero)         |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Sequence                            | 12   +1 per hello, per sender and segment
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Sender VIP (r.r.r.r.n.n.n.n)               | 16
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Peer VIP (the member it pairs with)        | 24
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * 32 octets, big-endian. A receiver ignores octets after 32 (later versions may append) and drops a hello whose
 * version or type it does not know. The intervals are advisory (shown by {@code show gateway-pair}); each member
 * applies its own configured timers.
 */
public final class GatewayPairHello extends Flyweight
{
    public static final int VERSION = 1;
    public static final int TYPE_HELLO = 1;
    public static final int PARITY_EVEN = 0;
    public static final int PARITY_ODD = 1;
    public static final int FLAG_OWN_ACTIVE = 0x01;
    public static final int FLAG_HOLDS_PEER = 0x02;
    /** The sender stops (clean shutdown): the receiver takes over at once instead of after the dead interval. */
    public static final int FLAG_RESIGN = 0x04;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int PARITY_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int VLAN_OFFSET = 4;
    public static final int HELLO_INTERVAL_OFFSET = 6;
    public static final int DEAD_INTERVAL_OFFSET = 8;
    public static final int RESERVED_OFFSET = 10;
    public static final int SEQUENCE_OFFSET = 12;
    public static final int SENDER_VIP_OFFSET = 16;
    public static final int PEER_VIP_OFFSET = 24;
    public static final int LENGTH = 32;

    public GatewayPairHello wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    public GatewayPairHello wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /** @return true if the wrapped region is long enough to hold a hello. */
    public boolean isComplete()
    {
        return length >= LENGTH;
    }

    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public int parity()
    {
        return buffer.getByte(offset + PARITY_OFFSET) & 0xFF;
    }

    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public boolean ownActive()
    {
        return (flags() & FLAG_OWN_ACTIVE) != 0;
    }

    public boolean holdsPeer()
    {
        return (flags() & FLAG_HOLDS_PEER) != 0;
    }

    public boolean resigning()
    {
        return (flags() & FLAG_RESIGN) != 0;
    }

    public int vlan()
    {
        return buffer.getShort(offset + VLAN_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public int helloIntervalMs()
    {
        return buffer.getShort(offset + HELLO_INTERVAL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public int deadIntervalMs()
    {
        return buffer.getShort(offset + DEAD_INTERVAL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public long sequence()
    {
        return buffer.getInt(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    public long senderVip()
    {
        return buffer.getLong(offset + SENDER_VIP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public long peerVip()
    {
        return buffer.getLong(offset + PEER_VIP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes a complete hello (version 1, type 1, reserved zero). Intervals above 65535 ms are sent as 65535.
     *
     * @return {@link #LENGTH}.
     */
    public int write(
        final boolean even,
        final int flags,
        final int vlan,
        final long helloIntervalMs,
        final long deadIntervalMs,
        final long sequence,
        final long senderVip,
        final long peerVip)
    {
        mutableBuffer.putByte(offset + VERSION_OFFSET, (byte)VERSION);
        mutableBuffer.putByte(offset + TYPE_OFFSET, (byte)TYPE_HELLO);
        mutableBuffer.putByte(offset + PARITY_OFFSET, (byte)(even ? PARITY_EVEN : PARITY_ODD));
        mutableBuffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        mutableBuffer.putShort(offset + VLAN_OFFSET, (short)vlan, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + HELLO_INTERVAL_OFFSET, (short)Math.min(65_535L, helloIntervalMs),
            ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + DEAD_INTERVAL_OFFSET, (short)Math.min(65_535L, deadIntervalMs),
            ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + RESERVED_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putInt(offset + SEQUENCE_OFFSET, (int)sequence, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putLong(offset + SENDER_VIP_OFFSET, senderVip, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putLong(offset + PEER_VIP_OFFSET, peerVip, ByteOrder.BIG_ENDIAN);
        return LENGTH;
    }
}
