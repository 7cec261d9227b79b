package org.ipv8router.bgp8.policy;

/**
 * WHOIS8 route validation as seen by the BGP8 speaker. The WHOIS8 client module provides the real
 * implementation; {@link #allowAll()} and {@link #denyAll()} serve tests and labs.
 * <p>
 * {@link #validate} is called on the BGP control thread and must not block: an implementation that needs a
 * network lookup answers {@link ValidationState#UNKNOWN}, starts the lookup and later calls
 * {@link Listener#validationChanged} for the RN, upon which the speaker re-evaluates every held route of it.
 */
public interface RouteValidator
{
    /** Re-validation trigger; rn = {@link #ALL_RNS} means every route. May be called from any thread. */
    @FunctionalInterface
    interface Listener
    {
        void validationChanged(long rn);
    }

    long ALL_RNS = -1L;

    /**
     * @param originAsn origin AS of the path (last AS of the final AS_SEQUENCE), unsigned 32-bit
     * @param prefix    64-bit prefix (RN in the upper 32 bits)
     * @param length    64-bit prefix length
     */
    ValidationState validate(long originAsn, long prefix, int length);

    /**
     * The same decision with its reason in words, for operators ({@code show bgp routes}). Cold path: may
     * allocate. The default names the state only; validators that know why override it.
     */
    default String explain(final long originAsn, final long prefix, final int length)
    {
        return validate(originAsn, prefix, length).name();
    }

    /** Registers a listener for changes of validation data. */
    void addListener(Listener listener);

    static RouteValidator allowAll()
    {
        return FixedValidator.ALLOW_ALL;
    }

    static RouteValidator denyAll()
    {
        return FixedValidator.DENY_ALL;
    }
}
