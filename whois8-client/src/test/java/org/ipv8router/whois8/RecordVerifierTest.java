package org.ipv8router.whois8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordVerifierTest
{
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final TrustAnchors ANCHORS = TrustAnchors.of("ripe-test-1", KEYS.getPublic());

    /** The spec's §11.6 example record for RN 64497. */
    static Whois8Record specRecord()
    {
        return Whois8Record.builder(64497)
            .holder("Globex Inc", "RIPE", "DE")
            .authorizedOrigins(64497)
            .maxHostPrefixLength(16)
            .maxPrefixes(64)
            .routes("64497.10.0.0.0/8")
            .anycast8to4("198.51.100.1")
            .validity(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2027-05-01T00:00:00Z"))
            .serial(42)
            .build();
    }

    private static ObjectNode signed(final Whois8Record r)
    {
        return RecordVerifier.sign(r.toUnsignedJson(), KEYS.getPrivate(), "ripe-test-1");
    }

    @Test
    void verifiesASignedRecordAndKeepsEveryField() throws Exception
    {
        final Whois8Record r = new RecordVerifier(ANCHORS).verify(signed(specRecord()));
        assertEquals(specRecord(), r);
        assertEquals("AS64497", r.handle());
        assertTrue(r.isActive());
        assertEquals(42, r.serial());
        assertEquals(1, r.routeCount());
        assertEquals(0x0000_FBF1_0A00_0000L, r.routePrefix64(0));
        assertEquals(40, r.routeLength64(0));
        assertArrayEquals(new long[] { 64497 }, r.authorizedOrigins());
        assertEquals("ripe-test-1", r.signatureKid());
    }

    @Test
    void memberOrderAndWhitespaceDoNotMatterBecauseTheSignatureCoversCanonicalJson() throws Exception
    {
        final ObjectNode s = signed(specRecord());
        final java.util.List<String> names = new java.util.ArrayList<>();
        s.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        final ObjectNode reversed = CanonicalJson.STRICT_MAPPER.createObjectNode();
        names.forEach(n -> reversed.set(n, s.get(n)));
        final String pretty = CanonicalJson.STRICT_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reversed);
        assertTrue(pretty.indexOf("\"signature\"") < pretty.indexOf("\"rn\""), "order really differs");
        final Whois8Record r = new RecordVerifier(ANCHORS).verify(CanonicalJson.STRICT_MAPPER.readTree(pretty));
        assertEquals(42, r.serial());
    }

    @Test
    void tamperedRecordFailsWithAReason()
    {
        final ObjectNode s = signed(specRecord());
        s.put("holder", "Evil Corp");
        final SignatureCheckException ex = assertThrows(SignatureCheckException.class,
            () -> new RecordVerifier(ANCHORS).verify(s));
        assertTrue(ex.getMessage().contains("does not verify"), ex.getMessage());
    }

    @Test
    void tamperedAddedFieldFails()
    {
        final ObjectNode s = signed(specRecord());
        s.putArray("authorizedOrigins").add(64497).add(666);
        assertThrows(SignatureCheckException.class, () -> new RecordVerifier(ANCHORS).verify(s));
    }

    @Test
    void recordSignedByAnotherKeyUnderTheTrustedKidFails()
    {
        final ObjectNode s = RecordVerifier.sign(specRecord().toUnsignedJson(), Ed25519Keys.generate().getPrivate(),
            "ripe-test-1");
        assertThrows(SignatureCheckException.class, () -> new RecordVerifier(ANCHORS).verify(s));
    }

    @Test
    void recordSignedUnderAnUntrustedKidFailsNamingIt()
    {
        final ObjectNode s = RecordVerifier.sign(specRecord().toUnsignedJson(), KEYS.getPrivate(), "evil-1");
        final SignatureCheckException ex = assertThrows(SignatureCheckException.class,
            () -> new RecordVerifier(ANCHORS).verify(s));
        assertTrue(ex.getMessage().contains("evil-1"), ex.getMessage());
    }

    @Test
    void unsignedRecordFails()
    {
        assertThrows(SignatureCheckException.class, () -> new RecordVerifier(ANCHORS).verify(
            specRecord().toUnsignedJson()));
    }

    @Test
    void kidMismatchBetweenSignatureObjectAndJwsHeaderFails()
    {
        final ObjectNode s = signed(specRecord());
        ((ObjectNode)s.get("signature")).put("kid", "other");
        assertThrows(SignatureCheckException.class, () -> new RecordVerifier(ANCHORS).verify(s));
    }

    @Test
    void schemaErrorsNameTheField()
    {
        assertMalformed(j -> j.put("maxHostPrefixLength", 17), "maxHostPrefixLength");
        assertMalformed(j -> j.put("handle", "AS1"), "handle");
        assertMalformed(j -> j.putArray("routes").add("64498.10.0.0.0/8"), "another RN");
        assertMalformed(j -> j.put("notAfter", "2026-01-01T00:00:00Z"), "notAfter");
        assertMalformed(j -> j.put("notBefore", "yesterday"), "notBefore");
        assertMalformed(j -> j.put("serial", -1), "serial");
        assertMalformed(j -> j.put("objectClassName", "autnum"), "objectClassName");
        assertMalformed(j -> j.putArray("authorizedOrigins").add(4294967296L), "authorizedOrigins");
        assertMalformed(j -> j.remove("status"), "status");
    }

    @Test
    void revokedStatusIsNotActive() throws Exception
    {
        final ObjectNode j = specRecord().toUnsignedJson();
        j.putArray("status").add("inactive");
        assertFalse(Whois8Record.fromJson(j).isActive());
        j.putArray("status").add("active").add("removed");
        assertFalse(Whois8Record.fromJson(j).isActive());
    }

    @Test
    void unencodedDetachedJwsCoversExactBytes() throws Exception
    {
        final byte[] body = "{\"serial\":7,\"records\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final String jws = DetachedJws.sign(body, KEYS.getPrivate(), "ripe-test-1", true);
        assertEquals("ripe-test-1", DetachedJws.verify(jws, body, ANCHORS, null));
        final byte[] altered = body.clone();
        altered[10] = '8';
        assertThrows(SignatureCheckException.class, () -> DetachedJws.verify(jws, altered, ANCHORS, null));
        assertThrows(SignatureCheckException.class, () -> DetachedJws.verify("abc.def.ghi", body, ANCHORS, null));
    }

    @Test
    void rawAndPemPublicKeysRoundTrip()
    {
        final byte[] raw = Ed25519Keys.rawPublic(KEYS.getPublic());
        assertEquals(32, raw.length);
        assertEquals(KEYS.getPublic(), Ed25519Keys.publicFromRaw(raw));
        assertEquals(KEYS.getPublic(), Ed25519Keys.parsePublic(Ed25519Keys.publicPem(KEYS.getPublic()), "test"));
    }

    private static void assertMalformed(final java.util.function.Consumer<ObjectNode> edit, final String field)
    {
        final ObjectNode j = specRecord().toUnsignedJson();
        edit.accept(j);
        final MalformedRecordException ex = assertThrows(MalformedRecordException.class, () -> Whois8Record.fromJson(j));
        assertTrue(ex.getMessage().contains(field), ex.getMessage());
    }
}
