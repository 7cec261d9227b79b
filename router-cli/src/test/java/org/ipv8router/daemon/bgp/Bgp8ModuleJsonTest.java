package org.ipv8router.daemon.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code show whois8} once a snapshot is confirmed: the validator's summary holds an {@link Instant}
 * ({@code snapshot_confirmed_at}), which plain Jackson cannot write (the command failed in the testbed fabric).
 */
class Bgp8ModuleJsonTest
{
    @Test
    void instantsInWhois8SummariesAreWrittenAsIsoText()
    {
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("snapshot_serial", 7L);
        summary.put("snapshot_confirmed_at", Instant.ofEpochMilli(1_795_000_000_123L));
        summary.put("none", null);

        final var json = Bgp8Module.MAPPER.valueToTree(summary);

        assertEquals("2026-11-18T11:06:40.123Z", json.get("snapshot_confirmed_at").asText());
        assertEquals(7L, json.get("snapshot_serial").asLong());
        assertEquals(true, json.get("none").isNull());
    }
}
