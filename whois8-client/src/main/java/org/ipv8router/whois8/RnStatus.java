package org.ipv8router.whois8;

import java.time.Instant;

/**
 * One line of {@code show whois8}: what the validator currently holds for a routing number.
 *
 * @param rn          routing number (ASN).
 * @param state       RN-level state (VALID = an active, in-window, verified record).
 * @param reason      rule that decided the state.
 * @param serial      record serial, or -1 without a record.
 * @param holder      record holder, or null.
 * @param notAfter    end of the record's validity window, or null.
 * @param confirmedAt last time the registry confirmed this answer, or null.
 * @param source      "query" (per-RN lookup) or "snapshot" (bulk feed).
 * @param lastProblem last failed refresh / rejected answer for this RN, or null.
 */
public record RnStatus(long rn, ValidationState state, Reason reason, long serial, String holder, Instant notAfter,
    Instant confirmedAt, String source, String lastProblem)
{
    @Override
    public String toString()
    {
        return String.format("AS%-10d %-9s %-22s serial=%-8d holder=%s notAfter=%s confirmed=%s source=%s%s", rn,
            state, reason.name().toLowerCase(java.util.Locale.ROOT), serial, holder, notAfter, confirmedAt, source,
            lastProblem != null ? " problem=" + lastProblem : "");
    }
}
