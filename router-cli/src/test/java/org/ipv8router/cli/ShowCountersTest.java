package org.ipv8router.cli;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.NodeCounters;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.wire.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code show counters} against a counters file written here with the data plane's own writer. */
class ShowCountersTest
{
    @TempDir
    Path dir;

    private DataplaneCounters write(final Path file)
    {
        final DataplaneCounters counters = DataplaneCounters.create(file, 256, true);
        final PortCounters eth0 = counters.newPortCounters(0, "eth0");
        counters.newPortCounters(1, "eth1"); // all zero: hidden in text
        eth0.onReceive(100, 12_800);
        eth0.onTransmit(99, 12_672);
        final NodeCounters node = counters.newNodeCounters("fwd0", 3, "ip8-lookup");
        for (int i = 0; i < 4; i++)
        {
            node.onVector(25);
        }
        counters.newNodeCounters("fwd0", 4, "idle-node");
        counters.dropReasons().register(DropReason.TTL_EXPIRED.ordinal(), DropReason.TTL_EXPIRED.label(),
            DropReason.TTL_EXPIRED.description()).getAndAdd(3);
        counters.dropReasons().register(DropReason.NO_ROUTE.ordinal(), DropReason.NO_ROUTE.label(),
            DropReason.NO_ROUTE.description());
        counters.newCounter(CounterTypes.AGENT_ERRORS, 0, "agent fwd0 errors").getAndAdd(2);
        return counters;
    }

    @Test
    void textShowsNonZeroCountersGroupedByPortNodeAndDropReason()
    {
        final Path file = dir.resolve("counters.dat");
        try (DataplaneCounters ignored = write(file))
        {
            final CliRun run = CliRun.of("show", "counters", "--counters", file.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            final List<String> lines = run.out().lines().toList();
            assertTrue(lines.getFirst().startsWith("Counters " + file + "  writer pid " + ProcessHandle.current().pid() +
                " (running)"), lines.getFirst());
            assertTrue(run.out().contains(String.format("%-16s %14d %16d %10d %14d %16d %10d%n", "eth0", 100, 12_800, 0, 99,
                12_672, 0)), run.out());
            assertFalse(run.out().contains("eth1"), "zero rows are left out");
            assertTrue(run.out().contains(String.format("%-28s %-12s %14d %16d%n", "ip8-lookup", "fwd0", 4, 100)));
            assertFalse(run.out().contains("idle-node"));
            assertTrue(run.out().contains(String.format("%-30s %14d  %s%n", "ttl_expired", 3,
                DropReason.TTL_EXPIRED.description())), run.out());
            assertFalse(run.out().contains("no_route"));
            assertFalse(run.out().contains("next-unset"), "zero engine drop reasons hidden too");
            assertTrue(run.out().contains(String.format("%-50s %16d%n", "agent fwd0 errors", 2)));

            final CliRun all = CliRun.of("show", "counters", "--all", "--counters", file.toString());
            assertTrue(all.out().contains("eth1") && all.out().contains("idle-node") && all.out().contains("no_route"));
        }
    }

    @Test
    void jsonHasEveryCounterWithStableKeys() throws Exception
    {
        final Path file = dir.resolve("counters.dat");
        try (DataplaneCounters ignored = write(file))
        {
            final CliRun run = CliRun.of("show", "counters", "--json", "--counters", file.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            final JsonNode node = Json.MAPPER.readTree(run.out());
            assertEquals(file.toString(), node.get("file").asText());
            assertEquals(ProcessHandle.current().pid(), node.get("writer_pid").asLong());
            assertTrue(node.get("writer_alive").asBoolean());
            assertTrue(node.has("created_at") && node.has("timestamp"));
            assertFalse(node.has("interval_s"));
            assertEquals(2, node.get("ports").size());
            final JsonNode eth0 = node.get("ports").get(0);
            assertEquals(List.of("index", "name", "rx_packets", "rx_bytes", "rx_drops", "tx_packets", "tx_bytes", "tx_drops"),
                fieldNames(eth0));
            assertEquals("eth0", eth0.get("name").asText());
            assertEquals(12_672, eth0.get("tx_bytes").asLong());
            assertEquals(0, node.get("ports").get(1).get("rx_packets").asLong());
            final JsonNode lookup = node.get("nodes").get(0);
            assertEquals(List.of("graph", "index", "name", "vectors", "packets"), fieldNames(lookup));
            assertEquals(3, lookup.get("index").asInt());
            assertEquals(2, node.get("nodes").size());
            JsonNode ttl = null;
            for (final JsonNode d : node.get("drops"))
            {
                assertEquals(List.of("code", "reason", "description", "packets"), fieldNames(d));
                if (d.get("reason").asText().equals("ttl_expired"))
                {
                    ttl = d;
                }
            }
            assertEquals(DropReason.TTL_EXPIRED.ordinal(), ttl.get("code").asInt());
            assertEquals(3, ttl.get("packets").asLong());
            assertEquals(2 + 7, node.get("drops").size(), "two protocol + seven engine reasons");
            assertEquals("agent-errors", node.get("other").get(0).get("type").asText());
        }
    }

    @Test
    void watchPrintsRatesBetweenSnapshots() throws Exception
    {
        final Path file = dir.resolve("counters.dat");
        try (DataplaneCounters counters = write(file))
        {
            final CliRun run = CliRun.of("show", "counters", "--watch", "0.2", "--count", "2", "--json",
                "--counters", file.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            final List<String> lines = run.out().lines().toList();
            assertEquals(2, lines.size(), "JSON Lines, one per redraw: " + run.out());
            final JsonNode first = Json.MAPPER.readTree(lines.get(0));
            final JsonNode second = Json.MAPPER.readTree(lines.get(1));
            assertFalse(first.has("interval_s"));
            assertTrue(second.get("interval_s").asDouble() >= 0.19, second.toString());
            assertEquals(0.0, second.get("ports").get(0).get("rx_pps").asDouble(), "no traffic between the two");

            final CliRun text = CliRun.of("show", "counters", "--watch", "0.1", "--count", "2", "--counters", file.toString());
            assertEquals(ExitCode.OK, text.exitCode(), text.err());
            assertTrue(text.out().contains("rates over the last"), text.out());
            assertTrue(text.out().contains("Rx pps"), text.out());
        }
    }

    @Test
    void errorsAreNamed()
    {
        final CliRun missing = CliRun.of("show", "counters", "--counters", dir.resolve("none.dat").toString());
        assertEquals(ExitCode.FAILURE, missing.exitCode());
        assertTrue(missing.err().startsWith("ipv8 show counters: counters file " + dir.resolve("none.dat") +
            " does not exist"), missing.err());
        assertEquals(ExitCode.USAGE, CliRun.of("show", "counters", "5").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("show", "counters", "--watch", "fast").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("show", "counters", "--count", "2").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("show", "version", "--watch").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("show", "counters", "--instance", "a", "--counters", "b").exitCode());
    }

    private static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
