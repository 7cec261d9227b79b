package org.ipv8router.testbed.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fabric's frame predicates on the spec's own packets (ipv8-core 11.3), and the report writer. */
class FrameViewTest
{
    private static final String MACS = "020000000002" + "020000000001";
    /** Spec 11.3: echo request 64496.192.0.2.1 -> 64497.198.51.100.7. */
    private static final String ECHO8 = "8700002400000000400154ba0000fbf0c00002010000fbf1c633640708" + "00f7fd00010001";
    /** Spec 11.3: the same flow downgraded to IPv4. */
    private static final String ECHO4 = "4500001c0000000040018ea5c0000201c633640708" + "00f7fd00010001";
    /** Spec 11.3: 8to4 outer header 203.0.113.1 -> 198.51.100.1 (protocol 253) carrying ECHO8. */
    private static final String OUTER = "450000380000000040fd1393cb007101c6336401";

    private static byte[] frame(final String etherType, final String payload)
    {
        return HexFormat.of().parseHex(MACS + etherType + payload);
    }

    @Test
    void ipv8FrameIsVersion8WithBothRoutingPrefixes()
    {
        final byte[] f = frame("8080", ECHO8);
        assertTrue(FrameView.isIpv8(f));
        assertFalse(FrameView.isIpv4(f));
        assertEquals(64496, FrameView.sourceR(f));
        assertEquals(64497, FrameView.destinationR(f));
        assertEquals(1, FrameView.ipProtocol(f));
        assertFalse(FrameView.touchesInternalZone(f));
    }

    @Test
    void version8Under0800CountsAsIpv8()
    {
        assertTrue(FrameView.isIpv8(frame("0800", ECHO8)), "accept-v8-on-0800 form: still a version-8 header");
    }

    @Test
    void downgradedFrameIsPlainIpv4()
    {
        final byte[] f = frame("0800", ECHO4);
        assertFalse(FrameView.isIpv8(f));
        assertTrue(FrameView.isIpv4(f));
        assertEquals(1, FrameView.ipv4Protocol(f));
        assertFalse(FrameView.is8to4(f));
        assertEquals(0, FrameView.sourceR(f), "no IPv8 packet inside");
    }

    @Test
    void eightToFourIsIpv4OnTheWireWithTheInnerPrefixesReadable()
    {
        final byte[] f = frame("0800", OUTER + ECHO8);
        assertFalse(FrameView.isIpv8(f), "the transit sees IPv4 only");
        assertTrue(FrameView.is8to4(f));
        assertEquals(64496, FrameView.sourceR(f));
        assertEquals(64497, FrameView.destinationR(f));
    }

    @Test
    void internalZoneIsFoundDirectInsideAndInIpv4()
    {
        // r of the source set to 127.1.0.0
        final String zoneEcho = ECHO8.substring(0, 24) + "7f010000" + ECHO8.substring(32);
        assertTrue(FrameView.touchesInternalZone(frame("8080", zoneEcho)));
        assertTrue(FrameView.touchesInternalZone(frame("0800", OUTER + zoneEcho)), "inside 8to4");
        final String loopback4 = ECHO4.substring(0, 24) + "7f000001" + ECHO4.substring(32);
        assertTrue(FrameView.touchesInternalZone(frame("0800", loopback4)));
        assertFalse(FrameView.touchesInternalZone(frame("0806", "0001" + "0800")), "ARP carries no routed address");
    }

    @Test
    void reportListsEveryScenarioWithItsOutcome(@TempDir final Path dir) throws Exception
    {
        final ConformanceReport report = new ConformanceReport(dir.resolve("conformance.md"));
        report.note("machine X");
        report.begin("first", "spec 1").command("ping8 x").measure("loss 0 %").pass("fine");
        report.begin("second", "spec 2").notDone("missing part");
        report.begin("third", "spec 3").fail("broke");
        report.write();
        final String md = Files.readString(dir.resolve("conformance.md"));
        assertTrue(md.contains("| 1 | [first](#1-first) | **PASS** |"), md);
        assertTrue(md.contains("| 2 | [second](#2-second) | **NOT DONE** |"), md);
        assertTrue(md.contains("| 3 | [third](#3-third) | **FAIL** |"), md);
        assertTrue(md.contains("ping8 x") && md.contains("- loss 0 %") && md.contains("- machine X"), md);
        assertTrue(Files.isDirectory(dir.resolve("conformance")));
    }
}
