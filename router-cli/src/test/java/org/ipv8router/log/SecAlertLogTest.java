package org.ipv8router.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecAlertLogTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Log log = new Log(LogLevel.INFO, () -> 0L, new PrintStream(out, true, StandardCharsets.UTF_8));
    private long now = 1_000_000_000L;

    private List<String> lines()
    {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everySpecKindHasItsSectionAndDropReason()
    {
        assertEquals(List.of("asn_spoofing", "zone_leak", "rine_violation", "interior_link_leak", "rfc1918_external",
                "multicast_border", "prefix_too_specific", "acl8_denied", "egress_validation"),
            java.util.Arrays.stream(SecAlertKind.values()).map(SecAlertKind::label).toList());
        for (final SecAlertKind k : SecAlertKind.values())
        {
            if (k.ordinal() < 7)
            {
                assertEquals("19." + (k.ordinal() + 1), k.specSection());
            }
        }
        assertEquals("7.6", SecAlertKind.ACL8_DENIED.specSection());
        assertEquals(DropReason.ACL8_DENIED, SecAlertKind.ACL8_DENIED.dropReason());
        assertEquals("7.5", SecAlertKind.EGRESS_VALIDATION.specSection());
        assertEquals(DropReason.EGRESS_VALIDATION_FAILED, SecAlertKind.EGRESS_VALIDATION.dropReason());
        assertEquals(DropReason.ASN_SPOOFED, SecAlertKind.ASN_SPOOFING.dropReason());
        assertEquals(DropReason.BORDER_MULTICAST, SecAlertKind.MULTICAST_BORDER.dropReason());
        assertNull(SecAlertKind.PREFIX_TOO_SPECIFIC.dropReason(), "19.7 is raised by the BGP8 speaker");
    }

    @Test
    void tokenBucketAllowsBurstThenRate()
    {
        final TokenBucket bucket = new TokenBucket(2.0, 3, 0);
        assertTrue(bucket.tryAcquire(0));
        assertTrue(bucket.tryAcquire(0));
        assertTrue(bucket.tryAcquire(0));
        assertFalse(bucket.tryAcquire(0), "burst of 3 used up");
        assertFalse(bucket.tryAcquire(499_999_999L), "half a second minus 1 ns: no token yet");
        assertTrue(bucket.tryAcquire(500_000_000L), "one token per 0.5 s");
        assertFalse(bucket.tryAcquire(500_000_000L));
        assertTrue(bucket.tryAcquire(100_000_000_000L));
        assertTrue(bucket.tryAcquire(100_000_000_000L));
        assertTrue(bucket.tryAcquire(100_000_000_000L));
        assertFalse(bucket.tryAcquire(100_000_000_000L), "credit is capped at the burst");
    }

    @Test
    void suppressedEventsAreCountedAndReportedInTheNextLine()
    {
        final SecAlertLog alerts = new SecAlertLog(log, 1.0, 2, () -> now);
        final long src = Ipv8Address.parse("127.1.0.0.10.0.0.5");
        assertTrue(alerts.alert(SecAlertKind.ZONE_LEAK, 1, src, 0, "eth1"));
        assertTrue(alerts.alert(SecAlertKind.ZONE_LEAK, 1, src, 0, "eth1"));
        for (int i = 0; i < 10; i++)
        {
            assertFalse(alerts.alert(SecAlertKind.ZONE_LEAK, 3, src, 0, "eth1"));
        }
        assertEquals(30, alerts.pendingSuppressed(SecAlertKind.ZONE_LEAK));
        // Another kind has its own bucket.
        assertTrue(alerts.alert(SecAlertKind.ASN_SPOOFING, 1, 0, 0, null));
        now += 1_000_000_000L;
        assertTrue(alerts.alert(SecAlertKind.ZONE_LEAK, 1, src, Ipv8Address.parse("64497.1.2.3.4"), "eth1"));
        assertEquals(0, alerts.pendingSuppressed(SecAlertKind.ZONE_LEAK));
        assertEquals(1 + 1 + 30 + 1, alerts.total(SecAlertKind.ZONE_LEAK));
        assertEquals(3, alerts.logged(SecAlertKind.ZONE_LEAK));

        final List<String> lines = lines();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" WARN  sec-alert zone_leak spec=19.2 events=1 suppressed=0 total=1 where=eth1 " +
            "src=127.1.0.0.10.0.0.5 dst=- what="), lines.get(0));
        assertTrue(lines.get(2).contains("sec-alert asn_spoofing spec=19.1 events=1 suppressed=0 total=1 where=- src=- dst=-"),
            lines.get(2));
        assertTrue(lines.get(3).contains("sec-alert zone_leak spec=19.2 events=1 suppressed=30 total=33 where=eth1 " +
            "src=127.1.0.0.10.0.0.5 dst=64497.1.2.3.4"), lines.get(3));
    }

    @Test
    void suppressedPathAllocatesNothing()
    {
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
            "this JVM cannot measure per-thread allocation");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled(),
            "per-thread allocation accounting is off in this JVM");
        final SecAlertLog alerts = new SecAlertLog(log, 1.0, 1, () -> now);
        assertTrue(alerts.alert(SecAlertKind.RINE_VIOLATION, 1, 0, 0, "eth1")); // uses the only token
        final long src = Ipv8Address.parse("64496.100.1.2.3");
        for (int i = 0; i < 20_000; i++) // warm up: JIT and escape analysis
        {
            alerts.alert(SecAlertKind.RINE_VIOLATION, 1, src, src, "eth1");
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            alerts.alert(SecAlertKind.RINE_VIOLATION, 1, src, src, "eth1");
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "100,000 suppressed alerts allocated " + allocated + " bytes");
        assertEquals(120_000, alerts.pendingSuppressed(SecAlertKind.RINE_VIOLATION));
        assertEquals(1, lines().size());
    }

    @Test
    void controlPlaneAlertsCarryTheirDetail()
    {
        final SecAlertLog alerts = new SecAlertLog(log, 1.0, 1, () -> now);
        assertTrue(alerts.alert(SecAlertKind.PREFIX_TOO_SPECIFIC, 1, "peer=192.0.2.1 nlri=64500.10.1.2.0/60"));
        assertFalse(alerts.alert(SecAlertKind.PREFIX_TOO_SPECIFIC, 1, "peer=192.0.2.1 nlri=64500.10.1.3.0/60"));
        now += 2_000_000_000L;
        assertTrue(alerts.alert(SecAlertKind.PREFIX_TOO_SPECIFIC, 1, "peer=192.0.2.2 nlri=x"));
        final List<String> lines = lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("sec-alert prefix_too_specific spec=19.7 events=1 suppressed=0 total=1 " +
            "detail=\"peer=192.0.2.1 nlri=64500.10.1.2.0/60\""), lines.get(0));
        assertTrue(lines.get(1).contains("suppressed=1 total=3 detail=\"peer=192.0.2.2 nlri=x\""), lines.get(1));
    }

    @Test
    void monitorTurnsDropCounterIncreasesIntoAlerts()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(256))
        {
            final SecAlertLog alerts = new SecAlertLog(log, 100.0, 100, () -> now);
            final SecAlertMonitor monitor = new SecAlertMonitor(counters.reader(), alerts);
            assertEquals(0, monitor.poll(), "no border filter registered yet: nothing, no failure");

            // As the forwarding assembly does: the wire drop reasons registered by ordinal with their label.
            final AtomicCounter spoofed = counters.dropReasons().register(DropReason.ASN_SPOOFED.ordinal(),
                DropReason.ASN_SPOOFED.label(), DropReason.ASN_SPOOFED.description());
            final AtomicCounter ttl = counters.dropReasons().register(DropReason.TTL_EXPIRED.ordinal(),
                DropReason.TTL_EXPIRED.label(), DropReason.TTL_EXPIRED.description());
            assertNotNull(spoofed);
            spoofed.getAndAdd(5);
            ttl.getAndAdd(1000);
            assertEquals(5, monitor.poll(), "only border filter drops are alerts");
            assertEquals(0, monitor.poll(), "no increase, no alert");
            spoofed.getAndAdd(7);
            assertEquals(7, monitor.poll());
            assertEquals(12, alerts.total(SecAlertKind.ASN_SPOOFING));
            final List<String> lines = lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("sec-alert asn_spoofing spec=19.1 events=5 "), lines.get(0));
            assertTrue(lines.get(1).contains("sec-alert asn_spoofing spec=19.1 events=7 suppressed=0 total=12"),
                lines.get(1));
        }
    }
}
