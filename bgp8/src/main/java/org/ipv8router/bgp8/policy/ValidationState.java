package org.ipv8router.bgp8.policy;

/** Result of validating (origin, prefix) against WHOIS8 (bgp8-whois8.md 4.2, 6.5). */
public enum ValidationState
{
    /** Record active and the route matches it: install. */
    VALID,
    /** Record exists but the route does not match it: do not install. */
    INVALID,
    /** No record for the RN: do not install. */
    NOT_FOUND,
    /** No usable answer yet (lookup outstanding or registry unavailable): hold the route as pending. */
    UNKNOWN
}
