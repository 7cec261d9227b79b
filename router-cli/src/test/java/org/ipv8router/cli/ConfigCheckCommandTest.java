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
            "  return-flow entries 65536, idle-timeout 300 s, tcp-idle-timeout 7440 s, 0 egress permit(s)\n" +
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
    void gatewayPairIsSummarised() throws IOException
    {
        final Path file = write("pair.conf", """
            ipv8 asn 64496
            interface seg0
             ipv8 address 64496.192.0.2.253/24
             ipv8 gateway-pair odd peer 64496.192.0.2.254 vlan 7
            """);
        final CliRun run = CliRun.of("config", "check", file.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("  interface seg0: role internal, mtu 1500, 64496.192.0.2.253/56, gateway-pair odd " +
            "peer 64496.192.0.2.254 vlan 7\n"), run.out());
        final JsonNode node = Json.MAPPER.readTree(CliRun.of("config", "check", "--json", file.toString()).out());
        assertEquals("odd", node.at("/summary/interfaces/0/gateway_pair/parity").asText());
        assertEquals(7, node.at("/summary/interfaces/0/gateway_pair/vlan").asInt());

        final Path bad = write("badpair.conf", "interface seg0\n ipv8 address 64496.192.0.2.253/24\n" +
            " ipv8 gateway-pair even peer 64496.192.0.2.254\n");
        final CliRun refused = CliRun.of("config", "check", bad.toString());
        assertEquals(ExitCode.FAILURE, refused.exitCode());
        assertTrue(refused.err().contains(bad + ":3:2: interface seg0: gateway-pair even peer 64496.192.0.2.254: " +
            "the even member must be 64496.192.0.2.254"), refused.err());
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
