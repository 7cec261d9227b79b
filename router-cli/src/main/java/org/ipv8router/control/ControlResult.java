package org.ipv8router.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a {@link ControlHandler} returns: the text an operator reads and the same facts as JSON for
 * {@code --json}. Either may be null when the request said which one it wants.
 *
 * @param text text output, lines ending in '\n'.
 * @param data JSON object, snake_case keys.
 */
public record ControlResult(String text, JsonNode data)
{
}
