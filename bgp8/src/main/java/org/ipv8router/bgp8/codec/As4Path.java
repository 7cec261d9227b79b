package org.ipv8router.bgp8.codec;

/**
 * RFC 6793 between a 4-octet ("NEW") speaker and a 2-octet ("OLD") one, on AS paths in the
 * {@link PathAttributes#asPath()} form {@code [segmentType, count, asn...]*}.
 * <ul>
 * <li>Receiving (section 4.2.3): the true path is rebuilt from AS_PATH (2-octet, AS_TRANS for every 4-octet AS)
 * and AS4_PATH (4-octet, as it left the last NEW speaker): the leading ASes of AS_PATH that OLD speakers added
 * after that are kept, followed by AS4_PATH. If AS_PATH counts fewer ASes than AS4_PATH, AS4_PATH is ignored.</li>
 * <li>Sending (section 4.2.2): AS_PATH with AS_TRANS for every AS above 65535, plus AS4_PATH with the real path,
 * only when the path holds such an AS.</li>
 * </ul>
 * Counting follows the RFC: an AS_SET counts as one AS, each AS of an AS_SEQUENCE as one (no confederation
 * segments exist here: the decoder refuses them).
 */
public final class As4Path
{
    private As4Path()
    {
    }

    /** Number of ASes in the RFC 6793 sense (AS_SET = 1). */
    public static int count(final int[] path)
    {
        int n = 0;
        for (int i = 0; i + 1 < path.length; i += 2 + path[i + 1])
        {
            n += path[i] == Bgp.AS_SET ? 1 : path[i + 1];
        }
        return n;
    }

    /** Whether the path holds an AS that does not fit in 2 octets (then AS4_PATH must be sent to OLD speakers). */
    public static boolean needsAs4(final int[] path)
    {
        for (int i = 0; i + 1 < path.length; i += 2 + path[i + 1])
        {
            for (int k = 0; k < path[i + 1]; k++)
            {
                if ((path[i + 2 + k] & 0xFFFF_FFFFL) > 0xFFFF)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * RFC 6793 4.2.3: the AS path of a route received from an OLD speaker.
     *
     * @param asPath  AS_PATH as received (2-octet ASes, AS_TRANS standing for 4-octet ones)
     * @param as4Path AS4_PATH as received (well-formed)
     * @return the reconstructed path, or asPath itself when AS4_PATH must be ignored
     */
    public static int[] merge(final int[] asPath, final int[] as4Path)
    {
        final int lead = count(asPath) - count(as4Path);
        if (lead < 0 || as4Path.length == 0)
        {
            return asPath;
        }
        // Leading part of AS_PATH with exactly `lead` ASes (a sequence may be cut, a set is taken whole).
        final int[] out = new int[asPath.length + as4Path.length];
        int o = 0;
        int need = lead;
        for (int i = 0; need > 0 && i + 1 < asPath.length; i += 2 + asPath[i + 1])
        {
            final int type = asPath[i];
            final int n = asPath[i + 1];
            final int take = type == Bgp.AS_SET ? n : Math.min(n, need);
            out[o++] = type;
            out[o++] = take;
            System.arraycopy(asPath, i + 2, out, o, take);
            o += take;
            need -= type == Bgp.AS_SET ? 1 : take;
        }
        // Append AS4_PATH, joining a trailing sequence with a leading one when the segment stays within 255.
        int start = 0;
        final int lastSeq = lastSegmentStart(out, o);
        if (lastSeq >= 0 && out[lastSeq] == Bgp.AS_SEQUENCE && as4Path[0] == Bgp.AS_SEQUENCE &&
            out[lastSeq + 1] + as4Path[1] <= 255)
        {
            out[lastSeq + 1] += as4Path[1];
            System.arraycopy(as4Path, 2, out, o, as4Path[1]);
            o += as4Path[1];
            start = 2 + as4Path[1];
        }
        System.arraycopy(as4Path, start, out, o, as4Path.length - start);
        o += as4Path.length - start;
        return java.util.Arrays.copyOf(out, o);
    }

    private static int lastSegmentStart(final int[] path, final int length)
    {
        int last = -1;
        for (int i = 0; i + 1 < length; i += 2 + path[i + 1])
        {
            last = i;
        }
        return last;
    }
}
