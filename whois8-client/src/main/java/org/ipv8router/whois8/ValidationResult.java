package org.ipv8router.whois8;

import java.util.Objects;

/**
 * A validation state with the reason that decided it, for operators and logs (cold path; allocates).
 *
 * @param state  the validation state.
 * @param reason the rule that decided, as a code.
 * @param detail human-readable explanation naming the offending value.
 */
public record ValidationResult(ValidationState state, Reason reason, String detail)
{
    public ValidationResult
    {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString()
    {
        return state + " (" + reason.name().toLowerCase(java.util.Locale.ROOT) + "): " + detail;
    }
}
