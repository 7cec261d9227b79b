package org.ipv8router.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small command-line parser for the subcommands: flags ({@code --json}), options with a value
 * ({@code --count 5} or {@code --count=5}), and positional arguments; every error names the option or
 * argument. Declare once per command, then {@link #parse(List)} each invocation.
 * <p>
 * Rules: {@code --} ends the options; a lone {@code -} and words that start with {@code -} followed by a
 * digit ({@code -1.2.3.4}) are positional, so that a bad address reaches the command's own validation;
 * short names are single letters ({@code -j}) and cannot be bundled; an option or flag given twice is an
 * error. {@code --help}/{@code -h} are handled by {@link Main} before the command runs.
 */
public final class OptionParser
{
    private static final int HELP_COLUMN = 24;

    private record Option(String longName, String shortName, String valueName, String description, boolean repeatable)
    {
        boolean takesValue()
        {
            return valueName != null;
        }

        String display()
        {
            final String names = (shortName != null ? shortName + ", " : "    ") + longName;
            return takesValue() ? names + " <" + valueName + ">" : names;
        }
    }

    private record Positional(String name, String description, boolean required, boolean variadic)
    {
    }

    private final List<Option> options = new ArrayList<>();
    private final List<Positional> positionals = new ArrayList<>();

    /**
     * Declares a flag.
     *
     * @param longName    with its dashes, e.g. "--json".
     * @param shortName   e.g. "-j", or null.
     * @param description one line for the help text.
     */
    public OptionParser flag(final String longName, final String shortName, final String description)
    {
        return add(new Option(longName, shortName, null, description, false));
    }

    /**
     * Declares an option that takes a value.
     *
     * @param valueName the value as shown in help, e.g. "count" for {@code --count <count>}.
     */
    public OptionParser option(
        final String longName, final String shortName, final String valueName, final String description)
    {
        return add(new Option(longName, shortName, valueName, description, false));
    }

    /**
     * Declares an option that takes a value and may be given several times ({@code --in a --in b}); read the
     * values with {@link ParsedOptions#values(String)}.
     */
    public OptionParser repeatableOption(
        final String longName, final String shortName, final String valueName, final String description)
    {
        return add(new Option(longName, shortName, valueName, description, true));
    }

    /** Declares the next positional argument as required. */
    public OptionParser positional(final String name, final String description)
    {
        if (!positionals.isEmpty() && !positionals.getLast().required())
        {
            throw new IllegalStateException("required positional '" + name + "' after an optional one");
        }
        checkNotAfterVariadic(name);
        positionals.add(new Positional(name, description, true, false));
        return this;
    }

    /** Declares the next positional argument as optional (only trailing ones can be optional). */
    public OptionParser optionalPositional(final String name, final String description)
    {
        checkNotAfterVariadic(name);
        positionals.add(new Positional(name, description, false, false));
        return this;
    }

    /** Declares that any number of further words may follow (e.g. the arguments of a daemon command); last. */
    public OptionParser morePositionals(final String name, final String description)
    {
        checkNotAfterVariadic(name);
        positionals.add(new Positional(name, description, false, true));
        return this;
    }

    private void checkNotAfterVariadic(final String name)
    {
        if (!positionals.isEmpty() && positionals.getLast().variadic())
        {
            throw new IllegalStateException("positional '" + name + "' after the variadic one");
        }
    }

    private OptionParser add(final Option option)
    {
        if (!option.longName().startsWith("--") || (option.shortName() != null && option.shortName().length() != 2))
        {
            throw new IllegalArgumentException("bad option names: " + option.longName() + ", " + option.shortName());
        }
        if (find(option.longName()) != null || (option.shortName() != null && find(option.shortName()) != null))
        {
            throw new IllegalArgumentException("option declared twice: " + option.longName());
        }
        options.add(option);
        return this;
    }

    private Option find(final String name)
    {
        for (final Option option : options)
        {
            if (option.longName().equals(name) || name.equals(option.shortName()))
            {
                return option;
            }
        }
        return null;
    }

    /** Parses {@code args} (the words after the command name). */
    public ParsedOptions parse(final List<String> args) throws UsageException
    {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, List<String>> repeated = new LinkedHashMap<>();
        final List<String> words = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (optionsEnded || !looksLikeOption(arg))
            {
                words.add(arg);
                continue;
            }
            if (arg.equals("--"))
            {
                optionsEnded = true;
                continue;
            }
            final int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            final String name = eq < 0 ? arg : arg.substring(0, eq);
            final Option option = find(name);
            if (option == null)
            {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (values.containsKey(option.longName()) && !option.repeatable())
            {
                throw new UsageException("option '" + option.longName() + "' given more than once");
            }
            if (!option.takesValue())
            {
                if (eq >= 0)
                {
                    throw new UsageException("option '" + option.longName() + "' takes no value (got '" + arg + "')");
                }
                values.put(option.longName(), "");
            }
            else
            {
                final String value;
                if (eq >= 0)
                {
                    value = arg.substring(eq + 1);
                }
                else
                {
                    if (i + 1 >= args.size())
                    {
                        throw new UsageException("option '" + name + "' needs a value <" + option.valueName() + ">");
                    }
                    value = args.get(++i);
                }
                values.put(option.longName(), value);
                repeated.computeIfAbsent(option.longName(), k -> new ArrayList<>()).add(value);
            }
        }

        int required = 0;
        for (final Positional p : positionals)
        {
            required += p.required() ? 1 : 0;
        }
        if (words.size() < required)
        {
            throw new UsageException("missing <" + positionals.get(words.size()).name() + ">");
        }
        if (words.size() > positionals.size() && (positionals.isEmpty() || !positionals.getLast().variadic()))
        {
            throw new UsageException("unexpected argument '" + words.get(positionals.size()) + "'");
        }
        return new ParsedOptions(values, repeated, words);
    }

    private static boolean looksLikeOption(final String arg)
    {
        return arg.length() > 1 && arg.charAt(0) == '-' && !Character.isDigit(arg.charAt(1));
    }

    /** The arguments part of a usage line, e.g. {@code [--json] <address|prefix>}. */
    public String synopsis()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Option option : options)
        {
            sb.append(sb.isEmpty() ? "" : " ").append('[').append(option.longName());
            if (option.takesValue())
            {
                sb.append(" <").append(option.valueName()).append('>');
            }
            sb.append(']');
        }
        for (final Positional p : positionals)
        {
            sb.append(sb.isEmpty() ? "" : " ").append(p.required() ? "<" : "[<").append(p.name())
                .append(p.required() ? ">" : p.variadic() ? ">...]" : ">]");
        }
        return sb.toString();
    }

    /** An aligned list of the arguments and options with their descriptions (includes --help). */
    public String help()
    {
        final StringBuilder sb = new StringBuilder();
        if (!positionals.isEmpty())
        {
            sb.append("arguments:\n");
            for (final Positional p : positionals)
            {
                line(sb, "<" + p.name() + ">", p.description());
            }
        }
        sb.append("options:\n");
        for (final Option option : options)
        {
            line(sb, option.display(), option.description());
        }
        line(sb, "-h, --help", "show this help");
        return sb.toString();
    }

    private static void line(final StringBuilder sb, final String left, final String description)
    {
        sb.append("  ").append(left);
        final int pad = HELP_COLUMN - 2 - left.length();
        sb.append(" ".repeat(Math.max(pad, 1))).append(description).append('\n');
    }

    /** The result of {@link #parse(List)}. */
    public static final class ParsedOptions
    {
        private final Map<String, String> values;
        private final Map<String, List<String>> repeated;
        private final List<String> positionals;

        private ParsedOptions(
            final Map<String, String> values, final Map<String, List<String>> repeated, final List<String> positionals)
        {
            this.values = values;
            this.repeated = repeated;
            this.positionals = List.copyOf(positionals);
        }

        /** Every value given for option {@code longName}, in order (empty if none). */
        public List<String> values(final String longName)
        {
            return List.copyOf(repeated.getOrDefault(longName, List.of()));
        }

        /** True if the flag or option {@code longName} (e.g. "--json") was given. */
        public boolean has(final String longName)
        {
            return values.containsKey(longName);
        }

        /** The value of option {@code longName}, or {@code defaultValue} if it was not given. */
        public String value(final String longName, final String defaultValue)
        {
            return values.getOrDefault(longName, defaultValue);
        }

        /**
         * The value of option {@code longName} as an int in [min, max], or {@code defaultValue} if not given.
         *
         * @throws UsageException naming the option if the value is not such an int.
         */
        public int intValue(final String longName, final int defaultValue, final int min, final int max)
            throws UsageException
        {
            final String text = values.get(longName);
            if (text == null)
            {
                return defaultValue;
            }
            final int value;
            try
            {
                value = Integer.parseInt(text);
            }
            catch (final NumberFormatException e)
            {
                throw new UsageException("option '" + longName + "' needs an integer, got '" + text + "'");
            }
            if (value < min || value > max)
            {
                throw new UsageException(
                    "option '" + longName + "' must be in " + min + ".." + max + ", got " + value);
            }
            return value;
        }

        /** The positional arguments in order. */
        public List<String> positionals()
        {
            return positionals;
        }

        /** Positional argument {@code index}, or {@code defaultValue} if fewer were given. */
        public String positional(final int index, final String defaultValue)
        {
            return index < positionals.size() ? positionals.get(index) : defaultValue;
        }
    }
}
