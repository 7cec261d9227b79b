package org.ipv8router.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's operational commands: handlers registered under their command words ("show version",
 * "show bgp", "clear bgp"), found by the longest registered prefix of a request's words. Registering the same
 * words again replaces the handler: the daemon registers "not available in this build" placeholders for the
 * commands the forwarding assembly, BGP8 and WHOIS8 serve, and the integration replaces them.
 * <p>
 * Thread safe (cold path): handlers may be registered while requests are served.
 */
public final class ControlHandlers
{
    /** A handler with its one-line help. */
    public record Entry(String words, String help, ControlHandler handler, boolean available)
    {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Registers (or replaces) the handler for {@code words}.
     *
     * @param words command words separated by single spaces, e.g. "show route".
     * @param help  one line for the command list.
     */
    public void register(final String words, final String help, final ControlHandler handler)
    {
        entries.put(normalise(words), new Entry(normalise(words), help, handler, true));
    }

    /**
     * Registers a placeholder that answers an honest error: the command exists in the CLI but the part of the
     * router that serves it is not wired into this daemon.
     *
     * @param words  command words.
     * @param help   one line for the command list.
     * @param reason what is missing, e.g. "the forwarding assembly is not wired into the daemon yet".
     */
    public void registerUnavailable(final String words, final String help, final String reason)
    {
        final String w = normalise(words);
        entries.put(w, new Entry(w, help, (args, json) ->
        {
            throw new ControlException("'" + w + "' is not available in this build: " + reason);
        }, false));
    }

    /**
     * Registers a command that the build has but this configuration leaves off (e.g. "show bgp" without a
     * {@code router bgp8} block): it answers {@code message} as its error. Unlike {@link #registerUnavailable} the
     * entry counts as available, since a config change turns it on.
     *
     * @param words   command words.
     * @param help    one line for the command list.
     * @param message the whole error text, naming what the config lacks.
     */
    public void registerNotConfigured(final String words, final String help, final String message)
    {
        register(words, help, (args, json) ->
        {
            throw new ControlException(message);
        });
    }

    /** The handler entry for exactly {@code words}, or null. */
    public Entry get(final String words)
    {
        return entries.get(normalise(words));
    }

    /** Every entry, sorted by words. */
    public List<Entry> entries()
    {
        return List.copyOf(new TreeMap<>(entries).values());
    }

    /**
     * Serves one request: finds the handler by the longest registered prefix of command + args and calls it with
     * the remaining words. Never throws: errors become failure responses.
     */
    public ControlProtocol.Response dispatch(final ControlProtocol.Request request)
    {
        final List<String> words = new ArrayList<>();
        words.add(request.command());
        words.addAll(request.args());
        for (int n = words.size(); n >= 1; n--)
        {
            final Entry entry = entries.get(String.join(" ", words.subList(0, n)));
            if (entry != null)
            {
                try
                {
                    final ControlResult result = entry.handler().handle(List.copyOf(words.subList(n, words.size())),
                        request.json());
                    if (result == null)
                    {
                        return ControlProtocol.Response.failure("'" + entry.words() + "': handler returned nothing");
                    }
                    return ControlProtocol.Response.success(result);
                }
                catch (final ControlException e)
                {
                    return ControlProtocol.Response.failure(e.getMessage());
                }
                catch (final RuntimeException e)
                {
                    return ControlProtocol.Response.failure("'" + entry.words() + "' failed inside the daemon: " + e);
                }
            }
        }
        return ControlProtocol.Response.failure("unknown command '" + request.words() + "'; the daemon knows: " +
            String.join(", ", new TreeMap<>(entries).keySet()));
    }

    private static String normalise(final String words)
    {
        return String.join(" ", words.strip().split("\\s+"));
    }
}
