package org.ipv8router.whois8;

/**
 * Told when what WHOIS8 says about a routing number changes: a new serial, a revocation, an expiry, a removal, the
 * registry becoming unreachable beyond the grace period. BGP8 re-validates every Adj-RIB-In route of that RN with
 * {@link RouteValidator#validate(long, long, int)} and withdraws or installs accordingly.
 * <p>
 * Called on the validator's single sync thread: return quickly (hand the RN to your own thread).
 */
@FunctionalInterface
public interface Whois8Listener
{
    /**
     * @param rn      the routing number (ASN) whose WHOIS8 answer changed.
     * @param rnState state of the RN as a whole (VALID: an active, in-window, verified record exists).
     * @param reason  why, for logs.
     */
    void onRnChanged(long rn, ValidationState rnState, Reason reason);
}
