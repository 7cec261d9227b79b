package org.ipv8router.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionParserTest
{
    private final OptionParser parser = new OptionParser()
        .flag("--json", "-j", "json output")
        .option("--count", "-c", "n", "how many")
        .positional("input", "the input")
        .optionalPositional("output", "the output");

    private static String message(final Exception e)
    {
        return e.getMessage();
    }

    @Test
    void parsesFlagsOptionsAndPositionals()
    throws UsageException
    {
        final OptionParser.ParsedOptions parsed = parser.parse(List.of("in", "--json", "--count", "5", "out"));
        assertTrue(parsed.has("--json"));
        assertEquals("5", parsed.value("--count", null));
        assertEquals(5, parsed.intValue("--count", 1, 1, 10));
        assertEquals(List.of("in", "out"), parsed.positionals());
        assertEquals("out", parsed.positional(1, "-"));
    }

    @Test
    void shortNamesEqualsFormAndDefaults()
    throws UsageException
    {
        final OptionParser.ParsedOptions parsed = parser.parse(List.of("-j", "--count=7", "in"));
        assertTrue(parsed.has("--json"));
        assertEquals(7, parsed.intValue("--count", 1, 1, 10));
        assertEquals("default", parsed.positional(1, "default"));
        final OptionParser.ParsedOptions bare = parser.parse(List.of("in"));
        assertFalse(bare.has("--json"));
        assertEquals(3, bare.intValue("--count", 3, 1, 10));
        assertEquals("x", bare.value("--count", "x"));
        assertEquals(4, parser.parse(List.of("-c", "4", "in")).intValue("--count", 1, 1, 10));
    }

    @Test
    void doubleDashAndDashDigitWordsArePositional()
    throws UsageException
    {
        assertEquals(List.of("--json", "x"), parser.parse(List.of("--", "--json", "x")).positionals());
        assertEquals(List.of("-1.2.3.4"), parser.parse(List.of("-1.2.3.4")).positionals());
        assertEquals(List.of("-"), parser.parse(List.of("-")).positionals());
    }

    @Test
    void errorsNameTheOption()
    {
        assertEquals("unknown option '--jsn'", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--jsn", "in")))));
        assertEquals("unknown option '-x'", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("-x", "in")))));
        assertEquals("unknown option '--jsn'", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--jsn=1", "in")))));
        assertEquals("option '--count' needs a value <n>", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("in", "--count")))));
        assertEquals("option '--json' takes no value (got '--json=yes')", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--json=yes", "in")))));
        assertEquals("option '--json' given more than once", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--json", "-j", "in")))));
        assertEquals("missing <input>", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--json")))));
        assertEquals("unexpected argument 'c'", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("a", "b", "c")))));
    }

    @Test
    void intValueErrorsNameTheOption()
    {
        assertEquals("option '--count' needs an integer, got 'five'", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--count", "five", "in")).intValue("--count", 1, 1, 10))));
        assertEquals("option '--count' must be in 1..10, got 11", message(assertThrows(UsageException.class,
            () -> parser.parse(List.of("--count", "11", "in")).intValue("--count", 1, 1, 10))));
    }

    @Test
    void synopsisAndHelp()
    {
        assertEquals("[--json] [--count <n>] <input> [<output>]", parser.synopsis());
        final String help = parser.help();
        assertTrue(help.contains("  -j, --json"), help);
        assertTrue(help.contains("  -c, --count <n>"), help);
        assertTrue(help.contains("  <input>"), help);
        assertTrue(help.contains("  -h, --help"), help);
    }

    @Test
    void declarationMistakesAreCaught()
    {
        assertThrows(IllegalArgumentException.class, () -> new OptionParser().flag("json", null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new OptionParser().flag("--a", "-a", "x").flag("--b", "-a", "y"));
        assertThrows(IllegalStateException.class, () -> new OptionParser().optionalPositional("a", "x").positional("b", "y"));
    }
}
