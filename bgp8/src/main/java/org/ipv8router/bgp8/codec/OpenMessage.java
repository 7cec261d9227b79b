package org.ipv8router.bgp8.codec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * BGP OPEN message (RFC 4271 section 4.2) with the capabilities this speaker understands (RFC 5492).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Version    |     My Autonomous System      |   Hold Time   :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :               |                BGP Identifier                 :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :               | Opt Parm Len  |  Optional Parameters (var)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Offsets below are relative to the start of the message body (after the 19-octet header).
 *
 * @param version         BGP version (always 4 on send, even for BGP8: decision A12)
 * @param myAs            the 2-octet My Autonomous System field (AS_TRANS when the ASN is wider)
 * @param holdTime        seconds, 0 or at least 3
 * @param bgpId           BGP Identifier as an unsigned 32-bit value in an int
 * @param families        negotiated-able families, each encoded as {@code afi << 8 | safi}
 * @param routeRefresh    Route Refresh capability (2) present
 * @param fourOctetAs     4-octet AS capability value, or -1 when absent
 * @param bgp8            BGP8 capability present
 * @param bgp8CfVersion   CF algorithm version from the BGP8 capability
 * @param bgp8Mechanisms  mechanism bitmap from the BGP8 capability
 */
public record OpenMessage(
    int version,
    int myAs,
    int holdTime,
    int bgpId,
    int[] families,
    boolean routeRefresh,
    long fourOctetAs,
    boolean bgp8,
    int bgp8CfVersion,
    int bgp8Mechanisms)
{
    public static final int VERSION_OFFSET = 0;
    public static final int MY_AS_OFFSET = 1;
    public static final int HOLD_TIME_OFFSET = 3;
    public static final int BGP_ID_OFFSET = 5;
    public static final int OPT_PARAM_LENGTH_OFFSET = 9;
    public static final int OPT_PARAMS_OFFSET = 10;
    public static final int MIN_BODY_LENGTH = 10;

    /** Outcome of decoding: exactly one of open / error is non-null. */
    public record Result(OpenMessage open, BgpError error)
    {
    }

    /** The ASN of the peer: the 4-octet capability when present, otherwise My AS. */
    public long asn()
    {
        return fourOctetAs >= 0 ? fourOctetAs : myAs;
    }

    public boolean supports(final int afi, final int safi)
    {
        final int key = (afi << 8) | safi;
        for (final int f : families)
        {
            if (f == key)
            {
                return true;
            }
        }
        return false;
    }

    /** Builds the OPEN this speaker sends. */
    public static OpenMessage local(
        final long localAsn,
        final int holdTime,
        final int bgpId,
        final boolean ipv4,
        final boolean ipv8,
        final WireProfile profile)
    {
        final List<Integer> fams = new ArrayList<>();
        if (ipv4)
        {
            fams.add((Bgp.AFI_IPV4 << 8) | Bgp.SAFI_UNICAST);
        }
        if (ipv8)
        {
            fams.add((profile.ipv8Afi() << 8) | profile.ipv8Safi());
        }
        final int myAs = localAsn > 0xFFFF ? Bgp.AS_TRANS : (int)localAsn;
        return new OpenMessage(Bgp.VERSION, myAs, holdTime, bgpId,
            fams.stream().mapToInt(Integer::intValue).toArray(), true, localAsn, ipv8,
            WireProfile.CF_VERSION_1, WireProfile.MECHANISM_NATIVE);
    }

    /** Encodes the whole message (header included) at offset; returns its length. */
    public int encode(final MutableDirectBuffer buffer, final int offset, final WireProfile profile)
    {
        final int body = offset + Bgp.HEADER_LENGTH;
        buffer.putByte(body + VERSION_OFFSET, (byte)version);
        buffer.putShort(body + MY_AS_OFFSET, (short)myAs, ByteOrder.BIG_ENDIAN);
        buffer.putShort(body + HOLD_TIME_OFFSET, (short)holdTime, ByteOrder.BIG_ENDIAN);
        buffer.putInt(body + BGP_ID_OFFSET, bgpId, ByteOrder.BIG_ENDIAN);
        // One Capabilities optional parameter holding every capability (as BIRD, FRR and GoBGP do).
        int p = body + OPT_PARAMS_OFFSET + 2;
        for (final int f : families)
        {
            buffer.putByte(p, (byte)Bgp.CAP_MULTIPROTOCOL);
            buffer.putByte(p + 1, (byte)4);
            buffer.putShort(p + 2, (short)(f >>> 8), ByteOrder.BIG_ENDIAN);
            buffer.putByte(p + 4, (byte)0);
            buffer.putByte(p + 5, (byte)f);
            p += 6;
        }
        if (routeRefresh)
        {
            buffer.putByte(p, (byte)Bgp.CAP_ROUTE_REFRESH);
            buffer.putByte(p + 1, (byte)0);
            p += 2;
        }
        if (fourOctetAs >= 0)
        {
            buffer.putByte(p, (byte)Bgp.CAP_FOUR_OCTET_AS);
            buffer.putByte(p + 1, (byte)4);
            buffer.putInt(p + 2, (int)fourOctetAs, ByteOrder.BIG_ENDIAN);
            p += 6;
        }
        if (bgp8)
        {
            buffer.putByte(p, (byte)profile.bgp8Capability());
            buffer.putByte(p + 1, (byte)4);
            buffer.putByte(p + 2, (byte)bgp8CfVersion);
            buffer.putByte(p + 3, (byte)bgp8Mechanisms);
            buffer.putShort(p + 4, (short)0, ByteOrder.BIG_ENDIAN);
            p += 6;
        }
        final int capsLength = p - (body + OPT_PARAMS_OFFSET + 2);
        final int optLength;
        if (capsLength == 0)
        {
            optLength = 0;
            p = body + OPT_PARAMS_OFFSET;
        }
        else
        {
            buffer.putByte(body + OPT_PARAMS_OFFSET, (byte)Bgp.OPT_PARAM_CAPABILITIES);
            buffer.putByte(body + OPT_PARAMS_OFFSET + 1, (byte)capsLength);
            optLength = capsLength + 2;
        }
        buffer.putByte(body + OPT_PARAM_LENGTH_OFFSET, (byte)optLength);
        final int length = p - offset;
        MessageHeader.write(buffer, offset, length, Bgp.OPEN);
        return length;
    }

    /**
     * Decodes an OPEN body. Checks done here are the ones that need no configuration (version, hold time,
     * identifier, parameter syntax); the peer-AS check and capability requirements are made by the session.
     */
    public static Result decode(
        final DirectBuffer buffer, final int bodyOffset, final int bodyLength, final WireProfile profile)
    {
        if (bodyLength < MIN_BODY_LENGTH)
        {
            return error(Bgp.ERR_HEADER, Bgp.ERR_HEADER_BAD_LENGTH,
                lengthData(bodyLength + Bgp.HEADER_LENGTH), "OPEN body of " + bodyLength + " octets is too short");
        }
        final int version = buffer.getByte(bodyOffset + VERSION_OFFSET) & 0xFF;
        if (version != Bgp.VERSION)
        {
            return error(Bgp.ERR_OPEN, Bgp.ERR_OPEN_UNSUPPORTED_VERSION, new byte[] {0, Bgp.VERSION},
                "peer speaks BGP version " + version + ", only 4 is supported");
        }
        final int myAs = buffer.getShort(bodyOffset + MY_AS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int holdTime = buffer.getShort(bodyOffset + HOLD_TIME_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (holdTime == 1 || holdTime == 2)
        {
            return error(Bgp.ERR_OPEN, Bgp.ERR_OPEN_UNACCEPTABLE_HOLD_TIME, new byte[0],
                "hold time " + holdTime + " s is neither 0 nor >= 3");
        }
        final int bgpId = buffer.getInt(bodyOffset + BGP_ID_OFFSET, ByteOrder.BIG_ENDIAN);
        if (bgpId == 0)
        {
            return error(Bgp.ERR_OPEN, Bgp.ERR_OPEN_BAD_BGP_ID, new byte[0], "BGP identifier 0.0.0.0");
        }
        final int optLength = buffer.getByte(bodyOffset + OPT_PARAM_LENGTH_OFFSET) & 0xFF;
        if (OPT_PARAMS_OFFSET + optLength != bodyLength)
        {
            return error(Bgp.ERR_OPEN, 0, new byte[0],
                "optional parameter length " + optLength + " does not match OPEN body length " + bodyLength);
        }
        final List<Integer> families = new ArrayList<>();
        boolean routeRefresh = false;
        long fourOctetAs = -1;
        boolean bgp8 = false;
        int cfVersion = 0;
        int mechanisms = 0;
        int p = bodyOffset + OPT_PARAMS_OFFSET;
        final int end = p + optLength;
        while (p < end)
        {
            if (p + 2 > end)
            {
                return error(Bgp.ERR_OPEN, 0, new byte[0], "truncated optional parameter header");
            }
            final int type = buffer.getByte(p) & 0xFF;
            final int len = buffer.getByte(p + 1) & 0xFF;
            if (p + 2 + len > end)
            {
                return error(Bgp.ERR_OPEN, 0, new byte[0], "optional parameter " + type + " overruns the OPEN");
            }
            if (type != Bgp.OPT_PARAM_CAPABILITIES)
            {
                return error(Bgp.ERR_OPEN, Bgp.ERR_OPEN_UNSUPPORTED_OPT_PARAM, new byte[0],
                    "unsupported optional parameter type " + type);
            }
            int c = p + 2;
            final int cEnd = c + len;
            while (c < cEnd)
            {
                if (c + 2 > cEnd)
                {
                    return error(Bgp.ERR_OPEN, 0, new byte[0], "truncated capability header");
                }
                final int code = buffer.getByte(c) & 0xFF;
                final int clen = buffer.getByte(c + 1) & 0xFF;
                if (c + 2 + clen > cEnd)
                {
                    return error(Bgp.ERR_OPEN, 0, new byte[0], "capability " + code + " overruns its parameter");
                }
                final int v = c + 2;
                if (code == Bgp.CAP_MULTIPROTOCOL)
                {
                    if (clen != 4)
                    {
                        return error(Bgp.ERR_OPEN, 0, new byte[0], "multiprotocol capability length " + clen);
                    }
                    final int afi = buffer.getShort(v, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                    final int safi = buffer.getByte(v + 3) & 0xFF;
                    families.add((afi << 8) | safi);
                }
                else if (code == Bgp.CAP_ROUTE_REFRESH)
                {
                    routeRefresh = true;
                }
                else if (code == Bgp.CAP_FOUR_OCTET_AS)
                {
                    if (clen != 4)
                    {
                        return error(Bgp.ERR_OPEN, 0, new byte[0], "4-octet AS capability length " + clen);
                    }
                    fourOctetAs = buffer.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                }
                else if (code == profile.bgp8Capability())
                {
                    if (clen < 2)
                    {
                        return error(Bgp.ERR_OPEN, 0, new byte[0], "BGP8 capability length " + clen + " < 2");
                    }
                    bgp8 = true;
                    cfVersion = buffer.getByte(v) & 0xFF;
                    mechanisms = buffer.getByte(v + 1) & 0xFF;
                }
                // Any other capability is ignored, as RFC 5492 section 3 requires.
                c += 2 + clen;
            }
            p += 2 + len;
        }
        final OpenMessage open = new OpenMessage(version, myAs, holdTime, bgpId,
            families.stream().mapToInt(Integer::intValue).toArray(), routeRefresh, fourOctetAs, bgp8,
            cfVersion, mechanisms);
        return new Result(open, null);
    }

    static byte[] lengthData(final int length)
    {
        return new byte[] {(byte)(length >>> 8), (byte)length};
    }

    private static Result error(final int code, final int subcode, final byte[] data, final String reason)
    {
        return new Result(null, BgpError.of(code, subcode, data, reason));
    }
}
