package org.ipv8router.config;

import java.util.List;

import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code exception-path none|tap [KERNEL-NAME]} in an interface block, its errors and its part of the diff. */
class ConfigExceptionPathTest
{
    private static final String BASE = """
        ipv8 routing
        ipv8 asn 64496
        interface p0
         port dpdk net_af_packet0,iface=veth0
         ipv8 address 64496.192.0.2.254/24
         ipv8 address 203.0.113.1/30
         ipv8 address 127.1.0.0.0.0.0.1/64
         ipv8 address 64497.192.0.2.254/24
         %s
        interface p1
         port ring
         ipv8 address 198.51.100.1/24
        """;

    private static RouterConfig parse(final String line) throws ConfigException
    {
        return ConfigParser.parse("x.conf", BASE.formatted(line));
    }

    @Test
    void tapWithANameWithTheDefaultNameAndNone() throws ConfigException
    {
        final InterfaceConfig named = parse("exception-path tap kp0").findInterface("p0");
        assertEquals("kp0", named.exceptionPath().kernelInterface());
        assertEquals(9, named.exceptionPath().line());
        assertEquals("ipv8-p0", parse("exception-path tap").findInterface("p0").exceptionPath().kernelInterface());
        assertNull(parse("exception-path none").findInterface("p0").exceptionPath());
        assertNull(parse("! no exception path").findInterface("p0").exceptionPath(), "the default is none");
        assertNull(parse("exception-path none").findInterface("p1").exceptionPath());
        assertNull(ConfigParser.parse("x.conf", BASE.formatted("exception-path tap\n exception-path none"))
            .findInterface("p0").exceptionPath(), "the last line wins");
    }

    @Test
    void theKernelGetsTheIpv4PartOfEveryAddressButZonesOnceEach() throws ConfigException
    {
        assertEquals(List.of("192.0.2.254/24", "203.0.113.1/30"),
            parse("exception-path tap").findInterface("p0").kernelAddresses());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing kind          | exception-path                            | 9  | 16 | incomplete statement
        unknown kind          | exception-path kni                        | 9  | 17 | expected 'none' or 'tap', found 'kni'
        none with a name      | exception-path none kp0                   | 9  | 22 | unexpected 'kp0'
        tap with two names    | exception-path tap a b                    | 9  | 23 | unexpected 'b'
        name too long         | exception-path tap abcdefghijklmnop       | 9  | 21 | longer than 15 characters
        bad name              | exception-path tap kp/0                   | 9  | 21 | other than A-Z a-z 0-9
        """)
    void errorsNameLineAndColumn(final String name, final String line, final int lineNumber, final int column,
        final String expected)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(line));
        assertEquals(lineNumber, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theDefaultNameMustFitAndOnlyDpdkPortsHaveATap()
    {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("x.conf",
            "interface a-long-name\n port dpdk net_null0\n exception-path tap\n"));
        assertEquals("x.conf:3:17: kernel interface name 'ipv8-a-long-name' is longer than 15 characters: name it " +
            "with 'exception-path tap KERNEL-NAME'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("x.conf",
            "interface p0\n port ring\n exception-path tap\n ipv8 address 1.2.3.4/24\n"));
        assertEquals("x.conf:3:17: interface p0: 'exception-path tap' needs 'port dpdk' (the TAP is a DPDK net_tap " +
            "device), found 'port ring'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("x.conf",
            "interface p0\n exception-path tap\n"));
        assertTrue(e.getMessage().endsWith("found no port line"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigParser.parse("x.conf", """
            interface p0
             port dpdk net_null0
             exception-path tap k
            interface p1
             port dpdk net_null1
             exception-path   tap k
            """));
        assertEquals("x.conf:6:19: kernel interface 'k' is already the exception path of interface p0 (line 3)",
            e.getMessage());
    }

    @Test
    void aChangedExceptionPathNeedsARestart() throws ConfigException
    {
        final ConfigDiff diff = ConfigDiff.between(parse("exception-path none"), parse("exception-path tap kp0"));
        assertEquals(List.of("exception-path none -> tap kp0"), diff.interfaces().changed().get(0).what());
        assertEquals(List.of("interface p0 exception-path none -> tap kp0: the kernel TAP is created at start"),
            diff.restartRequired());
        assertTrue(ConfigDiff.between(parse("exception-path tap kp0"), parse("exception-path tap kp0")).isEmpty());
    }
}
