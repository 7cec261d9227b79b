package org.ipv8router.whois8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Registry public keys the validator trusts, by key id ({@code kid} of the JWS header): one per RIR WHOIS8 service
 * (bgp8-whois8.md §6.4). Immutable.
 */
public final class TrustAnchors
{
    private final Map<String, PublicKey> keys;

    private TrustAnchors(final Map<String, PublicKey> keys)
    {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Anchors with a single key. */
    public static TrustAnchors of(final String kid, final PublicKey key)
    {
        return new TrustAnchors(Map.of(Objects.requireNonNull(kid, "kid"), Objects.requireNonNull(key, "key")));
    }

    /** Anchors from a map kid to key. */
    public static TrustAnchors of(final Map<String, PublicKey> keys)
    {
        return new TrustAnchors(keys);
    }

    /**
     * Reads a trust-anchor file: one anchor per line, {@code <kid> <key>} where key is base64 of a raw 32-byte
     * Ed25519 key or of its SubjectPublicKeyInfo; {@code #} starts a comment.
     */
    public static TrustAnchors load(final Path file) throws IOException
    {
        final Map<String, PublicKey> keys = new LinkedHashMap<>();
        int lineNo = 0;
        for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            lineNo++;
            final int hash = raw.indexOf('#');
            final String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] parts = line.split("\\s+");
            if (parts.length != 2)
            {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected '<kid> <base64 key>', got '" +
                    line + "'");
            }
            if (keys.put(parts[0], Ed25519Keys.parsePublic(parts[1], file + ":" + lineNo)) != null)
            {
                throw new IllegalArgumentException(file + ":" + lineNo + ": duplicate kid '" + parts[0] + "'");
            }
        }
        if (keys.isEmpty())
        {
            throw new IllegalArgumentException(file + ": no trust anchors");
        }
        return new TrustAnchors(keys);
    }

    /** Key for {@code kid}, or null when not trusted. */
    public PublicKey key(final String kid)
    {
        return keys.get(kid);
    }

    /** Trusted key ids. */
    public java.util.Set<String> kids()
    {
        return keys.keySet();
    }
}
