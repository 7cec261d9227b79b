package org.ipv8router.whois8;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalJsonTest
{
    private static JsonNode json(final String text) throws Exception
    {
        return CanonicalJson.STRICT_MAPPER.readTree(text);
    }

    @Test
    void sortsMembersRecursivelyAndDropsWhitespace() throws Exception
    {
        assertEquals("{\"a\":[true,null,{\"x\":1,\"y\":2}],\"b\":-7}",
            CanonicalJson.toText(json("{ \"b\" : -7, \"a\" : [ true, null, { \"y\":2, \"x\":1 } ] }")));
    }

    @Test
    void ordersNamesByUtf16CodeUnitsAsRfc8785Section32() throws Exception
    {
        // RFC 8785 §3.2.3 sorting example subset: U+20AC < U+1F600 (surrogate D83D) < U+FB33 in UTF-16 order.
        final String text = "{\"\\ufb33\":3,\"\\ud83d\\ude00\":2,\"\\u20ac\":1,\"1\":0}";
        assertEquals("{\"1\":0,\"\u20ac\":1,\"\ud83d\ude00\":2,\"\ufb33\":3}", CanonicalJson.toText(json(text)));
    }

    @Test
    void escapesOnlyWhatRfc8785Requires() throws Exception
    {
        final String text = "[\"q\\\"b\\\\ \\n\\t\\b\\f\\r \\u001f \\u0041 \\u00e9 /\"]";
        assertEquals("[\"q\\\"b\\\\ \\n\\t\\b\\f\\r \\u001f A \u00e9 /\"]", CanonicalJson.toText(json(text)));
        assertArrayEquals("[\"\u00e9\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            CanonicalJson.toBytes(json("[\"\\u00e9\"]")));
    }

    @Test
    void writesIntegralNumbersAsPlainDecimal() throws Exception
    {
        assertEquals("[0,4294967295,9007199254740992,100]", CanonicalJson.toText(json("[0, 4294967295, " +
            "9007199254740992, 1.0e2]")));
    }

    @Test
    void refusesNumbersOutsideTheProfile() throws Exception
    {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.toText(json("[1.5]")));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.toText(json("[9007199254740993]")));
    }

    @Test
    void strictMapperRefusesDuplicateMembers()
    {
        assertThrows(Exception.class, () -> json("{\"rn\":1,\"rn\":2}"));
    }
}
