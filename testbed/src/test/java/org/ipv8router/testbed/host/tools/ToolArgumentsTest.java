package org.ipv8router.testbed.host.tools;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolArgumentsTest
{
    @Test
    void sharedOptionsAreConsumedAndOnlyTheToolsOwnArgumentsAreReturned()
    {
        final HostOptions options = new HostOptions();
        final ToolArguments line = new ToolArguments(new String[]{"--iface", "v8a", "-c", "3", "--addr",
            "64496.10.0.0.1/24", "-v", "dest", "--gw", "64496.10.0.0.254"}, options);
        final List<String> seen = new ArrayList<>();
        int count = 0;
        while (line.next())
        {
            seen.add(line.arg());
            if (line.arg().equals("-c"))
            {
                count = line.intValue(1, 10);
            }
        }
        assertEquals(List.of("-c", "dest"), seen);
        assertEquals(3, count);
        assertEquals("v8a", options.iface);
        assertEquals(List.of("64496.10.0.0.1/24"), options.addresses);
        assertEquals(List.of("64496.10.0.0.254"), options.gateways);
        assertTrue(options.verbose);
        assertNull(line.arg(), "no current argument after the end");
    }

    @Test
    void valuesAreParsedWithTheOptionNamedInErrors()
    {
        final ToolArguments seconds = at(new String[]{"-i", "0.25"});
        assertEquals(Duration.ofMillis(250), seconds.secondsValue(0.01));

        assertEquals("option -c: 'x' is not a number",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"-c", "x"}).intValue(1, 5))
                .getMessage());
        assertEquals("option -c: 9 out of range 1..5",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"-c", "9"}).intValue(1, 5))
                .getMessage());
        assertEquals("option -w needs a value",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"-w"}).secondsValue(0))
                .getMessage());
    }

    @Test
    void operandsRejectUnknownOptionsAndExtras()
    {
        assertEquals("dest", at(new String[]{"dest"}).operand());
        assertEquals("unknown option -Z",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"-Z"}).operand()).getMessage());

        assertEquals("b", at(new String[]{"b"}).soleOperand("destination", null));
        assertEquals("only one destination, got 'a' and 'b'",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"b"}).soleOperand("destination", "a"))
                .getMessage());
        assertEquals("unknown option -q", assertThrows(HostOptions.UsageException.class,
            () -> at(new String[]{"-q"}).soleOperand("destination", "a")).getMessage(),
            "an unknown option is reported as such even after an operand");

        assertEquals("unexpected argument x",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"x"}).noOperand()).getMessage());
        assertEquals("unknown option -x",
            assertThrows(HostOptions.UsageException.class, () -> at(new String[]{"-x"}).noOperand()).getMessage());
    }

    @Test
    void helpPrintsTheUsageOnlyWhenAsked()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        final ToolArguments plain = new ToolArguments(new String[]{"dest"}, new HostOptions());
        while (plain.next())
        {
            plain.operand();
        }
        assertFalse(plain.help(out, "USAGE\n"));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));

        final ToolArguments asked = new ToolArguments(new String[]{"--help"}, new HostOptions());
        assertFalse(asked.next(), "--help is a shared option, consumed by next()");
        assertTrue(asked.help(out, "USAGE\n"));
        assertEquals("USAGE\n", bytes.toString(StandardCharsets.UTF_8));
    }

    /** A walker standing on the first argument of {@code args}. */
    private static ToolArguments at(final String[] args)
    {
        final ToolArguments line = new ToolArguments(args, new HostOptions());
        assertTrue(line.next());
        return line;
    }
}
