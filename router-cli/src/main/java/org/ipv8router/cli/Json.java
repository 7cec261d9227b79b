package org.ipv8router.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON output of {@code --json}: one pretty-printed document per command, keys in insertion order and in
 * snake_case, so scripts can rely on stable names.
 */
public final class Json
{
    /** Shared mapper; thread safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json()
    {
    }

    /** A new empty object whose keys keep their insertion order. */
    /** One JSON value per line (JSON Lines), for commands that print a stream of objects. */
    public static void printLine(final PrintStream out, final JsonNode node)
    {
        try
        {
            out.println(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException e)
        {
            throw new IllegalStateException("cannot serialise " + node, e);
        }
    }

    public static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    /** Writes {@code node} and a newline to {@code out}. */
    public static void print(final PrintStream out, final JsonNode node)
    {
        try
        {
            out.println(MAPPER.writeValueAsString(node));
        }
        catch (final JsonProcessingException e)
        {
            // A tree of plain nodes always serialises; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
