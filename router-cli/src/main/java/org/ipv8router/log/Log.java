package org.ipv8router.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The router's structured log: one line per event, written to every sink (stderr and optionally a file).
 *
 * <pre>
 * 2026-11-23T22:10:00.123Z INFO  daemon started pid=4242 instance=default control=/run/ipv8-router/default.sock
 * |                        |     |      |       |
 * UTC time, millisecond    level component event key=value pairs, in the order given
 * </pre>
 *
 * Values that are empty or contain a space, a quote, '=' or a control character are written in double quotes
 * with {@code \"}, {@code \\} and {@code \n}-style escapes, so a line always splits back into its pairs (see
 * {@link #format}). Cold path: formatting allocates; the data plane never logs directly (see {@link SecAlertLog}).
 * Thread safe: a line is written whole under the log's lock.
 */
public final class Log
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final List<PrintStream> sinks = new ArrayList<>();
    private final LongSupplier epochMillis;
    private volatile LogLevel threshold;

    /**
     * @param threshold   lines below this level are not written.
     * @param epochMillis wall clock in ms since the epoch (tests pass a fixed one).
     * @param sinks       where lines go, e.g. {@code System.err} and a file.
     */
    public Log(final LogLevel threshold, final LongSupplier epochMillis, final PrintStream... sinks)
    {
        this.threshold = threshold;
        this.epochMillis = epochMillis;
        this.sinks.addAll(List.of(sinks));
    }

    /** A log to stderr at INFO with the system clock. */
    public static Log toStderr()
    {
        return new Log(LogLevel.INFO, System::currentTimeMillis, System.err);
    }

    /** Adds a sink (e.g. the log file opened after the options were read). */
    public synchronized void addSink(final PrintStream sink)
    {
        sinks.add(sink);
    }

    public void threshold(final LogLevel level)
    {
        this.threshold = level;
    }

    public boolean isEnabled(final LogLevel level)
    {
        return level.ordinal() >= threshold.ordinal();
    }

    public void debug(final String component, final String event, final Object... keyValues)
    {
        log(LogLevel.DEBUG, component, event, keyValues);
    }

    public void info(final String component, final String event, final Object... keyValues)
    {
        log(LogLevel.INFO, component, event, keyValues);
    }

    public void warn(final String component, final String event, final Object... keyValues)
    {
        log(LogLevel.WARN, component, event, keyValues);
    }

    public void error(final String component, final String event, final Object... keyValues)
    {
        log(LogLevel.ERROR, component, event, keyValues);
    }

    /**
     * Writes one line.
     *
     * @param keyValues alternating keys and values; a trailing key without value is written as {@code key=}.
     */
    public void log(final LogLevel level, final String component, final String event, final Object... keyValues)
    {
        if (!isEnabled(level))
        {
            return;
        }
        final String line = format(epochMillis.getAsLong(), level, component, event, keyValues);
        synchronized (this)
        {
            for (final PrintStream sink : sinks)
            {
                sink.println(line);
                sink.flush();
            }
        }
    }

    /** Formats one line (without the newline); see the class comment for the layout. */
    public static String format(
        final long epochMillis, final LogLevel level, final String component, final String event,
        final Object... keyValues)
    {
        final StringBuilder sb = new StringBuilder(96);
        sb.append(TIME.format(Instant.ofEpochMilli(epochMillis - epochMillis % 1000)), 0, 19)
            .append('.');
        final long ms = Math.floorMod(epochMillis, 1000L);
        sb.append((char)('0' + ms / 100)).append((char)('0' + ms / 10 % 10)).append((char)('0' + ms % 10)).append('Z');
        sb.append(' ').append(level.padded()).append(' ').append(component).append(' ').append(event);
        for (int i = 0; i < keyValues.length; i += 2)
        {
            sb.append(' ').append(keyValues[i]).append('=');
            if (i + 1 < keyValues.length)
            {
                appendValue(sb, String.valueOf(keyValues[i + 1]));
            }
        }
        return sb.toString();
    }

    private static void appendValue(final StringBuilder sb, final String value)
    {
        if (!needsQuotes(value))
        {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int)c) : String.valueOf(c));
            }
        }
        sb.append('"');
    }

    private static boolean needsQuotes(final String value)
    {
        if (value.isEmpty())
        {
            return true;
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\')
            {
                return true;
            }
        }
        return false;
    }
}
