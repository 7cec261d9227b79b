package org.ipv8router.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ConfigParser#parseChoice}: the keyword-to-value step shared by the on|off, mode and parity knobs. */
class ConfigParserChoiceTest
{
    private enum Mode
    {
        A, B, C
    }

    @Test
    void twoKeywordsMapToTheirValues() throws ConfigException
    {
        assertEquals(Boolean.FALSE, ConfigParser.parseChoice(line("ipv8 l4-pseudo-header ipv4-compatible"), 2,
            "ipv4-compatible", false, "full64", true));
        assertEquals(Boolean.TRUE, ConfigParser.parseChoice(line("ipv8 l4-pseudo-header full64"), 2,
            "ipv4-compatible", false, "full64", true));
    }

    @Test
    void twoKeywordsRejectAnyOtherWordAtItsColumn()
    {
        final ConfigException e = assertThrows(ConfigException.class, () ->
            ConfigParser.parseChoice(line("  mode  Snapshot"), 1, "snapshot", Mode.A, "per-rn", Mode.B));

        assertEquals("r.conf:7:9: expected 'snapshot' or 'per-rn', found 'Snapshot'", e.getMessage());
    }

    @Test
    void threeKeywordsMapToTheirValuesInAnyPosition() throws ConfigException
    {
        assertEquals(Mode.A, ConfigParser.parseChoice(line("x enforce"), 1, "enforce", Mode.A, "monitor", Mode.B,
            "off", Mode.C));
        assertEquals(Mode.B, ConfigParser.parseChoice(line("x monitor"), 1, "enforce", Mode.A, "monitor", Mode.B,
            "off", Mode.C));
        assertEquals(Mode.C, ConfigParser.parseChoice(line("x off"), 1, "enforce", Mode.A, "monitor", Mode.B,
            "off", Mode.C));
    }

    @Test
    void threeKeywordsRejectAnyOtherWordNamingAllThree()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseChoice(
            line("ipv8 egress-validation on"), 2, "enforce", Mode.A, "monitor", Mode.B, "off", Mode.C));

        assertEquals("r.conf:7:24: expected 'enforce', 'monitor' or 'off', found 'on'", e.getMessage());
    }

    private static ConfigParser.Line line(final String text)
    {
        return new ConfigParser.Line("r.conf", 7, text);
    }
}
