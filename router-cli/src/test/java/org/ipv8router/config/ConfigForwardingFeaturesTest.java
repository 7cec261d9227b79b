package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Acl8Rule;
import org.ipv8router.dataplane.forward.EgressPermit;
import org.ipv8router.dataplane.forward.EgressValidationMode;
import org.ipv8router.dataplane.forward.ReturnFlowTable;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.wire.IpProtocols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config of the optional forwarding features: {@code ipv8 return-flow} (spec 3.5), {@code ipv8 egress-permit}
 * with {@code ipv8 egress-validation} (7.5) and the interface-level {@code ipv8 acl8 permit} (7.6): every keyword,
 * every error with file:line:col, the mapping to the data plane's {@link RouterSpec}, and the reload diff.
 */
class ConfigForwardingFeaturesTest
{
    static final String FEATURES = """
        ipv8 routing
        ipv8 asn 64496
        ipv8 return-flow entries 1024
        ipv8 return-flow idle-timeout 60
        ipv8 return-flow tcp-idle-timeout 3600
        ipv8 egress-validation enforce
        ipv8 egress-permit 64496.192.0.2.1 64497.198.51.100.7
        ipv8 egress-permit 64496.192.0.2.0/24 asn 64497
        ipv8 egress-permit any asn 64498
        interface p0
         ipv8 address 64496.192.0.2.254/24
         ipv8 acl8 permit 64496.192.0.2.0/24 64496.10.1.0.0/24 protocol udp port 53
         ipv8 acl8 permit any 64497.0.0.0.0/0 protocol icmp8
         ipv8 acl8 permit 192.0.2.1 any protocol 47
        interface p1
         ipv8 address 203.0.113.1/30
         ipv8 role external
        """;

    static long a(final long asn, final int o0, final int o1, final int o2, final int o3)
    {
        return (asn << 32) | ((long)o0 << 24) | ((long)o1 << 16) | ((long)o2 << 8) | o3;
    }

    @Test
    void everyFeatureKeywordIsRead() throws ConfigException
    {
        final RouterConfig c = ConfigParser.parse("f.conf", FEATURES);
        assertEquals(1024, c.returnFlowEntries());
        assertEquals(60, c.returnFlowIdleTimeout());
        assertEquals(3600, c.returnFlowTcpIdleTimeout());
        assertEquals(RouterConfig.EgressValidation.ENFORCE, c.egressValidation());
        assertEquals(List.of(
                EgressPermit.toAddress(a(64496, 192, 0, 2, 1), a(64497, 198, 51, 100, 7)),
                new EgressPermit(a(64496, 192, 0, 2, 0), 56, 0, true, 64497),
                new EgressPermit(0, 0, 0, true, 64498)),
            c.egressPermits().stream().map(ConfigModel.EgressPermitEntry::permit).toList());
        assertEquals(7, c.egressPermits().getFirst().line());
        final InterfaceConfig p0 = c.findInterface("p0");
        assertEquals(List.of(
                new Acl8Rule(a(64496, 192, 0, 2, 0), 56, a(64496, 10, 1, 0, 0), 56, IpProtocols.UDP, 53),
                new Acl8Rule(0, 0, a(64497, 0, 0, 0, 0), 32, IpProtocols.ICMP, Acl8Rule.ANY),
                new Acl8Rule(0xC0000201L, 64, 0, 0, 47, Acl8Rule.ANY)),
            p0.acl8Rules());
        assertEquals(12, p0.acl8().getFirst().line());
        assertTrue(c.findInterface("p1").acl8().isEmpty());
    }

    @Test
    void defaultsAreTheSpecValues() throws ConfigException
    {
        final RouterConfig c = ConfigParser.parse("d.conf", ConfigParserTest.FOUR_LINES);
        assertEquals(ReturnFlowTable.DEFAULT_MAX_ENTRIES, c.returnFlowEntries());
        assertEquals(300, c.returnFlowIdleTimeout());
        assertEquals(7440, c.returnFlowTcpIdleTimeout());
        assertTrue(c.egressPermits().isEmpty());
        final RouterSpec spec = RouterBuilder.toSpec(c, Dir24_8.Layout.DIR_16_8_8);
        assertEquals(RouterSpec.ReturnFlow.DEFAULTS, spec.returnFlow());
        assertEquals(EgressValidationMode.OFF, spec.egressValidation());
        assertTrue(spec.acl8().isEmpty(), "no ACL8 = no filtering");
        assertFalse(spec.icmpOnFilter());
        assertTrue(RouterBuilder.warnings(c).isEmpty());
    }

    @Test
    void builderCarriesEverythingToTheDataPlane() throws ConfigException
    {
        final RouterConfig c = ConfigParser.parse("f.conf", FEATURES + "ipv8 icmp-on-filter on\n");
        final RouterSpec spec = RouterBuilder.toSpec(c, Dir24_8.Layout.DIR_16_8_8);
        assertEquals(new RouterSpec.ReturnFlow(1024, 60, 3600), spec.returnFlow());
        assertEquals(EgressValidationMode.ENFORCE, spec.egressValidation());
        assertEquals(3, spec.egressPermits().size());
        assertEquals(1, spec.acl8().size());
        assertEquals("p0", spec.acl8().getFirst().interfaceName());
        assertEquals(c.findInterface("p0").acl8Rules(), spec.acl8().getFirst().rules());
        assertTrue(spec.icmpOnFilter());
        final List<String> warnings = RouterBuilder.warnings(c);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("border (role/zone) filter drops"), warnings.toString());
        assertFalse(String.join(" ", warnings).contains("not implemented"), "egress validation is implemented now");

        final RouterConfig off = ConfigParser.parse("o.conf", ConfigParserTest.FOUR_LINES + "ipv8 return-flow entries 0\n" +
            "ipv8 egress-validation enforce\n");
        assertEquals(RouterSpec.ReturnFlow.OFF, RouterBuilder.toSpec(off, Dir24_8.Layout.DIR_16_8_8).returnFlow());
        assertTrue(RouterBuilder.warnings(off).getFirst().contains("enforce with no 'ipv8 egress-permit'"));
    }

    @Test
    void rulesPrintAsTheyAreWrittenAndReadBack() throws ConfigException
    {
        final RouterConfig c = ConfigParser.parse("f.conf", FEATURES);
        final StringBuilder again = new StringBuilder("interface p0\n");
        for (final Acl8Rule r : c.findInterface("p0").acl8Rules())
        {
            again.append(" ipv8 acl8 ").append(r).append('\n');
        }
        for (final ConfigModel.EgressPermitEntry e : c.egressPermits())
        {
            again.append("ipv8 egress-permit ").append(e.permit()).append('\n');
        }
        final RouterConfig back = ConfigParser.parse("again.conf", again.toString());
        assertEquals(c.findInterface("p0").acl8Rules(), back.findInterface("p0").acl8Rules(), again.toString());
        assertEquals(c.egressPermits().stream().map(ConfigModel.EgressPermitEntry::permit).toList(),
            back.egressPermits().stream().map(ConfigModel.EgressPermitEntry::permit).toList(), again.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        entries too big      | ipv8 return-flow entries 2000000                      | 26 | outside 0..1048576
        return-flow knob     | ipv8 return-flow size 10                              | 18 | expected 'entries', 'idle-timeout' or 'tcp-idle-timeout'
        idle timeout 0       | ipv8 return-flow idle-timeout 0                       | 31 | outside 1..86400
        tcp timeout word     | ipv8 return-flow tcp-idle-timeout long                | 35 | expected a number
        entries missing      | ipv8 return-flow entries                              | 25 | incomplete statement
        permit incomplete    | ipv8 egress-permit 64496.192.0.2.1                    | 35 | incomplete statement
        permit to any        | ipv8 egress-permit 64496.192.0.2.1 any                | 36 | one address or 'asn ASN'
        permit to prefix     | ipv8 egress-permit 64496.192.0.2.1 64497.0.0.0.0/8    | 36 | one address or 'asn ASN'
        permit asn keyword   | ipv8 egress-permit 64496.192.0.2.1 as 64497           | 36 | expected 'asn', found 'as'
        permit host bits     | ipv8 egress-permit 64496.192.0.2.1/24 64497.1.2.3.4   | 20 | bad prefix
        permit bad asn       | ipv8 egress-permit 64496.192.0.2.1 asn 99999999999    | 40 | asplain
        permit bad address   | ipv8 egress-permit 64496.192.0.2.1 64497.1.2.3.999    | 36 | bad address
        permit trailing      | ipv8 egress-permit 64496.192.0.2.1 asn 64497 now      | 46 | unexpected 'now'
        acl8 outside block   | ipv8 acl8 permit any any                              | 6  | inside an interface block
        """)
    void globalErrorsNameLineColumnAndWhatWasExpected(final String name, final String text, final int column,
        final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("bad.conf", text));
        assertEquals(1, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.conf:1:" + column + ": "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not permit           | ' ipv8 acl8 deny any any'                               | 12 | expected 'permit', found 'deny'
        no destination       | ' ipv8 acl8 permit any'                                 | 22 | incomplete statement
        port without proto   | ' ipv8 acl8 permit any any port 53'                     | 27 | needs 'protocol tcp' or 'protocol udp'
        port with icmp8      | ' ipv8 acl8 permit any any protocol icmp8 port 7'       | 42 | needs 'protocol tcp' or 'protocol udp'
        protocol range       | ' ipv8 acl8 permit any any protocol 300'                | 36 | outside 0..255
        protocol name        | ' ipv8 acl8 permit any any protocol sctp'               | 36 | expected a number
        port range           | ' ipv8 acl8 permit any any protocol udp port 70000'     | 45 | outside 0..65535
        protocol missing     | ' ipv8 acl8 permit any any protocol'                    | 35 | incomplete statement
        port missing         | ' ipv8 acl8 permit any any protocol tcp port'           | 44 | incomplete statement
        unknown option       | ' ipv8 acl8 permit any any vlan 5'                      | 27 | unexpected 'vlan'
        protocol twice       | ' ipv8 acl8 permit any any protocol udp protocol tcp'   | 40 | 'protocol' is given twice
        port twice           | ' ipv8 acl8 permit any any protocol udp port 1 port 2'  | 47 | 'port' is given twice
        source host bits     | ' ipv8 acl8 permit 10.0.0.1/8 any'                      | 19 | bad prefix
        bad destination      | ' ipv8 acl8 permit any 1.2.3.999'                       | 23 | bad address
        """)
    void acl8ErrorsNameLineColumnAndWhatWasExpected(final String name, final String statement, final int column,
        final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigParser.parse("if.conf", "interface p0\n" + statement + "\n"));
        assertEquals(2, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("if.conf:2:" + column + ": "), e.getMessage());
    }

    @Test
    void acl8IsForInternalInterfacesOnlyWhereverTheRoleIsWritten()
    {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("r.conf",
            "interface p0\n ipv8 role external\n ipv8 acl8 permit any any\n"));
        assertEquals("r.conf:3:2: interface p0: ACL8 applies on internal interfaces only (spec 7.6), this one has " +
            "role external", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("r.conf",
            "interface p0\n ipv8 acl8 permit any any\n ipv8 role rine\ninterface p1\n"));
        assertEquals(2, e.line(), "the role written after the rule counts too");
        assertTrue(e.getMessage().contains("role rine"), e.getMessage());
    }

    @Test
    void acl8RuleCountIsBounded() throws ConfigException
    {
        final StringBuilder text = new StringBuilder("interface p0\n");
        for (int k = 0; k < 1024; k++)
        {
            text.append(" ipv8 acl8 permit any any protocol udp port ").append(k).append('\n');
        }
        assertEquals(1024, ConfigParser.parse("max.conf", text.toString()).findInterface("p0").acl8().size());
        text.append(" ipv8 acl8 permit any any\n");
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("max.conf", text.toString()));
        assertEquals(1026, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("more than 1024 ACL8 rules"), e.getMessage());
    }

    @Test
    void duplicateAndTooManyPrefixPermitsAreErrors() throws ConfigException
    {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("dup.conf",
            "ipv8 egress-permit 64496.192.0.2.1 asn 64497\nipv8 egress-permit 64496.192.0.2.1 asn 64497\n"));
        assertEquals("dup.conf:2:20: egress permit '64496.192.0.2.1 asn 64497' is already configured at line 1",
            e.getMessage());
        final StringBuilder text = new StringBuilder();
        for (int k = 0; k < 256; k++)
        {
            text.append("ipv8 egress-permit 64496.10.").append(k).append(".0.0/24 asn 64497\n");
        }
        assertEquals(256, ConfigParser.parse("p.conf", text.toString()).egressPermits().size());
        text.append("ipv8 egress-permit 64496.11.0.0.0/24 asn 64497\n");
        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("p.conf", text.toString()));
        assertEquals(257, e.line());
        assertTrue(e.getMessage().contains("more than 256 egress permits with a prefix source"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ reload diff

    @Test
    void diffSeesAcl8PermitAndReturnFlowChanges() throws ConfigException
    {
        final RouterConfig before = ConfigParser.parse("a.conf", FEATURES);
        final String changed = FEATURES
            .replace(" ipv8 acl8 permit 192.0.2.1 any protocol 47\n", "")
            .replace("ipv8 egress-permit any asn 64498\n", "ipv8 egress-permit any asn 64499\n")
            .replace("ipv8 return-flow entries 1024\n", "ipv8 return-flow entries 2048\n");
        final RouterConfig after = ConfigParser.parse("b.conf", changed);
        final ConfigDiff diff = ConfigDiff.between(before, after);
        assertEquals(1, diff.interfaces().changed().size());
        assertEquals(List.of("acl8 3 rule(s) -> 2 rule(s)"), diff.interfaces().changed().getFirst().what());
        assertEquals(1, diff.egressPermits().added().size());
        assertEquals(1, diff.egressPermits().removed().size());
        assertEquals("any asn 64499", diff.egressPermits().added().getFirst().permit().toString());
        assertTrue(diff.summaryLines().contains("egress-permit any asn 64498: removed"), diff.summaryLines().toString());
        assertTrue(diff.counts().contains("egress-permits +1 -1 ~0"), diff.counts());
        assertEquals(1, diff.restartRequired().size(), diff.restartRequired().toString());
        assertTrue(diff.restartRequired().getFirst().startsWith("ipv8 return-flow entries 1024 -> 2048"));

        final RouterConfig reordered = ConfigParser.parse("c.conf", FEATURES.replace(
            " ipv8 acl8 permit any 64497.0.0.0.0/0 protocol icmp8\n ipv8 acl8 permit 192.0.2.1 any protocol 47\n",
            " ipv8 acl8 permit 192.0.2.1 any protocol 47\n ipv8 acl8 permit any 64497.0.0.0.0/0 protocol icmp8\n"));
        assertEquals(1, ConfigDiff.between(before, reordered).interfaces().changed().size(),
            "rule order is part of the list: first match wins");
        assertTrue(ConfigDiff.between(before, ConfigParser.parse("same.conf", "\n" + FEATURES)).isEmpty(),
            "line numbers alone are no change");
    }
}
