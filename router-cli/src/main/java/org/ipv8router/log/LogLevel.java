package org.ipv8router.log;

/** Severity of a log line; the label is padded to five characters so the columns after it line up. */
public enum LogLevel
{
    DEBUG("DEBUG"),
    INFO("INFO "),
    WARN("WARN "),
    ERROR("ERROR");

    private final String padded;

    LogLevel(final String padded)
    {
        this.padded = padded;
    }

    /** The name padded to five characters, as written in a log line. */
    public String padded()
    {
        return padded;
    }

    /** The level named {@code name} (case-insensitive). */
    public static LogLevel parse(final String name)
    {
        for (final LogLevel level : values())
        {
            if (level.name().equalsIgnoreCase(name))
            {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown log level '" + name + "'; expected debug, info, warn or error");
    }
}
