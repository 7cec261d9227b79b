package org.ipv8router.whois8;

import java.util.List;

/** Outcome of a snapshot or delta download (bulk feed, bgp8-whois8.md §6.4). */
public sealed interface BulkResult
{
    /** The whole registry at {@code serial}. */
    record Snapshot(long serial, List<Whois8Record> records) implements BulkResult
    {
    }

    /** Changes from {@code fromSerial} to {@code serial}: new or changed records, and RNs removed from the registry. */
    record Delta(long fromSerial, long serial, List<Whois8Record> records, long[] removed) implements BulkResult
    {
    }

    /** The registry no longer has a delta from that serial (HTTP 410): download a snapshot. */
    record Gone(String reason) implements BulkResult
    {
    }

    /** The feed failed verification (envelope signature, schema, serials). */
    record Rejected(String reason) implements BulkResult
    {
    }

    /** No usable answer (network, TLS, timeout, 5xx, unparseable). */
    record Unavailable(String reason) implements BulkResult
    {
    }
}
