package org.ipv8router.wire;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Spec 11.2 classification, the special-use ranges of spec 1.6 and A10-A15. */
class Ipv8AddressClassifyTest
{
    private static EnumSet<SpecialUse> uses(final String address)
    {
        return Ipv8Address.specialUses(Ipv8Address.parse(address));
    }

    private static AddressClass classOf(final String address)
    {
        return Ipv8Address.classify(Ipv8Address.parse(address));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0.0.251.240.192.168.1.10,        ASN_UNICAST",
        "0.0.0.0.8.8.8.8,                 IPV4_COMPATIBLE",
        "127.0.0.0.10.1.2.3,              INTERNAL_ZONE",
        "127.1.0.0.10.0.0.5,              INTERNAL_ZONE",
        "127.127.0.0.10.1.2.3,            INTEROP_DMZ",
        "127.127.255.255.10.1.2.3,        INTEROP_DMZ",
        "127.126.255.255.10.1.2.3,        INTERNAL_ZONE",
        "127.128.0.0.10.1.2.3,            INTERNAL_ZONE",
        "100.1.2.3.10.0.0.1,              RINE",
        "0.0.255.253.198.51.100.1,        ASN_UNICAST",
        "0.0.251.240.222.0.0.1,           ASN_UNICAST",
        "0.0.0.0.222.1.2.3,               IPV4_COMPATIBLE",
        "255.255.0.1.0.0.0.0,             CROSS_ASN_MULTICAST",
        "255.255.0.0.224.0.0.1,           CROSS_ASN_MULTICAST",
        "255.255.0.0.224.0.0.2,           CROSS_ASN_MULTICAST",
        "255.255.239.255.1.2.3.4,         CROSS_ASN_MULTICAST",
        "255.255.255.255.255.255.255.255, BROADCAST",
        "255.255.255.255.1.2.3.4,         BROADCAST",
        "255.255.240.0.1.2.3.4,           RESERVED",
        "255.255.255.254.1.2.3.4,         RESERVED",
        "255.254.255.255.1.2.3.4,         ASN_UNICAST",
        "0.0.0.1.1.2.3.4,                 ASN_UNICAST",
        "99.255.255.255.1.2.3.4,          ASN_UNICAST",
        "101.0.0.0.1.2.3.4,               ASN_UNICAST",
        "126.255.255.255.1.2.3.4,         ASN_UNICAST",
        "128.0.0.0.1.2.3.4,               ASN_UNICAST",
        "99.0.0.0.1.2.3.4,                ASN_UNICAST",
    })
    void classifiesSpecVectors(final String address, final AddressClass expected)
    {
        assertEquals(expected, classOf(address));
    }

    @Test
    void specVectorSpecialUses()
    {
        assertEquals(EnumSet.of(SpecialUse.RFC5398_DOCUMENTATION_ASN), uses("0.0.251.240.192.168.1.10"));
        assertEquals(EnumSet.noneOf(SpecialUse.class), uses("0.0.0.0.8.8.8.8"));
        assertEquals(EnumSet.of(SpecialUse.DOCUMENTATION_ASN, SpecialUse.PRIVATE_USE_ASN), uses("0.0.255.253.198.51.100.1"));
        assertEquals(EnumSet.of(SpecialUse.PRIVATE_PEERING_ASN, SpecialUse.PRIVATE_USE_ASN), uses("65534.10.0.0.1"));
        assertEquals(EnumSet.of(SpecialUse.RFC5398_DOCUMENTATION_ASN, SpecialUse.INTERIOR_LINK), uses("0.0.251.240.222.0.0.1"));
        assertEquals(EnumSet.noneOf(SpecialUse.class), uses("0.0.0.0.222.1.2.3"), "A15: 222/8 with r = 0 is plain IPv4");
        assertEquals(EnumSet.of(SpecialUse.MULTICAST_OSPF8, SpecialUse.RESERVED_ASN_MULTICAST,
            SpecialUse.PRIVATE_USE_ASN), uses("255.255.0.1.0.0.0.0"), "A13: ff.ff.x.x overlaps the RFC 6996 4-byte range");
        assertEquals(EnumSet.of(SpecialUse.MULTICAST_GENERAL, SpecialUse.ALL_IPV8_ROUTERS, SpecialUse.RESERVED_ASN_MULTICAST,
            SpecialUse.PRIVATE_USE_ASN),
            uses("255.255.0.0.224.0.0.1"));
        assertEquals(EnumSet.of(SpecialUse.MULTICAST_GENERAL, SpecialUse.ALL_ZONE_SERVERS, SpecialUse.RESERVED_ASN_MULTICAST,
            SpecialUse.PRIVATE_USE_ASN),
            uses("255.255.0.0.224.0.0.2"));
        assertEquals(EnumSet.of(SpecialUse.LIMITED_BROADCAST, SpecialUse.RESERVED_ASN_MAX),
            uses("255.255.255.255.255.255.255.255"));
        assertEquals(EnumSet.of(SpecialUse.RESERVED_ASN_MAX), uses("255.255.255.255.1.2.3.4"));
        assertEquals(EnumSet.of(SpecialUse.RESERVED_ASN_MULTICAST, SpecialUse.PRIVATE_USE_ASN), uses("255.255.240.0.1.2.3.4"));
        assertEquals(EnumSet.of(SpecialUse.RESERVED_ASN_ZONE), uses("127.1.0.0.10.0.0.5"));
        assertEquals(EnumSet.of(SpecialUse.RESERVED_ASN_RINE), uses("100.1.2.3.10.0.0.1"));
    }

    @Test
    void gatewayPairOnUnicastOnly()
    {
        assertEquals(EnumSet.of(SpecialUse.RFC5398_DOCUMENTATION_ASN, SpecialUse.GATEWAY_EVEN), uses("64496.192.0.2.254"));
        assertEquals(EnumSet.of(SpecialUse.RFC5398_DOCUMENTATION_ASN, SpecialUse.GATEWAY_ODD), uses("64496.192.0.2.253"));
        assertEquals(EnumSet.of(SpecialUse.GATEWAY_EVEN, SpecialUse.RESERVED_ASN_ZONE), uses("127.1.0.0.10.0.0.254"));
        assertEquals(EnumSet.of(SpecialUse.GATEWAY_ODD), uses("10.0.0.253"));
        assertFalse(uses("255.255.0.0.1.2.3.254").contains(SpecialUse.GATEWAY_EVEN), "not on multicast r");
        assertFalse(uses("255.255.255.255.1.2.3.254").contains(SpecialUse.GATEWAY_EVEN), "not on broadcast r");
        assertFalse(uses("64496.224.0.0.254").contains(SpecialUse.GATEWAY_EVEN), "not on AS-local multicast");
    }

    @Test
    void asLocalMulticastAndGroups()
    {
        assertEquals(EnumSet.of(SpecialUse.AS_LOCAL_MULTICAST, SpecialUse.ALL_IPV8_ROUTERS,
            SpecialUse.RFC5398_DOCUMENTATION_ASN), uses("64496.224.0.0.1"));
        assertEquals(EnumSet.of(SpecialUse.AS_LOCAL_MULTICAST), uses("224.0.0.1"), "A12; r = 0 groups are IPv4 groups");
        assertEquals(EnumSet.of(SpecialUse.AS_LOCAL_MULTICAST), uses("70000.239.255.255.255"));
        assertEquals(EnumSet.of(SpecialUse.AS_LOCAL_MULTICAST, SpecialUse.RFC5398_DOCUMENTATION_ASN), uses("64496.225.1.2.3"));
        assertTrue(uses("255.255.0.5.224.0.0.5").containsAll(
            EnumSet.of(SpecialUse.MULTICAST_ISIS8, SpecialUse.OSPF8_ALL_ROUTERS)));
        assertTrue(uses("255.255.0.2.224.0.0.10").containsAll(
            EnumSet.of(SpecialUse.MULTICAST_BGP8, SpecialUse.IBGP8_PEER_DISCOVERY)));
        assertTrue(uses("255.255.0.1.224.0.0.6").containsAll(
            EnumSet.of(SpecialUse.MULTICAST_OSPF8, SpecialUse.OSPF8_DESIGNATED_ROUTERS)));
        assertTrue(uses("255.255.0.3.1.2.3.4").contains(SpecialUse.MULTICAST_EIGRP));
        assertTrue(uses("255.255.0.4.1.2.3.4").contains(SpecialUse.MULTICAST_RIP));
        assertFalse(uses("255.255.0.6.224.0.0.1").contains(SpecialUse.MULTICAST_GENERAL));
        assertFalse(uses("255.255.240.0.224.0.0.1").contains(SpecialUse.AS_LOCAL_MULTICAST), "reserved r is not AS-local");
        assertFalse(uses("255.255.240.0.224.0.0.1").contains(SpecialUse.ALL_IPV8_ROUTERS), "reserved r has no groups");
    }

    @ParameterizedTest(name = "ASN {0}: {1}")
    @CsvSource({
        "64511,      RFC5398_DOCUMENTATION_ASN",
        "65536,      RFC5398_DOCUMENTATION_ASN",
        "65551,      RFC5398_DOCUMENTATION_ASN",
        "64512,      PRIVATE_USE_ASN",
        "4200000000, PRIVATE_USE_ASN",
        "4294967294, PRIVATE_USE_ASN",
        "23456,      AS_TRANS",
        "1677721600, RESERVED_ASN_RINE",
        "1694498815, RESERVED_ASN_RINE",
        "2130706432, RESERVED_ASN_ZONE",
        "2147483647, RESERVED_ASN_ZONE",
        "4294901760, RESERVED_ASN_MULTICAST",
        "4294967294, RESERVED_ASN_MULTICAST",
        "4294967295, RESERVED_ASN_MAX",
    })
    void reservedAndSpecialAsnRanges(final long asn, final SpecialUse expected)
    {
        assertTrue(uses(asn + ".1.2.3.4").contains(expected));
    }

    @ParameterizedTest(name = "ASN {0} has no ASN label")
    @CsvSource({"64495", "65552", "1677721599", "1694498816", "2130706431", "2147483648", "4199999999", "65535", "1"})
    void boundariesOfAsnRangesAreExclusive(final long asn)
    {
        assertEquals(EnumSet.noneOf(SpecialUse.class), uses(asn + ".1.2.3.4"));
    }

    @Test
    void describeListsClassThenEveryRange()
    {
        final List<String> lines = Ipv8Address.describe(Ipv8Address.parse("65533.198.51.100.254"));
        assertEquals(List.of(AddressClass.ASN_UNICAST.label(), SpecialUse.DOCUMENTATION_ASN.label(),
            SpecialUse.PRIVATE_USE_ASN.label(), SpecialUse.GATEWAY_EVEN.label()), lines);
    }

    @Test
    void classFlagsAndKeys()
    {
        assertTrue(AddressClass.INTEROP_DMZ.isInternalZone(), "A14: interop DMZ is also internal zone");
        assertTrue(AddressClass.INTERNAL_ZONE.isInternalZone());
        assertFalse(AddressClass.RINE.isInternalZone());
        assertTrue(AddressClass.ASN_UNICAST.isGloballyRoutable());
        assertFalse(AddressClass.RINE.isGloballyRoutable());
        assertEquals("cross_asn_multicast", AddressClass.CROSS_ASN_MULTICAST.key());
        assertEquals("all_ipv8_routers", SpecialUse.ALL_IPV8_ROUTERS.key());
        assertTrue(SpecialUse.values().length <= 64, "bit set fits in a long");
    }

    @Test
    void classifySpecialUseBitsAndAppendersDoNotAllocate()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported(),
            "this JVM cannot count per-thread allocation, so zero allocation cannot be checked here");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)bean;
        counter.setThreadAllocatedMemoryEnabled(true);
        final long[] samples = {
            Ipv8Address.parse("64496.192.0.2.254"), Ipv8Address.parse("255.255.0.0.224.0.0.1"), -1L,
            Ipv8Address.parse("127.127.0.0.1.2.3.4"), Ipv8Address.parse("64496.224.0.0.1"), 0L};
        final StringBuilder log = new StringBuilder(256);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) // warm up so that the measured loop is not the first execution
        {
            sink += Ipv8Address.classify(samples[i % samples.length]).ordinal();
            sink += Ipv8Address.specialUseBits(samples[i % samples.length]);
            appendAll(log, samples[i % samples.length]);
        }
        final long tid = Thread.currentThread().threadId();
        final long before = counter.getThreadAllocatedBytes(tid);
        final int rounds = 100_000;
        for (int i = 0; i < rounds; i++)
        {
            sink += Ipv8Address.classify(samples[i % samples.length]).ordinal();
            sink += Ipv8Address.specialUseBits(samples[i % samples.length]);
            appendAll(log, samples[i % samples.length]);
        }
        final long allocated = counter.getThreadAllocatedBytes(tid) - before;
        // One allocation per round would be >= 16 bytes x 100,000; a few KB can come from one-off JIT/OSR
        // transitions. Less than one byte per round therefore means nothing is allocated per call.
        assertTrue(allocated < rounds, rounds + " rounds allocated " + allocated + " bytes (sink " + sink + ")");
    }

    /** Every append variant into a reused, pre-sized builder, as a logger would. */
    private static void appendAll(final StringBuilder log, final long address)
    {
        log.setLength(0);
        Ipv8Address.appendTo(log, address).append(' ');
        Ipv8Address.appendFullDotted(log, address).append(' ');
        Ipv8Address.appendAsnDot(log, address).append(' ');
        Ipv8Address.appendHyphen(log, address).append(' ');
        Ipv8Address.appendHex(log, address).append(' ');
        Ipv8Address.appendIpv4(log, (int)address);
    }
}
