package org.ipv8router.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCheckCommandTest
{
    @TempDir
    Path dir;

    private Path write(final String name, final String text) throws IOException
    {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void goodFileIsOkWithASummary() throws IOException
    {
        final Path file = write("good.conf", """
            ipv8 routing
            ipv8 asn 64496
            interface eth0
             ipv8 address 64496.192.0.2.254/24
            """);
        final CliRun run = CliRun.of("config", "check", file.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(file + ": OK\n" +
            "  ipv8 routing on, asn 64496 (r 0.0.251.240)\n" +
            "  ethertype 0x8080, accept-v8-on-0800 on, egress-validation off\n" +
            "  interface eth0: role internal, mtu 1500, 64496.192.0.2.254/56\n" +
            "  arp8: probe-gap 50 ms, round-interval 1000 ms, rounds 3, arp4-grace 1000 ms, reachable-time 30 s, " +
            "hard-lifetime 14400 s, failed-time 20 s, queue-per-neighbor 32\n" +
            "  no router bgp8 block (BGP8 off)\n" +
            "  1 interface(s), 0 static route(s), 0 static neighbor(s), 0 8to4 peer(s), 0 zone permit(s)\n", run.out());
        assertEquals("", run.err());

        final CliRun json = CliRun.of("config", "check", "--json", file.toString());
        assertEquals(ExitCode.OK, json.exitCode());
        final JsonNode node = Json.MAPPER.readTree(json.out());
        assertTrue(node.get("ok").asBoolean());
        assertEquals(file.toString(), node.get("file").asText());
        assertEquals(64496, node.at("/summary/asn").asLong());
        assertEquals("eth0", node.at("/summary/interfaces/0/name").asText());
        assertEquals("64496.192.0.2.254/56", node.at("/summary/interfaces/0/addresses/0").asText());
    }

    @Test
    void badFileNamesLineAndColumnAndExitsOne() throws IOException
    {
        final Path file = write("bad.conf", """
            ipv8 routing
            interface eth0
             ipv8 role outside
            """);
        final CliRun run = CliRun.of("config", "check", file.toString());
        assertEquals(ExitCode.FAILURE, run.exitCode());
        assertEquals("", run.out());
        assertEquals("ipv8 config check: " + file + ":3:12: unknown role 'outside'; expected internal, external, " +
            "rine or interior-link\n", run.err());

        final CliRun json = CliRun.of("config", "check", "--json", file.toString());
        assertEquals(ExitCode.FAILURE, json.exitCode());
        final JsonNode node = Json.MAPPER.readTree(json.out());
        assertEquals(false, node.get("ok").asBoolean());
        assertEquals(3, node.get("line").asInt());
        assertEquals(12, node.get("column").asInt());
        assertTrue(node.get("error").asText().startsWith("unknown role 'outside'"));
    }

    @Test
    void missingFileAndWrongActions()
    {
        final CliRun missing = CliRun.of("config", "check", dir.resolve("nope.conf").toString());
        assertEquals(ExitCode.FAILURE, missing.exitCode());
        assertTrue(missing.err().startsWith("ipv8 config check: cannot read " + dir.resolve("nope.conf")), missing.err());

        final CliRun action = CliRun.of("config", "apply", "x.conf");
        assertEquals(ExitCode.USAGE, action.exitCode());
        assertTrue(action.err().startsWith("ipv8 config: unknown config action 'apply'; expected 'check'"), action.err());
        assertEquals(ExitCode.USAGE, CliRun.of("config", "check").exitCode());
    }
}
