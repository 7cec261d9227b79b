package org.ipv8router.whois8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Detached JWS (RFC 7515 appendix F) with EdDSA / Ed25519 (RFC 8037), compact form {@code <header>..<signature>}.
 * <p>
 * Two payload encodings are used by the WHOIS8 profile:
 * <ul>
 * <li>per-record signatures: the payload is the RFC 8785 canonical JSON of the record without its
 *     {@code signature} member, base64url-encoded in the signing input as RFC 7515 prescribes;</li>
 * <li>snapshot and delta bodies (local profile): RFC 7797 unencoded payload ({@code "b64":false,
 *     "crit":["b64"]}), signing input = {@code ASCII(base64url(header)) || '.' || body bytes}, so a 50 MB body is
 *     signed and verified once without base64 or re-canonicalisation.</li>
 * </ul>
 * The protected header is itself canonical JSON, so the same inputs always give the same JWS.
 */
public final class DetachedJws
{
    public static final String ALG = "EdDSA";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();

    private DetachedJws()
    {
    }

    /** Signs {@code payload}; {@code unencoded} selects RFC 7797 ({@code b64:false}). */
    public static String sign(final byte[] payload, final PrivateKey key, final String kid, final boolean unencoded)
    {
        final ObjectNode header = CanonicalJson.STRICT_MAPPER.createObjectNode();
        header.put("alg", ALG);
        header.put("kid", kid);
        if (unencoded)
        {
            header.put("b64", false);
            header.putArray("crit").add("b64");
        }
        final String encodedHeader = B64URL.encodeToString(CanonicalJson.toBytes(header));
        try
        {
            final Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(encodedHeader.getBytes(StandardCharsets.US_ASCII));
            signer.update((byte)'.');
            signer.update(unencoded ? payload : B64URL.encode(payload));
            return encodedHeader + ".." + B64URL.encodeToString(signer.sign());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 signing failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Verifies a detached JWS over {@code payload}.
     *
     * @param expectedKid kid the enclosing object names, or null to accept the header's kid.
     * @return the key id that verified.
     * @throws SignatureCheckException naming the failed check.
     */
    public static String verify(final String jws, final byte[] payload, final TrustAnchors anchors,
        final String expectedKid) throws SignatureCheckException
    {
        if (jws == null)
        {
            throw new SignatureCheckException("no signature");
        }
        final int dot = jws.indexOf('.');
        if (dot <= 0 || !jws.startsWith("..", dot) || jws.indexOf('.', dot + 2) >= 0)
        {
            throw new SignatureCheckException("signature is not a detached compact JWS '<header>..<signature>'");
        }
        final String encodedHeader = jws.substring(0, dot);
        final byte[] sig;
        final JsonNode header;
        try
        {
            sig = B64URL_DEC.decode(jws.substring(dot + 2));
            header = CanonicalJson.STRICT_MAPPER.readTree(B64URL_DEC.decode(encodedHeader));
        }
        catch (final Exception ex)
        {
            throw new SignatureCheckException("JWS is not decodable: " + ex.getMessage());
        }
        if (header == null || !header.isObject())
        {
            throw new SignatureCheckException("JWS header is not a JSON object");
        }
        final String alg = header.path("alg").asText(null);
        if (!ALG.equals(alg))
        {
            throw new SignatureCheckException("JWS alg '" + alg + "' is not " + ALG);
        }
        final String kid = header.path("kid").asText(null);
        if (kid == null)
        {
            throw new SignatureCheckException("JWS header has no kid");
        }
        if (expectedKid != null && !expectedKid.equals(kid))
        {
            throw new SignatureCheckException("JWS kid '" + kid + "' differs from signature.kid '" + expectedKid + "'");
        }
        final boolean unencoded = unencodedPayload(header);
        final PublicKey key = anchors.key(kid);
        if (key == null)
        {
            throw new SignatureCheckException("key id '" + kid + "' is not a trust anchor (trusted: " +
                anchors.kids() + ")");
        }
        if (sig.length != 64)
        {
            throw new SignatureCheckException("Ed25519 signature must be 64 bytes, got " + sig.length);
        }
        final boolean ok;
        try
        {
            final Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(encodedHeader.getBytes(StandardCharsets.US_ASCII));
            verifier.update((byte)'.');
            verifier.update(unencoded ? payload : B64URL.encode(payload));
            ok = verifier.verify(sig);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new SignatureCheckException("Ed25519 verification error with key '" + kid + "': " + ex.getMessage());
        }
        if (!ok)
        {
            throw new SignatureCheckException("Ed25519 signature does not verify with trust anchor '" + kid +
                "' (content altered or signed by another key)");
        }
        return kid;
    }

    private static boolean unencodedPayload(final JsonNode header) throws SignatureCheckException
    {
        final JsonNode b64 = header.get("b64");
        final JsonNode crit = header.get("crit");
        if (crit != null)
        {
            if (!crit.isArray() || crit.size() != 1 || !"b64".equals(crit.get(0).asText()))
            {
                throw new SignatureCheckException("JWS crit " + crit + " lists unsupported extensions");
            }
        }
        if (b64 == null)
        {
            return false;
        }
        if (!b64.isBoolean() || crit == null)
        {
            throw new SignatureCheckException("JWS b64 must be a boolean listed in crit (RFC 7797)");
        }
        return !b64.booleanValue();
    }
}
