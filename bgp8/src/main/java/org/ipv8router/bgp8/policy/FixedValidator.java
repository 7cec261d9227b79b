package org.ipv8router.bgp8.policy;

/** A validator that gives every route the same answer: allow-all (VALID) and deny-all (INVALID). */
public final class FixedValidator implements RouteValidator
{
    public static final FixedValidator ALLOW_ALL = new FixedValidator(ValidationState.VALID);
    public static final FixedValidator DENY_ALL = new FixedValidator(ValidationState.INVALID);

    private final ValidationState state;

    public FixedValidator(final ValidationState state)
    {
        this.state = state;
    }

    @Override
    public ValidationState validate(final long originAsn, final long prefix, final int length)
    {
        return state;
    }

    @Override
    public void addListener(final Listener listener)
    {
        // Answers never change.
    }

    @Override
    public String toString()
    {
        return "FixedValidator(" + state + ")";
    }
}
