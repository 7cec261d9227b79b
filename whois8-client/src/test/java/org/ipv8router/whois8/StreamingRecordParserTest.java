package org.ipv8router.whois8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bulk-feed streaming parser must accept and refuse exactly what the tree parser does. */
class StreamingRecordParserTest
{
    private static Whois8Record stream(final String json) throws Exception
    {
        try (JsonParser p = CanonicalJson.STRICT_MAPPER.createParser(json))
        {
            p.nextToken();
            return Whois8Record.fromParser(p);
        }
    }

    @Test
    void sameRecordAsTheTreeParser() throws Exception
    {
        final ObjectNode signed = RecordVerifier.sign(RecordVerifierTest.specRecord().toUnsignedJson(),
            Ed25519Keys.generate().getPrivate(), "k1");
        signed.putObject("extension").put("note", "unknown members are skipped");
        final Whois8Record fromTree = Whois8Record.fromJson(signed);
        final Whois8Record fromStream = stream(signed.toString());
        assertEquals(fromTree, fromStream);
        assertEquals(fromTree.signatureJws(), fromStream.signatureJws());
        assertEquals(RecordVerifierTest.specRecord(), fromStream);
    }

    @Test
    void sameErrorsAsTheTreeParser()
    {
        assertBoth(j -> j.put("maxHostPrefixLength", 17), "maxHostPrefixLength");
        assertBoth(j -> j.put("maxHostPrefixLength", 16.5), "maxHostPrefixLength");
        assertBoth(j -> j.put("handle", "AS1"), "handle");
        assertBoth(j -> j.putArray("routes").add("64498.10.0.0.0/8"), "another RN");
        assertBoth(j -> j.put("status", "active"), "status");
        assertBoth(j -> j.putArray("authorizedOrigins").add(-1), "authorizedOrigins");
        assertBoth(j -> j.putArray("authorizedOrigins"), "authorizedOrigins");
        assertBoth(j -> j.put("rn", "64497"), "rn");
        assertBoth(j -> j.remove("serial"), "serial");
        assertBoth(j -> j.put("notAfter", "2020-01-01T00:00:00Z"), "notAfter");
        assertBoth(j -> j.putObject("signature").put("alg", "RS256"), "signature.alg");
    }

    private static void assertBoth(final Consumer<ObjectNode> edit, final String field)
    {
        final ObjectNode j = RecordVerifierTest.specRecord().toUnsignedJson();
        edit.accept(j);
        final MalformedRecordException tree = assertThrows(MalformedRecordException.class,
            () -> Whois8Record.fromJson(j));
        final MalformedRecordException streamed = assertThrows(MalformedRecordException.class,
            () -> stream(j.toString()));
        assertEquals(true, tree.getMessage().contains(field), tree.getMessage());
        assertEquals(true, streamed.getMessage().contains(field), streamed.getMessage());
    }
}
