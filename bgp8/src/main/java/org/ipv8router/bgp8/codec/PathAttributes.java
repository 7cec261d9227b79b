package org.ipv8router.bgp8.codec;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.MutableDirectBuffer;

/**
 * An immutable set of path attributes, shared by every prefix that carries it. Instances are interned by
 * {@link AttributeInterner} so a full table of a million routes holds only as many sets as there are distinct
 * attribute combinations; this is the main lever for the "under 1 KiB heap per route" goal.
 * <p>
 * The next hop is part of the set (64-bit: RN = 0 for an IPv4 next hop). The AS path is kept in wire order as
 * {@code [segmentType, count, asn...]*} with ASNs as unsigned 32-bit values in ints.
 */
public final class PathAttributes
{
    public static final long ABSENT = -1L;
    /** CF of a route that carries no CF TLV: loses to every route that carries one (rule R10). */
    public static final long CF_MISSING = 0xFFFF_FFFFL;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final int origin;
    private final int[] asPath;
    private final long nextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final long aggregatorAs;
    private final int aggregatorId;
    private final int[] communities;
    private final long costFactor;
    private final boolean costFactorPartial;
    private final long[] endpoints8to4;
    private final byte[] unknownTransitive;
    private final int hash;

    public PathAttributes(
        final int origin,
        final int[] asPath,
        final long nextHop,
        final long med,
        final long localPref,
        final boolean atomicAggregate,
        final long aggregatorAs,
        final int aggregatorId,
        final int[] communities,
        final long costFactor,
        final boolean costFactorPartial,
        final long[] endpoints8to4,
        final byte[] unknownTransitive)
    {
        this.origin = origin;
        this.asPath = asPath == null ? NO_INTS : asPath;
        this.nextHop = nextHop;
        this.med = med;
        this.localPref = localPref;
        this.atomicAggregate = atomicAggregate;
        this.aggregatorAs = aggregatorAs;
        this.aggregatorId = aggregatorId;
        this.communities = communities == null || communities.length == 0 ? NO_INTS : communities;
        this.costFactor = costFactor;
        this.costFactorPartial = costFactorPartial;
        this.endpoints8to4 = endpoints8to4 == null || endpoints8to4.length == 0 ? NO_LONGS : endpoints8to4;
        this.unknownTransitive = unknownTransitive == null || unknownTransitive.length == 0 ?
            NO_BYTES : unknownTransitive;
        int h = origin;
        h = 31 * h + Arrays.hashCode(this.asPath);
        h = 31 * h + Long.hashCode(nextHop);
        h = 31 * h + Long.hashCode(med);
        h = 31 * h + Long.hashCode(localPref);
        h = 31 * h + (atomicAggregate ? 1 : 0);
        h = 31 * h + Long.hashCode(aggregatorAs) + aggregatorId;
        h = 31 * h + Arrays.hashCode(this.communities);
        h = 31 * h + Long.hashCode(costFactor) + (costFactorPartial ? 7 : 0);
        h = 31 * h + Arrays.hashCode(this.endpoints8to4);
        h = 31 * h + Arrays.hashCode(this.unknownTransitive);
        this.hash = h;
    }

    /** A locally originated route: ORIGIN IGP, empty AS path, CF 0 (spec 5.3 "Origination: CF = 0"). */
    public static PathAttributes originated(final long nextHop)
    {
        return new PathAttributes(Bgp.ORIGIN_IGP, NO_INTS, nextHop, ABSENT, ABSENT, false, ABSENT, 0,
            NO_INTS, 0, false, NO_LONGS, NO_BYTES);
    }

    public int origin()
    {
        return origin;
    }

    /** AS path in wire order {@code [segmentType, count, asn...]*}; do not modify. */
    public int[] asPath()
    {
        return asPath;
    }

    public long nextHop()
    {
        return nextHop;
    }

    public long med()
    {
        return med;
    }

    public long localPref()
    {
        return localPref;
    }

    public boolean atomicAggregate()
    {
        return atomicAggregate;
    }

    public long aggregatorAs()
    {
        return aggregatorAs;
    }

    public int aggregatorId()
    {
        return aggregatorId;
    }

    public int[] communities()
    {
        return communities;
    }

    /** Received CF (0..2^32-1), or {@link #ABSENT} when the route carried no CF TLV. */
    public long costFactor()
    {
        return costFactor;
    }

    public boolean costFactorPartial()
    {
        return costFactorPartial;
    }

    /** 8TO4-ENDPOINTs packed as {@code ipv4 << 16 | port}. */
    public long[] endpoints8to4()
    {
        return endpoints8to4;
    }

    public byte[] unknownTransitive()
    {
        return unknownTransitive;
    }

    /** AS_PATH length for the decision process: each AS_SEQUENCE ASN counts 1, an AS_SET counts 1. */
    public int asPathLength()
    {
        int n = 0;
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            n += asPath[i] == Bgp.AS_SET ? 1 : asPath[i + 1];
        }
        return n;
    }

    /** The origin AS: last ASN of a final AS_SEQUENCE; -1 if the path is empty or ends with an AS_SET. */
    public long originAs()
    {
        int lastType = -1;
        int lastAsn = -1;
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            lastType = asPath[i];
            lastAsn = asPath[i + 1] > 0 ? i + 1 + asPath[i + 1] : -1;
        }
        if (lastType != Bgp.AS_SEQUENCE || lastAsn < 0)
        {
            return -1;
        }
        return asPath[lastAsn] & 0xFFFF_FFFFL;
    }

    /** First ASN of the path (the neighbour AS), or -1 when the path is empty or starts with a set. */
    public long firstAs()
    {
        if (asPath.length < 3 || asPath[0] != Bgp.AS_SEQUENCE)
        {
            return -1;
        }
        return asPath[2] & 0xFFFF_FFFFL;
    }

    public boolean containsAs(final long asn)
    {
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            for (int k = 0; k < asPath[i + 1]; k++)
            {
                if ((asPath[i + 2 + k] & 0xFFFF_FFFFL) == asn)
                {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean hasAsSet()
    {
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            if (asPath[i] == Bgp.AS_SET)
            {
                return true;
            }
        }
        return false;
    }

    public PathAttributes withNextHop(final long newNextHop)
    {
        return new PathAttributes(origin, asPath, newNextHop, med, localPref, atomicAggregate, aggregatorAs,
            aggregatorId, communities, costFactor, costFactorPartial, endpoints8to4, unknownTransitive);
    }

    public PathAttributes withLocalPref(final long newLocalPref)
    {
        return new PathAttributes(origin, asPath, nextHop, med, newLocalPref, atomicAggregate, aggregatorAs,
            aggregatorId, communities, costFactor, costFactorPartial, endpoints8to4, unknownTransitive);
    }

    /**
     * The attributes as advertised to a peer: own AS prepended for eBGP, next hop replaced, LOCAL_PREF kept
     * only for iBGP (default 100 when absent), MED not passed to eBGP, CF replaced by the exported CF.
     */
    public PathAttributes forExport(
        final boolean ebgp, final long localAsn, final long exportNextHop, final long exportCf)
    {
        int[] path = asPath;
        if (ebgp)
        {
            if (asPath.length >= 2 && asPath[0] == Bgp.AS_SEQUENCE && asPath[1] < 255)
            {
                path = new int[asPath.length + 1];
                path[0] = Bgp.AS_SEQUENCE;
                path[1] = asPath[1] + 1;
                path[2] = (int)localAsn;
                System.arraycopy(asPath, 2, path, 3, asPath.length - 2);
            }
            else
            {
                path = new int[asPath.length + 3];
                path[0] = Bgp.AS_SEQUENCE;
                path[1] = 1;
                path[2] = (int)localAsn;
                System.arraycopy(asPath, 0, path, 3, asPath.length);
            }
        }
        final long lp = ebgp ? ABSENT : (localPref == ABSENT ? 100 : localPref);
        return new PathAttributes(origin, path, exportNextHop, ebgp ? ABSENT : med, lp, atomicAggregate,
            aggregatorAs, aggregatorId, communities, exportCf, false, endpoints8to4, unknownTransitive);
    }

    /**
     * Encodes every attribute except MP_REACH/MP_UNREACH at offset; returns the number of octets written.
     * NEXT_HOP is written only when {@code withNextHopAttribute} (classic IPv4 NLRI).
     */
    public int encode(
        final MutableDirectBuffer b,
        final int offset,
        final boolean fourOctetAs,
        final boolean withNextHopAttribute,
        final boolean withContainer,
        final WireProfile profile)
    {
        int p = offset;
        p = header(b, p, Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_ORIGIN, 1);
        b.putByte(p++, (byte)origin);

        final int asSize = fourOctetAs ? 4 : 2;
        int pathLen = 0;
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            pathLen += 2 + asSize * asPath[i + 1];
        }
        p = header(b, p, Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_AS_PATH, pathLen);
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            b.putByte(p++, (byte)asPath[i]);
            b.putByte(p++, (byte)asPath[i + 1]);
            for (int k = 0; k < asPath[i + 1]; k++)
            {
                final long asn = asPath[i + 2 + k] & 0xFFFF_FFFFL;
                if (fourOctetAs)
                {
                    b.putInt(p, (int)asn, ByteOrder.BIG_ENDIAN);
                }
                else
                {
                    b.putShort(p, (short)(asn > 0xFFFF ? Bgp.AS_TRANS : asn), ByteOrder.BIG_ENDIAN);
                }
                p += asSize;
            }
        }
        if (withNextHopAttribute)
        {
            p = header(b, p, Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_NEXT_HOP, 4);
            b.putInt(p, (int)nextHop, ByteOrder.BIG_ENDIAN);
            p += 4;
        }
        if (med != ABSENT)
        {
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL, Bgp.ATTR_MED, 4);
            b.putInt(p, (int)med, ByteOrder.BIG_ENDIAN);
            p += 4;
        }
        if (localPref != ABSENT)
        {
            p = header(b, p, Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_LOCAL_PREF, 4);
            b.putInt(p, (int)localPref, ByteOrder.BIG_ENDIAN);
            p += 4;
        }
        if (atomicAggregate)
        {
            p = header(b, p, Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_ATOMIC_AGGREGATE, 0);
        }
        if (aggregatorAs != ABSENT)
        {
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_AGGREGATOR,
                asSize + 4);
            if (fourOctetAs)
            {
                b.putInt(p, (int)aggregatorAs, ByteOrder.BIG_ENDIAN);
            }
            else
            {
                b.putShort(p, (short)(aggregatorAs > 0xFFFF ? Bgp.AS_TRANS : aggregatorAs), ByteOrder.BIG_ENDIAN);
            }
            b.putInt(p + asSize, aggregatorId, ByteOrder.BIG_ENDIAN);
            p += asSize + 4;
        }
        if (communities.length > 0)
        {
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_COMMUNITIES,
                communities.length * 4);
            for (final int c : communities)
            {
                b.putInt(p, c, ByteOrder.BIG_ENDIAN);
                p += 4;
            }
        }
        if (!fourOctetAs)
        {
            p = encodeAs4(b, p);
        }
        if (withContainer && (costFactor != ABSENT || endpoints8to4.length > 0))
        {
            final int len = (costFactor != ABSENT ? 8 : 0) + 9 * endpoints8to4.length;
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE, profile.ipv8Attribute(), len);
            if (costFactor != ABSENT)
            {
                b.putByte(p, (byte)profile.tlvCf());
                b.putShort(p + 1, (short)8, ByteOrder.BIG_ENDIAN);
                b.putByte(p + 3, (byte)WireProfile.CF_VERSION_1);
                b.putInt(p + 4, (int)costFactor, ByteOrder.BIG_ENDIAN);
                p += 8;
            }
            for (final long ep : endpoints8to4)
            {
                b.putByte(p, (byte)profile.tlv8to4());
                b.putShort(p + 1, (short)9, ByteOrder.BIG_ENDIAN);
                b.putInt(p + 3, (int)(ep >>> 16), ByteOrder.BIG_ENDIAN);
                b.putShort(p + 7, (short)ep, ByteOrder.BIG_ENDIAN);
                p += 9;
            }
        }
        if (unknownTransitive.length > 0)
        {
            b.putBytes(p, unknownTransitive);
            p += unknownTransitive.length;
        }
        return p - offset;
    }

    /**
     * Towards an OLD (2-octet) speaker, RFC 6793 4.2.2: AS4_PATH (type 17) with the real path when it holds an AS
     * above 65535 (the AS_PATH written before carries AS_TRANS in its place), AS4_AGGREGATOR (type 18) when the
     * aggregator AS is above 65535.
     */
    private int encodeAs4(final MutableDirectBuffer b, final int offset)
    {
        int p = offset;
        if (As4Path.needsAs4(asPath))
        {
            int len = 0;
            for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
            {
                len += 2 + 4 * asPath[i + 1];
            }
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_AS4_PATH, len);
            for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
            {
                b.putByte(p++, (byte)asPath[i]);
                b.putByte(p++, (byte)asPath[i + 1]);
                for (int k = 0; k < asPath[i + 1]; k++)
                {
                    b.putInt(p, asPath[i + 2 + k], ByteOrder.BIG_ENDIAN);
                    p += 4;
                }
            }
        }
        if (aggregatorAs != ABSENT && aggregatorAs > 0xFFFF)
        {
            p = header(b, p, Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE, Bgp.ATTR_AS4_AGGREGATOR, 8);
            b.putInt(p, (int)aggregatorAs, ByteOrder.BIG_ENDIAN);
            b.putInt(p + 4, aggregatorId, ByteOrder.BIG_ENDIAN);
            p += 8;
        }
        return p;
    }

    /** Upper bound of {@link #encode} output, for buffer planning (AS4_PATH included). */
    public int maxEncodedLength()
    {
        return 80 + 8 * asPath.length + 4 * communities.length + 9 * endpoints8to4.length +
            unknownTransitive.length;
    }

    private static int header(final MutableDirectBuffer b, final int p, final int flags, final int type, final int len)
    {
        if (len > 255)
        {
            b.putByte(p, (byte)(flags | Bgp.ATTR_FLAG_EXTENDED));
            b.putByte(p + 1, (byte)type);
            b.putShort(p + 2, (short)len, ByteOrder.BIG_ENDIAN);
            return p + 4;
        }
        b.putByte(p, (byte)flags);
        b.putByte(p + 1, (byte)type);
        b.putByte(p + 2, (byte)len);
        return p + 3;
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof PathAttributes that) || that.hash != hash)
        {
            return false;
        }
        return origin == that.origin && nextHop == that.nextHop && med == that.med &&
            localPref == that.localPref && atomicAggregate == that.atomicAggregate &&
            aggregatorAs == that.aggregatorAs && aggregatorId == that.aggregatorId &&
            costFactor == that.costFactor && costFactorPartial == that.costFactorPartial &&
            Arrays.equals(asPath, that.asPath) && Arrays.equals(communities, that.communities) &&
            Arrays.equals(endpoints8to4, that.endpoints8to4) &&
            Arrays.equals(unknownTransitive, that.unknownTransitive);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{origin=").append(origin).append(", path=");
        for (int i = 0; i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            sb.append(asPath[i] == Bgp.AS_SET ? "{" : "[");
            for (int k = 0; k < asPath[i + 1]; k++)
            {
                sb.append(k == 0 ? "" : " ").append(asPath[i + 2 + k] & 0xFFFF_FFFFL);
            }
            sb.append(asPath[i] == Bgp.AS_SET ? "}" : "]");
        }
        sb.append(", nh=").append(Prefixes.formatAddress(nextHop));
        if (med != ABSENT)
        {
            sb.append(", med=").append(med);
        }
        if (localPref != ABSENT)
        {
            sb.append(", lp=").append(localPref);
        }
        if (costFactor != ABSENT)
        {
            sb.append(", cf=").append(costFactor).append(costFactorPartial ? "(partial)" : "");
        }
        return sb.append('}').toString();
    }
}
