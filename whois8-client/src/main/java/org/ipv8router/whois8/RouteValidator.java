package org.ipv8router.whois8;

/**
 * What BGP8 needs from WHOIS8 (import rule R7/R8 of bgp8-whois8.md §4.1): the validation state of
 * (origin ASN, 64-bit prefix, length) and notifications when it may have changed.
 * <p>
 * Prefixes are 64-bit IPv8 values: the routing number (ASN) in the upper 32 bits, the host part in the lower 32;
 * {@code length64} counts all 64 bits (host /16 = 48).
 */
public interface RouteValidator
{
    /**
     * Allocation-free, lock-free state of a route; safe from any thread. Never blocks on the network: a never-seen RN
     * is UNKNOWN (fail-closed) and, in per-RN mode, a lookup is started in the background.
     */
    ValidationState validate(long originAsn, long prefix64, int length64);

    /** Same decision as {@link #validate(long, long, int)} with the reason spelled out (allocates; for operators). */
    ValidationResult explain(long originAsn, long prefix64, int length64);

    /** Registers a listener for RN-level changes. */
    void subscribe(Whois8Listener listener);

    /** Removes a listener registered with {@link #subscribe(Whois8Listener)}. */
    void unsubscribe(Whois8Listener listener);
}
