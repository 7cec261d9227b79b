package org.ipv8router.config;

/**
 * A configuration error with its place: {@code file:line:column: message}. Nothing starts on a bad config, so
 * this is the one exception the config reader throws, and its message is what the operator sees.
 */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public ConfigException(final String file, final int line, final int column, final String detail)
    {
        super(file + ":" + line + ":" + column + ": " + detail);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public String file()
    {
        return file;
    }

    public int line()
    {
        return line;
    }

    public int column()
    {
        return column;
    }

    /** The message without the place. */
    public String detail()
    {
        return detail;
    }
}
