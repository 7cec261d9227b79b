package org.ipv8router.bgp8.codec;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Packs prefixes into UPDATE messages of at most 4096 octets. IPv4 routes (RN = 0) go into the classic
 * Withdrawn Routes / NLRI fields with a NEXT_HOP attribute; IPv8 routes go into MP_REACH_NLRI /
 * MP_UNREACH_NLRI of the profile's AFI/SAFI, next hop 8 octets (4 when the next hop has RN 0).
 * Each call writes one message and returns how many prefixes it consumed; callers loop.
 */
public final class UpdateEncoder
{
    private final WireProfile profile;
    private int lastLength;

    public UpdateEncoder(final WireProfile profile)
    {
        this.profile = profile;
    }

    /** Length of the message written by the last call. */
    public int lastLength()
    {
        return lastLength;
    }

    private static int nlriOctets(final int length64, final boolean ipv8)
    {
        final int len = ipv8 ? length64 : length64 - 32;
        return 1 + ((len + 7) >>> 3);
    }

    private static int putPrefix(
        final MutableDirectBuffer b, final int p, final long prefix, final int length64, final boolean ipv8)
    {
        final int len = ipv8 ? length64 : length64 - 32;
        b.putByte(p, (byte)len);
        final int octets = (len + 7) >>> 3;
        final long value = ipv8 ? prefix : prefix << 32;
        for (int i = 0; i < octets; i++)
        {
            b.putByte(p + 1 + i, (byte)(value >>> (56 - 8 * i)));
        }
        return p + 1 + octets;
    }

    /**
     * Writes one UPDATE announcing prefixes[from..] (all of one family) with the given attributes.
     * Returns the number of prefixes written (at least one when count > 0).
     */
    public int announce(
        final MutableDirectBuffer b,
        final int offset,
        final PathAttributes attrs,
        final boolean ipv8,
        final long[] prefixes,
        final byte[] lengths,
        final int from,
        final int count,
        final boolean fourOctetAs,
        final boolean withContainer)
    {
        final int body = offset + Bgp.HEADER_LENGTH;
        b.putShort(body, (short)0, ByteOrder.BIG_ENDIAN);
        final int attrStart = body + 4;
        int p = attrStart + attrs.encode(b, attrStart, fourOctetAs, !ipv8, withContainer, profile);
        final int limit = offset + Bgp.MAX_MESSAGE_LENGTH;
        int n = 0;
        if (ipv8)
        {
            final boolean nh8 = (attrs.nextHop() >>> 32) != 0;
            final int mpHeader = p;
            p += 4; // flags, type, 2-octet length: always extended so the length can grow past 255
            final int mpBody = p;
            b.putShort(p, (short)profile.ipv8Afi(), ByteOrder.BIG_ENDIAN);
            b.putByte(p + 2, (byte)profile.ipv8Safi());
            b.putByte(p + 3, (byte)(nh8 ? 8 : 4));
            p += 4;
            if (nh8)
            {
                b.putLong(p, attrs.nextHop(), ByteOrder.BIG_ENDIAN);
                p += 8;
            }
            else
            {
                b.putInt(p, (int)attrs.nextHop(), ByteOrder.BIG_ENDIAN);
                p += 4;
            }
            b.putByte(p++, (byte)0);
            while (n < count && p + nlriOctets(lengths[from + n], true) <= limit)
            {
                p = putPrefix(b, p, prefixes[from + n], lengths[from + n], true);
                n++;
            }
            b.putByte(mpHeader, (byte)(Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_EXTENDED));
            b.putByte(mpHeader + 1, (byte)Bgp.ATTR_MP_REACH);
            b.putShort(mpHeader + 2, (short)(p - mpBody), ByteOrder.BIG_ENDIAN);
            b.putShort(body + 2, (short)(p - attrStart), ByteOrder.BIG_ENDIAN);
        }
        else
        {
            b.putShort(body + 2, (short)(p - attrStart), ByteOrder.BIG_ENDIAN);
            while (n < count && p + nlriOctets(lengths[from + n], false) <= limit)
            {
                p = putPrefix(b, p, prefixes[from + n], lengths[from + n], false);
                n++;
            }
        }
        lastLength = p - offset;
        MessageHeader.write(b, offset, lastLength, Bgp.UPDATE);
        return n;
    }

    /** Writes one UPDATE withdrawing prefixes[from..] (one family); returns the number written. */
    public int withdraw(
        final MutableDirectBuffer b,
        final int offset,
        final boolean ipv8,
        final long[] prefixes,
        final byte[] lengths,
        final int from,
        final int count)
    {
        final int body = offset + Bgp.HEADER_LENGTH;
        final int limit = offset + Bgp.MAX_MESSAGE_LENGTH;
        int n = 0;
        int p;
        if (ipv8)
        {
            b.putShort(body, (short)0, ByteOrder.BIG_ENDIAN);
            final int attrStart = body + 4;
            p = attrStart;
            b.putByte(p, (byte)(Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_EXTENDED));
            b.putByte(p + 1, (byte)Bgp.ATTR_MP_UNREACH);
            final int mpBody = p + 4;
            p = mpBody;
            b.putShort(p, (short)profile.ipv8Afi(), ByteOrder.BIG_ENDIAN);
            b.putByte(p + 2, (byte)profile.ipv8Safi());
            p += 3;
            while (n < count && p + nlriOctets(lengths[from + n], true) <= limit)
            {
                p = putPrefix(b, p, prefixes[from + n], lengths[from + n], true);
                n++;
            }
            b.putShort(attrStart + 2, (short)(p - mpBody), ByteOrder.BIG_ENDIAN);
            b.putShort(body + 2, (short)(p - attrStart), ByteOrder.BIG_ENDIAN);
        }
        else
        {
            p = body + 2;
            while (n < count && p + nlriOctets(lengths[from + n], false) + 2 <= limit)
            {
                p = putPrefix(b, p, prefixes[from + n], lengths[from + n], false);
                n++;
            }
            b.putShort(body, (short)(p - body - 2), ByteOrder.BIG_ENDIAN);
            b.putShort(p, (short)0, ByteOrder.BIG_ENDIAN);
            p += 2;
        }
        lastLength = p - offset;
        MessageHeader.write(b, offset, lastLength, Bgp.UPDATE);
        return n;
    }

    /** End-of-RIB marker for IPv4 unicast (RFC 4724): an empty UPDATE. */
    public int endOfRibIpv4(final MutableDirectBuffer b, final int offset)
    {
        b.putInt(offset + Bgp.HEADER_LENGTH, 0);
        lastLength = Bgp.HEADER_LENGTH + 4;
        MessageHeader.write(b, offset, lastLength, Bgp.UPDATE);
        return lastLength;
    }
}
