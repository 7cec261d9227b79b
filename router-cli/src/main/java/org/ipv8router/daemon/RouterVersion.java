package org.ipv8router.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from {@code version.properties} filled in by Maven at build time. */
public final class RouterVersion
{
    /** e.g. "0.1.0-SNAPSHOT"; "unknown" if the resource is missing (classes run outside the Maven build). */
    public static final String VERSION = load();

    private RouterVersion()
    {
    }

    private static String load()
    {
        try (InputStream in = RouterVersion.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties p = new Properties();
            p.load(in);
            final String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }
}
