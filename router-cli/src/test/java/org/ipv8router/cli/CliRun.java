package org.ipv8router.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process {@code ipv8} invocation with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err)
{
    static CliRun of(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            exitCode = Main.run(args, o, e);
        }
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Width of the label column of the text output of {@code ipv8 addr}. */
    static final int LABEL_WIDTH = 15;

    /** The value of the text row labelled {@code label}, or null if there is no such row. */
    String row(final String label)
    {
        final java.util.List<String> values = rows(label);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The values of the row labelled {@code label} and of its continuation rows (blank label). */
    java.util.List<String> rows(final String label)
    {
        final java.util.List<String> values = new java.util.ArrayList<>();
        boolean inRow = false;
        for (final String line : out.split("\n"))
        {
            if (line.length() <= LABEL_WIDTH)
            {
                inRow = false;
                continue;
            }
            final String rowLabel = line.substring(0, LABEL_WIDTH).strip();
            if (rowLabel.equals(label) || (inRow && rowLabel.isEmpty()))
            {
                values.add(line.substring(LABEL_WIDTH));
                inRow = true;
            }
            else
            {
                inRow = false;
            }
        }
        return values;
    }
}
