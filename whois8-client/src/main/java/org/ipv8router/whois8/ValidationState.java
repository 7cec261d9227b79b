package org.ipv8router.whois8;

/**
 * Origin-validation state of a route against WHOIS8 (bgp8-whois8.md §6.5, modelled on RFC 6811).
 * <p>
 * Only {@link #VALID} routes may be installed. {@link #UNKNOWN} is the spec's UNAVAILABLE / PENDING: the registry
 * could not be asked (or never answered) and no usable last-known-good answer exists, so the route is held, not
 * installed (fail-closed).
 */
public enum ValidationState
{
    /** An active, in-window, correctly signed record authorises this origin and prefix. */
    VALID,
    /** A record exists but does not authorise the route (revoked, expired, too specific, wrong origin, ...). */
    INVALID,
    /** The registry says no record exists for the routing number. */
    NOT_FOUND,
    /** The registry is unreachable or has not answered yet, and no usable cached answer exists. */
    UNKNOWN;

    /** RFC 8097 origin-validation-state extended community value: 0 valid, 1 not found, 2 invalid; UNKNOWN maps to not found. */
    public int rfc8097Value()
    {
        return switch (this)
        {
            case VALID -> 0;
            case INVALID -> 2;
            case NOT_FOUND, UNKNOWN -> 1;
        };
    }
}
