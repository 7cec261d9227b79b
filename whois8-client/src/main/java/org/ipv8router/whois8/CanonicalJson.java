package org.ipv8router.whois8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation, the byte string WHOIS8 record signatures cover
 * (bgp8-whois8.md §6.4): object members sorted by their names compared as UTF-16 code units (which is
 * {@link String#compareTo}), no whitespace, strings escaped minimally (only {@code "}, {@code \}, and control
 * characters; {@code \b \f \n \r \t} by name, other controls as lowercase {@code \\u00xx}), UTF-8 output.
 * <p>
 * Local profile restriction: numbers must be integers of magnitude at most 2^53 (every number in a WHOIS8 record is
 * an ASN, a length, a count or a serial). RFC 8785 serialises numbers the ECMAScript way; for such integers that is
 * plain decimal, so the restriction keeps us exact without an ES6 double formatter. Anything else is refused rather
 * than guessed.
 */
public final class CanonicalJson
{
    private static final long MAX_SAFE_INTEGER = (1L << 53);

    /** A mapper that refuses duplicate member names (RFC 8785 §3.1 requires I-JSON input). */
    public static final ObjectMapper STRICT_MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();

    private CanonicalJson()
    {
    }

    /** Canonical UTF-8 bytes of {@code node}. @throws IllegalArgumentException for numbers outside the profile. */
    public static byte[] toBytes(final JsonNode node)
    {
        final StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical text of {@code node}. */
    public static String toText(final JsonNode node)
    {
        final StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(final JsonNode node, final StringBuilder out)
    {
        switch (node.getNodeType())
        {
            case OBJECT ->
            {
                final List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
                members.sort(Map.Entry.comparingByKey());
                out.append('{');
                for (int i = 0; i < members.size(); i++)
                {
                    if (i > 0)
                    {
                        out.append(',');
                    }
                    writeString(members.get(i).getKey(), out);
                    out.append(':');
                    write(members.get(i).getValue(), out);
                }
                out.append('}');
            }
            case ARRAY ->
            {
                out.append('[');
                for (int i = 0; i < node.size(); i++)
                {
                    if (i > 0)
                    {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("JSON node type not allowed in a signed WHOIS8 object: " +
                node.getNodeType());
        }
    }

    private static void writeNumber(final JsonNode node, final StringBuilder out)
    {
        if (node.isIntegralNumber())
        {
            final BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0)
            {
                throw new IllegalArgumentException("integer " + value + " exceeds 2^53, not exactly representable in " +
                    "RFC 8785 canonical JSON");
            }
            out.append(value.longValue());
            return;
        }
        final double d = node.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER)
        {
            out.append((long)d);
            return;
        }
        throw new IllegalArgumentException("non-integer number " + node.asText() + " is outside the WHOIS8 " +
            "canonical JSON profile (integers only)");
    }

    private static void writeString(final String s, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
