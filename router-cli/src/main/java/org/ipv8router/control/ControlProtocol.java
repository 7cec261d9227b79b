package org.ipv8router.control;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control socket protocol: line-delimited JSON, one request line answered by one response line, several
 * requests per connection allowed, UTF-8.
 *
 * <pre>
 * request:  {"v":1,"command":"show","args":["route","64496.10.0.0.0/16"],"json":true}
 * response: {"v":1,"ok":true,"text":"...","data":{...}}
 *           {"v":1,"ok":false,"error":"unknown command 'show frob'; known: ..."}
 * </pre>
 * {@code v} is the protocol version; a daemon answers a request of another version with an error that names both
 * versions (and a request without {@code v} is taken as version 1). Unknown request fields are ignored so that
 * later versions can add some. A line longer than {@link #MAX_LINE_OCTETS} is refused.
 */
public final class ControlProtocol
{
    /** The version this build speaks. */
    public static final int VERSION = 1;
    /** Longest request or response line accepted (responses carry whole tables, hence generous). */
    public static final int MAX_LINE_OCTETS = 16 * 1024 * 1024;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlProtocol()
    {
    }

    /** A decoded request. */
    public record Request(int version, String command, List<String> args, boolean json)
    {
        public Request
        {
            args = List.copyOf(args);
        }

        /** The command and its arguments as one line, for messages and logs. */
        public String words()
        {
            return args.isEmpty() ? command : command + " " + String.join(" ", args);
        }
    }

    /** A decoded response: ok with text/data, or an error message. */
    public record Response(boolean ok, String text, JsonNode data, String error)
    {
        public static Response success(final ControlResult result)
        {
            return new Response(true, result.text(), result.data(), null);
        }

        public static Response failure(final String error)
        {
            return new Response(false, null, null, error);
        }
    }

    /** Encodes a request as one line (without the newline). */
    public static String encodeRequest(final Request request)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("v", request.version());
        node.put("command", request.command());
        final ArrayNode args = node.putArray("args");
        request.args().forEach(args::add);
        node.put("json", request.json());
        return write(node);
    }

    /**
     * Decodes a request line.
     *
     * @throws ControlException naming what is wrong with the line.
     */
    public static Request decodeRequest(final String line) throws ControlException
    {
        final JsonNode node = read(line, "request");
        final JsonNode command = node.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank())
        {
            throw new ControlException("bad request: missing \"command\" (a string)");
        }
        final List<String> args = new ArrayList<>();
        final JsonNode argsNode = node.get("args");
        if (argsNode != null && !argsNode.isNull())
        {
            if (!argsNode.isArray())
            {
                throw new ControlException("bad request: \"args\" must be an array of strings");
            }
            for (final JsonNode arg : argsNode)
            {
                if (!arg.isTextual())
                {
                    throw new ControlException("bad request: \"args\" must be an array of strings, found " + arg);
                }
                args.add(arg.asText());
            }
        }
        final JsonNode v = node.get("v");
        if (v != null && !v.canConvertToInt())
        {
            throw new ControlException("bad request: \"v\" must be an integer protocol version");
        }
        return new Request(v == null ? 1 : v.asInt(), command.asText(), args, node.path("json").asBoolean(false));
    }

    /** Encodes a response as one line (without the newline). */
    public static String encodeResponse(final Response response)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("v", VERSION);
        node.put("ok", response.ok());
        if (response.ok())
        {
            if (response.text() != null)
            {
                node.put("text", response.text());
            }
            if (response.data() != null)
            {
                node.set("data", response.data());
            }
        }
        else
        {
            node.put("error", response.error());
        }
        return write(node);
    }

    /**
     * Decodes a response line.
     *
     * @throws ControlException if the line is not a response of this protocol.
     */
    public static Response decodeResponse(final String line) throws ControlException
    {
        final JsonNode node = read(line, "response");
        final JsonNode ok = node.get("ok");
        if (ok == null || !ok.isBoolean())
        {
            throw new ControlException("bad response from the daemon: missing \"ok\": " + abbreviate(line));
        }
        if (ok.asBoolean())
        {
            final JsonNode text = node.get("text");
            final JsonNode data = node.get("data");
            return new Response(true, text == null || text.isNull() ? null : text.asText(),
                data == null || data.isNull() ? null : data, null);
        }
        return Response.failure(node.path("error").asText("(the daemon gave no reason)"));
    }

    private static JsonNode read(final String line, final String what) throws ControlException
    {
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(line);
        }
        catch (final JsonProcessingException e)
        {
            throw new ControlException("bad " + what + ": not JSON (" + e.getOriginalMessage() + "): " +
                abbreviate(line));
        }
        if (node == null || !node.isObject())
        {
            throw new ControlException("bad " + what + ": expected a JSON object, found: " + abbreviate(line));
        }
        return node;
    }

    private static String write(final JsonNode node)
    {
        try
        {
            return MAPPER.writeValueAsString(node);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String abbreviate(final String line)
    {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
