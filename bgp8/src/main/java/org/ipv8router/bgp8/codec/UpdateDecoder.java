package org.ipv8router.bgp8.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Decodes UPDATE messages (RFC 4271 section 4.3, RFC 4760, RFC 6793) with the revised error handling of
 * RFC 7606. One instance per session, used on the session's I/O thread; it reuses its prefix arrays so the
 * steady state allocates only the attribute set of each UPDATE.
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 * Outcomes of {@link #decode}: {@link Outcome#OK}; {@link Outcome#TREAT_AS_WITHDRAW} (every prefix of the
 * message was passed to {@link UpdateHandler#withdraw}); or {@link Outcome#SESSION_RESET} with
 * {@link #error()} holding the NOTIFICATION to send. Individual attributes may be discarded ("attribute
 * discard") while the outcome stays OK; {@link #attributeDiscards()} counts them.
 */
public final class UpdateDecoder
{
    public enum Outcome
    {
        OK, TREAT_AS_WITHDRAW, SESSION_RESET
    }

    private final WireProfile profile;
    private final AttributeInterner interner;
    private boolean fourOctetAs = true;
    private boolean ibgp;
    private boolean ipv4Enabled = true;
    private boolean ipv8Enabled;

    // Reused per-message state.
    private long[] withdrawn = new long[256];
    private byte[] withdrawnLen = new byte[256];
    private int withdrawnCount;
    private long[] reach4 = new long[256];
    private byte[] reach4Len = new byte[256];
    private int reach4Count;
    private long[] reachMp = new long[256];
    private byte[] reachMpLen = new byte[256];
    private int reachMpCount;
    private final boolean[] seen = new boolean[256];
    private long mpNextHop;
    private boolean mpReachSeen;

    private int origin;
    private int[] asPath;
    private long nextHop;
    private long med;
    private long localPref;
    private boolean atomicAggregate;
    private long aggregatorAs;
    private int aggregatorId;
    private int[] as4Path;
    private long as4AggregatorAs;
    private int as4AggregatorId;
    private long as4PathsMerged;
    private int[] communities;
    private long cf;
    private boolean cfPartial;
    private long[] endpoints;
    private int endpointCount;
    private final ByteArrayOutputStream unknown = new ByteArrayOutputStream();

    private BgpError error;
    private String treatAsWithdrawReason;
    private long attributeDiscards;
    private long treatAsWithdrawCount;
    private long prefixWithdrawCount;

    public UpdateDecoder(final WireProfile profile, final AttributeInterner interner)
    {
        this.profile = profile;
        this.interner = interner;
    }

    /** Per-session negotiated parameters; call after the OPEN exchange. */
    public void configure(
        final boolean fourOctetAs, final boolean ibgp, final boolean ipv4Enabled, final boolean ipv8Enabled)
    {
        this.fourOctetAs = fourOctetAs;
        this.ibgp = ibgp;
        this.ipv4Enabled = ipv4Enabled;
        this.ipv8Enabled = ipv8Enabled;
    }

    public BgpError error()
    {
        return error;
    }

    public String treatAsWithdrawReason()
    {
        return treatAsWithdrawReason;
    }

    public long attributeDiscards()
    {
        return attributeDiscards;
    }

    public long treatAsWithdrawCount()
    {
        return treatAsWithdrawCount;
    }

    /** Prefixes withdrawn one by one for a per-prefix semantic error (IPv8 length below 32, RN 0). */
    public long prefixWithdrawCount()
    {
        return prefixWithdrawCount;
    }

    /**
     * Decodes the UPDATE whose header starts at offset (header already validated, length = whole message).
     */
    public Outcome decode(final DirectBuffer b, final int offset, final int length, final UpdateHandler handler)
    {
        reset();
        final int body = offset + Bgp.HEADER_LENGTH;
        final int end = offset + length;
        final int withdrawnLength = u16(b, body);
        if (body + 2 + withdrawnLength + 2 > end)
        {
            return reset(Bgp.ERR_UPDATE_MALFORMED_ATTR_LIST, "withdrawn routes length " + withdrawnLength +
                " overruns the message");
        }
        final int attrLengthOffset = body + 2 + withdrawnLength;
        final int attrLength = u16(b, attrLengthOffset);
        final int attrStart = attrLengthOffset + 2;
        final int attrEnd = attrStart + attrLength;
        if (attrEnd > end)
        {
            return reset(Bgp.ERR_UPDATE_MALFORMED_ATTR_LIST, "total path attribute length " + attrLength +
                " overruns the message");
        }
        // NLRI fields first: if they cannot be parsed no treat-as-withdraw is possible (RFC 7606 section 5.3).
        if (!parseIpv4Prefixes(b, body + 2, attrLengthOffset, true))
        {
            return Outcome.SESSION_RESET;
        }
        if (!parseIpv4Prefixes(b, attrEnd, end, false))
        {
            return Outcome.SESSION_RESET;
        }
        final String attrProblem = parseAttributes(b, attrStart, attrEnd);
        if (error != null)
        {
            return Outcome.SESSION_RESET;
        }
        if (!fourOctetAs)
        {
            applyAs4Attributes();
        }
        String problem = attrProblem;
        final boolean hasReach = reach4Count > 0 || mpReachSeen;
        if (problem == null && hasReach)
        {
            if (!seen[Bgp.ATTR_ORIGIN])
            {
                problem = "missing well-known attribute ORIGIN";
            }
            else if (!seen[Bgp.ATTR_AS_PATH])
            {
                problem = "missing well-known attribute AS_PATH";
            }
            else if (reach4Count > 0 && !seen[Bgp.ATTR_NEXT_HOP])
            {
                problem = "missing well-known attribute NEXT_HOP";
            }
        }
        if (problem != null)
        {
            treatAsWithdraw(problem, handler);
            return Outcome.TREAT_AS_WITHDRAW;
        }
        for (int i = 0; i < withdrawnCount; i++)
        {
            handler.withdraw(withdrawn[i], withdrawnLen[i]);
        }
        if (reach4Count > 0 || reachMpCount > 0)
        {
            final PathAttributes base = new PathAttributes(origin, asPath, nextHop, med, localPref,
                atomicAggregate, aggregatorAs, aggregatorId, communities, cf, cfPartial,
                endpointCount == 0 ? null : Arrays.copyOf(endpoints, endpointCount),
                unknown.size() == 0 ? null : unknown.toByteArray());
            if (reach4Count > 0)
            {
                final PathAttributes attrs = interner.intern(base);
                for (int i = 0; i < reach4Count; i++)
                {
                    handler.announce(reach4[i], reach4Len[i], attrs);
                }
            }
            if (reachMpCount > 0)
            {
                final PathAttributes attrs = interner.intern(base.withNextHop(mpNextHop));
                for (int i = 0; i < reachMpCount; i++)
                {
                    handler.announce(reachMp[i], reachMpLen[i], attrs);
                }
            }
        }
        return Outcome.OK;
    }

    /**
     * RFC 6793 4.2.3, from an OLD (2-octet) speaker: an AGGREGATOR other than AS_TRANS means an OLD speaker
     * aggregated, and both AS4 attributes are ignored; otherwise AS4_AGGREGATOR replaces an AS_TRANS AGGREGATOR
     * and the path is rebuilt from AS_PATH and AS4_PATH.
     */
    private void applyAs4Attributes()
    {
        if (as4Path == null && as4AggregatorAs == PathAttributes.ABSENT)
        {
            return;
        }
        if (aggregatorAs != PathAttributes.ABSENT && aggregatorAs != Bgp.AS_TRANS)
        {
            attributeDiscards++;
            return;
        }
        if (aggregatorAs == Bgp.AS_TRANS && as4AggregatorAs != PathAttributes.ABSENT)
        {
            aggregatorAs = as4AggregatorAs;
            aggregatorId = as4AggregatorId;
        }
        if (as4Path != null && asPath != null)
        {
            final int[] merged = As4Path.merge(asPath, as4Path);
            if (merged != asPath)
            {
                as4PathsMerged++;
                asPath = merged;
            }
            else
            {
                attributeDiscards++; // AS_PATH shorter than AS4_PATH: AS4_PATH ignored
            }
        }
    }

    /** UPDATEs from a 2-octet speaker whose AS path was rebuilt from AS4_PATH (RFC 6793 4.2.3). */
    public long as4PathsMerged()
    {
        return as4PathsMerged;
    }

    private void treatAsWithdraw(final String reason, final UpdateHandler handler)
    {
        treatAsWithdrawReason = reason;
        treatAsWithdrawCount++;
        for (int i = 0; i < withdrawnCount; i++)
        {
            handler.withdraw(withdrawn[i], withdrawnLen[i]);
        }
        for (int i = 0; i < reach4Count; i++)
        {
            handler.withdraw(reach4[i], reach4Len[i]);
        }
        for (int i = 0; i < reachMpCount; i++)
        {
            handler.withdraw(reachMp[i], reachMpLen[i]);
        }
    }

    private void reset()
    {
        withdrawnCount = 0;
        reach4Count = 0;
        reachMpCount = 0;
        Arrays.fill(seen, false);
        mpReachSeen = false;
        mpNextHop = 0;
        origin = Bgp.ORIGIN_INCOMPLETE;
        asPath = null;
        nextHop = 0;
        med = PathAttributes.ABSENT;
        localPref = PathAttributes.ABSENT;
        atomicAggregate = false;
        aggregatorAs = PathAttributes.ABSENT;
        aggregatorId = 0;
        as4Path = null;
        as4AggregatorAs = PathAttributes.ABSENT;
        as4AggregatorId = 0;
        communities = null;
        cf = PathAttributes.ABSENT;
        cfPartial = false;
        endpointCount = 0;
        unknown.reset();
        error = null;
        treatAsWithdrawReason = null;
    }

    private Outcome reset(final int subcode, final String reason)
    {
        error = BgpError.of(Bgp.ERR_UPDATE, subcode, reason);
        return Outcome.SESSION_RESET;
    }

    /** Classic IPv4 prefixes (withdrawn routes or NLRI field). Returns false after setting a session reset. */
    private boolean parseIpv4Prefixes(final DirectBuffer b, final int start, final int end, final boolean isWithdrawn)
    {
        int p = start;
        while (p < end)
        {
            final int len = b.getByte(p) & 0xFF;
            final int octets = (len + 7) >>> 3;
            if (len > 32 || p + 1 + octets > end)
            {
                error = BgpError.of(Bgp.ERR_UPDATE,
                    isWithdrawn ? Bgp.ERR_UPDATE_MALFORMED_ATTR_LIST : Bgp.ERR_UPDATE_INVALID_NETWORK,
                    "IPv4 " + (isWithdrawn ? "withdrawn route" : "NLRI") + " with length " + len +
                    (len > 32 ? " > 32" : " overruns its field"));
                return false;
            }
            long v = 0;
            for (int i = 0; i < 4; i++)
            {
                v = (v << 8) | (i < octets ? b.getByte(p + 1 + i) & 0xFF : 0);
            }
            v &= Prefixes.mask(len + 32);
            if (ipv4Enabled)
            {
                if (isWithdrawn)
                {
                    addWithdrawn(v, len + 32);
                }
                else
                {
                    if (reach4Count == reach4.length)
                    {
                        reach4 = Arrays.copyOf(reach4, reach4Count * 2);
                        reach4Len = Arrays.copyOf(reach4Len, reach4Count * 2);
                    }
                    reach4[reach4Count] = v;
                    reach4Len[reach4Count++] = (byte)(len + 32);
                }
            }
            p += 1 + octets;
        }
        return true;
    }

    private void addWithdrawn(final long prefix, final int length)
    {
        if (withdrawnCount == withdrawn.length)
        {
            withdrawn = Arrays.copyOf(withdrawn, withdrawnCount * 2);
            withdrawnLen = Arrays.copyOf(withdrawnLen, withdrawnCount * 2);
        }
        withdrawn[withdrawnCount] = prefix;
        withdrawnLen[withdrawnCount++] = (byte)length;
    }

    private void addReachMp(final long prefix, final int length)
    {
        if (reachMpCount == reachMp.length)
        {
            reachMp = Arrays.copyOf(reachMp, reachMpCount * 2);
            reachMpLen = Arrays.copyOf(reachMpLen, reachMpCount * 2);
        }
        reachMp[reachMpCount] = prefix;
        reachMpLen[reachMpCount++] = (byte)length;
    }

    /**
     * Walks the attributes. Returns a treat-as-withdraw reason, or null; sets {@link #error} for a session
     * reset. A treat-as-withdraw problem does not stop the walk: a later MP_REACH still has to be parsed so that
     * its prefixes can be withdrawn.
     */
    private String parseAttributes(final DirectBuffer b, final int start, final int end)
    {
        String withdrawReason = null;
        int p = start;
        while (p < end)
        {
            if (p + 3 > end)
            {
                return firstOf(withdrawReason, "truncated attribute header at the end of the attributes");
            }
            final int flags = b.getByte(p) & 0xFF;
            final int type = b.getByte(p + 1) & 0xFF;
            final boolean extended = (flags & Bgp.ATTR_FLAG_EXTENDED) != 0;
            if (extended && p + 4 > end)
            {
                return firstOf(withdrawReason, "truncated extended-length attribute header");
            }
            final int len = extended ? u16(b, p + 2) : b.getByte(p + 2) & 0xFF;
            final int v = p + (extended ? 4 : 3);
            if (v + len > end)
            {
                // RFC 7606 section 4: an overrun makes the rest unparseable; withdraw what was parsed.
                if (type == Bgp.ATTR_MP_REACH || type == Bgp.ATTR_MP_UNREACH)
                {
                    error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_ATTR_LENGTH,
                        attributeData(b, p, end - p), "attribute " + type + " length " + len + " overruns");
                    return null;
                }
                return firstOf(withdrawReason, "attribute " + type + " length " + len + " overruns the attributes");
            }
            final int attrTotal = v + len - p;
            if (seen[type])
            {
                if (type == Bgp.ATTR_MP_REACH || type == Bgp.ATTR_MP_UNREACH)
                {
                    error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_MALFORMED_ATTR_LIST,
                        "attribute " + type + " appears twice");
                    return null;
                }
                attributeDiscards++; // RFC 7606 section 3 (g): keep the first, discard the others
                p = v + len;
                continue;
            }
            seen[type] = true;
            final String problem = parseAttribute(b, p, flags, type, v, len, attrTotal);
            if (error != null)
            {
                return null;
            }
            withdrawReason = firstOf(withdrawReason, problem);
            p = v + len;
        }
        return withdrawReason;
    }

    private static String firstOf(final String a, final String b)
    {
        return a != null ? a : b;
    }

    private static boolean flagsAre(final int flags, final int expected)
    {
        return (flags & (Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE)) == expected;
    }

    /** Returns a treat-as-withdraw reason or null; may set {@link #error} or count a discard. */
    private String parseAttribute(
        final DirectBuffer b, final int at, final int flags, final int type, final int v, final int len,
        final int attrTotal)
    {
        final int wellKnown = Bgp.ATTR_FLAG_TRANSITIVE;
        final int optional = Bgp.ATTR_FLAG_OPTIONAL;
        final int optionalTransitive = Bgp.ATTR_FLAG_OPTIONAL | Bgp.ATTR_FLAG_TRANSITIVE;
        switch (type)
        {
            case Bgp.ATTR_ORIGIN:
            {
                if (!flagsAre(flags, wellKnown) || len != 1)
                {
                    return "malformed ORIGIN (flags " + hex(flags) + ", length " + len + ")";
                }
                origin = b.getByte(v) & 0xFF;
                return origin > Bgp.ORIGIN_INCOMPLETE ? "invalid ORIGIN value " + origin : null;
            }
            case Bgp.ATTR_AS_PATH:
            {
                if (!flagsAre(flags, wellKnown))
                {
                    return "AS_PATH flags " + hex(flags);
                }
                return parseAsPath(b, v, len);
            }
            case Bgp.ATTR_NEXT_HOP:
            {
                if (!flagsAre(flags, wellKnown) || len != 4)
                {
                    return "malformed NEXT_HOP (flags " + hex(flags) + ", length " + len + ")";
                }
                nextHop = b.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                if (nextHop == 0 || (nextHop >>> 28) == 0xE || nextHop == 0xFFFF_FFFFL)
                {
                    return "semantically invalid NEXT_HOP " + Prefixes.formatIpv4((int)nextHop);
                }
                return null;
            }
            case Bgp.ATTR_MED:
            {
                if (!flagsAre(flags, optional) || len != 4)
                {
                    return "malformed MULTI_EXIT_DISC (flags " + hex(flags) + ", length " + len + ")";
                }
                med = b.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                return null;
            }
            case Bgp.ATTR_LOCAL_PREF:
            {
                if (!ibgp)
                {
                    attributeDiscards++; // RFC 4271 5.1.5: ignored from external peers
                    return null;
                }
                if (!flagsAre(flags, wellKnown) || len != 4)
                {
                    return "malformed LOCAL_PREF (flags " + hex(flags) + ", length " + len + ")";
                }
                localPref = b.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                return null;
            }
            case Bgp.ATTR_ATOMIC_AGGREGATE:
            {
                if (!flagsAre(flags, wellKnown) || len != 0)
                {
                    attributeDiscards++;
                    return null;
                }
                atomicAggregate = true;
                return null;
            }
            case Bgp.ATTR_AGGREGATOR:
            {
                final int asSize = fourOctetAs ? 4 : 2;
                if (!flagsAre(flags, optionalTransitive) || len != asSize + 4)
                {
                    attributeDiscards++;
                    return null;
                }
                aggregatorAs = fourOctetAs ? b.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL : u16(b, v);
                aggregatorId = b.getInt(v + asSize, ByteOrder.BIG_ENDIAN);
                return null;
            }
            case Bgp.ATTR_COMMUNITIES:
            {
                if (!flagsAre(flags, optionalTransitive) || len % 4 != 0)
                {
                    return "malformed COMMUNITIES (flags " + hex(flags) + ", length " + len + ")";
                }
                communities = new int[len / 4];
                for (int i = 0; i < communities.length; i++)
                {
                    communities[i] = b.getInt(v + 4 * i, ByteOrder.BIG_ENDIAN);
                }
                return null;
            }
            case Bgp.ATTR_AS4_PATH:
            {
                // From a NEW (4-octet) speaker it must be discarded (RFC 6793 4.1); from an OLD one it is kept for
                // the path reconstruction; malformed (or AS 0, RFC 7607) = attribute discard (RFC 7606 7.7).
                if (fourOctetAs || !flagsAre(flags, optionalTransitive) || !parseAs4Path(b, v, len))
                {
                    attributeDiscards++;
                }
                return null;
            }
            case Bgp.ATTR_AS4_AGGREGATOR:
            {
                if (fourOctetAs || !flagsAre(flags, optionalTransitive) || len != 8)
                {
                    attributeDiscards++;
                    return null;
                }
                as4AggregatorAs = b.getInt(v, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                as4AggregatorId = b.getInt(v + 4, ByteOrder.BIG_ENDIAN);
                return null;
            }
            case Bgp.ATTR_MP_REACH:
            {
                if (!flagsAre(flags, optional))
                {
                    error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_ATTR_FLAGS, attributeData(b, at, attrTotal),
                        "MP_REACH_NLRI flags " + hex(flags));
                    return null;
                }
                return parseMpReach(b, at, v, len, attrTotal);
            }
            case Bgp.ATTR_MP_UNREACH:
            {
                if (!flagsAre(flags, optional))
                {
                    error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_ATTR_FLAGS, attributeData(b, at, attrTotal),
                        "MP_UNREACH_NLRI flags " + hex(flags));
                    return null;
                }
                return parseMpUnreach(b, at, v, len, attrTotal);
            }
            default:
            {
                if (type == profile.ipv8Attribute())
                {
                    parseContainer(b, flags, v, len);
                    return null;
                }
                if ((flags & Bgp.ATTR_FLAG_OPTIONAL) == 0)
                {
                    error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_UNRECOGNIZED_WELL_KNOWN,
                        attributeData(b, at, attrTotal), "unrecognized well-known attribute " + type);
                    return null;
                }
                if ((flags & Bgp.ATTR_FLAG_TRANSITIVE) != 0)
                {
                    // Pass unknown optional transitive attributes on, with the Partial bit set (RFC 4271 9.1.3).
                    unknown.write(flags | Bgp.ATTR_FLAG_PARTIAL);
                    for (int i = 1; i < attrTotal; i++)
                    {
                        unknown.write(b.getByte(at + i));
                    }
                }
                return null;
            }
        }
    }

    /** AS4_PATH: 4-octet ASes, AS_SET/AS_SEQUENCE only; false if malformed (then it is discarded). */
    private boolean parseAs4Path(final DirectBuffer b, final int v, final int len)
    {
        int count = 0;
        int p = v;
        final int end = v + len;
        while (p < end)
        {
            if (p + 2 > end)
            {
                return false;
            }
            final int segType = b.getByte(p) & 0xFF;
            final int segLen = b.getByte(p + 1) & 0xFF;
            if ((segType != Bgp.AS_SET && segType != Bgp.AS_SEQUENCE) || segLen == 0 || p + 2 + segLen * 4 > end)
            {
                return false;
            }
            count += 2 + segLen;
            p += 2 + segLen * 4;
        }
        final int[] path = readSegments(b, v, end, count, 4);
        if (path == null)
        {
            return false;
        }
        as4Path = path;
        return true;
    }

    private String parseAsPath(final DirectBuffer b, final int v, final int len)
    {
        final int asSize = fourOctetAs ? 4 : 2;
        int count = 0;
        int p = v;
        final int end = v + len;
        // First pass: validate and size.
        while (p < end)
        {
            if (p + 2 > end)
            {
                return "AS_PATH segment header truncated";
            }
            final int segType = b.getByte(p) & 0xFF;
            final int segLen = b.getByte(p + 1) & 0xFF;
            if ((segType != Bgp.AS_SET && segType != Bgp.AS_SEQUENCE) || segLen == 0)
            {
                return "AS_PATH segment type " + segType + " length " + segLen;
            }
            if (p + 2 + segLen * asSize > end)
            {
                return "AS_PATH segment overruns the attribute";
            }
            count += 2 + segLen;
            p += 2 + segLen * asSize;
        }
        final int[] path = readSegments(b, v, end, count, asSize);
        if (path == null)
        {
            return "AS_PATH contains AS 0 (RFC 7607)";
        }
        asPath = path;
        return null;
    }

    /**
     * Second pass of AS_PATH and AS4_PATH, over segments the first pass validated and counted: the path flattened
     * to {@code [type, length, asn...]} per segment ({@code count} ints), or null if an AS is 0 (RFC 7607).
     *
     * @param asSize 2 or 4: the octets of one AS on the wire.
     */
    private static int[] readSegments(final DirectBuffer b, final int v, final int end, final int count, final int asSize)
    {
        final int[] path = new int[count];
        int o = 0;
        int p = v;
        while (p < end)
        {
            final int segLen = b.getByte(p + 1) & 0xFF;
            path[o++] = b.getByte(p) & 0xFF;
            path[o++] = segLen;
            p += 2;
            for (int i = 0; i < segLen; i++)
            {
                final int asn = asSize == 4 ? b.getInt(p, ByteOrder.BIG_ENDIAN) : u16(b, p);
                if (asn == 0)
                {
                    return null;
                }
                path[o++] = asn;
                p += asSize;
            }
        }
        return path;
    }

    private String parseMpReach(final DirectBuffer b, final int at, final int v, final int len, final int total)
    {
        if (len < 5)
        {
            optionalAttributeError(b, at, total, "MP_REACH_NLRI of " + len + " octets");
            return null;
        }
        final int afi = u16(b, v);
        final int safi = b.getByte(v + 2) & 0xFF;
        final int nhLen = b.getByte(v + 3) & 0xFF;
        final int nlriStart = v + 4 + nhLen + 1;
        final int end = v + len;
        if (nlriStart > end)
        {
            optionalAttributeError(b, at, total, "MP_REACH_NLRI next hop length " + nhLen + " overruns the attribute");
            return null;
        }
        final boolean ipv8 = profile.isIpv8(afi, safi);
        final boolean ipv4 = afi == Bgp.AFI_IPV4 && safi == Bgp.SAFI_UNICAST;
        if ((!ipv8 || !ipv8Enabled) && (!ipv4 || !ipv4Enabled))
        {
            attributeDiscards++; // a family that was not negotiated: ignore (RFC 4760 section 7)
            return null;
        }
        mpReachSeen = true;
        if (ipv8 && nhLen == 8)
        {
            mpNextHop = b.getLong(v + 4, ByteOrder.BIG_ENDIAN);
        }
        else if (nhLen == 4)
        {
            mpNextHop = b.getInt(v + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        }
        else if (ipv4 && (nhLen == 16 || nhLen == 32))
        {
            optionalAttributeError(b, at, total, "IPv6 next hop for IPv4 NLRI (RFC 8950) is not supported");
            return null;
        }
        else
        {
            optionalAttributeError(b, at, total,
                "MP_REACH_NLRI next hop length " + nhLen + " for AFI " + afi + " SAFI " + safi);
            return null;
        }
        if (!parseMpPrefixes(b, at, total, nlriStart, end, ipv8, false))
        {
            return null;
        }
        return mpNextHop == 0 ? "MP_REACH_NLRI next hop is zero" : null;
    }

    private String parseMpUnreach(final DirectBuffer b, final int at, final int v, final int len, final int total)
    {
        if (len < 3)
        {
            optionalAttributeError(b, at, total, "MP_UNREACH_NLRI of " + len + " octets");
            return null;
        }
        final int afi = u16(b, v);
        final int safi = b.getByte(v + 2) & 0xFF;
        final boolean ipv8 = profile.isIpv8(afi, safi);
        final boolean ipv4 = afi == Bgp.AFI_IPV4 && safi == Bgp.SAFI_UNICAST;
        if ((!ipv8 || !ipv8Enabled) && (!ipv4 || !ipv4Enabled))
        {
            attributeDiscards++;
            return null;
        }
        parseMpPrefixes(b, at, total, v + 3, v + len, ipv8, true);
        return null;
    }

    /** NLRI inside MP_REACH/MP_UNREACH; false after setting a session reset. */
    private boolean parseMpPrefixes(
        final DirectBuffer b, final int at, final int total, final int start, final int end, final boolean ipv8,
        final boolean isWithdrawn)
    {
        final int maxLen = ipv8 ? 64 : 32;
        int p = start;
        while (p < end)
        {
            final int len = b.getByte(p) & 0xFF;
            final int octets = (len + 7) >>> 3;
            if (len > maxLen || p + 1 + octets > end)
            {
                optionalAttributeError(b, at, total,
                    (isWithdrawn ? "MP_UNREACH" : "MP_REACH") + " prefix length " + len +
                    (len > maxLen ? " > " + maxLen : " overruns the attribute"));
                return false;
            }
            long value = 0;
            final int width = ipv8 ? 8 : 4;
            for (int i = 0; i < width; i++)
            {
                value = (value << 8) | (i < octets ? b.getByte(p + 1 + i) & 0xFF : 0);
            }
            final int len64 = ipv8 ? len : len + 32;
            value &= Prefixes.mask(len64);
            p += 1 + octets;
            if (isWithdrawn)
            {
                addWithdrawn(value, len64);
            }
            else if (ipv8 && (len < 32 || (value >>> 32) == 0))
            {
                // Rule R2: an IPv8 prefix must name exactly one non-zero RN; per-prefix treat-as-withdraw.
                prefixWithdrawCount++;
                addWithdrawn(value, len64);
            }
            else
            {
                addReachMp(value, len64);
            }
        }
        return true;
    }

    /** The IPv8 attribute container (TLVs: type 1, length 2 counting the header, value). */
    private void parseContainer(final DirectBuffer b, final int flags, final int v, final int len)
    {
        if ((flags & Bgp.ATTR_FLAG_OPTIONAL) == 0)
        {
            attributeDiscards++;
            return;
        }
        long newCf = PathAttributes.ABSENT;
        int count = 0;
        long[] eps = endpoints;
        int p = v;
        final int end = v + len;
        while (p < end)
        {
            if (p + 3 > end)
            {
                attributeDiscards++;
                return;
            }
            final int tlvType = b.getByte(p) & 0xFF;
            final int tlvLen = u16(b, p + 1);
            if (tlvLen < 3 || p + tlvLen > end)
            {
                attributeDiscards++; // RFC 7606 attribute discard: evaluated as if CF were absent
                return;
            }
            if (tlvType == profile.tlvCf())
            {
                if (tlvLen != 8)
                {
                    attributeDiscards++;
                    return;
                }
                if ((b.getByte(p + 3) & 0xFF) == WireProfile.CF_VERSION_1)
                {
                    newCf = b.getInt(p + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                }
            }
            else if (tlvType == profile.tlv8to4())
            {
                if (tlvLen != 9)
                {
                    attributeDiscards++;
                    return;
                }
                if (eps == null || count == eps.length)
                {
                    eps = eps == null ? new long[4] : Arrays.copyOf(eps, count * 2);
                }
                eps[count++] = ((b.getInt(p + 3, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 16) | u16(b, p + 7);
            }
            p += tlvLen;
        }
        endpoints = eps;
        endpointCount = count;
        cf = newCf;
        cfPartial = (flags & Bgp.ATTR_FLAG_PARTIAL) != 0;
    }

    /** An optional attribute malformed beyond attribute discard: the session resets with this reason. */
    private void optionalAttributeError(final DirectBuffer b, final int at, final int total, final String reason)
    {
        error = BgpError.of(Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_OPTIONAL_ATTR, attributeData(b, at, total), reason);
    }

    private static byte[] attributeData(final DirectBuffer b, final int at, final int total)
    {
        final byte[] data = new byte[Math.max(0, Math.min(total, Bgp.MAX_MESSAGE_LENGTH - 21))];
        b.getBytes(at, data);
        return data;
    }

    private static int u16(final DirectBuffer b, final int at)
    {
        return b.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private static String hex(final int flags)
    {
        return "0x" + Integer.toHexString(flags);
    }
}
