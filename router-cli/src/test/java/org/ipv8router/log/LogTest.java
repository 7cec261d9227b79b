package org.ipv8router.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogTest
{
    private static final long T = Instant.parse("2026-11-23T22:10:00.123Z").toEpochMilli();

    @Test
    void lineLayoutIsTimeLevelComponentEventPairs()
    {
        assertEquals("2026-11-23T22:10:00.123Z INFO  daemon started pid=42 instance=default",
            Log.format(T, LogLevel.INFO, "daemon", "started", "pid", 42, "instance", "default"));
        assertEquals("2026-11-23T22:10:00.123Z ERROR control bad-request",
            Log.format(T, LogLevel.ERROR, "control", "bad-request"));
        assertEquals("2026-11-23T22:10:00.007Z WARN  x y",
            Log.format(T - 116, LogLevel.WARN, "x", "y"), "milliseconds keep three digits");
        assertEquals("2026-11-23T22:10:01.000Z DEBUG x y",
            Log.format(T + 877, LogLevel.DEBUG, "x", "y"));
    }

    @Test
    void valuesThatWouldBreakTheLineAreQuoted()
    {
        assertEquals("2026-11-23T22:10:00.123Z INFO  c e error=\"a.conf:3:1: bad \\\"x\\\"\\nnext\" empty=\"\" "
                + "eq=\"a=b\" plain=ok dangling=",
            Log.format(T, LogLevel.INFO, "c", "e", "error", "a.conf:3:1: bad \"x\"\nnext", "empty", "", "eq", "a=b",
                "plain", "ok", "dangling"));
    }

    @Test
    void thresholdFiltersAndEverySinkGetsTheLine()
    {
        final ByteArrayOutputStream a = new ByteArrayOutputStream();
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        final Log log = new Log(LogLevel.INFO, () -> T, new PrintStream(a, true, StandardCharsets.UTF_8));
        log.addSink(new PrintStream(b, true, StandardCharsets.UTF_8));
        log.debug("c", "hidden");
        log.info("c", "shown", "k", 1);
        final String expected = "2026-11-23T22:10:00.123Z INFO  c shown k=1" + System.lineSeparator();
        assertEquals(expected, a.toString(StandardCharsets.UTF_8));
        assertEquals(expected, b.toString(StandardCharsets.UTF_8));
        log.threshold(LogLevel.DEBUG);
        log.debug("c", "now");
        assertEquals(2, a.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void levelsParseByName()
    {
        assertEquals(LogLevel.WARN, LogLevel.parse("warn"));
        assertThrows(IllegalArgumentException.class, () -> LogLevel.parse("loud"));
    }
}
