package org.ipv8router.whois8;

/**
 * Why a route or routing number got its {@link ValidationState}. Returned by the allocation-free evaluation so the
 * hot path can report a reason without building strings.
 */
public enum Reason
{
    /** Record active, in its validity window, origin authorised, length and prefix allowed. */
    AUTHORISED(ValidationState.VALID),
    /** Route length is below 32 bits (spans several RNs) or above 64. */
    BAD_LENGTH(ValidationState.INVALID),
    /** Record status is not "active" (for instance "inactive" or "removed": revoked). */
    STATUS_NOT_ACTIVE(ValidationState.INVALID),
    /** Current time is before the record's notBefore. */
    NOT_YET_VALID(ValidationState.INVALID),
    /** Current time is at or after the record's notAfter. */
    EXPIRED(ValidationState.INVALID),
    /** Route is more specific than 32 + maxHostPrefixLength. */
    TOO_SPECIFIC(ValidationState.INVALID),
    /** Origin ASN is not in the record's authorizedOrigins. */
    ORIGIN_NOT_AUTHORISED(ValidationState.INVALID),
    /** Record lists routes and none covers the announced prefix. */
    OUTSIDE_ROUTES(ValidationState.INVALID),
    /** The registry answered with a record that failed verification (signature, key, schema) and no earlier verified record exists. */
    RECORD_REJECTED(ValidationState.INVALID),
    /** Same as {@link #RECORD_REJECTED} when the configuration maps rejected records to UNKNOWN (spec §6.4 strict reading). */
    RECORD_REJECTED_UNKNOWN(ValidationState.UNKNOWN),
    /** The registry says the RN is not registered. */
    NOT_REGISTERED(ValidationState.NOT_FOUND),
    /** Never seen and not yet answered: fail-closed while the lookup is outstanding. */
    NEVER_SEEN(ValidationState.UNKNOWN),
    /** The registry could not be reached and there is no earlier answer. */
    REGISTRY_UNAVAILABLE(ValidationState.UNKNOWN),
    /** The last confirmed answer is older than whois8.expire (last-known-good grace is over). */
    GRACE_EXPIRED(ValidationState.UNKNOWN),
    /** Snapshot mode and no snapshot has been loaded yet. */
    SNAPSHOT_NOT_LOADED(ValidationState.UNKNOWN);

    private final ValidationState state;

    Reason(final ValidationState state)
    {
        this.state = state;
    }

    /** The validation state this reason implies. */
    public ValidationState state()
    {
        return state;
    }
}
