package org.ipv8router.whois8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.PrivateKey;

/**
 * Checks one per-RN WHOIS8 answer: schema ({@link Whois8Record#fromJson(JsonNode)}), then the detached Ed25519 JWS
 * over the RFC 8785 canonical JSON of the record without its {@code signature} member (bgp8-whois8.md §6.4).
 * Time window, status and serial order are not checked here: they are properties of a verified record that the
 * validator evaluates against its clock and its history.
 */
public final class RecordVerifier
{
    private final TrustAnchors anchors;

    public RecordVerifier(final TrustAnchors anchors)
    {
        this.anchors = anchors;
    }

    /**
     * @return the verified record.
     * @throws MalformedRecordException when the JSON is not a record.
     * @throws SignatureCheckException  when the signature is missing, malformed, by an untrusted key, or wrong.
     */
    public Whois8Record verify(final JsonNode json) throws MalformedRecordException, SignatureCheckException
    {
        final Whois8Record record = Whois8Record.fromJson(json);
        if (record.signatureJws() == null)
        {
            throw new SignatureCheckException("record AS" + record.rn() + " has no signature");
        }
        final byte[] payload;
        try
        {
            payload = signedBytes(json);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new MalformedRecordException(ex.getMessage());
        }
        DetachedJws.verify(record.signatureJws(), payload, anchors, record.signatureKid());
        return record;
    }

    /** The bytes a record signature covers: canonical JSON of the object minus {@code signature}. */
    public static byte[] signedBytes(final JsonNode json)
    {
        final ObjectNode copy = ((ObjectNode)json).deepCopy();
        copy.remove("signature");
        return CanonicalJson.toBytes(copy);
    }

    /** Adds a {@code signature} member to an unsigned record object (used by registries and tests). */
    public static ObjectNode sign(final ObjectNode unsigned, final PrivateKey key, final String kid)
    {
        final ObjectNode signed = unsigned.deepCopy();
        signed.remove("signature");
        final String jws = DetachedJws.sign(CanonicalJson.toBytes(signed), key, kid, false);
        final ObjectNode sig = signed.putObject("signature");
        sig.put("alg", DetachedJws.ALG);
        sig.put("kid", kid);
        sig.put("jws", jws);
        return signed;
    }
}
