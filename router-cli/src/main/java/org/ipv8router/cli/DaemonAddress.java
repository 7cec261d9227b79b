package org.ipv8router.cli;

import java.nio.file.Path;

import org.ipv8router.daemon.DaemonOptions;

/** Resolves which router a CLI command talks to: {@code --control PATH}, or the socket of {@code --instance NAME}. */
final class DaemonAddress
{
    private DaemonAddress()
    {
    }

    static String instance(final OptionParser.ParsedOptions options) throws UsageException
    {
        final String instance = options.value("--instance", DaemonOptions.DEFAULT_INSTANCE);
        try
        {
            return DaemonOptions.checkInstance(instance);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException(e.getMessage());
        }
    }

    static Path controlSocket(final OptionParser.ParsedOptions options) throws UsageException
    {
        if (options.has("--control") && options.has("--instance"))
        {
            throw new UsageException("give either --control or --instance, not both");
        }
        final String control = options.value("--control", null);
        return control != null ? Path.of(control) : DaemonOptions.defaultControlSocket(instance(options));
    }
}
