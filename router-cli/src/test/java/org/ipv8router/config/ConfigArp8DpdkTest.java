package org.ipv8router.config;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.cli.Commands;
import org.ipv8router.config.ConfigModel.DpdkSettings;
import org.ipv8router.dataplane.neighbor.Arp8Timers;
import org.ipv8router.dpdk.EalConfig;
import org.ipv8router.dpdk.HugepageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 grammar: {@code ipv8 arp8 ...} neighbour timers and the {@code dpdk} EAL block, every keyword and error,
 * their part of the reload diff (restart needed) and of the {@code config check} summary, which now also shows the
 * {@code router bgp8} and {@code whois8} blocks.
 */
class ConfigArp8DpdkTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static RouterConfig parse(final String text) throws ConfigException
    {
        return ConfigParser.parse("t.conf", text);
    }

    @Test
    void withoutTheLinesTheSpecDefaultsHold() throws ConfigException
    {
        final RouterConfig c = parse("ipv8 routing\n");
        assertEquals(Arp8Timers.DEFAULTS, c.arp8Timers());
        assertSame(DpdkSettings.DEFAULTS, c.dpdk());
        assertEquals(0, c.dpdk().line());
    }

    @Test
    void everyArp8KnobIsRead() throws ConfigException
    {
        final RouterConfig c = parse("""
            ipv8 arp8 probe-gap 20
            ipv8 arp8 round-interval 500
            ipv8 arp8 rounds 5
            ipv8 arp8 arp4-grace 300
            ipv8 arp8 reachable-time 60
            ipv8 arp8 hard-lifetime 3600
            ipv8 arp8 failed-time 5
            ipv8 arp8 queue-per-neighbor 8
            """);
        assertEquals(new Arp8Timers(20 * MS, 500 * MS, 5, 300 * MS, 60 * S, 3600 * S, 5 * S, 8), c.arp8Timers());
        // And they reach the data plane's spec.
        assertEquals(c.arp8Timers(), RouterBuilder.toSpec(c, org.ipv8router.dataplane.fib.Dir24_8.Layout.DIR_16_8_8)
            .arp8Timers());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing knob          | ipv8 arp8                                 | 1 | 10 | incomplete statement
        unknown knob          | ipv8 arp8 retries 3                       | 1 | 11 | unknown ARP8 knob 'retries'
        missing value         | ipv8 arp8 rounds                          | 1 | 17 | incomplete statement: expected 'ipv8 arp8 rounds N'
        extra word            | ipv8 arp8 rounds 3 4                      | 1 | 20 | unexpected '4'
        not a number          | ipv8 arp8 probe-gap 50ms                  | 1 | 21 | expected a number 0..60000
        rounds zero           | ipv8 arp8 rounds 0                        | 1 | 18 | outside 1..100
        round interval zero   | ipv8 arp8 round-interval 0                | 1 | 26 | outside 1..600000
        reachable zero        | ipv8 arp8 reachable-time 0                | 1 | 26 | outside 1..86400
        hard lifetime range   | ipv8 arp8 hard-lifetime 604801            | 1 | 25 | outside 1..604800
        failed time range     | ipv8 arp8 failed-time 86401               | 1 | 23 | outside 0..86400
        queue range           | ipv8 arp8 queue-per-neighbor 1025         | 1 | 30 | outside 0..1024
        arp4 grace range      | ipv8 arp8 arp4-grace 60001                | 1 | 22 | outside 0..60000
        gap not below round   | ipv8 arp8 probe-gap 1000                  | 1 | 21 | probe-gap 1000 ms must be shorter than the round-interval 1000 ms
        hard below reachable  | ipv8 arp8 hard-lifetime 10                | 1 | 25 | hard-lifetime 10 s must be at least the reachable-time 30 s
        """)
    void arp8Errors(final String name, final String text, final int line, final int column, final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.conf:" + line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void crossKnobErrorsPointAtTheLineThatWasWritten()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> parse("ipv8 arp8 probe-gap 40\nipv8 routing\nipv8 arp8 round-interval 30\n"));
        assertEquals("t.conf:1:21: ARP8 probe-gap 40 ms must be shorter than the round-interval 30 ms", e.getMessage());
        final ConfigException r = assertThrows(ConfigException.class, () -> parse("ipv8 arp8 reachable-time 20000\n"));
        assertEquals("t.conf:1:26: ARP8 hard-lifetime 14400 s must be at least the reachable-time 20000 s",
            r.getMessage());
    }

    static final String DPDK_BLOCK = """
        ipv8 routing
        dpdk
         lcores 1-2
         main-lcore 2
         hugepages on
         memory 1024
         socket-mem 1024,0
         file-prefix r1
         in-memory off
         pci off
         log-level lib.eal:debug
         vdev net_null0
         vdev net_null1,size=64
         extra --iova-mode va
         extra -a 0000:00:04.0
        interface p0
         port dpdk net_null0
        """;

    @Test
    void everyDpdkKeywordIsReadAndBecomesEalArguments() throws ConfigException
    {
        final DpdkSettings d = parse(DPDK_BLOCK).dpdk();
        assertEquals(new DpdkSettings("1-2", 2, "on", 1024, "1024,0", "r1", false, false, "lib.eal:debug",
            List.of("net_null0", "net_null1,size=64"), List.of("--iova-mode", "va", "-a", "0000:00:04.0"), 2), d);
        final EalConfig eal = Commands.ealConfig(d);
        final List<String> args = eal.plan(new HugepageInfo(512, 512, 2048, "/dev/hugepages")).args();
        assertEquals(List.of("ipv8-router", "-l", "1-2", "--main-lcore=2", "--file-prefix=r1", "--no-pci",
            "--no-telemetry", "--log-level=lib.eal:debug", "--vdev=net_null0", "--vdev=net_null1,size=64",
            "--socket-mem=1024,0", "--iova-mode", "va", "-a", "0000:00:04.0"), args);
    }

    @Test
    void noHugeAndTheDaemonDefaults() throws ConfigException
    {
        final DpdkSettings d = parse("dpdk\n no-huge\n memory 256\n").dpdk();
        assertEquals("off", d.hugepages());
        final List<String> args = Commands.ealConfig(d).plan(new HugepageInfo(512, 512, 2048, "/dev/hugepages")).args();
        assertTrue(args.containsAll(List.of("--no-huge", "-m", "256")), args.toString());
        assertFalse(args.contains("--no-pci"), "the daemon scans PCI by default: " + args);
        final List<String> defaults = Commands.ealConfig(DpdkSettings.DEFAULTS)
            .plan(new HugepageInfo(512, 512, 2048, "/dev/hugepages")).args();
        assertEquals(List.of("ipv8-router", "-l", "0", "--file-prefix=ipv8", "--no-telemetry",
            "--log-level=lib.eal:notice", "--in-memory"), defaults);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        header with a word    | 'dpdk now'                        | 1 | 6  | unexpected 'now'
        unknown statement     | ' lcore 0'                        | 2 | 2  | unknown dpdk statement 'lcore'
        bad lcores            | ' lcores 0-a'                     | 2 | 9  | an lcore list is written like
        lcores missing        | ' lcores'                         | 2 | 8  | incomplete statement
        main lcore range      | ' main-lcore 1024'                | 2 | 13 | outside 0..1023
        hugepages value       | ' hugepages maybe'                | 2 | 12 | expected 'auto', 'on' or 'off'
        no-huge with a word   | ' no-huge 1'                      | 2 | 10 | unexpected '1'
        memory range          | ' memory 32'                      | 2 | 9  | outside 64..1048576
        socket-mem form       | ' socket-mem 1G'                  | 2 | 13 | socket-mem is megabytes per NUMA socket
        file prefix form      | ' file-prefix a/b'                | 2 | 14 | a file prefix is 1-32 characters
        in-memory value       | ' in-memory yes'                  | 2 | 12 | expected 'on' or 'off'
        pci value             | ' pci maybe'                      | 2 | 6  | expected 'on' or 'off'
        log-level missing     | ' log-level'                      | 2 | 11 | incomplete statement
        vdev with spaces      | ' vdev net_null0 size=64'         | 2 | 17 | unexpected 'size=64'
        extra missing         | ' extra'                          | 2 | 7  | incomplete statement: expected 'extra ARG...'
        vdev missing          | ' vdev'                            | 2 | 6  | incomplete statement: expected 'vdev DEVICE-ARGS
        main lcore missing    | ' main-lcore'                     | 2 | 12 | incomplete statement: expected 'main-lcore N'
        main lcore not number | ' main-lcore x'                   | 2 | 13 | expected a number 0..1023
        memory missing        | ' memory'                         | 2 | 8  | incomplete statement: expected 'memory MB'
        socket-mem missing    | ' socket-mem'                     | 2 | 12 | incomplete statement
        file-prefix missing   | ' file-prefix'                    | 2 | 13 | incomplete statement
        hugepages missing     | ' hugepages'                      | 2 | 11 | incomplete statement
        exit with a word      | ' exit now'                       | 2 | 7  | unexpected 'now'
        dpdk line in a block  | ' dpdk'                           | 2 | 2  | unknown dpdk statement 'dpdk'
        """)
    void dpdkErrors(final String name, final String statement, final int line, final int column, final String expected)
    {
        final String text = statement.startsWith("dpdk") ? statement + "\n" : "dpdk\n" + statement + "\n";
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void dpdkCrossChecks()
    {
        ConfigException e = assertThrows(ConfigException.class,
            () -> parse("dpdk\n hugepages off\n socket-mem 512\n"));
        assertEquals("t.conf:3:2: dpdk: socket-mem needs hugepages, but the block says 'hugepages off' / 'no-huge' " +
            "(use 'memory MB' without hugepages)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("dpdk\n lcores 0,2-3\n main-lcore 1\n"));
        assertEquals("t.conf:3:13: dpdk: main-lcore 1 is not in the lcores list '0,2-3'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("dpdk\n lcores 1\ndpdk\n"));
        assertEquals("t.conf:3:1: 'dpdk' is already defined at line 1", e.getMessage());
        assertEquals("3", assertDoesNotThrowParse("dpdk\n lcores 0,2-3\n main-lcore 3\n").dpdk().mainLcore() + "");
    }

    private static RouterConfig assertDoesNotThrowParse(final String text)
    {
        try
        {
            return parse(text);
        }
        catch (final ConfigException e)
        {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void arp8AndEalChangesNeedARestartAndSayWhy() throws ConfigException
    {
        final ConfigDiff diff = ConfigDiff.between(parse("ipv8 routing\n"),
            parse("ipv8 routing\nipv8 arp8 reachable-time 45\ndpdk\n lcores 1\n no-huge\n"));
        assertEquals(List.of("ipv8 arp8 reachable-time: 30 s -> 45 s", "dpdk lcores: 0 -> 1",
            "dpdk hugepages: auto -> off"), diff.globals().stream().map(g -> g.knob() + ": " + g.before() + " -> " +
            g.after()).toList());
        assertEquals(List.of(
            "ipv8 arp8 reachable-time 30 s -> 45 s: neighbour caches and their packet queues are built at start",
            "dpdk lcores 0 -> 1: the DPDK EAL is initialised once per process (restart the daemon)",
            "dpdk hugepages auto -> off: the DPDK EAL is initialised once per process (restart the daemon)"),
            diff.restartRequired());
        assertTrue(diff.summaryLines().contains("needs restart: dpdk lcores 0 -> 1: the DPDK EAL is initialised once " +
            "per process (restart the daemon)"), diff.summaryLines().toString());
        assertTrue(ConfigDiff.between(parse(DPDK_BLOCK), parse(DPDK_BLOCK)).isEmpty());
    }

    @Test
    void theSummaryShowsArp8DpdkBgp8AndWhois8() throws ConfigException
    {
        final RouterConfig c = parse(DPDK_BLOCK + "ipv8 arp8 rounds 4\n" + ConfigBgp8Test.FULL.replace("ipv8 routing\n", ""));
        final List<String> lines = ConfigSummary.lines(c);
        assertTrue(lines.contains("interface p0: role internal, mtu 1500, no address, port dpdk"), lines.toString());
        assertTrue(lines.contains("arp8: probe-gap 50 ms, round-interval 1000 ms, rounds 4, arp4-grace 1000 ms, " +
            "reachable-time 30 s, hard-lifetime 14400 s, failed-time 20 s, queue-per-neighbor 32"), lines.toString());
        assertTrue(lines.contains("dpdk: lcores 1-2, main-lcore 2, hugepages on, memory 1024, socket-mem 1024,0, " +
            "file-prefix r1, in-memory off, pci off, log-level lib.eal:debug, vdev net_null0 net_null1,size=64, " +
            "extra --iova-mode va -a 0000:00:04.0"), lines.toString());
        assertTrue(lines.contains("router bgp8 64496: router-id 192.0.2.1, listen 127.0.0.1 port 1790, 2 neighbor(s), " +
            "1 network(s)"), lines.toString());
        assertTrue(lines.contains("  neighbor 203.0.113.2 remote-as 64497 port 1791 passive max-prefix 1000 link-cost 7"),
            lines.toString());
        assertTrue(lines.contains("  neighbor 203.0.113.6 remote-as 64498"), lines.toString());
        assertTrue(lines.contains("  network 64496.192.0.2.0/24"), lines.toString());
        assertTrue(lines.contains("whois8: registry https://whois8.example:8443, trust-anchor /etc/ipv8/anchors.txt, " +
            "ca /etc/ipv8/ca.pem, mode per-rn, poll 60 s"), lines.toString());

        final JsonNode json = ConfigSummary.json(c);
        assertEquals(4, json.at("/arp8/rounds").asInt());
        assertEquals(50, json.at("/arp8/probe_gap_ms").asInt());
        assertTrue(json.at("/dpdk/configured").asBoolean());
        assertEquals("1-2", json.at("/dpdk/lcores").asText());
        assertEquals("1024,0", json.at("/dpdk/socket_mem").asText());
        assertEquals(64496, json.at("/bgp8/asn").asLong());
        assertEquals("192.0.2.1", json.at("/bgp8/router_id").asText());
        assertEquals(1790, json.at("/bgp8/listen/port").asInt());
        assertEquals("203.0.113.2", json.at("/bgp8/neighbors/0/address").asText());
        assertTrue(json.at("/bgp8/neighbors/0/passive").asBoolean());
        assertEquals("64496.192.0.2.0/24", json.at("/bgp8/networks/0").asText());
        assertEquals("per-rn", json.at("/whois8/mode").asText());
        assertEquals(60, json.at("/whois8/poll_seconds").asInt());

        final List<String> plain = ConfigSummary.lines(parse("ipv8 routing\nrouter bgp8 64496\n router-id 1.2.3.4\n"));
        assertTrue(plain.contains("router bgp8 64496: router-id 1.2.3.4, no listener, 0 neighbor(s), 0 network(s)"),
            plain.toString());
        assertTrue(plain.contains("no whois8 block: BGP8 routes are not validated (allow-all)"), plain.toString());
        assertFalse(plain.stream().anyMatch(l -> l.startsWith("dpdk")), "no dpdk line without DPDK ports: " + plain);
        assertTrue(ConfigSummary.json(parse("ipv8 routing\n")).get("bgp8").isNull());
    }
}
