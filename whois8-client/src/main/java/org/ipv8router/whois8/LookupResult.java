package org.ipv8router.whois8;

/** Outcome of one per-RN registry lookup ({@code GET /whois8/v1/rn/{asn}}) after retries. */
public sealed interface LookupResult
{
    /** A verified record; {@code maxAgeMillis} from {@code Cache-Control: max-age}, or -1 when absent. */
    record Found(Whois8Record record, long maxAgeMillis) implements LookupResult
    {
    }

    /** 404: the RN is not registered; {@code maxAgeMillis} as for {@link Found}. */
    record NotFound(long maxAgeMillis) implements LookupResult
    {
    }

    /** The registry answered with a record that failed verification (signature, key, schema). */
    record Rejected(String reason) implements LookupResult
    {
    }

    /** No usable answer: connection refused, TLS failure, timeout, 5xx, unparseable body, answer for another RN. */
    record Unavailable(String reason) implements LookupResult
    {
    }
}
