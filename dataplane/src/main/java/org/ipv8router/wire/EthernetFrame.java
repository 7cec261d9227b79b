package org.ipv8router.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet II frame with at most one IEEE 802.1Q VLAN tag (no FCS).
 * <pre>
 *  untagged (payload at 14):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Destination MAC (octets 0-3)                 |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Destination MAC (4-5)       |     Source MAC (octets 0-1)   |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Source MAC (octets 2-5)                    |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           EtherType           |  payload ...                  | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  802.1Q tagged (payload at 18; octets 0-11 as above):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         TPID = 0x8100         | PCP |D|        VLAN ID        | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           EtherType           |  payload ...                  | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * MAC addresses are handled as the low 48 bits of a {@code long}, first octet most significant.
 */
public final class EthernetFrame extends Flyweight
{
    public static final int DESTINATION_OFFSET = 0;
    public static final int SOURCE_OFFSET = 6;
    /** EtherType of an untagged frame, or the TPID 0x8100 of a tagged one. */
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Tag control information (PCP, DEI, VLAN ID) of a tagged frame. */
    public static final int VLAN_TCI_OFFSET = 14;
    /** EtherType of the payload in a tagged frame. */
    public static final int VLAN_ETHER_TYPE_OFFSET = 16;
    public static final int HEADER_LENGTH = 14;
    public static final int VLAN_HEADER_LENGTH = 18;
    /** Minimum frame length without FCS; shorter frames are padded on transmit. */
    public static final int MIN_FRAME_LENGTH = 60;
    public static final int VLAN_ID_MASK = 0x0FFF;
    /** Returned by {@link #vlanId()} for an untagged frame. */
    public static final int NO_VLAN = -1;
    public static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    /** Wraps a frame that extends to the end of the buffer. */
    public EthernetFrame wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, buffer.capacity() - offset);
        return this;
    }

    /** Wraps a frame of {@code length} octets. */
    public EthernetFrame wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    public long destination()
    {
        return readMac(buffer, offset + DESTINATION_OFFSET);
    }

    public EthernetFrame destination(final long mac)
    {
        writeMac(mac, offset + DESTINATION_OFFSET);
        return this;
    }

    public long source()
    {
        return readMac(buffer, offset + SOURCE_OFFSET);
    }

    public EthernetFrame source(final long mac)
    {
        writeMac(mac, offset + SOURCE_OFFSET);
        return this;
    }

    /** The EtherType field at offset 12: the payload type, or 0x8100 for a tagged frame. */
    public int outerEtherType()
    {
        return buffer.getShort(offset + ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public boolean hasVlan()
    {
        return outerEtherType() == EtherTypes.VLAN;
    }

    /** Tag control information of a tagged frame; meaningless when {@link #hasVlan()} is false. */
    public int tci()
    {
        return buffer.getShort(offset + VLAN_TCI_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** VLAN ID (0-4095) of a tagged frame, {@link #NO_VLAN} for an untagged one. */
    public int vlanId()
    {
        return hasVlan() ? tci() & VLAN_ID_MASK : NO_VLAN;
    }

    /** Priority code point (0-7) of a tagged frame, 0 for an untagged one. */
    public int priority()
    {
        return hasVlan() ? tci() >>> 13 : 0;
    }

    /** EtherType of the payload, looking past a VLAN tag. */
    public int etherType()
    {
        final int outer = outerEtherType();
        return outer == EtherTypes.VLAN ?
            buffer.getShort(offset + VLAN_ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF : outer;
    }

    /** Offset of the payload relative to the frame start: 14, or 18 with a VLAN tag. */
    public int payloadOffset()
    {
        return hasVlan() ? VLAN_HEADER_LENGTH : HEADER_LENGTH;
    }

    /** Octets after the L2 header within the wrapped length (may include padding). */
    public int payloadLength()
    {
        return length - payloadOffset();
    }

    /**
     * Writes an untagged header.
     *
     * @return the header length, 14.
     */
    public int writeHeader(final long destination, final long source, final int etherType)
    {
        writeMac(destination, offset + DESTINATION_OFFSET);
        writeMac(source, offset + SOURCE_OFFSET);
        mutableBuffer.putShort(offset + ETHER_TYPE_OFFSET, (short)etherType, ByteOrder.BIG_ENDIAN);
        return HEADER_LENGTH;
    }

    /**
     * Writes an 802.1Q tagged header.
     *
     * @param tci       PCP(3) DEI(1) VLAN ID(12); use {@link #tci(int, int)} to build it.
     * @param etherType EtherType of the payload.
     * @return the header length, 18.
     */
    public int writeVlanHeader(final long destination, final long source, final int tci, final int etherType)
    {
        writeMac(destination, offset + DESTINATION_OFFSET);
        writeMac(source, offset + SOURCE_OFFSET);
        mutableBuffer.putShort(offset + ETHER_TYPE_OFFSET, (short)EtherTypes.VLAN, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + VLAN_TCI_OFFSET, (short)tci, ByteOrder.BIG_ENDIAN);
        mutableBuffer.putShort(offset + VLAN_ETHER_TYPE_OFFSET, (short)etherType, ByteOrder.BIG_ENDIAN);
        return VLAN_HEADER_LENGTH;
    }

    /** Rewrites the payload EtherType in place, tagged or not. */
    public EthernetFrame etherType(final int etherType)
    {
        final int at = hasVlan() ? VLAN_ETHER_TYPE_OFFSET : ETHER_TYPE_OFFSET;
        mutableBuffer.putShort(offset + at, (short)etherType, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Builds a TCI from a priority (0-7) and a VLAN ID (0-4095), DEI clear. */
    public static int tci(final int priority, final int vlanId)
    {
        return ((priority & 0x7) << 13) | (vlanId & VLAN_ID_MASK);
    }

    /** Reads a 6-octet MAC at an absolute buffer index. */
    public static long readMac(final DirectBuffer buffer, final int index)
    {
        return ((buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFFL) << 32) |
            (buffer.getInt(index + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    private void writeMac(final long mac, final int index)
    {
        mutableBuffer.putShort(index, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        mutableBuffer.putInt(index + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }

    /** Group bit (I/G) set: multicast or broadcast MAC. */
    public static boolean isMulticastMac(final long mac)
    {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** Formats a MAC as {@code 02:00:00:00:00:01}; cold path (allocates). */
    public static String formatMac(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int octet = (int)(mac >>> shift) & 0xFF;
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift != 0)
            {
                text.append(':');
            }
        }
        return text.toString();
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'), hex digits in either case; cold path.
     *
     * @throws IllegalArgumentException naming the input when it is not a MAC address.
     */
    public static long parseMac(final String text)
    {
        if (text == null || text.length() != 17)
        {
            throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): '" + text + "'");
        }
        long mac = 0;
        for (int i = 0; i < 6; i++)
        {
            final int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != ':' && text.charAt(at - 1) != '-')
            {
                throw new IllegalArgumentException("not a MAC address (bad separator): '" + text + "'");
            }
            final int hi = Character.digit(text.charAt(at), 16);
            final int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new IllegalArgumentException("not a MAC address (bad hex digit): '" + text + "'");
            }
            mac = (mac << 8) | (hi << 4) | lo;
        }
        return mac;
    }
}
