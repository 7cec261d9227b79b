package org.ipv8router.bgp8.rib;

import java.util.List;

import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.policy.ValidationState;
import org.ipv8router.bgp8.policy.Verdict;

/**
 * One Adj-RIB-In route as the operator sees it ({@code show bgp routes}): where it came from, the import verdict
 * the RIB acted on, its WHOIS8 validation state with the reason in words, and whether it is the best path (and so
 * in the FIB). Immutable snapshot taken on the speaker's I/O thread; cold path.
 *
 * @param peer       neighbour name
 * @param prefix     64-bit prefix (RN in the upper 32 bits; RN 0 = IPv4)
 * @param length     64-bit prefix length
 * @param originAsn  origin AS of the path (-1 when the AS_PATH is empty)
 * @param nextHop    BGP next hop (IPv8 address; RN 0 = IPv4)
 * @param verdict    import verdict stored with the route (ACCEPT = eligible for best path, PENDING = held)
 * @param validation WHOIS8 state of the route now, or null when WHOIS8 does not apply to it (iBGP, IPv4, or
 *                   rejected by an earlier rule)
 * @param reason     why: the validator's explanation when WHOIS8 applies, else the verdict's description
 * @param best       the route is the Loc-RIB best path for its prefix
 */
public record RouteView(
    String peer,
    long prefix,
    int length,
    long originAsn,
    long nextHop,
    Verdict verdict,
    ValidationState validation,
    String reason,
    boolean best)
{
    /** The prefix in ASN-dot form ({@code 64497.198.51.100.0/24}) or IPv4 form for RN 0. */
    public String prefixText()
    {
        return Prefixes.format(prefix, length);
    }

    /** One line of {@code show bgp routes}. */
    @Override
    public String toString()
    {
        return String.format(LINE, best ? "*>" : "", prefixText(), peer,
            originAsn < 0 ? "-" : "AS" + originAsn, Prefixes.formatAddress(nextHop),
            validation == null ? "-" : validation.name(),
            verdict == Verdict.ACCEPT ? "accepted" : verdict == Verdict.PENDING ? "pending" : "rejected", reason);
    }

    /** The text of {@code show bgp routes}: a header line, then one line per route. */
    public static String format(final List<RouteView> routes)
    {
        final StringBuilder sb = new StringBuilder(64 + routes.size() * 128);
        sb.append(String.format(LINE, "", "prefix", "peer", "origin", "next hop", "whois8", "import", "reason"))
            .append('\n');
        for (final RouteView r : routes)
        {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    private static final String LINE = "%-2s %-28s %-14s %-12s %-22s %-9s %-8s %s";
}
